package dev.voicebridge.model.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicebridge.model.event.Direction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class InMemoryCallRegistryTest {

    // fixed instant: the in-memory registry has no expiry; nothing here compares it with now.
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static CallStatus newCall(String id, Instant at) {
        return CallStatus.started(id, "sma-1", "+15105550101", "+12065550100", Direction.INBOUND, at);
    }

    @Test
    void shouldCreateACallOnFirstUpdateAndFindIt() {
        InMemoryCallRegistry registry = new InMemoryCallRegistry();

        CallStatus bridging = registry.update(
                "tx-1", s -> s.transitionTo(CallState.BRIDGING, T0, "bridge"), () -> newCall("tx-1", T0));

        assertThat(bridging.state()).isEqualTo(CallState.BRIDGING);
        assertThat(registry.find("tx-1")).hasValue(bridging);
        assertThat(registry.find("tx-unknown")).isEmpty();
    }

    @Test
    void shouldRefuseToUpdateAnUnknownCallWithoutACreator() {
        InMemoryCallRegistry registry = new InMemoryCallRegistry();

        assertThatThrownBy(() -> registry.update("tx-404", s -> s, null))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessage("no call with id tx-404");
        assertThat(registry.size()).isZero();
    }

    @Test
    void shouldLeaveTheStoredStatusUnchangedWhenATransitionIsIllegal() {
        InMemoryCallRegistry registry = new InMemoryCallRegistry();
        CallStatus ended = registry.update(
                "tx-1", s -> s.transitionTo(CallState.ENDED, T0, "rejected"), () -> newCall("tx-1", T0));

        assertThatThrownBy(() -> registry.update("tx-1", s -> s.transitionTo(CallState.CONNECTED, T0, "late"), null))
                .isInstanceOf(IllegalCallTransitionException.class);
        assertThat(registry.find("tx-1")).hasValue(ended);
    }

    @Test
    @Timeout(30)
    void shouldLoseNoUpdateWhenManyThreadsWriteTheSameCall() throws Exception {
        // Given 8 writers each adding 250 legs and toggling CONNECTED <-> TRANSFERRING on one call
        InMemoryCallRegistry registry = new InMemoryCallRegistry();
        registry.update("tx-1", s -> s.transitionTo(CallState.CONNECTED, T0, "up"), () -> newCall("tx-1", T0));
        int writers = 8;
        int perWriter = 250;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();

        // When
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perWriter; i++) {
                    String legId = "leg-" + writer + "-" + i;
                    registry.update("tx-1", s -> s.withLeg(LegStatus.ringing(legId, LegRole.TRANSFER, T0), T0), null);
                    registry.update(
                            "tx-1",
                            s -> s.transitionTo(
                                    s.state() == CallState.CONNECTED ? CallState.TRANSFERRING : CallState.CONNECTED,
                                    T0,
                                    legId),
                            null);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(20, TimeUnit.SECONDS);
        }
        pool.shutdown();

        // Then every leg and every transition is there, and the version counted each one
        CallStatus finalStatus = registry.find("tx-1").orElseThrow();
        int updates = writers * perWriter;
        assertThat(finalStatus.legs()).hasSize(updates);
        assertThat(finalStatus.history()).hasSize(2 + updates);
        assertThat(finalStatus.version()).isEqualTo(2L + 2L * updates);
        assertThat(finalStatus.state()).isEqualTo(CallState.CONNECTED);
    }

    @Test
    void shouldListNewestFirstWithFilterAndLimit() {
        InMemoryCallRegistry registry = new InMemoryCallRegistry();
        for (int i = 0; i < 5; i++) {
            Instant at = T0.plusSeconds(i);
            String id = "tx-" + i;
            boolean answered = i % 2 == 0;
            registry.update(
                    id, s -> answered ? s.transitionTo(CallState.CONNECTED, at, "up") : s, () -> newCall(id, at));
        }

        assertThat(registry.list(Optional.empty(), 10))
                .extracting(CallStatus::callId)
                .containsExactly("tx-4", "tx-3", "tx-2", "tx-1", "tx-0");
        assertThat(registry.list(Optional.of(CallState.CONNECTED), 2))
                .extracting(CallStatus::callId)
                .containsExactly("tx-4", "tx-2");
        assertThat(registry.list(Optional.of(CallState.ENDED), 10)).isEmpty();
    }

    @Test
    void shouldForgetTheOldestEndedCallsBeyondItsBound() {
        InMemoryCallRegistry registry = new InMemoryCallRegistry(2);
        registry.update("live", s -> s, () -> newCall("live", T0));
        for (int i = 0; i < 4; i++) {
            String id = "ended-" + i;
            registry.update(id, s -> s.transitionTo(CallState.ENDED, T0, "done"), () -> newCall(id, T0));
        }

        assertThat(registry.find("live")).isPresent();
        assertThat(registry.find("ended-0")).isEmpty();
        assertThat(registry.find("ended-1")).isEmpty();
        assertThat(registry.find("ended-2")).isPresent();
        assertThat(registry.find("ended-3")).isPresent();
    }
}
