package dev.voicebridge.gateway.recording;

import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the recordings of the calls whose assistant profile says {@code recording: true} go.
 *
 * @param bucket    S3 bucket each recording is uploaded to when its call ends (GATEWAY_RECORDING_BUCKET)
 * @param prefix    key prefix in the bucket; the key is prefix + call id + ".wav"
 * @param dir       directory recordings are kept in when there is no bucket, and written to during the
 *                  call (and kept after a failed upload) when there is (GATEWAY_RECORDING_DIR)
 * @param awsRegion region of the bucket
 * @param endpoint  endpoint override for S3 (tests, VPC endpoints); addressed path-style
 */
@Validated
@ConfigurationProperties("voicebridge.recording")
public record RecordingProperties(
        String bucket,
        @DefaultValue("recordings/") String prefix,
        Path dir,
        @NotBlank @DefaultValue("us-east-1") String awsRegion,
        URI endpoint) {

    public RecordingProperties {
        bucket = bucket == null || bucket.isBlank() ? null : bucket.strip();
        prefix = prefix == null ? "" : prefix.strip();
    }

    /** Whether recordings go to S3. */
    boolean toS3() {
        return bucket != null;
    }

    /** Whether a recording can go anywhere at all. */
    boolean configured() {
        return bucket != null || dir != null;
    }
}
