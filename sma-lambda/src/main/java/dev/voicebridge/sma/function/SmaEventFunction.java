package dev.voicebridge.sma.function;

import dev.voicebridge.model.SmaJson;
import dev.voicebridge.model.SmaResponse;
import dev.voicebridge.model.error.SmaParseException;
import dev.voicebridge.model.event.InvocationEventType;
import dev.voicebridge.model.event.SmaEvent;
import dev.voicebridge.sma.config.SmaLambdaProperties;
import dev.voicebridge.sma.flow.CallController;
import dev.voicebridge.sma.flow.Decision;
import dev.voicebridge.sma.flow.SafeResponses;
import dev.voicebridge.sma.registry.CallStatusRecorder;
import dev.voicebridge.sma.support.Deadline;
import dev.voicebridge.sma.support.ResponseCache;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;

/**
 * The Lambda's function: raw SMA event JSON in, SMA response JSON out.
 *
 * <p>It takes the raw bytes and reads them with the shared model's tolerant {@link SmaJson} reader rather
 * than letting Spring Cloud Function convert them: a conversion failure there would become a Lambda error,
 * which the SMA retries and then ends the call with 480, while here every input, even one that is not
 * JSON, gets a valid answer. For the same reason it returns the bytes it wrote itself.
 *
 * <p>Every log line of an invocation carries the call id (the SMA TransactionId) in the MDC key
 * {@value #MDC_CALL_ID}, plus the event's sequence number in {@value #MDC_SEQUENCE}.
 */
public final class SmaEventFunction implements Function<Message<byte[]>, Message<byte[]>> {

    public static final String MDC_CALL_ID = "callId";
    public static final String MDC_SEQUENCE = "seq";
    private static final Logger log = LoggerFactory.getLogger(SmaEventFunction.class);
    /** A JoinChimeMeeting's token admits anyone to the meeting: never log it, not even in a rejected response. */
    private static final Pattern JOIN_TOKEN = Pattern.compile("(\"JoinToken\"\\s*:\\s*\")[^\"]*(\")");

    private final SmaLambdaProperties config;
    private final CallController controller;
    private final SafeResponses safe;
    private final CallStatusRecorder recorder;
    private final ResponseCache responses;

    public SmaEventFunction(SmaLambdaProperties config, CallController controller, CallStatusRecorder recorder) {
        this.config = config;
        this.controller = controller;
        this.safe = new SafeResponses(config);
        this.recorder = recorder;
        this.responses = new ResponseCache(config.idempotencyCacheSize());
    }

    /**
     * Runs the reading, deciding and writing code once on made-up events, outside any call: no cache entry, no
     * registry update, no AWS call. Done at start-up, so that with SnapStart the snapshot holds warmed-up
     * classes and the first real caller does not pay for them.
     */
    public void prime() {
        MDC.put(MDC_CALL_ID, "priming");
        try {
            for (byte[] event : Priming.events(config.callMode())) {
                SmaEvent parsed = SmaJson.parseEvent(event);
                SmaJson.writeBytes(controller
                        .decide(parsed, Deadline.after(config.aws().invocationBudget()))
                        .toResponse());
            }
        } catch (RuntimeException e) {
            log.warn("priming failed (calls are not affected): {}", e.toString());
        } finally {
            MDC.remove(MDC_CALL_ID);
        }
    }

    @Override
    public Message<byte[]> apply(Message<byte[]> message) {
        return reply(handle(payload(message)));
    }

    /** The whole invocation, without Spring's Message around it. */
    public byte[] handle(byte[] raw) {
        long start = System.nanoTime();
        SmaEvent event;
        try {
            event = SmaJson.parseEvent(raw);
        } catch (SmaParseException e) {
            // The sender's mistake, answered safely: a warning, not an ERROR that pages someone.
            log.warn(
                    "unreadable SMA event ({} bytes), answering with no actions: {}",
                    raw == null ? 0 : raw.length,
                    e.getMessage());
            return SmaJson.writeBytes(SafeResponses.unreadableEvent());
        }
        MDC.put(MDC_CALL_ID, String.valueOf(event.transactionId()));
        MDC.put(MDC_SEQUENCE, Integer.toString(event.sequence()));
        try {
            return answer(event, start);
        } finally {
            MDC.remove(MDC_CALL_ID);
            MDC.remove(MDC_SEQUENCE);
        }
    }

    private byte[] answer(SmaEvent event, long start) {
        // Without a Sequence (never seen, but the model tolerates it) events of one call cannot be told apart.
        String txId = event.sequence() > 0 ? event.transactionId() : null;
        if (txId != null) {
            var cached = responses.get(txId, event.sequence());
            if (cached.isPresent()) {
                log.info(
                        "{} is a retried invocation (same TransactionId and Sequence): same answer as before",
                        event.rawEventType());
                return cached.get();
            }
        }
        SmaResponse response;
        Decision decision;
        if (event.invocationEventType() == InvocationEventType.INVALID_LAMBDA_RESPONSE) {
            response = rejected(event);
            decision = Decision.nothing("SMA rejected a response: "
                    + event.failure().map(f -> f.errorType()).orElse("?"));
        } else {
            try {
                decision = controller.decide(event, Deadline.after(config.aws().invocationBudget()));
                response = decision.toResponse();
            } catch (RuntimeException e) {
                // Includes an SmaValidationException from a response we built: a bug, never sent to the SMA.
                log.error("could not answer {} normally, sending the safe answer instead", event.rawEventType(), e);
                decision = Decision.nothing("internal error: " + e.getClass().getSimpleName());
                response = safe.afterInternalError(event);
            }
        }
        byte[] bytes = SmaJson.writeBytes(response);
        if (txId != null) {
            responses.put(txId, event.sequence(), bytes);
        }
        recorder.record(event, decision);
        if (log.isInfoEnabled()) {
            log.info(
                    "{} -> {}{} in {} us",
                    event.rawEventType(),
                    response.actions().stream().map(a -> a.type()).toList(),
                    decision.target() == null ? "" : " (" + decision.target() + ")",
                    (System.nanoTime() - start) / 1000);
        }
        return bytes;
    }

    private SmaResponse rejected(SmaEvent event) {
        String previous = responses
                .get(event.transactionId(), event.sequence() - 1)
                .map(b -> redact(new String(b, StandardCharsets.UTF_8)))
                .orElse("(not answered by this instance)");
        String why = event.failure().map(Object::toString).orElse("no ErrorType/ErrorMessage in the event");
        log.error(
                "SMA REJECTED OUR RESPONSE to Sequence {}: {}. Rejected response: {}",
                event.sequence() - 1,
                why,
                previous);
        return safe.afterRejectedResponse(event);
    }

    static String redact(String json) {
        return JOIN_TOKEN.matcher(json).replaceAll("$1<redacted>$2");
    }

    private static byte[] payload(Message<?> message) {
        Object payload = message.getPayload();
        if (payload instanceof byte[] bytes) {
            return bytes;
        }
        if (payload instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        // Spring Cloud Function hands over the raw bytes (see TolerantJsonMapper); anything else is written back
        // to JSON so that the tolerant reader still gets to judge it.
        return SmaJson.mapper().writeValueAsBytes(payload);
    }

    private static Message<byte[]> reply(byte[] body) {
        return MessageBuilder.withPayload(body)
                .setHeader(MessageHeaders.CONTENT_TYPE, "application/json")
                .build();
    }
}
