package dev.voicebridge.gateway.websocket;

import static dev.voicebridge.gateway.websocket.MediaStreamException.INTERNAL_ERROR;
import static dev.voicebridge.gateway.websocket.MediaStreamException.NORMAL;
import static dev.voicebridge.gateway.websocket.MediaStreamException.POLICY_VIOLATION;
import static dev.voicebridge.gateway.websocket.MediaStreamException.TOO_BIG;
import static dev.voicebridge.gateway.websocket.MediaStreamException.TRY_AGAIN_LATER;
import static dev.voicebridge.gateway.websocket.MediaStreamException.UNSUPPORTED_DATA;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.audio.FrameAssembler;
import dev.voicebridge.gateway.call.CallLegListener;
import dev.voicebridge.gateway.call.CallRejectedException;
import dev.voicebridge.gateway.call.CallSessions;
import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.gateway.logging.CallLogContext;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/**
 * One media stream (one WebSocket): the state machine of the Twilio Media Streams convention, from
 * {@code connected} and {@code start} through {@code media} to {@code stop}. Transport-neutral so it
 * can be tested without a server; {@link MediaStreamHandler} connects it to a WebSocket.
 *
 * <p>Inbound messages arrive one at a time on the connection's event loop. Outbound messages are
 * handed in by the call (frames on the media clock, a clear on the Realtime event loop, a close from
 * wherever the call ends) and go through the stream's {@link OutboundLane}, which encodes and emits
 * them on the connection's event loop. The only lock, {@code sendLock}, orders a hand-in against
 * the close (nothing is handed in after it) and covers nothing slower than a queue offer; no lock is
 * held while calling into the call session.
 */
final class MediaStreamSession implements WebSocketCallLeg.Outbound {

    private static final Logger log = LoggerFactory.getLogger(MediaStreamSession.class);

    private enum State {
        AWAITING_START,
        STREAMING,
        ENDED
    }

    private static final Pattern PARTY = Pattern.compile("[^\\p{Cc}\\p{Zl}\\p{Zp}]{1,128}");
    private static final String PARTY_RULE = "1-128 characters without control characters or line breaks";

    /** The close the gateway decided on; sent once the outbound queue has drained. */
    record Close(int code, String reason) {}

    private final CallSessions calls;
    private final MediaStreamProperties properties;
    private final String connectionId;
    private final String tokenCallId;
    private final OutboundLane outbound;
    private final Object sendLock = new Object();

    private volatile State state = State.AWAITING_START;
    private volatile long lastMediaNanos;
    private volatile Close close;
    private boolean outboundEnded; // guarded by sendLock
    private String streamSid;
    private volatile String callId;
    private WebSocketCallLeg leg;
    private CallLegListener listener;
    private FrameAssembler frames;

    /**
     * @param tokenCallId the call a per-call token was issued for, or null for the shared token
     * @param eventLoop   the connection's event loop, where outbound messages are encoded and written
     */
    MediaStreamSession(
            CallSessions calls,
            MediaStreamProperties properties,
            String connectionId,
            String tokenCallId,
            Executor eventLoop) {
        this.calls = calls;
        this.properties = properties;
        this.connectionId = connectionId;
        this.tokenCallId = tokenCallId;
        this.outbound = new OutboundLane(eventLoop, properties.outboundQueue(), this::logId);
    }

    /** Text messages for the source, in order, emitted on the event loop; completes when the stream ends. */
    Flux<String> outbound() {
        return outbound.messages();
    }

    /** The close to send after the outbound messages, or null when the source closed first. */
    Close close() {
        return close;
    }

    String callId() {
        return callId;
    }

    WebSocketCallLeg leg() {
        return leg;
    }

    void onText(String text) {
        if (state == State.ENDED) {
            return;
        }
        withCallId(() -> {
            try {
                if (text.length() > properties.maxMessageBytes()) {
                    throw new MediaStreamException(
                            TOO_BIG, "message of " + text.length() + " bytes exceeds " + properties.maxMessageBytes());
                }
                dispatch(MediaMessageCodec.read(text));
            } catch (MediaStreamException e) {
                fail(e);
            } catch (RuntimeException e) {
                log.error("Media stream {}: unexpected failure handling a message", streamSid, e);
                fail(new MediaStreamException(INTERNAL_ERROR, "internal error"));
            }
        });
    }

    void onBinary() {
        withCallId(() -> fail(new MediaStreamException(
                UNSUPPORTED_DATA, "binary messages are not supported; send JSON text messages")));
    }

    /** The source did not send start in time. */
    void onStartTimeout() {
        if (state == State.AWAITING_START) {
            withCallId(() -> fail(new MediaStreamException(
                    POLICY_VIOLATION,
                    "no start message within " + properties.startTimeout().toMillis() + " ms")));
        }
    }

    /**
     * Ends a started stream whose source has sent no media for the media timeout: it would hold a
     * call slot and an Azure session for as long as the socket stays open. Run on the stream's loop.
     */
    void onMediaCheck() {
        long silentNanos = System.nanoTime() - lastMediaNanos;
        if (state != State.STREAMING || silentNanos < properties.mediaTimeout().toNanos()) {
            return;
        }
        withCallId(() -> {
            state = State.ENDED;
            log.warn(
                    "Media stream {}: no media for {} ms (GATEWAY_MEDIA_TIMEOUT {}): ending the call",
                    streamSid,
                    silentNanos / 1_000_000,
                    properties.mediaTimeout());
            listener.onLegEnded(EndReason.MEDIA_TIMEOUT);
            closeStream(
                    POLICY_VIOLATION,
                    "no media for " + properties.mediaTimeout().toMillis() + " ms");
        });
    }

    /** The source broke a frame rule (too big, not masked...): ended like a bad message, with its close. */
    void onFrameRefused(MediaStreamException refusal) {
        if (state != State.ENDED) {
            withCallId(() -> fail(refusal));
        }
        completeOutbound();
    }

    /** The WebSocket is gone. {@code error} is true for a transport failure rather than a close. */
    void onTransportClosed(boolean error) {
        State was = state;
        state = State.ENDED;
        completeOutbound();
        if (was == State.STREAMING) {
            withCallId(() -> {
                log.info(
                        "Media stream {} closed by the source without stop ({})",
                        streamSid,
                        error ? "transport error" : "close");
                listener.onLegEnded(error ? EndReason.TRANSPORT_ERROR : EndReason.CALLER_HANGUP);
            });
        }
    }

    private void dispatch(MediaMessage message) {
        switch (message) {
            case MediaMessage.Connected c -> {
                if (state != State.AWAITING_START) {
                    throw new MediaStreamException(POLICY_VIOLATION, "connected after start");
                }
            }
            case MediaMessage.Start s -> start(s);
            case MediaMessage.Media m -> {
                requireStreaming("media", m.streamSid());
                lastMediaNanos = System.nanoTime();
                if (!m.track().startsWith("outbound")) {
                    frames.audio(m.payload(), listener::onCallerAudio);
                }
            }
            case MediaMessage.Dtmf d -> {
                requireStreaming("dtmf", d.streamSid());
                listener.onDtmf(d.digit());
            }
            case MediaMessage.Mark m -> {
                requireStreaming("mark", m.streamSid());
                leg.markEchoed(m.name());
            }
            case MediaMessage.Stop s -> stop();
            case MediaMessage.Unknown u ->
                log.debug("Media stream {}: ignoring unknown event {}", streamSid, u.event());
        }
    }

    private void start(MediaMessage.Start start) {
        if (state != State.AWAITING_START) {
            throw new MediaStreamException(POLICY_VIOLATION, "second start on one stream");
        }
        AudioFormat format = format(start.mediaFormat());
        if (!start.tracks().isEmpty()
                && start.tracks().stream().noneMatch(t -> t.startsWith("inbound") || t.equals("both_tracks"))) {
            throw new MediaStreamException(POLICY_VIOLATION, "start.tracks must include inbound");
        }
        Map<String, String> params = start.customParameters();
        // The stream id prefixes every line this stream logs and is echoed in every message it is sent.
        if (!CallSetup.isSafeId(start.streamSid())) {
            throw new MediaStreamException(POLICY_VIOLATION, "start.streamSid must be " + CallSetup.SAFE_ID_RULE);
        }
        String requestedCallId = firstNonBlank(params.get("callId"), start.callSid(), start.streamSid());
        // The id goes into every log line of the call and is what the admin API is asked for.
        if (!CallSetup.isSafeId(requestedCallId)) {
            throw new MediaStreamException(POLICY_VIOLATION, "callId must be " + CallSetup.SAFE_ID_RULE);
        }
        String smaTransactionId = blankToNull(params.get("smaTransactionId"));
        if (smaTransactionId != null && !CallSetup.isSafeId(smaTransactionId)) {
            throw new MediaStreamException(POLICY_VIOLATION, "smaTransactionId must be " + CallSetup.SAFE_ID_RULE);
        }
        String from = party("from", params.get("from"));
        String to = party("to", params.get("to"));
        if (tokenCallId != null && !tokenCallId.equals(requestedCallId)) {
            throw new MediaStreamException(POLICY_VIOLATION, "the bearer token was issued for another call");
        }
        streamSid = start.streamSid();
        callId = requestedCallId;
        CallLogContext.set(callId);
        CallSetup setup = new CallSetup(callId, CallSetup.Transport.WEBSOCKET, smaTransactionId, from, to, params);
        leg = new WebSocketCallLeg(callId, streamSid, format, this);
        frames = new FrameAssembler(format);
        try {
            listener = calls.open(setup, leg);
        } catch (CallRejectedException e) {
            boolean clientMistake = e.reason() == CallRejectedException.Reason.DUPLICATE_CALL_ID;
            if (clientMistake) {
                log.warn("Media stream {} refused: {}", streamSid, e.getMessage());
            } else {
                log.info("Media stream {} refused: {}", streamSid, e.getMessage());
            }
            // A source can retry a busy gateway later (1013); a duplicate id will never be taken (1008).
            throw new MediaStreamException(
                    clientMistake ? POLICY_VIOLATION : TRY_AGAIN_LATER,
                    "call refused: "
                            + e.reason().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
        lastMediaNanos = System.nanoTime();
        state = State.STREAMING;
        log.info("Media stream {} started: call {}, {}", streamSid, callId, format);
    }

    private void stop() {
        State was = state;
        state = State.ENDED;
        if (was == State.STREAMING) {
            log.info("Media stream {} stopped by the source", streamSid);
            listener.onLegEnded(EndReason.CALLER_HANGUP);
        }
        closeStream(NORMAL, "stream stopped");
    }

    private void requireStreaming(String event, String sid) {
        if (state != State.STREAMING) {
            throw new MediaStreamException(POLICY_VIOLATION, event + " before start");
        }
        if (sid != null && !sid.equals(streamSid)) {
            throw new MediaStreamException(POLICY_VIOLATION, event + " for another streamSid");
        }
    }

    private static AudioFormat format(MediaMessage.MediaFormat f) {
        if (f.channels() != 1) {
            throw new MediaStreamException(
                    UNSUPPORTED_DATA, "unsupported mediaFormat: " + f.channels() + " channels; only mono");
        }
        AudioFormat.Encoding encoding = switch (f.encoding().toLowerCase(Locale.ROOT)) {
            case "audio/x-mulaw", "audio/pcmu", "audio/basic" -> AudioFormat.Encoding.PCMU;
            case "audio/x-alaw", "audio/pcma" -> AudioFormat.Encoding.PCMA;
            case "audio/x-l16", "audio/l16" -> AudioFormat.Encoding.L16;
            default ->
                throw new MediaStreamException(
                        UNSUPPORTED_DATA,
                        "unsupported mediaFormat.encoding " + f.encoding()
                                + "; use audio/x-mulaw, audio/x-alaw or audio/x-l16");
        };
        try {
            return new AudioFormat(encoding, f.sampleRate());
        } catch (IllegalArgumentException e) {
            throw new MediaStreamException(UNSUPPORTED_DATA, "unsupported mediaFormat: " + e.getMessage());
        }
    }

    private void fail(MediaStreamException e) {
        State was = state;
        state = State.ENDED;
        log.warn(
                "Media stream {} ended: {} (close {})",
                streamSid == null ? connectionId : streamSid,
                e.reason(),
                e.closeCode());
        if (was == State.STREAMING) {
            listener.onLegEnded(EndReason.TRANSPORT_ERROR);
        }
        closeStream(e.closeCode(), e.reason());
    }

    // --- WebSocketCallLeg.Outbound ---

    @Override
    public boolean send(OutboundLane.Message message) {
        synchronized (sendLock) {
            return !outboundEnded && outbound.offer(message);
        }
    }

    @Override
    public Thread encodingThread() {
        return outbound.encodingThread();
    }

    @Override
    public void close(int code, String reason) {
        state = State.ENDED;
        closeStream(code, reason);
    }

    private void closeStream(int code, String reason) {
        synchronized (sendLock) {
            if (close == null) {
                close = new Close(code, CloseReasons.fit(reason));
            }
            endOutbound();
        }
    }

    private void completeOutbound() {
        synchronized (sendLock) {
            endOutbound();
        }
    }

    /** Nothing is handed in after this; what was is still written, then the messages complete. */
    private void endOutbound() {
        if (!outboundEnded) {
            outboundEnded = true;
            outbound.end();
        }
    }

    private void withCallId(Runnable work) {
        CallLogContext.run(logId(), work);
    }

    private String logId() {
        String id = callId;
        return id == null ? "ws-" + connectionId : id;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    /**
     * A caller or called party as the source names it (a number, a SIP URI, "anonymous"), or null.
     * Looser than an id, but the call's first log line carries it: no line breaks, a bounded length.
     */
    private static String party(String field, String value) {
        String v = blankToNull(value);
        if (v != null && !PARTY.matcher(v).matches()) {
            throw new MediaStreamException(POLICY_VIOLATION, field + " must be " + PARTY_RULE);
        }
        return v;
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }
}
