package dev.voicebridge.routes;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.InvalidInstanceIdException;

/**
 * Starts the drain of a gateway that has left the routes: an SSM Run Command document on the
 * host stops the gateway (SIGTERM: its CallDrain lets live calls finish for up to
 * GATEWAY_DRAIN_TIMEOUT), sends lifecycle heartbeats meanwhile and completes the terminate action
 * itself. When the host cannot run it (not reachable by SSM: a failed instance has no calls to
 * keep), the action is completed here. Blocking; the invocation's thread.
 */
public final class GatewayDrain {

    private static final Logger log = LoggerFactory.getLogger(GatewayDrain.class);

    private final SsmClient ssm;
    private final String documentName;
    private final LifecycleActions actions;

    /** @param documentName the drain document; empty: no drain, complete the action at once */
    public GatewayDrain(SsmClient ssm, String documentName, LifecycleActions actions) {
        this.ssm = ssm;
        this.documentName = documentName;
        this.actions = actions;
    }

    public void start(String instanceId, LifecycleActions.Hook hook) {
        if (documentName.isEmpty()) {
            actions.complete(hook, instanceId, "CONTINUE");
            return;
        }
        try {
            String commandId = ssm.sendCommand(send -> send.documentName(documentName)
                            .instanceIds(instanceId)
                            .parameters(Map.of(
                                    "AutoScalingGroupName", List.of(hook.autoScalingGroupName()),
                                    "LifecycleHookName", List.of(hook.lifecycleHookName())))
                            .comment("VoiceBridge drain before termination"))
                    .command()
                    .commandId();
            log.info("drain of {} started: SSM command {}", instanceId, commandId);
        } catch (InvalidInstanceIdException unreachable) {
            log.warn(
                    "{} cannot run the drain ({}); completing its termination now",
                    instanceId,
                    unreachable.getMessage());
            actions.complete(hook, instanceId, "CONTINUE");
        }
    }
}
