package dev.voicebridge.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.voicebridge.model.error.SmaValidationException;
import dev.voicebridge.model.internal.Check;
import java.util.List;

/**
 * Records one leg to S3 (DG/record-audio.html); interruptible. Give CallId or ParticipantTag, not
 * both.
 *
 * @param silenceDurationInSeconds 1-1000; stop after this much silence
 * @param silenceThreshold         1-1000, AWS default 200
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RecordAudio(
        @JsonProperty("CallId") String callId,
        @JsonProperty("ParticipantTag") ParticipantTag participantTag,
        @JsonProperty("DurationInSeconds") Integer durationInSeconds,
        @JsonProperty("SilenceDurationInSeconds") Integer silenceDurationInSeconds,
        @JsonProperty("SilenceThreshold") Integer silenceThreshold,
        @JsonProperty("RecordingTerminators") List<String> recordingTerminators,
        @JsonProperty("RecordingDestination") RecordingDestination recordingDestination)
        implements SmaAction {

    public static final String TYPE = "RecordAudio";

    public RecordAudio {
        CallLeg.notBoth(TYPE, callId, participantTag);
        Check.positive("RecordAudio.DurationInSeconds", durationInSeconds);
        Check.between("RecordAudio.SilenceDurationInSeconds", silenceDurationInSeconds, 1, 1000);
        Check.between("RecordAudio.SilenceThreshold", silenceThreshold, 1, 1000);
        Check.required("RecordAudio.RecordingTerminators", recordingTerminators);
        recordingTerminators =
                Check.keys("RecordAudio.RecordingTerminators", recordingTerminators, Digits.KEYS, Digits.KEYS.length());
        Check.required("RecordAudio.RecordingDestination", recordingDestination);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Where a recording goes: an S3 bucket and an optional key prefix (at most 979 characters). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RecordingDestination(
            @JsonProperty("Type") String type,
            @JsonProperty("BucketName") String bucketName,
            @JsonProperty("Prefix") String prefix) {

        public RecordingDestination {
            Check.required("RecordAudio.RecordingDestination.Type", type);
            if (!AudioSource.S3.equals(type)) {
                throw new SmaValidationException("RecordAudio.RecordingDestination.Type", type, "\"S3\"");
            }
            Check.required("RecordAudio.RecordingDestination.BucketName", bucketName);
            Check.maxLength("RecordAudio.RecordingDestination.Prefix", prefix, 979);
        }

        public static RecordingDestination s3(String bucketName, String prefix) {
            return new RecordingDestination(AudioSource.S3, bucketName, prefix);
        }
    }
}
