package dev.voicebridge.gateway.websocket;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.call.CallLeg;
import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.gateway.logging.CallLogContext;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call leg over one media stream. Model audio goes out as {@code media} messages, one per 20 ms
 * frame as the call session's clock hands them over; the leg never paces audio itself. When a burst
 * of model audio ends (the first silent tick after frames), the leg sends a {@code mark} so a source
 * that echoes marks tells us when the caller actually heard the end of it.
 *
 * <p>Threads. The media clock calls {@link #sendFrame} and {@link #sendSilence}, the Realtime event
 * loop {@link #clearPlayback} (both under the call's playout lock), tools and the admin API
 * {@link #hangUp}, and the connection's event loop {@link #markEchoed}. The leg hands each message
 * to its stream unencoded: the JSON and base64 are produced on the connection's event loop
 * ({@link OutboundLane}), so what the clock does per frame is queue a reference and, when the
 * event loop has nothing pending, hand it one task.
 */
final class WebSocketCallLeg implements CallLeg {

    private static final Logger log = LoggerFactory.getLogger(WebSocketCallLeg.class);

    /** What the leg needs from its stream: send a message, end the stream. */
    interface Outbound {
        /**
         * Queues a message for the source, encoded later on the stream's own thread; false when the
         * stream is gone or the client is too slow.
         */
        boolean send(OutboundLane.Message message);

        void close(int code, String reason);

        /** The thread that last encoded the stream's messages, or null before any (diagnostics, tests). */
        Thread encodingThread();
    }

    private final String callId;
    private final String streamSid;
    private final MediaMessageCodec.StreamWriter messages;
    private final OutboundLane.Message clear;
    private final AudioFormat format;
    private final Outbound outbound;
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong framesDropped = new AtomicLong();
    private final AtomicLong marksSent = new AtomicLong();
    private final AtomicLong marksEchoed = new AtomicLong();
    private volatile boolean inBurst;

    WebSocketCallLeg(String callId, String streamSid, AudioFormat format, Outbound outbound) {
        this.callId = callId;
        this.streamSid = streamSid;
        this.messages = new MediaMessageCodec.StreamWriter(streamSid);
        this.clear = messages::clear;
        this.format = format;
        this.outbound = outbound;
    }

    @Override
    public AudioFormat format() {
        return format;
    }

    @Override
    public void sendFrame(byte[] frame) {
        inBurst = true;
        if (outbound.send(() -> messages.media(frame))) {
            framesSent.incrementAndGet();
        } else if (framesDropped.getAndIncrement() == 0) {
            CallLogContext.run(
                    callId,
                    () -> log.warn(
                            "Media stream {}: model audio not sent (the source is too slow or gone)", streamSid));
        }
    }

    @Override
    public void sendSilence() {
        // A WebSocket source plays nothing when it gets nothing; only note where a burst ended.
        if (inBurst) {
            inBurst = false;
            long mark = marksSent.incrementAndGet();
            outbound.send(() -> messages.mark("burst-" + mark));
        }
    }

    @Override
    public void clearPlayback() {
        inBurst = false;
        outbound.send(clear);
    }

    @Override
    public void sendDtmf(String digits) {
        // The Twilio convention has no outbound DTMF message; a source that needs it can play tones.
        CallLogContext.run(
                callId,
                () -> log.info(
                        "Media stream {}: DTMF to the caller is not supported on WebSocket legs; {} digit(s) not sent",
                        streamSid,
                        digits == null ? 0 : digits.length()));
    }

    @Override
    public void hangUp(EndReason reason) {
        outbound.close(
                MediaStreamException.NORMAL, "call ended: " + reason.name().toLowerCase(java.util.Locale.ROOT));
    }

    void markEchoed(String name) {
        marksEchoed.incrementAndGet();
        log.debug("Media stream {}: source played up to mark {}", streamSid, name);
    }

    Thread encodingThread() {
        return outbound.encodingThread();
    }

    long framesSent() {
        return framesSent.get();
    }

    long framesDropped() {
        return framesDropped.get();
    }

    long marksEchoed() {
        return marksEchoed.get();
    }
}
