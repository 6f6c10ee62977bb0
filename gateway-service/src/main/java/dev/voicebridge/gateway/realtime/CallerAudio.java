package dev.voicebridge.gateway.realtime;

import dev.voicebridge.gateway.audio.AzureAudioFormat;
import dev.voicebridge.gateway.realtime.protocol.ClientEvents;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The caller's audio on its way to Azure: frames are gathered into one input_audio_buffer.append
 * every {@code appendMs}, sent on whatever {@link LiveLink} is published at that moment.
 *
 * <p>Threads: the caller's transport event loop (RTP or WebSocket), the single writer of the batch.
 * It reads the live link through a volatile and never takes the link's lock, so it never waits for
 * Azure event handling or session set-up. The monitor here is held only for one frame's copy and
 * send; it matters only when a transport hands a call over between threads (SIP replays the audio
 * that arrived before the ACK while the RTP loop already delivers), and nothing is called under it
 * but {@link RealtimeConnection#send}, whose own lock is a leaf.
 */
final class CallerAudio {

    private final AzureAudioFormat format;
    private final int appendMs;
    private final Supplier<LiveLink> live;
    private final AssistantCounters counters;

    private byte[] buffer = new byte[0];
    private int length;
    private int frames;
    private long generation;

    CallerAudio(AzureAudioFormat format, int appendMs, Supplier<LiveLink> live, AssistantCounters counters) {
        this.format = format;
        this.appendMs = appendMs;
        this.live = live;
        this.counters = counters;
    }

    /**
     * Queues one caller frame, already in the session's format. Returns how many caller frames this
     * call lost: the frame and any gathered with it when there is no live session, frames gathered
     * for a session that has since been lost, or the whole batch when the socket is backed up.
     */
    synchronized int send(byte[] audio) {
        LiveLink link = live.get();
        if (link == null) {
            int lost = frames + 1;
            discard();
            return lost;
        }
        int lost = 0;
        if (frames > 0 && generation != link.generation()) {
            lost = frames;
            discard();
        }
        generation = link.generation();
        gather(audio);
        if (format.millisOf(length) < appendMs) {
            return lost;
        }
        String append = ClientEvents.append(buffer, length);
        boolean sent = link.connection().send(append);
        if (!sent) {
            // A rollover may have swapped sockets while this batch was gathered: the new one takes it.
            LiveLink now = live.get();
            if (now != null && now.generation() == link.generation() && now.connection() != link.connection()) {
                sent = now.connection().send(append);
            }
        }
        if (sent) {
            counters.sent(length);
        } else {
            lost += frames;
        }
        discard();
        return lost;
    }

    private void gather(byte[] audio) {
        if (length + audio.length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(length + audio.length, buffer.length * 2));
        }
        System.arraycopy(audio, 0, buffer, length, audio.length);
        length += audio.length;
        frames++;
    }

    private void discard() {
        length = 0;
        frames = 0;
    }
}
