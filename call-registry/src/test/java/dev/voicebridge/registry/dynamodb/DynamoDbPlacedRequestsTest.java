package dev.voicebridge.registry.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicebridge.model.call.InMemoryPlacedRequests;
import dev.voicebridge.model.call.PlacedRequests;
import dev.voicebridge.model.call.PlacedRequests.Claim;
import dev.voicebridge.model.call.PlacedRequests.Prompt;
import dev.voicebridge.testsupport.DynamoDbLocal;
import dev.voicebridge.testsupport.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The placed-call requests on DynamoDB Local, with the in-memory store held to the same behaviour:
 * prompts expire, a key is claimed by exactly one of concurrent claimants, answered to a retry of the
 * same request, refused to another request, released on failure, and taken over only after its lease.
 */
class DynamoDbPlacedRequestsTest {

    private static final Duration KEY_TTL = Duration.ofHours(24);
    private static final DynamoDbClient CLIENT = DynamoDbLocal.client();

    record Store(String name, PlacedRequests store, ManualClock clock) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Store> stores() {
        String table = DynamoDbLocal.newTable("placements");
        CallRegistryTables.createPlacements(CLIENT, table);
        // From the wall clock's now: DynamoDB Local deletes expired items by the wall clock.
        ManualClock dynamoClock = ManualClock.startingNow();
        ManualClock memoryClock = ManualClock.startingNow();
        return List.of(
                new Store(
                        "DynamoDB",
                        new DynamoDbPlacedRequests(CLIENT, table, dynamoClock, Duration.ofSeconds(5)),
                        dynamoClock),
                new Store("in memory", new InMemoryPlacedRequests(memoryClock), memoryClock));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void shouldKeepAPlacedCallsPromptForTenMinutes(Store s) {
        // Given a call placed with instructions and a voice, and one placed without any
        s.store().putPrompt("tx-1", new Prompt("Confirm the appointment.", "cedar", null));
        s.store().putPrompt("tx-2", new Prompt(null, null, null));

        // When they are read at once, and again after the prompt's time to live
        var soon = s.store().prompt("tx-1");
        var none = s.store().prompt("tx-2");
        s.clock().advance(PlacedRequests.PROMPT_TTL.plusSeconds(1));
        var late = s.store().prompt("tx-1");

        // Then the first has its prompt, whole; the empty one was not kept; the late read finds nothing
        assertThat(soon).contains(new Prompt("Confirm the appointment.", "cedar", null));
        assertThat(none).isEmpty();
        assertThat(late).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void shouldAnswerTheFirstCallToARetryAndRefuseTheKeyToAnotherRequest(Store s) {
        // Given a key claimed and its call placed
        Claim first = s.store().claim("order-7", "fp-a", KEY_TTL);
        assertThat(first).isInstanceOf(Claim.Won.class);

        // When the same request claims it while placing, after placing, and another request claims it
        Claim whilePlacing = s.store().claim("order-7", "fp-a", KEY_TTL);
        assertThat(s.store().complete((Claim.Won) first, "tx-7", "RINGING")).isTrue();
        Claim retry = s.store().claim("order-7", "fp-a", KEY_TTL);
        Claim other = s.store().claim("order-7", "fp-b", KEY_TTL);

        // Then the twin is told it is in progress, the retry gets the call, the other request is refused
        assertThat(whilePlacing).isEqualTo(new Claim.Pending());
        assertThat(retry).isEqualTo(new Claim.Answered("tx-7", "RINGING"));
        assertThat(other).isEqualTo(new Claim.Mismatch());
    }

    @ParameterizedTest
    @MethodSource("stores")
    void shouldForgetAKeyAfterItsTimeToLive(Store s) {
        // Given a call placed with a key
        Claim.Won first = (Claim.Won) s.store().claim("k-ttl", "fp-a", KEY_TTL);
        s.store().complete(first, "tx-1", "RINGING");

        // When the key comes back just before its TTL, and after it (even for another request)
        s.clock().advance(KEY_TTL.minusSeconds(2));
        Claim within = s.store().claim("k-ttl", "fp-a", KEY_TTL);
        s.clock().advance(Duration.ofSeconds(3));
        Claim after = s.store().claim("k-ttl", "fp-b", KEY_TTL);

        // Then the first answers the old call, the second may place a new one
        assertThat(within).isEqualTo(new Claim.Answered("tx-1", "RINGING"));
        assertThat(after).isInstanceOf(Claim.Won.class);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void shouldLetARetryClaimTheKeyWhenThePlacementFailed(Store s) {
        // Given a claim whose placement failed (AWS throttled) and was released
        Claim.Won failed = (Claim.Won) s.store().claim("k-fail", "fp-a", KEY_TTL);
        assertThat(s.store().release(failed)).isTrue();

        // When the client retries
        Claim retry = s.store().claim("k-fail", "fp-a", KEY_TTL);

        // Then the retry may place the call, and the failed claim can no longer touch the key
        assertThat(retry).isInstanceOf(Claim.Won.class);
        assertThat(s.store().release(failed)).isFalse();
        assertThat(s.store().complete(failed, "tx-ghost", "RINGING")).isFalse();
        assertThat(s.store().complete((Claim.Won) retry, "tx-2", "RINGING")).isTrue();
        assertThat(s.store().claim("k-fail", "fp-a", KEY_TTL)).isEqualTo(new Claim.Answered("tx-2", "RINGING"));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void shouldTakeOverAPendingClaimOnlyAfterItsLeaseAndOnlyForTheSameRequest(Store s) {
        // Given a claim whose instance died while placing (never completed nor released)
        Claim.Won dead = (Claim.Won) s.store().claim("k-dead", "fp-a", KEY_TTL);

        // When the same request comes back within the lease, another request after it, and the same after it
        Claim withinLease = s.store().claim("k-dead", "fp-a", KEY_TTL);
        s.clock().advance(PlacedRequests.CLAIM_LEASE.plusSeconds(1));
        Claim otherRequest = s.store().claim("k-dead", "fp-b", KEY_TTL);
        Claim sameRequest = s.store().claim("k-dead", "fp-a", KEY_TTL);

        // Then only the same request after the lease takes it over, and the dead claim cannot complete it
        assertThat(withinLease).isEqualTo(new Claim.Pending());
        assertThat(otherRequest).isEqualTo(new Claim.Mismatch());
        assertThat(sameRequest).isInstanceOf(Claim.Won.class);
        assertThat(s.store().complete(dead, "tx-late", "RINGING")).isFalse();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void shouldLetExactlyOneOfManyConcurrentClaimsWin(Store s) throws Exception {
        // Given 8 claimants of one key (for DynamoDB each with its own client, like separate instances)
        int claimants = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(claimants);
        List<DynamoDbClient> clients = new ArrayList<>();
        try {
            List<Future<Claim>> claims = new ArrayList<>();
            for (int i = 0; i < claimants; i++) {
                PlacedRequests store = s.store();
                if (store instanceof DynamoDbPlacedRequests dynamo) {
                    DynamoDbClient own = DynamoDbLocal.client();
                    clients.add(own);
                    store = new DynamoDbPlacedRequests(own, dynamo.tableName(), s.clock(), Duration.ofSeconds(10));
                }
                PlacedRequests mine = store;
                Callable<Claim> claim = () -> {
                    start.await(5, TimeUnit.SECONDS);
                    return mine.claim("k-race", "fp-a", KEY_TTL);
                };
                claims.add(threads.submit(claim));
            }

            // When they claim at once
            start.countDown();
            List<Claim> outcomes = new ArrayList<>();
            for (Future<Claim> claim : claims) {
                outcomes.add(claim.get(30, TimeUnit.SECONDS));
            }

            // Then exactly one won; every other one sees the claim pending
            assertThat(outcomes).filteredOn(c -> c instanceof Claim.Won).hasSize(1);
            assertThat(outcomes).filteredOn(c -> c instanceof Claim.Pending).hasSize(claimants - 1);
        } finally {
            threads.shutdownNow();
            clients.forEach(DynamoDbClient::close);
        }
    }

    @Test
    void shouldSayTheStoreIsUnavailableWhenDynamoDbCannotBeReached() {
        // Given a store whose DynamoDB endpoint refuses connections
        try (DynamoDbClient dead = DynamoDbLocal.unreachableClient()) {
            PlacedRequests store =
                    new DynamoDbPlacedRequests(dead, "placements", Clock.systemUTC(), Duration.ofSeconds(2));

            // When a key is claimed and a prompt read
            // Then both fail as Unavailable, with a message fit for a client (no host, no table)
            assertThatThrownBy(() -> store.claim("k-1", "fp", KEY_TTL))
                    .isInstanceOf(PlacedRequests.Unavailable.class)
                    .hasMessageNotContaining("127.0.0.1")
                    .hasMessageNotContaining("placements");
            assertThatThrownBy(() -> store.prompt("tx-1")).isInstanceOf(PlacedRequests.Unavailable.class);
        }
    }
}
