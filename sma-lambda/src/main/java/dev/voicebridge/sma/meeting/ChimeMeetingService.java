package dev.voicebridge.sma.meeting;

import dev.voicebridge.sma.config.SmaLambdaProperties;
import dev.voicebridge.sma.support.CallToken;
import dev.voicebridge.sma.support.Deadline;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.chimesdkmeetings.ChimeSdkMeetingsClient;
import software.amazon.awssdk.services.chimesdkmeetings.model.Attendee;
import software.amazon.awssdk.services.chimesdkmeetings.model.CreateAttendeeRequest;
import software.amazon.awssdk.services.chimesdkmeetings.model.CreateMeetingRequest;
import software.amazon.awssdk.services.chimesdkmeetings.model.DeleteMeetingRequest;
import software.amazon.awssdk.services.chimesdkmeetings.model.Meeting;
import software.amazon.awssdk.services.chimesdkmeetings.model.NotFoundException;

/**
 * Chime SDK meetings through AWS SDK v2, made to keep a ringing caller's answer under the SMA's 5 s.
 *
 * <ul>
 *   <li>The client is built on first use, not at init: a SnapStart snapshot then holds no client, no socket
 *       and no credentials that could be stale after restore.</li>
 *   <li>Every call has an apiCallTimeout: the configured one, cut to what is left of the invocation budget.
 *       At most 2 attempts, so a struggling service gets no retry storm from us.</li>
 *   <li>After {@value FailureGate#THRESHOLD} failures in a row the service is not called for a while and
 *       callers get the apology at once (see {@link FailureGate}).</li>
 * </ul>
 */
public final class ChimeMeetingService implements MeetingService {

    private static final Logger log = LoggerFactory.getLogger(ChimeMeetingService.class);

    private final SmaLambdaProperties config;
    private final Supplier<ChimeSdkMeetingsClient> clientFactory;
    private final FailureGate gate = new FailureGate();
    private volatile ChimeSdkMeetingsClient client;

    public ChimeMeetingService(SmaLambdaProperties config) {
        this.config = config;
        this.clientFactory = () -> buildClient(config);
    }

    @Override
    public MeetingJoin createForCall(String transactionId, Deadline deadline) {
        return call("CreateMeeting+CreateAttendee", deadline, () -> {
            ChimeSdkMeetingsClient meetings = client();
            CreateMeetingRequest request = CreateMeetingRequest.builder()
                    // Same token for a retried invocation: CreateMeeting returns the meeting it already made.
                    .clientRequestToken(limit("vb-" + transactionId.replaceAll("[^-_a-zA-Z0-9]", "-"), 64))
                    .externalMeetingId(limit("voicebridge-" + transactionId, 64))
                    .mediaRegion(config.effectiveMediaRegion())
                    .overrideConfiguration(o -> o.apiCallTimeout(timeout(deadline)))
                    .build();
            Meeting meeting = meetings.createMeeting(request).meeting();
            Attendee attendee = createAttendee(meeting.meetingId(), transactionId, deadline);
            log.info("created meeting {} with attendee {} for the caller", meeting.meetingId(), attendee.attendeeId());
            return new MeetingJoin(meeting.meetingId(), attendee.attendeeId(), attendee.joinToken());
        });
    }

    @Override
    public MeetingJoin joinExisting(String meetingId, String transactionId, Deadline deadline) {
        return call("CreateAttendee", deadline, () -> {
            Attendee attendee = createAttendee(meetingId, transactionId, deadline);
            log.info("added attendee {} to meeting {} for the called party", attendee.attendeeId(), meetingId);
            return new MeetingJoin(meetingId, attendee.attendeeId(), attendee.joinToken());
        });
    }

    @Override
    public void endMeeting(String meetingId, Deadline deadline) {
        call("DeleteMeeting", deadline, () -> {
            try {
                client().deleteMeeting(DeleteMeetingRequest.builder()
                        .meetingId(meetingId)
                        .overrideConfiguration(o -> o.apiCallTimeout(timeout(deadline)))
                        .build());
                log.info("ended meeting {}", meetingId);
            } catch (NotFoundException e) {
                log.info("meeting {} had already ended", meetingId);
            }
            return meetingId;
        });
    }

    private Attendee createAttendee(String meetingId, String transactionId, Deadline deadline) {
        ChimeSdkMeetingsClient meetings = client();
        CreateAttendeeRequest request = CreateAttendeeRequest.builder()
                .meetingId(meetingId)
                .externalUserId("pstn-" + CallToken.of(transactionId))
                .overrideConfiguration(o -> o.apiCallTimeout(timeout(deadline)))
                .build();
        return meetings.createAttendee(request).attendee();
    }

    private <T> T call(String what, Deadline deadline, Supplier<T> work) {
        if (!gate.allows()) {
            throw new MeetingUnavailableException(what + " skipped: Chime SDK meetings failed " + FailureGate.THRESHOLD
                    + " times in a row, not calling it again for " + FailureGate.OPEN_FOR.toSeconds() + " s");
        }
        if (deadline.expired()) {
            throw new MeetingUnavailableException(what + " skipped: no time left to answer the SMA");
        }
        long start = System.nanoTime();
        try {
            T result = work.get();
            gate.success();
            return result;
        } catch (SdkException | IllegalArgumentException e) {
            gate.failure();
            throw new MeetingUnavailableException(
                    what + " failed after " + (System.nanoTime() - start) / 1_000_000 + " ms: "
                            + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * Builds the client now. Meeting mode calls this at start-up, so the Lambda's INIT phase (or the SnapStart
     * snapshot) pays the SDK's set-up instead of the first caller. Safe to snapshot: the client opens no
     * connection and resolves no credentials until its first request.
     */
    public ChimeMeetingService prepared() {
        client();
        primeRequestPath();
        return this;
    }

    /**
     * The SDK's first request in a JVM loads and initialises a great deal (endpoint rules, signer, marshallers,
     * HTTP client): seconds on a starved CPU, which would eat the first caller's budget. A throw-away client with
     * dummy credentials sends one CreateMeeting to a closed loopback port, which fails at once, so those costs
     * are paid at INIT (and kept in a SnapStart snapshot). No AWS endpoint is contacted.
     */
    private void primeRequestPath() {
        long start = System.nanoTime();
        try (ChimeSdkMeetingsClient throwaway = ChimeSdkMeetingsClient.builder()
                .region(Region.of(config.aws().region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")))
                .endpointOverride(URI.create("http://127.0.0.1:1"))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofMillis(200))
                        .socketTimeout(Duration.ofMillis(200)))
                .overrideConfiguration(
                        o -> o.apiCallTimeout(Duration.ofSeconds(2)).retryStrategy(b -> b.maxAttempts(1)))
                .build()) {
            throwaway.createMeeting(CreateMeetingRequest.builder()
                    .clientRequestToken("vb-priming")
                    .externalMeetingId("voicebridge-priming")
                    .mediaRegion(config.effectiveMediaRegion())
                    .build());
        } catch (SdkException expected) {
            // Nothing listens there: the request path has run, which is all priming is for.
        }
        log.info("meetings client primed in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    private Duration timeout(Deadline deadline) {
        Duration capped = deadline.cap(config.aws().apiCallTimeout());
        // The SDK refuses a zero timeout; a call with 1 ms left fails fast, which is what we want then.
        return capped.isZero() ? Duration.ofMillis(1) : capped;
    }

    private ChimeSdkMeetingsClient client() {
        ChimeSdkMeetingsClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = clientFactory.get();
                    client = c;
                }
            }
        }
        return c;
    }

    private static ChimeSdkMeetingsClient buildClient(SmaLambdaProperties config) {
        Duration callTimeout = config.aws().apiCallTimeout();
        var builder = ChimeSdkMeetingsClient.builder()
                .region(Region.of(config.aws().region()))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(min(callTimeout, Duration.ofMillis(1000)))
                        .socketTimeout(callTimeout))
                .overrideConfiguration(o -> o.apiCallTimeout(callTimeout)
                        .apiCallAttemptTimeout(callTimeout)
                        .retryStrategy(b -> b.maxAttempts(2)));
        if (config.aws().chimeMeetingsEndpoint() != null) {
            builder.endpointOverride(URI.create(config.aws().chimeMeetingsEndpoint()));
        }
        return builder.build();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    private static String limit(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    /**
     * Stops calling a failing service for a short while. Per Lambda instance and in memory only: it protects
     * the callers this instance answers, and starts closed after a SnapStart restore (no failures at init).
     */
    static final class FailureGate {
        static final int THRESHOLD = 3;
        static final Duration OPEN_FOR = Duration.ofSeconds(30);

        private int failuresInARow;
        private long openUntilNanos;

        synchronized boolean allows() {
            return failuresInARow < THRESHOLD || System.nanoTime() - openUntilNanos >= 0;
        }

        synchronized void success() {
            failuresInARow = 0;
        }

        synchronized void failure() {
            failuresInARow++;
            if (failuresInARow >= THRESHOLD) {
                openUntilNanos = System.nanoTime() + OPEN_FOR.toNanos();
            }
        }
    }
}
