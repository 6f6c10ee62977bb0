package dev.voicebridge.gateway.aws;

import java.net.URI;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * One AWS SDK client, built the gateway's way (the default credentials chain, the JDK's URL
 * connection HTTP client, an optional endpoint override for tests and VPC endpoints) on first use,
 * not at start-up: a gateway that never places a call or makes a meeting needs no AWS credentials.
 * Safe from any thread; the client it builds serves every caller.
 */
public final class LazyAwsClient<C extends SdkClient> implements AutoCloseable {

    private final Supplier<C> factory;
    private volatile C client;

    private LazyAwsClient(Supplier<C> factory) {
        this.factory = factory;
    }

    /**
     * @param builder the service's builder, e.g. {@code ChimeSdkVoiceClient::builder}
     * @param endpoint overrides the service's endpoint when not null
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient>
            LazyAwsClient<C> of(Supplier<B> builder, String region, URI endpoint) {
        return new LazyAwsClient<>(() -> {
            B b = builder.get()
                    .region(Region.of(region))
                    .credentialsProvider(DefaultCredentialsProvider.builder().build())
                    .httpClientBuilder(UrlConnectionHttpClient.builder());
            if (endpoint != null) {
                b.endpointOverride(endpoint);
            }
            return b.build();
        });
    }

    public C get() {
        C c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = factory.get();
                }
                c = client;
            }
        }
        return c;
    }

    @Override
    public void close() {
        C c = client;
        if (c != null) {
            c.close();
        }
    }
}
