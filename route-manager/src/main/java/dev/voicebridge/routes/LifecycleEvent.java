package dev.voicebridge.routes;

import java.util.Map;

/**
 * One EventBridge event the route manager acts on, read from the JSON Lambda hands over as a map:
 * <ul>
 *   <li>{@code voicebridge.gateway} / {@code VoiceBridge Gateway Ready}, which a launched host puts
 *       once its readiness is up (detail {@code EC2InstanceId}, {@code Host}): join;
 *   <li>{@code aws.autoscaling} / {@code EC2 Instance-terminate Lifecycle Action}: leave.
 * </ul>
 * Anything else is refused by name, so a mis-wired rule shows in the logs and the DLQ.
 */
public record LifecycleEvent(Kind kind, String instanceId, String host, LifecycleActions.Hook hook) {

    public enum Kind {
        JOIN,
        LEAVE
    }

    static final String READY_SOURCE = "voicebridge.gateway";
    static final String READY_DETAIL_TYPE = "VoiceBridge Gateway Ready";
    static final String TERMINATE_DETAIL_TYPE = "EC2 Instance-terminate Lifecycle Action";

    /** @param launchHook where the launch action of a ready host lives (the host does not know) */
    public static LifecycleEvent parse(Map<String, Object> event, LifecycleActions.Hook launchHook) {
        Object source = event.get("source");
        Object detailType = event.get("detail-type");
        if (!(event.get("detail") instanceof Map<?, ?> detail)) {
            throw new IllegalArgumentException(
                    "event has no detail object: source=" + source + ", detail-type=" + detailType);
        }
        String instanceId = text(detail, "EC2InstanceId");
        if (READY_SOURCE.equals(source) && READY_DETAIL_TYPE.equals(detailType)) {
            return new LifecycleEvent(Kind.JOIN, instanceId, text(detail, "Host"), launchHook);
        }
        if ("aws.autoscaling".equals(source) && TERMINATE_DETAIL_TYPE.equals(detailType)) {
            LifecycleActions.Hook hook =
                    new LifecycleActions.Hook(text(detail, "AutoScalingGroupName"), text(detail, "LifecycleHookName"));
            return new LifecycleEvent(Kind.LEAVE, instanceId, null, hook);
        }
        throw new IllegalArgumentException(
                "not an event the route manager handles: source=" + source + ", detail-type=" + detailType);
    }

    private static String text(Map<?, ?> detail, String field) {
        if (!(detail.get(field) instanceof String value) || value.isBlank()) {
            throw new IllegalArgumentException("event detail lacks " + field);
        }
        return value;
    }
}
