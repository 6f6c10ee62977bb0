package dev.voicebridge.routes;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.voicebridge.routes.RouteManagerFixture.LAUNCH_HOOK;
import static dev.voicebridge.routes.RouteManagerFixture.TERMINATE_HOOK;
import static dev.voicebridge.routes.RouteManagerFixture.ready;
import static dev.voicebridge.routes.RouteManagerFixture.terminating;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkvoice.model.ChimeSdkVoiceException;
import software.amazon.awssdk.services.chimesdkvoice.model.OriginationRoute;
import software.amazon.awssdk.services.chimesdkvoice.model.OriginationRouteProtocol;

/** The route manager's join, leave, retries and limit, against WireMock as Chime and Auto Scaling. */
class RouteManagerTest {

    private static final String VC = "vc-gateways-1";

    private final RouteManagerFixture world = new RouteManagerFixture();

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void shouldAddTheReadyHostsRouteAndCompleteItsLaunch() {
        // Given a Voice Connector with one gateway in its routes
        RouteManagerHandler handler = world.handler(List.of(VC));
        handler.handleRequest(ready("i-first", "203.0.113.1"), null);

        // When a second host reports ready
        handler.handleRequest(ready("i-second", "203.0.113.2"), null);

        // Then both are routes of equal priority and weight (Chime spreads calls evenly), UDP 5060
        assertThat(world.routes(VC))
                .extracting(
                        OriginationRoute::host,
                        OriginationRoute::port,
                        OriginationRoute::protocol,
                        OriginationRoute::priority,
                        OriginationRoute::weight)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("203.0.113.1", 5060, OriginationRouteProtocol.UDP, 1, 10),
                        org.assertj.core.groups.Tuple.tuple("203.0.113.2", 5060, OriginationRouteProtocol.UDP, 1, 10));
        // And the second host's launch goes on
        world.wireMock.verify(1, world.completed("i-second", LAUNCH_HOOK, "CONTINUE"));
    }

    @Test
    void shouldRemoveATerminatingHostsRouteBeforeStartingItsDrain() {
        // Given two hosts in the routes
        RouteManagerHandler handler = world.handler(List.of(VC));
        handler.handleRequest(ready("i-stays", "203.0.113.1"), null);
        handler.handleRequest(ready("i-goes", "203.0.113.2"), null);

        // When one of them is terminating
        handler.handleRequest(terminating("i-goes"), null);

        // Then only the other remains, and the leaving host's drain was started on it (the drain
        // completes the terminate action itself, after the calls ended)
        assertThat(world.routes(VC)).extracting(OriginationRoute::host).containsExactly("203.0.113.1");
        world.wireMock.verify(1, world.drainSent("i-goes"));
        world.wireMock.verify(0, world.completed("i-goes", TERMINATE_HOOK, "CONTINUE"));
    }

    @Test
    void shouldChangeNothingTwiceWhenAnEventIsDeliveredAgain() {
        // Given a host that joined and then left
        RouteManagerHandler handler = world.handler(List.of(VC));
        handler.handleRequest(ready("i-a", "203.0.113.1"), null);
        handler.handleRequest(ready("i-b", "203.0.113.2"), null);
        handler.handleRequest(terminating("i-b"), null);
        int putsBefore = world.store.puts();

        // When EventBridge or Lambda deliver both events again
        handler.handleRequest(ready("i-a", "203.0.113.1"), null);
        handler.handleRequest(terminating("i-b"), null);

        // Then no route was written again, and the drain was started once only
        assertThat(world.store.puts()).isEqualTo(putsBefore);
        assertThat(world.routes(VC)).extracting(OriginationRoute::host).containsExactly("203.0.113.1");
        world.wireMock.verify(1, world.drainSent("i-b"));
    }

    @Test
    void shouldCompleteTheTerminationAtOnceForAHostThatNeverJoined() {
        // Given a host terminated before its readiness was ever up
        RouteManagerHandler handler = world.handler(List.of(VC));

        // When its terminate event arrives
        handler.handleRequest(terminating("i-never-ready"), null);

        // Then there is nothing to drain: its termination goes on, and no route was written
        world.wireMock.verify(1, world.completed("i-never-ready", TERMINATE_HOOK, "CONTINUE"));
        world.wireMock.verify(0, world.drainSent("i-never-ready"));
        assertThat(world.store.puts()).isZero();
    }

    @Test
    void shouldRefuseAnEleventhRouteNamingChimesLimitAndAbandonTheLaunch() {
        // Given a Voice Connector already holding 10 routes
        world.seed(
                VC,
                IntStream.rangeClosed(1, 10).mapToObj(RouteManagerTest::route).toList());
        RouteManagerHandler handler = world.handler(List.of(VC));

        // When one more host reports ready
        // Then it is refused with the limit named, and the routes are untouched
        assertThatThrownBy(() -> handler.handleRequest(ready("i-eleventh", "198.51.100.11"), null))
                .isInstanceOf(RouteLimitExceededException.class)
                .hasMessageContaining("10 origination routes per Voice Connector")
                .hasMessageContaining(VC);
        assertThat(world.routes(VC))
                .hasSize(10)
                .extracting(OriginationRoute::host)
                .doesNotContain("198.51.100.11");
        // And its launch is abandoned, so the group never counts a host that carries no calls
        world.wireMock.verify(1, world.completed("i-eleventh", LAUNCH_HOOK, "ABANDON"));
    }

    @Test
    void shouldPutTheEleventhHostOnTheGroupsNextVoiceConnector() {
        // Given a group of two connectors, the first one full
        world.seed(
                VC,
                IntStream.rangeClosed(1, 10).mapToObj(RouteManagerTest::route).toList());
        RouteManagerHandler handler = world.handler(List.of(VC, "vc-gateways-2"));

        // When one more host reports ready
        handler.handleRequest(ready("i-eleventh", "198.51.100.11"), null);

        // Then it joins the second connector
        assertThat(world.routes("vc-gateways-2"))
                .extracting(OriginationRoute::host)
                .containsExactly("198.51.100.11");
        assertThat(world.routes(VC)).hasSize(10);
    }

    @Test
    void shouldCountTwoRoutesPerHostWithUdpAndTcp() {
        // Given UDP and TCP per host (5 hosts per connector) and four hosts already in
        RouteManagerHandler handler = world.handler(List.of(VC), "UDP,TCP");
        IntStream.rangeClosed(1, 5).forEach(i -> handler.handleRequest(ready("i-" + i, "203.0.113." + i), null));

        // When a sixth host reports ready
        // Then it is refused: its 2 routes would make 12
        assertThatThrownBy(() -> handler.handleRequest(ready("i-6", "203.0.113.6"), null))
                .isInstanceOf(RouteLimitExceededException.class);
        assertThat(world.routes(VC))
                .hasSize(10)
                .filteredOn(route -> route.host().equals("203.0.113.1"))
                .extracting(OriginationRoute::protocol, OriginationRoute::priority)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(OriginationRouteProtocol.UDP, 1),
                        org.assertj.core.groups.Tuple.tuple(OriginationRouteProtocol.TCP, 2));
    }

    @Test
    void shouldFailTheInvocationWhenChimeFailsAndJoinOnTheRetry() {
        // Given Chime failing every origination write (after the SDK's own retries)
        RouteManagerHandler handler = world.handler(List.of(VC));
        var outage = world.wireMock.stubFor(request("PUT", urlPathMatching("/voice-connectors/[^/]+/origination"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(503)
                        .withHeader("x-amzn-ErrorType", "ServiceUnavailableException")
                        .withBody("{\"Message\":\"try later\"}")));

        // When a host reports ready
        // Then the invocation fails (so Lambda retries the event, then dead-letters it), and the
        // launch is not completed: the host is not in service without its route
        assertThatThrownBy(() -> handler.handleRequest(ready("i-retried", "203.0.113.9"), null))
                .isInstanceOf(ChimeSdkVoiceException.class);
        world.wireMock.verify(0, world.completed("i-retried", LAUNCH_HOOK, "CONTINUE"));

        // When Chime recovers and Lambda delivers the event again
        world.wireMock.removeStub(outage);
        handler.handleRequest(ready("i-retried", "203.0.113.9"), null);

        // Then the host joined (the failed attempt left the lock free) and its launch goes on
        assertThat(world.routes(VC)).extracting(OriginationRoute::host).containsExactly("203.0.113.9");
        world.wireMock.verify(1, world.completed("i-retried", LAUNCH_HOOK, "CONTINUE"));
    }

    private static OriginationRoute route(int i) {
        return OriginationRoute.builder()
                .host("198.51.100." + i)
                .port(5060)
                .protocol(OriginationRouteProtocol.UDP)
                .priority(1)
                .weight(10)
                .build();
    }
}
