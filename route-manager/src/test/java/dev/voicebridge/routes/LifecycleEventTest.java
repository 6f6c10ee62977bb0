package dev.voicebridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which EventBridge events become a join or a leave, and the refusal of everything else by name. */
class LifecycleEventTest {

    private static final LifecycleActions.Hook LAUNCH = new LifecycleActions.Hook("group", "gateway-launch");

    @Test
    void shouldJoinOnAGatewaysReadyEventWithTheConfiguredLaunchHook() {
        // Given the event a host puts once its readiness is up
        Map<String, Object> event = RouteManagerFixture.ready("i-1", "203.0.113.1");

        // When it is parsed
        LifecycleEvent parsed = LifecycleEvent.parse(event, LAUNCH);

        // Then it is a join of that host, completed on the launch hook
        assertThat(parsed).isEqualTo(new LifecycleEvent(LifecycleEvent.Kind.JOIN, "i-1", "203.0.113.1", LAUNCH));
    }

    @Test
    void shouldLeaveOnATerminateLifecycleActionWithItsOwnHook() {
        LifecycleEvent parsed = LifecycleEvent.parse(RouteManagerFixture.terminating("i-2"), LAUNCH);

        assertThat(parsed.kind()).isEqualTo(LifecycleEvent.Kind.LEAVE);
        assertThat(parsed.instanceId()).isEqualTo("i-2");
        assertThat(parsed.hook())
                .isEqualTo(new LifecycleActions.Hook(RouteManagerFixture.GROUP, RouteManagerFixture.TERMINATE_HOOK));
    }

    @Test
    void shouldRefuseAnEventItDoesNotHandleNamingSourceAndType() {
        // Given a launch lifecycle action (the host's own ready event is the join, not this)
        Map<String, Object> launch = Map.of(
                "source", "aws.autoscaling",
                "detail-type", "EC2 Instance-launch Lifecycle Action",
                "detail", Map.of("EC2InstanceId", "i-3"));

        // When / Then it is refused by name, so a mis-wired rule shows in the log and the DLQ
        assertThatThrownBy(() -> LifecycleEvent.parse(launch, LAUNCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EC2 Instance-launch Lifecycle Action")
                .hasMessageContaining("aws.autoscaling");
    }

    @Test
    void shouldRefuseAReadyEventWithoutItsHost() {
        Map<String, Object> event = Map.of(
                "source", "voicebridge.gateway",
                "detail-type", "VoiceBridge Gateway Ready",
                "detail", Map.of("EC2InstanceId", "i-4"));

        assertThatThrownBy(() -> LifecycleEvent.parse(event, LAUNCH)).hasMessageContaining("Host");
    }

    @Test
    void shouldNameAMissingOrMalformedSetting() {
        assertThatThrownBy(() -> RouteManagerSettings.from(Map.of("ROUTE_LOCK_TABLE", "t")))
                .hasMessageContaining("ROUTE_VOICE_CONNECTOR_IDS");
        assertThatThrownBy(() -> RouteManagerSettings.from(Map.of(
                        "ROUTE_VOICE_CONNECTOR_IDS", "vc",
                        "ROUTE_LOCK_TABLE", "t",
                        "ROUTE_AUTO_SCALING_GROUP", "g",
                        "ROUTE_LAUNCH_HOOK", "h",
                        "ROUTE_PROTOCOLS", "TLS")))
                .hasMessageContaining("ROUTE_PROTOCOLS");
    }
}
