package dev.voicebridge.registry.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.model.call.CallState;
import dev.voicebridge.model.call.CallStatus;
import dev.voicebridge.model.call.LegRole;
import dev.voicebridge.model.call.LegStatus;
import dev.voicebridge.model.call.StateChange;
import dev.voicebridge.model.event.Direction;
import dev.voicebridge.testsupport.DynamoDbLocal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Several writers, each with its own registry and client like separate processes, on one call. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ConcurrentWritersTest {

    // DynamoDB Local deletes items past their TTL by the wall clock, so the call is stamped by it too.
    private final Clock clock = Clock.systemUTC();
    private final Instant T0 = clock.instant();
    private final DynamoDbClient client = DynamoDbLocal.client();
    private String tableName;

    @BeforeEach
    void createTable() {
        tableName = DynamoDbLocal.newTable("calls");
        CallRegistryTables.create(client, tableName, true);
    }

    private DynamoDbCallRegistry newWriter() {
        return new DynamoDbCallRegistry(DynamoDbLocal.client(), tableName, Duration.ofDays(7), clock);
    }

    @Test
    void shouldKeepEveryWriteWhenSeveralWritersUpdateOneCallAtOnce() throws Exception {
        // Given one call and 6 writers that each add 15 legs to it, all starting together
        int writers = 6;
        int legsEach = 15;
        newWriter()
                .update("tx-race", c -> c, () -> CallStatus.started("tx-race", "sma", "a", "b", Direction.INBOUND, T0));
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<DynamoDbCallRegistry> registries = new ArrayList<>();
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            DynamoDbCallRegistry registry = newWriter();
            registries.add(registry);
            int writer = w;
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < legsEach; i++) {
                    String leg = "w" + writer + "-" + i;
                    registry.update("tx-race", c -> c.withLeg(LegStatus.ringing(leg, LegRole.TRANSFER, T0), T0), null);
                }
                return null;
            }));
        }

        // When they all run
        go.countDown();
        for (Future<?> f : done) {
            f.get(90, TimeUnit.SECONDS);
        }
        pool.shutdown();

        // Then every leg is there, the version counts every write, and the writers really collided
        CallStatus result = newWriter().find("tx-race").orElseThrow();
        assertThat(result.legs()).hasSize(writers * legsEach);
        assertThat(result.version()).isEqualTo(1 + writers * legsEach);
        long conflicts =
                registries.stream().mapToLong(DynamoDbCallRegistry::conflicts).sum();
        System.out.printf("concurrent writers: %d writes, %d conflicts retried%n", writers * legsEach, conflicts);
    }

    @Test
    void shouldRetryOnTopOfATransitionThatLandedBetweenReadAndWrite() throws Exception {
        // Given a bridging call, the gateway's registry and the Lambda's registry
        DynamoDbCallRegistry gateway = newWriter();
        DynamoDbCallRegistry lambda = newWriter();
        lambda.update(
                "tx-lost",
                c -> c.transitionTo(CallState.BRIDGING, T0.plusMillis(1), "CallAndBridge"),
                () -> CallStatus.started("tx-lost", "sma", "a", "b", Direction.INBOUND, T0));
        AtomicBoolean interleaved = new AtomicBoolean();
        List<CallState> statesSeenByGateway = new ArrayList<>();

        // When the Lambda records a leg right after the gateway read the call but before it wrote
        CallStatus result = gateway.update(
                "tx-lost",
                c -> {
                    statesSeenByGateway.add(c.state());
                    if (interleaved.compareAndSet(false, true)) {
                        CompletableFuture.runAsync(() -> lambda.update(
                                        "tx-lost",
                                        l -> l.withLeg(
                                                LegStatus.ringing("leg-a", LegRole.PSTN, T0)
                                                        .connected(),
                                                T0.plusMillis(2)),
                                        null))
                                .join();
                    }
                    return c.transitionTo(CallState.CONNECTED, T0.plusMillis(3), "SIP ACK");
                },
                null);

        // Then the gateway's first write was refused, its change ran again on the newer call,
        // and both the Lambda's leg and the gateway's transition are stored
        assertThat(gateway.conflicts()).isEqualTo(1);
        assertThat(statesSeenByGateway).hasSize(2);
        CallStatus stored = lambda.find("tx-lost").orElseThrow();
        assertThat(stored).isEqualTo(result);
        assertThat(stored.state()).isEqualTo(CallState.CONNECTED);
        assertThat(stored.legs()).extracting(LegStatus::legId).containsExactly("leg-a");
        assertThat(stored.history())
                .extracting(StateChange::state)
                .containsExactly(CallState.RINGING, CallState.BRIDGING, CallState.CONNECTED);
    }
}
