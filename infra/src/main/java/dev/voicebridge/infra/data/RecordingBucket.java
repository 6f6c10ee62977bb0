package dev.voicebridge.infra.data;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * Call recordings (issue 15): the stereo WAVs of the calls whose assistant profile records them,
 * uploaded by the gateways when each call ends (GATEWAY_RECORDING_BUCKET, under {@link #PREFIX}).
 * Encrypted, never public, reachable over TLS only; the gateways may only add objects under the
 * prefix. Recordings are the operator's data, so the bucket outlives the stack.
 */
public final class RecordingBucket extends Construct {

    /** Where the gateways put recordings (GATEWAY_RECORDING_PREFIX). */
    public static final String PREFIX = "recordings/";

    private final Bucket bucket;

    public RecordingBucket(Construct scope, String id) {
        super(scope, id);
        bucket = Bucket.Builder.create(this, "Bucket")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .enforceSsl(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    public String bucketName() {
        return bucket.getBucketName();
    }

    public String bucketArn() {
        return bucket.getBucketArn();
    }

    /** What the gateway needs: put a recording under the prefix; nothing else, not even a read. */
    public PolicyStatement allowPut() {
        return PolicyStatement.Builder.create()
                .actions(List.of("s3:PutObject"))
                .resources(List.of(bucket.arnForObjects(PREFIX + "*")))
                .build();
    }
}
