package dev.voicebridge.routes;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.chimesdkvoice.ChimeSdkVoiceClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The Lambda entry point: one EventBridge event in, one route change out. Any failure is thrown,
 * so the invocation fails and Lambda's asynchronous retries (then the dead-letter queue) keep the
 * event; nothing is swallowed. The clients are built once per execution environment; each
 * invocation runs on Lambda's single invocation thread.
 */
public final class RouteManagerHandler implements RequestHandler<Map<String, Object>, String> {

    /** Longer than the function's timeout, so a killed holder's lock frees itself. */
    static final Duration LOCK_LEASE = Duration.ofSeconds(90);
    /** Half the function's 60 s timeout: the rest is for the change itself. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    private final RouteManager routes;
    private final LifecycleActions.Hook launchHook;

    /** Used by Lambda: settings from the environment, credentials and Region from the runtime. */
    public RouteManagerHandler() {
        this(RouteManagerSettings.from(System.getenv()), Clients.fromRuntime());
    }

    public RouteManagerHandler(RouteManagerSettings settings, Clients clients) {
        Clock clock = Clock.systemUTC();
        LifecycleActions actions = new LifecycleActions(clients.autoScaling());
        this.routes = new RouteManager(
                settings.voiceConnectorIds(),
                new OriginationPlan(settings.sipPort(), settings.protocols()),
                new Originations(clients.chime()),
                new RouteLock(clients.dynamo(), settings.lockTable(), LOCK_LEASE, LOCK_WAIT, clock),
                new Members(clients.dynamo(), settings.lockTable(), clock),
                actions,
                new GatewayDrain(clients.ssm(), settings.drainDocument(), actions));
        this.launchHook = settings.launchHook();
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        LifecycleEvent parsed = LifecycleEvent.parse(event, launchHook);
        switch (parsed.kind()) {
            case JOIN -> routes.join(parsed.instanceId(), parsed.host(), parsed.hook());
            case LEAVE -> routes.leave(parsed.instanceId(), parsed.hook());
        }
        return parsed.kind() + " " + parsed.instanceId();
    }

    /** The four AWS clients, on the JDK HTTP client. */
    public record Clients(
            ChimeSdkVoiceClient chime, AutoScalingClient autoScaling, SsmClient ssm, DynamoDbClient dynamo) {
        static Clients fromRuntime() {
            return new Clients(
                    ChimeSdkVoiceClient.builder()
                            .httpClient(UrlConnectionHttpClient.create())
                            .build(),
                    AutoScalingClient.builder()
                            .httpClient(UrlConnectionHttpClient.create())
                            .build(),
                    SsmClient.builder()
                            .httpClient(UrlConnectionHttpClient.create())
                            .build(),
                    DynamoDbClient.builder()
                            .httpClient(UrlConnectionHttpClient.create())
                            .build());
        }
    }
}
