package dev.voicebridge.routes;

import static dev.voicebridge.routes.RouteManagerFixture.ready;
import static dev.voicebridge.routes.RouteManagerFixture.terminating;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.chimesdkvoice.model.OriginationRoute;
import software.amazon.awssdk.services.chimesdkvoice.model.OriginationRouteProtocol;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Lifecycle events handled at the same moment by separate invocations (separate handlers, as in
 * separate Lambda execution environments) sharing only the lock table: none loses another's route.
 */
class ConcurrentEventsTest {

    private static final String VC = "vc-gateways-1";

    private final RouteManagerFixture world = new RouteManagerFixture();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void stop() {
        pool.shutdownNow();
        world.close();
    }

    @Test
    void shouldKeepEveryHostWhenFourJoinAtOnce() throws Exception {
        // Given Chime answering slowly, so unserialized read-modify-writes would overlap
        world.originationDelayMillis(150);

        // When four hosts report ready at the same moment, each to its own invocation
        runAtOnce(IntStream.rangeClosed(1, 4)
                .mapToObj(i -> (Runnable)
                        () -> world.handler(List.of(VC)).handleRequest(ready("i-" + i, "203.0.113." + i), null))
                .toList());

        // Then all four are in the routes
        assertThat(world.routes(VC))
                .extracting(OriginationRoute::host)
                .containsExactlyInAnyOrder("203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4");
    }

    @Test
    void shouldApplyAJoinAndALeaveArrivingTogether() throws Exception {
        // Given two hosts in the routes and slow answers from Chime
        world.handler(List.of(VC)).handleRequest(ready("i-old", "203.0.113.1"), null);
        world.handler(List.of(VC)).handleRequest(ready("i-kept", "203.0.113.2"), null);
        world.originationDelayMillis(150);

        // When a replacement reports ready while the old host is terminating (an instance refresh)
        runAtOnce(List.of(
                () -> world.handler(List.of(VC)).handleRequest(ready("i-new", "203.0.113.3"), null),
                () -> world.handler(List.of(VC)).handleRequest(terminating("i-old"), null)));

        // Then the new host is in, the old one out, and the other untouched
        assertThat(world.routes(VC))
                .extracting(OriginationRoute::host)
                .containsExactlyInAnyOrder("203.0.113.2", "203.0.113.3");
    }

    @Test
    void shouldLoseAHostWithoutTheLockWhichIsWhyThereIsOne() throws Exception {
        // Given Chime answering slowly and two writers that skip the lock (the control for the
        // tests above: the fake really loses an update when read-modify-writes overlap)
        world.originationDelayMillis(300);
        OriginationPlan plan = new OriginationPlan(5060, List.of(OriginationRouteProtocol.UDP));

        // When both read, add their host and write back at the same moment
        runAtOnce(List.of(
                () -> world.seed(VC, plan.joined(VC, world.routes(VC), "203.0.113.1")),
                () -> world.seed(VC, plan.joined(VC, world.routes(VC), "203.0.113.2"))));

        // Then one host is gone
        assertThat(world.routes(VC)).hasSize(1);
    }

    @Test
    void shouldTakeOverALockWhoseHolderDiedOnceItsLeaseRanOut() {
        // Given a lock item left behind by an invocation killed mid-change, its lease over
        world.dynamo.putItem(put -> put.tableName(world.table)
                .item(Map.of(
                        "lockId", AttributeValue.fromS(RouteLock.LOCK_ID),
                        "owner", AttributeValue.fromS("killed-invocation"),
                        "expiresAt",
                                AttributeValue.fromN(Long.toString(Instant.now().getEpochSecond() - 1)))));

        // When a host reports ready
        world.handler(List.of(VC)).handleRequest(ready("i-after", "203.0.113.5"), null);

        // Then it joined without waiting for anyone
        assertThat(world.routes(VC)).extracting(OriginationRoute::host).containsExactly("203.0.113.5");
    }

    private void runAtOnce(List<Runnable> invocations) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> running = invocations.stream()
                .map(invocation -> CompletableFuture.runAsync(
                        () -> {
                            try {
                                start.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            invocation.run();
                        },
                        pool))
                .toList();
        start.countDown();
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }
}
