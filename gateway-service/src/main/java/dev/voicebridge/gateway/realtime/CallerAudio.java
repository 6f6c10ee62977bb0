package dev.voicebridge.gateway.realtime;

import dev.voicebridge.gateway.audio.AzureAudioFormat;
import dev.voicebridge.gateway.realtime.protocol.ClientEvents;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The caller's audio on its way to Azure, kept from the call's first frame until a session has
 * taken it. Frames wait here while no session is live (set-up, reconnect, outage) and while fewer
 * than {@code appendMs} are gathered; once a {@link LiveLink} is published they go out in order,
 * as input_audio_buffer.append events of at most {@link #MAX_APPEND_MS}. A send the socket refuses
 * leaves its frames here for the next try, so a session lost mid-batch loses nothing the next one
 * can take. Only past {@code keepMs} are the oldest frames dropped, and only those are losses.
 *
 * <p>Threads: the caller's transport event loop (RTP or WebSocket) is the single writer. It reads
 * the live link through a volatile and never takes the link's lock, so it never waits for Azure
 * event handling or session set-up. The monitor here is held for one frame's hand-over; nothing is
 * called under it but {@link RealtimeConnection#send}, whose own lock is a leaf.
 */
final class CallerAudio {

    /**
     * The largest append: a backlog of several seconds goes out as a few events well under Azure's
     * per-event size limit, rather than as hundreds of small ones or one very large one.
     */
    static final int MAX_APPEND_MS = 1000;

    private final AzureAudioFormat format;
    private final int appendMs;
    private final long keepBytes;
    private final long maxAppendBytes;
    private final Supplier<LiveLink> live;
    private final AssistantCounters counters;

    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private long pendingBytes;
    private byte[] scratch = new byte[0];

    CallerAudio(
            AzureAudioFormat format, int appendMs, int keepMs, Supplier<LiveLink> live, AssistantCounters counters) {
        this.format = format;
        this.appendMs = appendMs;
        this.keepBytes = format.bytesOf(Math.max(keepMs, appendMs));
        this.maxAppendBytes = format.bytesOf(Math.max(MAX_APPEND_MS, appendMs));
        this.live = live;
        this.counters = counters;
    }

    /**
     * Takes one caller frame, already in the session's format, and sends what is due. Returns how
     * many caller frames this call lost: the oldest ones, when more than {@code keepMs} is waiting.
     */
    synchronized int send(byte[] audio) {
        pending.addLast(audio.clone()); // the transport may reuse its array
        pendingBytes += audio.length;
        LiveLink link = live.get();
        if (link != null && format.millisOf(pendingBytes) >= appendMs) {
            flush(link);
        }
        int lost = 0;
        while (pendingBytes > keepBytes) {
            pendingBytes -= pending.removeFirst().length;
            lost++;
        }
        return lost;
    }

    /** How much caller audio is waiting for a session, in milliseconds. */
    synchronized long waitingMs() {
        return format.millisOf(pendingBytes);
    }

    private void flush(LiveLink link) {
        while (!pending.isEmpty()) {
            int frames = 0;
            int length = 0;
            for (byte[] frame : pending) {
                if (frames > 0 && length + frame.length > maxAppendBytes) {
                    break;
                }
                if (length + frame.length > scratch.length) {
                    scratch = Arrays.copyOf(scratch, Math.max(length + frame.length, scratch.length * 2));
                }
                System.arraycopy(frame, 0, scratch, length, frame.length);
                length += frame.length;
                frames++;
            }
            if (!sendOn(link, ClientEvents.append(scratch, length))) {
                return; // kept: the next frame tries again, on whatever session is live by then
            }
            for (int i = 0; i < frames; i++) {
                pending.removeFirst();
            }
            pendingBytes -= length;
            counters.sent(length);
        }
    }

    private boolean sendOn(LiveLink link, String append) {
        if (link.connection().send(append)) {
            return true;
        }
        // A rollover may have swapped sockets since the link was read: the new one takes it.
        LiveLink now = live.get();
        return now != null
                && now.connection() != link.connection()
                && now.connection().send(append);
    }
}
