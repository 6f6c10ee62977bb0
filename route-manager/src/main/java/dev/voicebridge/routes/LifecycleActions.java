package dev.voicebridge.routes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;

/**
 * Completes an Auto Scaling lifecycle action, by instance id (the gateway's ready event carries no
 * lifecycle token). Idempotent: completing an action that is already complete (a retried event)
 * is a no-op, not an error. Blocking; the invocation's thread.
 */
public final class LifecycleActions {

    /** Where an instance's lifecycle action lives. */
    public record Hook(String autoScalingGroupName, String lifecycleHookName) {}

    private static final Logger log = LoggerFactory.getLogger(LifecycleActions.class);

    private final AutoScalingClient autoScaling;

    public LifecycleActions(AutoScalingClient autoScaling) {
        this.autoScaling = autoScaling;
    }

    /** @param result CONTINUE (launch: in service; terminate: go on) or ABANDON (launch: replace it) */
    public void complete(Hook hook, String instanceId, String result) {
        try {
            autoScaling.completeLifecycleAction(complete -> complete.autoScalingGroupName(hook.autoScalingGroupName())
                    .lifecycleHookName(hook.lifecycleHookName())
                    .instanceId(instanceId)
                    .lifecycleActionResult(result));
            log.info("lifecycle action {} of {} completed: {}", hook.lifecycleHookName(), instanceId, result);
        } catch (AutoScalingException e) {
            if (alreadyComplete(e)) {
                log.info("lifecycle action {} of {} was already complete", hook.lifecycleHookName(), instanceId);
                return;
            }
            throw e;
        }
    }

    private static boolean alreadyComplete(AutoScalingException e) {
        return e.awsErrorDetails() != null
                && "ValidationError".equals(e.awsErrorDetails().errorCode())
                && String.valueOf(e.awsErrorDetails().errorMessage()).contains("No active Lifecycle Action");
    }
}
