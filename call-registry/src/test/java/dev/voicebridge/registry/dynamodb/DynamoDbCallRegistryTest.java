package dev.voicebridge.registry.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicebridge.model.call.CallRegistryUnavailableException;
import dev.voicebridge.model.call.CallState;
import dev.voicebridge.model.call.CallStatus;
import dev.voicebridge.model.call.IllegalCallTransitionException;
import dev.voicebridge.model.call.LegRole;
import dev.voicebridge.model.call.LegStatus;
import dev.voicebridge.model.event.Direction;
import dev.voicebridge.testsupport.DynamoDbLocal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDbCallRegistryTest {

    /**
     * The registry's clock, stopped at the wall clock's now: DynamoDB Local deletes items past their
     * TTL by the wall clock, so the test's instants come from it (with nanoseconds, to check none are lost).
     */
    private final Clock clock = Clock.fixed(
            Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS).plusNanos(123_456_789), ZoneOffset.UTC);

    private final Instant T0 = clock.instant();
    private final DynamoDbClient client = DynamoDbLocal.client();
    private String tableName;
    private DynamoDbCallRegistry registry;

    @BeforeEach
    void createTable() {
        tableName = DynamoDbLocal.newTable("calls");
        CallRegistryTables.create(client, tableName, true);
        registry = new DynamoDbCallRegistry(client, tableName, Duration.ofDays(7), clock);
    }

    private static CallStatus ringing(String id, Instant at) {
        return CallStatus.started(id, "sma-1", "+14155550100", "+14155550199", Direction.INBOUND, at);
    }

    @Test
    void shouldReadBackEveryFieldOfACallExactlyAsWritten() {
        // Given a call that went through bridging to connected with two legs
        CallStatus written = registry.update("tx-1", c -> c, () -> ringing("tx-1", T0));
        written = registry.update(
                "tx-1",
                c -> c.transitionTo(CallState.BRIDGING, T0.plusMillis(5), "bridging to gateway")
                        .withLeg(LegStatus.ringing("leg-a", LegRole.PSTN, T0), T0.plusMillis(5)),
                null);
        written = registry.update(
                "tx-1",
                c -> c.transitionTo(CallState.CONNECTED, T0.plusSeconds(1), "bridged")
                        .withLeg(
                                LegStatus.ringing("leg-b", LegRole.GATEWAY, T0.plusMillis(5))
                                        .connected(),
                                T0.plusSeconds(1)),
                null);
        written = registry.update(
                "tx-1",
                c -> c.withMetadata("{\"crmId\":\"42\"}", T0.plusSeconds(2))
                        .withRecording("s3://recordings/calls/tx-1.wav", T0.plusSeconds(3)),
                null);

        // When it is read back
        Optional<CallStatus> read = registry.find("tx-1");

        // Then nothing was lost or rounded (nanosecond instants, legs, history, direction, metadata, recording)
        assertThat(read).contains(written);
        assertThat(read.get().history())
                .extracting(h -> h.state())
                .containsExactly(CallState.RINGING, CallState.BRIDGING, CallState.CONNECTED);
        assertThat(read.get().legs()).extracting(LegStatus::legId).containsExactly("leg-a", "leg-b");
        assertThat(read.get().metadata()).isEqualTo("{\"crmId\":\"42\"}");
        assertThat(read.get().recording()).isEqualTo("s3://recordings/calls/tx-1.wav");
        assertThat(read.get().version()).isEqualTo(7);
    }

    @Test
    void shouldCreateAnUnknownCallFromIfAbsentAndRefuseItWithout() {
        // Given an empty table
        // When a call is updated without a way to create it
        // Then the caller is told the call is unknown, and nothing is written
        assertThatThrownBy(() -> registry.update("tx-missing", c -> c, null))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("tx-missing");
        assertThat(registry.find("tx-missing")).isEmpty();

        // When it is updated with ifAbsent
        CallStatus created = registry.update("tx-new", c -> c, () -> ringing("tx-new", T0));

        // Then it is stored as created
        assertThat(registry.find("tx-new")).contains(created);
    }

    @Test
    void shouldKeepTheStoredStatusWhenAChangeIsAnIllegalTransition() {
        // Given an ended call
        registry.update(
                "tx-2",
                c -> c.transitionTo(CallState.ENDED, T0.plusSeconds(3), "caller hung up"),
                () -> ringing("tx-2", T0));
        CallStatus ended = registry.find("tx-2").orElseThrow();

        // When a late writer tries to move it back to CONNECTED
        // Then it is refused naming both states, and the stored call is untouched
        assertThatThrownBy(() -> registry.update(
                        "tx-2", c -> c.transitionTo(CallState.CONNECTED, T0.plusSeconds(4), "late"), null))
                .isInstanceOf(IllegalCallTransitionException.class)
                .hasMessageContaining("ENDED")
                .hasMessageContaining("CONNECTED");
        assertThat(registry.find("tx-2")).contains(ended);
        assertThat(ended.endReason()).isEqualTo("caller hung up");
    }

    @Test
    void shouldSetTheTtlAttributeToRetentionAfterTheLastWrite() {
        // Given a call written at T0, then again 10 s later
        registry.update("tx-3", c -> c, () -> ringing("tx-3", T0));
        DynamoDbCallRegistry later = new DynamoDbCallRegistry(
                client, tableName, Duration.ofDays(7), Clock.offset(clock, Duration.ofSeconds(10)));
        later.update("tx-3", c -> c.transitionTo(CallState.ENDED, T0.plusSeconds(10), "done"), null);

        // When the raw item is read
        Map<String, AttributeValue> item = client.getItem(
                        r -> r.tableName(tableName).key(Map.of(CallItems.PARTITION_KEY, AttributeValue.fromS("tx-3"))))
                .item();

        // Then expiresAt is a number of epoch seconds, 7 days after the last write
        assertThat(item.get(CallItems.TTL_ATTRIBUTE).n())
                .isEqualTo(Long.toString(
                        T0.plusSeconds(10).plus(Duration.ofDays(7)).getEpochSecond()));
        assertThat(item.get(CallItems.STATE).s()).isEqualTo("ENDED");
    }

    @Test
    void shouldBumpTheVersionEvenWhenAChangeDoesNotAndSkipWritesThatChangeNothing() {
        // Given a stored call at version 1
        registry.update("tx-4", c -> c, () -> ringing("tx-4", T0));

        // When one change returns the same status and another rebuilds it without bumping the version
        CallStatus same = registry.update("tx-4", c -> c, null);
        CallStatus rebuilt = registry.update(
                "tx-4",
                c -> new CallStatus(
                        c.callId(),
                        c.smaTransactionId(),
                        c.sipMediaApplicationId(),
                        c.from(),
                        "+14155550111",
                        c.direction(),
                        c.state(),
                        c.history(),
                        c.endReason(),
                        c.legs(),
                        c.metadata(),
                        c.recording(),
                        c.createdAt(),
                        T0.plusSeconds(1),
                        c.version()),
                null);

        // Then the first wrote nothing and the second is stored with a higher version
        assertThat(same.version()).isEqualTo(1);
        assertThat(rebuilt.version()).isEqualTo(2);
        assertThat(registry.find("tx-4").orElseThrow().to()).isEqualTo("+14155550111");
    }

    @Test
    void shouldListNewestFirstFilteredByStateWithALimit() {
        // Given five calls, three connected and two ended, updated at different times
        for (int i = 0; i < 5; i++) {
            String id = "tx-list-" + i;
            Instant at = T0.plusSeconds(i);
            CallState target = i % 2 == 0 ? CallState.CONNECTED : CallState.ENDED;
            registry.update(id, c -> c.transitionTo(target, at, "test"), () -> ringing(id, T0));
        }

        // When listing connected calls (limit 2), all calls (limit 10) and all calls (limit 3)
        List<CallStatus> connected = registry.list(Optional.of(CallState.CONNECTED), 2);
        List<CallStatus> all = registry.list(Optional.empty(), 10);
        List<CallStatus> newest = registry.list(Optional.empty(), 3);

        // Then each list is newest first, only in the asked state, and cut at the limit
        assertThat(connected).extracting(CallStatus::callId).containsExactly("tx-list-4", "tx-list-2");
        assertThat(all)
                .extracting(CallStatus::callId)
                .containsExactly("tx-list-4", "tx-list-3", "tx-list-2", "tx-list-1", "tx-list-0");
        assertThat(newest).extracting(CallStatus::callId).containsExactly("tx-list-4", "tx-list-3", "tx-list-2");
        assertThat(registry.list(Optional.of(CallState.TRANSFERRING), 5)).isEmpty();
    }

    @Test
    void shouldStillListByScanWhenTheTableHasNoStateIndex() {
        // Given a table created without the index (e.g. an older stack)
        String bare = DynamoDbLocal.newTable("calls");
        CallRegistryTables.create(client, bare, false);
        DynamoDbCallRegistry onBare = new DynamoDbCallRegistry(client, bare, Duration.ofDays(1), clock);
        onBare.update("a", c -> c.transitionTo(CallState.CONNECTED, T0.plusSeconds(1), "x"), () -> ringing("a", T0));
        onBare.update("b", c -> c.transitionTo(CallState.ENDED, T0.plusSeconds(2), "x"), () -> ringing("b", T0));
        onBare.update("c", c -> c.transitionTo(CallState.CONNECTED, T0.plusSeconds(3), "x"), () -> ringing("c", T0));

        // When listing by state and in full
        // Then the Scan fallback gives the same answers the index would
        assertThat(onBare.list(Optional.of(CallState.CONNECTED), 10))
                .extracting(CallStatus::callId)
                .containsExactly("c", "a");
        assertThat(onBare.list(Optional.empty(), 2))
                .extracting(CallStatus::callId)
                .containsExactly("c", "b");
    }

    @Test
    void shouldNameTheMissingTableWhenTheRegistryIsUsedWithoutIt() {
        // Given a registry whose table was never created
        DynamoDbCallRegistry missing =
                new DynamoDbCallRegistry(client, DynamoDbLocal.newTable("absent"), Duration.ofDays(7), clock);

        // When it is read, listed and written, Then each says which table is missing and what to do
        for (Runnable use : List.<Runnable>of(
                () -> missing.find("tx-9"),
                () -> missing.list(Optional.empty(), 10),
                () -> missing.update("tx-9", c -> c, () -> ringing("tx-9", T0)))) {
            assertThatThrownBy(use::run)
                    .isInstanceOf(CallRegistryUnavailableException.class)
                    .hasMessageContaining("call registry table '" + missing.tableName() + "' does not exist")
                    .hasMessageContaining("CALL_REGISTRY_TABLE");
        }
    }

    @Test
    void shouldShareCallsBetweenTwoRegistriesOnOneTableLikeTheLambdaAndAGateway() {
        // Given the Lambda's registry and a gateway's registry, each with its own client
        DynamoDbCallRegistry lambda =
                new DynamoDbCallRegistry(DynamoDbLocal.client(), tableName, Duration.ofDays(7), clock);
        DynamoDbCallRegistry gateway =
                new DynamoDbCallRegistry(DynamoDbLocal.client(), tableName, Duration.ofDays(7), clock);

        // When the Lambda starts and bridges a call and the gateway connects it
        lambda.update(
                "tx-5",
                c -> c.transitionTo(CallState.BRIDGING, T0.plusMillis(10), "CallAndBridge"),
                () -> ringing("tx-5", T0));
        gateway.update("tx-5", c -> c.transitionTo(CallState.CONNECTED, T0.plusMillis(900), "SIP ACK"), null);

        // Then the Lambda sees the gateway's transition on top of its own
        CallStatus seen = lambda.find("tx-5").orElseThrow();
        assertThat(seen.state()).isEqualTo(CallState.CONNECTED);
        assertThat(seen.history())
                .extracting(h -> h.reason())
                .containsExactly("call arrived", "CallAndBridge", "SIP ACK");
    }

    @Test
    void shouldTreatACallPastItsRetentionAsGoneBeforeDynamoDbDeletesIt() {
        // Given a connected call and an ended one, last written at T0 with 7 days' retention
        registry.update("tx-old", c -> c.transitionTo(CallState.CONNECTED, T0, "x"), () -> ringing("tx-old", T0));
        registry.update("tx-end", c -> c.transitionTo(CallState.ENDED, T0, "x"), () -> ringing("tx-end", T0));

        // When a registry reads them one second after their expiry, before TTL has deleted them
        DynamoDbCallRegistry weekLater = new DynamoDbCallRegistry(
                client,
                tableName,
                Duration.ofDays(7),
                Clock.offset(clock, Duration.ofDays(7).plusSeconds(1)));

        // Then they are gone from find and from every list, while a reader a second before expiry still sees them
        assertThat(weekLater.find("tx-old")).isEmpty();
        assertThat(weekLater.list(Optional.empty(), 10)).isEmpty();
        assertThat(weekLater.list(Optional.of(CallState.CONNECTED), 10)).isEmpty();
        DynamoDbCallRegistry justBefore = new DynamoDbCallRegistry(
                client,
                tableName,
                Duration.ofDays(7),
                Clock.offset(clock, Duration.ofDays(7).minusSeconds(1)));
        assertThat(justBefore.list(Optional.empty(), 10))
                .extracting(CallStatus::callId)
                .containsExactlyInAnyOrder("tx-old", "tx-end");
        long expiredVersion = justBefore.find("tx-old").orElseThrow().version();

        // When that late registry writes the same id again, it starts a new call over the expired item
        CallStatus again = weekLater.update("tx-old", c -> c, () -> ringing("tx-old", T0.plus(Duration.ofDays(8))));

        // Then the new call is stored fresh, above the expired item's version, and the old one cannot come back
        assertThat(weekLater.find("tx-old")).contains(again);
        assertThat(again.state()).isEqualTo(CallState.RINGING);
        assertThat(again.version()).isGreaterThan(expiredVersion);
        assertThatThrownBy(() -> weekLater.update("tx-end", c -> c, null))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("tx-end");
    }
}
