package dev.voicebridge.gateway.rtp;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Numbers the packets the gateway sends to the caller. Each call is one tick of the call session's
 * 20 ms media clock, the only pacing point: the timestamp advances by one frame per tick whatever is
 * sent, so the far end sees a steady clock; the sequence number advances per packet.
 *
 * <p>The marker bit is set on the first audio packet of a talkspurt, i.e. after comfort silence or a
 * DTMF event (RFC 3551 section 4.1). Queued DTMF digits replace audio while they play (RFC 4733:
 * 100 ms of updates, the end packet sent three times, then 40 ms before the next digit).
 *
 * <p>Not thread-safe: used on the call's event-loop thread.
 */
final class OutboundStream {

    static final int TONE_TICKS = 5;
    static final int END_REPEATS = 3;
    static final int PAUSE_TICKS = 2;

    private final long ssrc;
    private final int audioPayloadType;
    private final int eventPayloadType;
    private final int samplesPerFrame;
    private final byte[] silenceFrame;
    private final Queue<Character> digits = new ArrayDeque<>();
    private int sequence;
    private long timestamp;
    private boolean talkspurtStarted;
    private char digit;
    private int digitTick = -1;
    private long digitTimestamp;
    private long packets;
    private long octets;

    OutboundStream(
            long ssrc,
            int firstSequence,
            long firstTimestamp,
            int audioPayloadType,
            int eventPayloadType,
            byte[] silenceFrame) {
        this.ssrc = ssrc;
        this.sequence = firstSequence & 0xFFFF;
        this.timestamp = firstTimestamp & 0xFFFF_FFFFL;
        this.audioPayloadType = audioPayloadType;
        this.eventPayloadType = eventPayloadType;
        this.silenceFrame = silenceFrame;
        this.samplesPerFrame = silenceFrame.length;
    }

    /** Whether RFC 4733 events were negotiated, i.e. {@link #queueDtmf} can play anything. */
    boolean canSendDtmf() {
        return eventPayloadType >= 0;
    }

    void queueDtmf(String value) {
        for (char c : value.toCharArray()) {
            if (!DtmfEvent.isDigit(c)) {
                throw new IllegalArgumentException("'" + c + "' is not a DTMF digit (0-9, *, #, A-D)");
            }
        }
        for (char c : value.toCharArray()) {
            digits.add(c);
        }
    }

    /** One tick with model audio; returns the packet to send (a DTMF event while one plays). */
    RtpPacket frame(byte[] frame) {
        RtpPacket event = nextEventPacket();
        if (event != null) {
            return event;
        }
        boolean marker = !talkspurtStarted;
        talkspurtStarted = true;
        return packet(audioPayloadType, marker, timestamp, frame);
    }

    /** One tick without model audio: comfort silence, so the far end never sees a media gap. */
    RtpPacket silence() {
        RtpPacket event = nextEventPacket();
        if (event != null) {
            return event;
        }
        talkspurtStarted = false;
        return packet(audioPayloadType, false, timestamp, silenceFrame);
    }

    long packetsSent() {
        return packets;
    }

    long octetsSent() {
        return octets;
    }

    long ssrc() {
        return ssrc;
    }

    /** The RTP timestamp of the next tick. */
    long currentTimestamp() {
        return timestamp;
    }

    private RtpPacket nextEventPacket() {
        if (digitTick < 0) {
            if (digits.isEmpty() || eventPayloadType < 0) {
                return null;
            }
            digit = digits.poll();
            digitTick = 0;
            digitTimestamp = timestamp;
        }
        int tick = digitTick++;
        if (tick < TONE_TICKS + END_REPEATS) {
            talkspurtStarted = false; // audio after the event starts a new talkspurt
        }
        if (tick < TONE_TICKS) {
            DtmfEvent e = DtmfEvent.forDigit(digit, false, (tick + 1) * samplesPerFrame);
            return packet(eventPayloadType, tick == 0, digitTimestamp, e.encode());
        }
        if (tick < TONE_TICKS + END_REPEATS) {
            DtmfEvent e = DtmfEvent.forDigit(digit, true, TONE_TICKS * samplesPerFrame);
            return packet(eventPayloadType, false, digitTimestamp, e.encode());
        }
        if (tick == TONE_TICKS + END_REPEATS + PAUSE_TICKS - 1) {
            digitTick = -1;
        }
        return null;
    }

    private RtpPacket packet(int payloadType, boolean marker, long ts, byte[] payload) {
        RtpPacket p = new RtpPacket(payloadType, marker, sequence, ts, ssrc, payload);
        sequence = (sequence + 1) & 0xFFFF;
        timestamp = (timestamp + samplesPerFrame) & 0xFFFF_FFFFL;
        packets++;
        octets += payload.length;
        return p;
    }
}
