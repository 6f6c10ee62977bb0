package dev.voicebridge.gateway.recording;

import dev.voicebridge.gateway.aws.LazyAwsClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Where a finished recording goes: uploaded to the bucket (then the local file is deleted), or kept
 * in the directory. A failed upload keeps the file and says where in one warning; the call it
 * belongs to has ended long before, and nothing here reaches it. Called on recordings' writer
 * threads; the S3 client is shared and safe from any thread.
 */
final class RecordingStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RecordingStore.class);

    private final RecordingProperties properties;
    private final LazyAwsClient<S3Client> s3;

    RecordingStore(RecordingProperties properties) {
        this.properties = properties;
        this.s3 = properties.toS3()
                ? LazyAwsClient.of(
                        // Path-style when the endpoint is overridden: a VPC endpoint or a test server
                        // has no per-bucket host names.
                        () -> S3Client.builder().forcePathStyle(properties.endpoint() != null),
                        properties.awsRegion(),
                        properties.endpoint())
                : null;
    }

    /** The key of a call's recording in the bucket. */
    String key(String callId) {
        return properties.prefix() + fileName(callId);
    }

    /** The file a call's recording is written to while the call lasts. */
    Path file(String callId) {
        Path dir = properties.dir() != null
                ? properties.dir()
                : Path.of(System.getProperty("java.io.tmpdir"), "voicebridge-recordings");
        return dir.resolve(fileName(callId));
    }

    /**
     * Puts the finished recording where it belongs.
     *
     * @return its location ({@code s3://bucket/key} or a {@code file:} URI), or null when the upload
     *     failed and the file stays where it is
     */
    String store(String callId, Path file) {
        if (s3 == null) {
            String location = file.toUri().toString();
            log.info("recording kept at {}", location);
            return location;
        }
        String bucket = properties.bucket();
        String key = key(callId);
        try {
            s3.get()
                    .putObject(
                            PutObjectRequest.builder()
                                    .bucket(bucket)
                                    .key(key)
                                    .contentType("audio/wav")
                                    .build(),
                            RequestBody.fromFile(file));
        } catch (SdkException e) {
            log.warn(
                    "recording not uploaded to s3://{}/{} ({}); the file is kept at {}",
                    bucket,
                    key,
                    e.getMessage(),
                    file);
            return null;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("recording uploaded, but its local file {} could not be deleted: {}", file, e.toString());
        }
        String location = "s3://" + bucket + "/" + key;
        log.info("recording uploaded to {}", location);
        return location;
    }

    /** A call id as a file name and key: anything but letters, digits, '.', '_' and '-' becomes '_'. */
    static String fileName(String callId) {
        String safe = callId.replaceAll("[^A-Za-z0-9._-]", "_");
        return (safe.startsWith(".") ? "_" + safe.substring(1) : safe) + ".wav";
    }

    @Override
    public void close() {
        if (s3 != null) {
            s3.close();
        }
    }
}
