package dev.voicebridge.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.voicebridge.model.internal.Check;

/**
 * A WAV file in S3 (PlayAudio, ...AndGetDigits, CallAndBridge RingbackTone). The bucket must be in
 * the call's account and let voiceconnector.chime.amazonaws.com read it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AudioSource(
        @JsonProperty("Type") String type,
        @JsonProperty("BucketName") String bucketName,
        @JsonProperty("Key") String key) {

    public static final String S3 = "S3";

    public AudioSource {
        Check.required("AudioSource.Type", type);
        if (!S3.equals(type)) {
            throw new dev.voicebridge.model.error.SmaValidationException("AudioSource.Type", type, "\"S3\"");
        }
        Check.required("AudioSource.BucketName", bucketName);
        Check.required("AudioSource.Key", key);
        Check.maxLength("AudioSource.Key", key, 1024);
    }

    public static AudioSource s3(String bucketName, String key) {
        return new AudioSource(S3, bucketName, key);
    }
}
