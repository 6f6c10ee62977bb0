package dev.voicebridge.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.voicebridge.model.error.SmaValidationException;
import dev.voicebridge.model.internal.Check;

/**
 * Starts recording a leg to S3 (DG/start-call-recording.html). BOTH gives a stereo WAV with the
 * incoming audio on the left channel. A leg can be recorded only once.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StartCallRecording(
        @JsonProperty("CallId") String callId,
        @JsonProperty("Track") Track track,
        @JsonProperty("Destination") Destination destination)
        implements SmaAction {

    public static final String TYPE = "StartCallRecording";

    public enum Track {
        BOTH,
        INCOMING,
        OUTGOING
    }

    public StartCallRecording {
        Check.required("StartCallRecording.CallId", callId);
        Check.required("StartCallRecording.Track", track);
        Check.required("StartCallRecording.Destination", destination);
    }

    @Override
    public String type() {
        return TYPE;
    }

    public static StartCallRecording both(String callId, String bucketAndPrefix) {
        return new StartCallRecording(callId, Track.BOTH, Destination.s3(bucketAndPrefix));
    }

    /** {@code Location} is "bucket" or "bucket/prefix". */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Destination(
            @JsonProperty("Type") String type,
            @JsonProperty("Location") String location) {

        public Destination {
            Check.required("StartCallRecording.Destination.Type", type);
            if (!AudioSource.S3.equals(type)) {
                throw new SmaValidationException("StartCallRecording.Destination.Type", type, "\"S3\"");
            }
            Check.required("StartCallRecording.Destination.Location", location);
            Check.maxLength("StartCallRecording.Destination.Location", location, 1024);
        }

        public static Destination s3(String location) {
            return new Destination(AudioSource.S3, location);
        }
    }
}
