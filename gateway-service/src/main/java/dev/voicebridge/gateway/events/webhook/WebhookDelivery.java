package dev.voicebridge.gateway.events.webhook;

import dev.voicebridge.gateway.events.CallEvent;
import dev.voicebridge.gateway.events.CallEventJson;
import dev.voicebridge.gateway.logging.CallLogContext;
import dev.voicebridge.gateway.logging.LogThrottle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.timeout.ReadTimeoutException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Posts every call event to GATEWAY_WEBHOOK_URL, signed (Standard Webhooks: {@code webhook-id}, the
 * same on every attempt; {@code webhook-timestamp} of the attempt, from the injected clock;
 * {@code webhook-signature}). It owns the delivery queue: bounded over all calls (a full queue drops
 * the new event and counts it); one request in flight per call, so a call's events arrive in order,
 * while different calls' go in parallel; an attempt that times out, cannot connect, or is answered
 * 408, 429 or 5xx is retried with exponential backoff (honouring Retry-After) until the retry budget
 * is spent, then dropped and counted; any other answer below 200 or from 300 up is dropped at once.
 * While the receiver looks down, one attempt at a time probes it and the rest wait ({@link
 * ReceiverHealth}), so an outage costs the gateway one request per backoff, not one per live call.
 *
 * <p>Threads: {@link #accept} runs on the publishing thread (media clock, event loops) and only
 * takes a short lock to queue; requests and their outcomes run on Reactor Netty's event loops and
 * Reactor's parallel workers (retry timers).
 */
public final class WebhookDelivery implements Consumer<CallEvent>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookDelivery.class);

    /** One event on its way: its body and id are fixed at the first attempt and kept for every retry. */
    private record Message(CallEvent event, String id, long firstNanos) {}

    private final WebhookProperties properties;
    private final WebhookSigner signer;
    private final Clock clock;
    private final ConnectionProvider connections;
    private final HttpClient http;
    private final AtomicInteger queued = new AtomicInteger();
    /** Per call with a request in flight: the events waiting behind it. Guarded by its own monitor. */
    private final Map<String, ArrayDeque<Message>> waiting = new HashMap<>();

    private final ReceiverHealth health;
    private final Disposable.Composite timers = Disposables.composite();
    private final LogThrottle logs = new LogThrottle(Duration.ofSeconds(10), 64, System::nanoTime);
    private final Counter delivered;
    private final Counter droppedFull;
    private final Counter droppedBudget;
    private final Counter droppedRejected;
    private final Counter droppedShutdown;
    private final Counter failedStatus;
    private final Counter failedTimeout;
    private final Counter failedConnection;
    private volatile boolean closed;

    public WebhookDelivery(WebhookProperties properties, Clock clock, MeterRegistry meters) {
        this.properties = properties;
        this.signer = new WebhookSigner(properties.key());
        this.clock = clock;
        this.health = new ReceiverHealth(System::nanoTime, this::backoff);
        this.connections = ConnectionProvider.builder("webhooks")
                .maxConnections(properties.connections())
                .pendingAcquireMaxCount(-1)
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        Duration timeout = properties.timeout();
        this.http = HttpClient.create(connections)
                .option(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .responseTimeout(timeout)
                .followRedirect(false);
        Gauge.builder("voicebridge.webhook.queue.depth", queued, AtomicInteger::get)
                .description("Call events waiting for webhook delivery or in flight (GATEWAY_WEBHOOK_QUEUE bounds it)")
                .register(meters);
        Gauge.builder("voicebridge.webhook.receiver.down", health, h -> h.down() ? 1 : 0)
                .description("1 while the webhook receiver looks down and only one attempt at a time probes it")
                .register(meters);
        delivered = Counter.builder("voicebridge.webhook.delivered")
                .description("Call events the webhook receiver accepted (2xx)")
                .register(meters);
        droppedFull = dropped(meters, "queue_full", "the delivery queue was full");
        droppedBudget = dropped(meters, "retries_exhausted", "not delivered within GATEWAY_WEBHOOK_RETRY_BUDGET");
        droppedRejected = dropped(meters, "rejected", "the receiver answered a 4xx other than 408/429, or 3xx");
        droppedShutdown = dropped(meters, "shutdown", "still queued when the gateway stopped");
        failedStatus = failed(meters, "status", "answered 408, 429 or 5xx");
        failedTimeout = failed(meters, "timeout", "no answer within GATEWAY_WEBHOOK_TIMEOUT");
        failedConnection = failed(meters, "connection", "could not connect, or the connection broke");
        log.info(
                "call events are posted to {} (signed; queue {}, timeout {}, retry budget {})",
                properties.url(),
                properties.queue(),
                timeout,
                properties.retryBudget());
    }

    private static Counter dropped(MeterRegistry meters, String reason, String description) {
        return Counter.builder("voicebridge.webhook.dropped")
                .tag("reason", reason)
                .description("Call events never delivered: " + description)
                .register(meters);
    }

    private static Counter failed(MeterRegistry meters, String cause, String description) {
        return Counter.builder("voicebridge.webhook.failures")
                .tag("cause", cause)
                .description("Webhook attempts that failed (retried while the budget lasts): " + description)
                .register(meters);
    }

    /** Queues one event; never blocks. Called by the call events, in order per call. */
    @Override
    public void accept(CallEvent event) {
        if (closed) {
            droppedShutdown.increment();
            return;
        }
        if (queued.incrementAndGet() > properties.queue()) {
            queued.decrementAndGet();
            droppedFull.increment();
            warn(
                    event.callId(),
                    "queue_full",
                    "webhook queue full ({} events): {} {} dropped",
                    properties.queue(),
                    event.type(),
                    event.seq());
            return;
        }
        Message message =
                new Message(event, "msg_" + UUID.randomUUID().toString().replace("-", ""), 0);
        synchronized (waiting) {
            ArrayDeque<Message> behind = waiting.get(event.callId());
            if (behind != null) {
                behind.addLast(message);
                return;
            }
            waiting.put(event.callId(), new ArrayDeque<>());
        }
        Schedulers.parallel().schedule(() -> attempt(first(message), 1));
    }

    private static Message first(Message m) {
        return new Message(m.event(), m.id(), System.nanoTime());
    }

    private void attempt(Message message, int attempt) {
        if (closed) {
            return; // counted by close()
        }
        ReceiverHealth.Admission admission = health.admit();
        if (!admission.attempt()) {
            defer(message, attempt, admission.waitNanos());
            return;
        }
        String body = CallEventJson.of(message.event());
        long timestamp = clock.instant().getEpochSecond();
        String signature = signer.sign(message.id(), timestamp, body);
        http.headers(h -> h.set("Content-Type", "application/json")
                        .set("webhook-id", message.id())
                        .set("webhook-timestamp", Long.toString(timestamp))
                        .set("webhook-signature", signature))
                .post()
                .uri(properties.url().trim())
                .send(ByteBufFlux.fromString(Mono.just(body)))
                .responseSingle((response, content) -> content.then(Mono.just(new Answer(
                        response.status().code(), response.responseHeaders().get("Retry-After")))))
                .timeout(properties.timeout().plusSeconds(1))
                .subscribe(answer -> answered(message, attempt, answer), error -> failed(message, attempt, error));
    }

    private record Answer(int status, String retryAfter) {}

    private void answered(Message message, int attempt, Answer answer) {
        int status = answer.status();
        boolean retryable = status == 408 || status == 429 || status >= 500;
        if (retryable) {
            receiverFailed();
        } else if (health.answered()) {
            log.info("webhook receiver {} answers again; the waiting call events go on", properties.url());
        }
        if (status >= 200 && status < 300) {
            delivered.increment();
            done(message);
        } else if (retryable) {
            failedStatus.increment();
            retry(message, attempt, "HTTP " + status, RetryAfter.parse(answer.retryAfter(), clock));
        } else {
            droppedRejected.increment();
            warn(
                    message.event().callId(),
                    "rejected",
                    "webhook receiver answered HTTP {}: {} {} dropped",
                    status,
                    message.event().type(),
                    message.event().seq());
            done(message);
        }
    }

    private void failed(Message message, int attempt, Throwable error) {
        boolean timeout = error instanceof TimeoutException
                || error instanceof ReadTimeoutException
                || error.getCause() instanceof ReadTimeoutException
                || error.getClass().getSimpleName().contains("Timeout");
        (timeout ? failedTimeout : failedConnection).increment();
        receiverFailed();
        String what = timeout
                ? "no answer within " + properties.timeout()
                : error instanceof ConnectException || error.getCause() instanceof ConnectException
                        ? "cannot connect"
                        : error.getClass().getSimpleName();
        retry(message, attempt, what, null);
    }

    private void retry(Message message, int attempt, String why, Duration retryAfter) {
        Duration backoff = backoff(attempt);
        Duration delay = retryAfter != null && retryAfter.compareTo(backoff) > 0 ? retryAfter : backoff;
        long spent = System.nanoTime() - message.firstNanos();
        if (closed) {
            return; // counted by close()
        }
        if (spent + delay.toNanos() > properties.retryBudget().toNanos()) {
            droppedBudget.increment();
            warn(
                    message.event().callId(),
                    "retries_exhausted",
                    "webhook not delivered after {} attempts ({}): {} {} dropped",
                    attempt,
                    why,
                    message.event().type(),
                    message.event().seq());
            done(message);
            return;
        }
        later(() -> attempt(message, attempt + 1), delay.toNanos());
    }

    private void receiverFailed() {
        if (health.failed()) {
            log.warn(
                    "webhook receiver {} looks down ({} failures in a row): one attempt at a time probes it"
                            + " until it answers; call events wait, in order, within the retry budget",
                    properties.url(),
                    ReceiverHealth.FAILURES_TO_OPEN);
        }
    }

    /** The receiver looks down and another attempt probes it: wait, without spending an attempt. */
    private void defer(Message message, int attempt, long waitNanos) {
        long spent = System.nanoTime() - message.firstNanos();
        if (spent + waitNanos > properties.retryBudget().toNanos()) {
            droppedBudget.increment();
            warn(
                    message.event().callId(),
                    "retries_exhausted",
                    "webhook not delivered after {} attempts (the receiver looks down): {} {} dropped",
                    attempt - 1,
                    message.event().type(),
                    message.event().seq());
            done(message);
            return;
        }
        later(() -> attempt(message, attempt), waitNanos);
    }

    private void later(Runnable work, long nanos) {
        Disposable[] timer = new Disposable[1];
        timer[0] = Schedulers.parallel()
                .schedule(
                        () -> {
                            timers.remove(timer[0]);
                            work.run();
                        },
                        nanos,
                        java.util.concurrent.TimeUnit.NANOSECONDS);
        timers.add(timer[0]);
    }

    /** Exponential: initial, 2x, 4x... capped at the maximum. */
    Duration backoff(int attempt) {
        long initial = properties.backoffInitial().toMillis();
        long max = properties.backoffMax().toMillis();
        long millis = attempt >= 31 ? max : Math.min(max, initial << Math.min(30, attempt - 1));
        return Duration.ofMillis(Math.max(1, millis));
    }

    /** The message is delivered or dropped: the call's next event goes now. */
    private void done(Message message) {
        queued.decrementAndGet();
        Message next;
        synchronized (waiting) {
            ArrayDeque<Message> behind = waiting.get(message.event().callId());
            next = behind == null ? null : behind.pollFirst();
            if (next == null) {
                waiting.remove(message.event().callId());
            }
        }
        if (next != null) {
            Message start = first(next);
            Schedulers.parallel().schedule(() -> attempt(start, 1));
        }
    }

    private void warn(String callId, String key, String format, Object... args) {
        long held = logs.admit(key);
        if (held == LogThrottle.HOLD) {
            return;
        }
        CallLogContext.run(callId, () -> log.warn(format + (held > 0 ? " (and " + held + " more like it)" : ""), args));
    }

    /** Events still queued or in flight are dropped (and counted); nothing new is taken. */
    @Override
    public void close() {
        closed = true;
        timers.dispose();
        int left;
        synchronized (waiting) {
            left = waiting.values().stream().mapToInt(ArrayDeque::size).sum() + waiting.size();
            waiting.clear();
        }
        if (left > 0) {
            droppedShutdown.increment(left);
            log.info("{} call events were still waiting for webhook delivery at shutdown", left);
        }
        connections.dispose();
    }
}
