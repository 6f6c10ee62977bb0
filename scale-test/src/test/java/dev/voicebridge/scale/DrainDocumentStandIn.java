package dev.voicebridge.scale;

import dev.voicebridge.scale.AwsStandIn.RunCommand;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

/**
 * What the SSM agent on a gateway host does with the route manager's SendCommand: the steps of the
 * infra drain document ({@code infra/.../gateway/DrainDocument}), in Java because the test's
 * "host" is a process rather than a systemd unit in a container:
 * <ol>
 *   <li>{@code systemctl stop voicebridge-gateway &}: here SIGTERM to the gateway process (what
 *       {@code docker stop} sends it), which drains its calls and exits;
 *   <li>while that runs, {@code aws autoscaling record-lifecycle-action-heartbeat}, then sleep:
 *       here to the Auto Scaling stand-in, every {@code heartbeatEvery} (30 s on a host, scaled down
 *       so a drain of seconds still shows them);
 *   <li>{@code aws autoscaling complete-lifecycle-action --lifecycle-action-result CONTINUE}.
 * </ol>
 * Each command runs on a thread of its own, as the agent runs it beside the route manager.
 */
final class DrainDocumentStandIn implements Consumer<RunCommand> {

    /** How a drain ended: the gateway's exit code, and how long it took from SIGTERM. */
    record Drained(int exitCode, Duration took) {}

    private final String documentName;
    private final Map<String, GatewayProcess> hosts;
    private final AutoScalingClient autoScaling;
    private final Duration heartbeatEvery;
    private final Map<String, CompletableFuture<Drained>> drains = new ConcurrentHashMap<>();

    /** @param hosts the gateway process of each instance id */
    DrainDocumentStandIn(
            String documentName,
            Map<String, GatewayProcess> hosts,
            AutoScalingClient autoScaling,
            Duration heartbeatEvery) {
        this.documentName = documentName;
        this.hosts = hosts;
        this.autoScaling = autoScaling;
        this.heartbeatEvery = heartbeatEvery;
    }

    @Override
    public void accept(RunCommand command) {
        CompletableFuture<Drained> drained = drain(command.instanceId());
        if (!documentName.equals(command.documentName()) || !hosts.containsKey(command.instanceId())) {
            drained.completeExceptionally(new IllegalStateException("SendCommand the host would not run: " + command));
            return;
        }
        Thread.ofPlatform().daemon().name("drain-" + command.instanceId()).start(() -> {
            try {
                drained.complete(run(command));
            } catch (Throwable failed) {
                drained.completeExceptionally(failed);
            }
        });
    }

    /** The drain of {@code instanceId}, done once the lifecycle action is completed. */
    CompletableFuture<Drained> drain(String instanceId) {
        return drains.computeIfAbsent(instanceId, id -> new CompletableFuture<>());
    }

    private Drained run(RunCommand command) throws InterruptedException {
        GatewayProcess gateway = hosts.get(command.instanceId());
        long stopping = System.nanoTime();
        gateway.sigterm();
        while (gateway.isAlive()) {
            autoScaling.recordLifecycleActionHeartbeat(heartbeat -> heartbeat
                    .autoScalingGroupName(command.autoScalingGroupName())
                    .lifecycleHookName(command.lifecycleHookName())
                    .instanceId(command.instanceId()));
            Thread.sleep(heartbeatEvery.toMillis());
        }
        int exitCode = gateway.awaitExit(Duration.ZERO);
        Duration took = Duration.ofNanos(System.nanoTime() - stopping);
        autoScaling.completeLifecycleAction(complete -> complete.autoScalingGroupName(command.autoScalingGroupName())
                .lifecycleHookName(command.lifecycleHookName())
                .instanceId(command.instanceId())
                .lifecycleActionResult("CONTINUE"));
        return new Drained(exitCode, took);
    }
}
