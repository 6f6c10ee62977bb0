package dev.voicebridge.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.voicebridge.model.internal.Check;
import java.util.List;

/**
 * Plays a WAV file from S3 (DG/play-audio.html); interruptible; answers an unanswered call.
 *
 * @param playbackTerminators DTMF keys (0-9 # *) that stop playback
 * @param repeat              how many times to play, greater than 0; AWS default 1
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PlayAudio(
        @JsonProperty("CallId") String callId,
        @JsonProperty("ParticipantTag") ParticipantTag participantTag,
        @JsonProperty("PlaybackTerminators") List<String> playbackTerminators,
        @JsonProperty("Repeat") Integer repeat,
        @JsonProperty("AudioSource") AudioSource audioSource)
        implements SmaAction {

    public static final String TYPE = "PlayAudio";

    public PlayAudio {
        Check.nonBlankIfPresent("PlayAudio.CallId", callId);
        playbackTerminators =
                Check.keys("PlayAudio.PlaybackTerminators", playbackTerminators, Digits.KEYS, Digits.KEYS.length());
        Check.positive("PlayAudio.Repeat", repeat);
        Check.required("PlayAudio.AudioSource", audioSource);
    }

    @Override
    public String type() {
        return TYPE;
    }

    public static PlayAudio s3(String callId, String bucketName, String key) {
        return new PlayAudio(callId, null, null, null, AudioSource.s3(bucketName, key));
    }
}
