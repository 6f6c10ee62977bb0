package dev.voicebridge.gateway.websocket;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.call.CallLeg;
import dev.voicebridge.gateway.call.EndReason;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call leg over one media stream. Model audio goes out as {@code media} messages, one per 20 ms
 * frame as the call session's clock hands them over; the leg never queues or paces audio itself.
 * When a burst of model audio ends (the first silent tick after frames), the leg sends a {@code mark}
 * so a source that echoes marks tells us when the caller actually heard the end of it.
 */
final class WebSocketCallLeg implements CallLeg {

    private static final Logger log = LoggerFactory.getLogger(WebSocketCallLeg.class);

    /** What the leg needs from its stream: send a text message, end the stream. */
    interface Outbound {
        /** Queues a message for the source; false when the stream is gone or the client is too slow. */
        boolean send(String message);

        void close(int code, String reason);
    }

    private final String streamSid;
    private final MediaMessageCodec.StreamWriter messages;
    private final AudioFormat format;
    private final Outbound outbound;
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong framesDropped = new AtomicLong();
    private final AtomicLong marksSent = new AtomicLong();
    private final AtomicLong marksEchoed = new AtomicLong();
    private volatile boolean inBurst;

    WebSocketCallLeg(String streamSid, AudioFormat format, Outbound outbound) {
        this.streamSid = streamSid;
        this.messages = new MediaMessageCodec.StreamWriter(streamSid);
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
        if (outbound.send(messages.media(frame))) {
            framesSent.incrementAndGet();
        } else if (framesDropped.getAndIncrement() == 0) {
            log.warn("Media stream {}: model audio not sent (the source is too slow or gone)", streamSid);
        }
    }

    @Override
    public void sendSilence() {
        // A WebSocket source plays nothing when it gets nothing; only note where a burst ended.
        if (inBurst) {
            inBurst = false;
            outbound.send(messages.mark("burst-" + marksSent.incrementAndGet()));
        }
    }

    @Override
    public void clearPlayback() {
        inBurst = false;
        outbound.send(messages.clear());
    }

    @Override
    public void sendDtmf(String digits) {
        // The Twilio convention has no outbound DTMF message; a source that needs it can play tones.
        log.info(
                "Media stream {}: DTMF to the caller is not supported on WebSocket legs; {} digit(s) not sent",
                streamSid,
                digits == null ? 0 : digits.length());
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
