package dev.voicebridge.gateway.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicebridge.model.call.InMemoryPlacedRequests;
import dev.voicebridge.model.call.PlacedRequests;
import dev.voicebridge.registry.dynamodb.DynamoDbPlacedRequests;
import dev.voicebridge.testsupport.DynamoDbLocal;
import dev.voicebridge.testsupport.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One call per Idempotency-Key: retries, concurrent twins, a twin still in flight (409), another
 * request with the key (422), failures, an unreachable store (503, nothing placed), expiry on the
 * application's clock. The cross-instance behaviour on DynamoDB is PlaceCallOnAnyInstanceTest's.
 */
class IdempotencyKeysTest {

    private static final PlaceCallRequest REQUEST =
            new PlaceCallRequest("+14155550101", "+12065550100", null, null, null, null, null);

    private final ManualClock clock = ManualClock.startingNow();
    private final InMemoryPlacedRequests store = new InMemoryPlacedRequests(clock);
    private final IdempotencyKeys keys = new IdempotencyKeys(store, Duration.ofHours(24));
    private final AtomicInteger placed = new AtomicInteger();

    private CallPlacer.Placed place() {
        return new CallPlacer.Placed("tx-" + placed.incrementAndGet(), "RINGING");
    }

    @Test
    void shouldPlaceOneCallForTwoRequestsWithTheSameKeyAtOnce() throws Exception {
        // Given a placement that takes a while (AWS answering)
        CountDownLatch inAws = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            // When two requests with one key arrive together
            Future<CallPlacer.Placed> first = threads.submit(() -> keys.once("k-1", REQUEST, () -> {
                inAws.countDown();
                await(release);
                return place();
            }));
            assertThat(inAws.await(5, TimeUnit.SECONDS)).isTrue();
            Future<CallPlacer.Placed> second = threads.submit(() -> keys.once("k-1", REQUEST, this::place));
            Thread.sleep(100); // the twin is waiting for the first, not placing its own call
            release.countDown();

            // Then both answer the one call placed
            assertThat(List.of(first.get(5, TimeUnit.SECONDS), second.get(5, TimeUnit.SECONDS)))
                    .extracting(CallPlacer.Placed::id)
                    .containsExactly("tx-1", "tx-1");
            assertThat(placed).hasValue(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void shouldLetARetryPlaceTheCallWhenTheFirstAttemptFailed() {
        // Given a first attempt that AWS throttled
        assertThatThrownBy(() -> keys.once("k-2", REQUEST, () -> {
                    throw new PlaceCallRefused(503, "throttled", 2);
                }))
                .isInstanceOf(PlaceCallRefused.class);

        // When the client retries with the same key
        CallPlacer.Placed retry = keys.once("k-2", REQUEST, this::place);

        // Then the retry places the call
        assertThat(retry.id()).isEqualTo("tx-1");
    }

    @Test
    void shouldForgetAKeyAfterItsTimeToLive() {
        // Given a call placed with a key
        keys.once("k-3", REQUEST, this::place);

        // When the same key comes back within the TTL, and again after it
        CallPlacer.Placed within = keys.once("k-3", REQUEST, this::place);
        clock.advance(Duration.ofHours(24).plusSeconds(1));
        CallPlacer.Placed after = keys.once("k-3", REQUEST, this::place);

        // Then the first answers the old call, the second places a new one
        assertThat(within.id()).isEqualTo("tx-1");
        assertThat(after.id()).isEqualTo("tx-2");
    }

    @Test
    void shouldRefuseAKeyThatIsNotPrintableAscii() {
        // When the key carries a line break
        // Then it is a 400 naming the header, before anything is placed
        assertThatThrownBy(() -> keys.once("k\r\n4", REQUEST, this::place))
                .isInstanceOf(PlaceCallRefused.class)
                .hasMessageContaining("Idempotency-Key")
                .extracting(e -> ((PlaceCallRefused) e).status())
                .isEqualTo(400);
        assertThat(placed).hasValue(0);
    }

    @Test
    void shouldAnswer409WhenTheFirstRequestIsStillPlacingItsCallAfterTheWait() {
        // Given a request with key k-5 that another instance claimed and is still placing
        PlacedRequests.Claim first = store.claim("k-5", REQUEST.fingerprint(), Duration.ofHours(24));
        assertThat(first).isInstanceOf(PlacedRequests.Claim.Won.class);
        IdempotencyKeys shortWait = new IdempotencyKeys(store, Duration.ofHours(24), Duration.ofMillis(300));

        // When its retry arrives and the first does not finish within the wait
        // Then the retry is told the request is in progress, to retry with the same key, and places nothing
        assertThatThrownBy(() -> shortWait.once("k-5", REQUEST, this::place))
                .isInstanceOf(PlaceCallRefused.class)
                .hasMessageContaining("still placing")
                .satisfies(e -> {
                    assertThat(((PlaceCallRefused) e).status()).isEqualTo(409);
                    assertThat(((PlaceCallRefused) e).retryAfterSeconds()).isNotNull();
                });
        assertThat(placed).hasValue(0);
    }

    @Test
    void shouldRefuseTheKeyForADifferentRequest() {
        // Given a call placed with key k-6
        keys.once("k-6", REQUEST, this::place);

        // When another request (another destination) comes with the key
        PlaceCallRequest other = new PlaceCallRequest("+14155550199", "+12065550100", null, null, null, null, null);

        // Then it is a 422 naming the key, and no second call is placed
        assertThatThrownBy(() -> keys.once("k-6", other, this::place))
                .isInstanceOf(PlaceCallRefused.class)
                .hasMessageContaining("Idempotency-Key 'k-6'")
                .extracting(e -> ((PlaceCallRefused) e).status())
                .isEqualTo(422);
        assertThat(placed).hasValue(1);
    }

    @Test
    void shouldPlaceNoCallWhenTheSharedStoreCannotBeReached() {
        // Given the keys in a DynamoDB table that cannot be reached
        try (DynamoDbClient dead = DynamoDbLocal.unreachableClient()) {
            IdempotencyKeys unreachable = new IdempotencyKeys(
                    new DynamoDbPlacedRequests(dead, "placements", clock, Duration.ofSeconds(1)), Duration.ofHours(24));

            // When a request with a key arrives
            // Then it is a 503 with Retry-After, and no call is placed that its key could not protect
            assertThatThrownBy(() -> unreachable.once("k-7", REQUEST, this::place))
                    .isInstanceOf(PlaceCallRefused.class)
                    .hasMessageContaining("not placed")
                    .satisfies(e -> {
                        assertThat(((PlaceCallRefused) e).status()).isEqualTo(503);
                        assertThat(((PlaceCallRefused) e).retryAfterSeconds()).isNotNull();
                    });
            assertThat(placed).hasValue(0);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
