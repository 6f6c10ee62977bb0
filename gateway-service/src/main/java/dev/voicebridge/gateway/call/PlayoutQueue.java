package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.audio.AudioFormat;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One call's assistant audio waiting for the media clock: 20 ms frames in the leg's format, each
 * known to belong to an assistant item, so a barge-in can tell the server how much of that item the
 * caller heard. Deltas of any size are cut into frames with a carry-over; an item's short last
 * frame is padded with codec silence. Not thread-safe: {@link CallPlayout}'s lock guards it.
 */
final class PlayoutQueue {

    /** One assistant output item: audio received (in Azure's format) and frames played. */
    static final class ItemAudio {
        final String itemId;
        final String responseId;
        long bytesReceived;
        long framesPlayed;

        ItemAudio(String itemId, String responseId) {
            this.itemId = itemId;
            this.responseId = responseId;
        }
    }

    /** Consecutive queued frames of one item; an item's frames are always contiguous. */
    private static final class Run {
        final ItemAudio item;
        int frames;

        Run(ItemAudio item) {
            this.item = item;
        }
    }

    private final AudioFormat format;
    private final int frameBytes;
    private final int capacity;
    private final ArrayDeque<byte[]> frames = new ArrayDeque<>();
    private final ArrayDeque<Run> runs = new ArrayDeque<>();
    private final Map<String, ItemAudio> items = new HashMap<>();
    private byte[] partial;
    private int partialLength;
    private ItemAudio partialItem;
    private ItemAudio lastPlayed;
    private long overflow;

    PlayoutQueue(AudioFormat format, int capacityFrames) {
        this.format = format;
        this.frameBytes = format.frameBytes();
        this.capacity = capacityFrames;
    }

    /** Queues {@code legAudio} of an item; {@code azureBytes} is its size as Azure sent it. */
    void add(String itemId, String responseId, int azureBytes, byte[] legAudio) {
        ItemAudio item =
                items.computeIfAbsent(Objects.requireNonNullElse(itemId, ""), id -> new ItemAudio(id, responseId));
        item.bytesReceived += azureBytes;
        if (partial != null && partialItem != item) {
            flushPartial();
        }
        int off = 0;
        while (off < legAudio.length) {
            if (partial == null) {
                partial = new byte[frameBytes];
                partialLength = 0;
                partialItem = item;
            }
            int n = Math.min(frameBytes - partialLength, legAudio.length - off);
            System.arraycopy(legAudio, off, partial, partialLength, n);
            partialLength += n;
            off += n;
            if (partialLength == frameBytes) {
                push(partial, item, false);
                partial = null;
                partialItem = null;
            }
        }
    }

    /** The item's audio is complete: its short last frame becomes playable. */
    void endItem(String itemId) {
        if (partialItem != null && Objects.equals(partialItem.itemId, itemId)) {
            flushPartial();
        }
    }

    /** Pads the pending short frame, whatever item it belongs to, so it can be played. */
    void flushPartial() {
        if (partial == null) {
            return;
        }
        byte[] pad = format.silence(frameBytes - partialLength);
        System.arraycopy(pad, 0, partial, partialLength, pad.length);
        push(partial, partialItem, false);
        partial = null;
        partialItem = null;
    }

    /** Queues a prompt of our own (the apology) whole, beyond the capacity limit. */
    void addPrompt(byte[] audio) {
        ItemAudio prompt = new ItemAudio("prompt", null);
        for (int off = 0; off + frameBytes <= audio.length; off += frameBytes) {
            push(java.util.Arrays.copyOfRange(audio, off, off + frameBytes), prompt, true);
        }
    }

    /** The next frame for the clock, counted as played for its item; null when there is none. */
    byte[] poll() {
        byte[] frame = frames.poll();
        if (frame != null) {
            Run run = runs.peekFirst();
            run.item.framesPlayed++;
            lastPlayed = run.item;
            if (--run.frames == 0) {
                runs.pollFirst();
            }
        }
        return frame;
    }

    /**
     * The item the caller is hearing: the one at the head of the queue, or the one last played
     * while its response is still streaming (the queue ran dry ahead of the server); else null.
     */
    ItemAudio audible(String activeResponseId) {
        if (!runs.isEmpty()) {
            return runs.peekFirst().item;
        }
        if (activeResponseId != null && lastPlayed != null && activeResponseId.equals(lastPlayed.responseId)) {
            return lastPlayed;
        }
        return null;
    }

    /** Drops every queued frame and the pending partial one. */
    void clear() {
        frames.clear();
        runs.clear();
        partial = null;
        partialItem = null;
    }

    /** Forgets items that can no longer be truncated, so a long call does not accumulate them. */
    void prune() {
        if (items.size() > 16) {
            items.values().removeIf(i -> i != lastPlayed && runs.stream().noneMatch(r -> r.item == i));
        }
    }

    int depth() {
        return frames.size();
    }

    boolean isEmpty() {
        return frames.isEmpty();
    }

    boolean hasPartial() {
        return partial != null;
    }

    /** Frames refused because the queue was full. */
    long overflow() {
        return overflow;
    }

    private void push(byte[] frame, ItemAudio item, boolean always) {
        if (!always && frames.size() >= capacity) {
            overflow++;
            return;
        }
        frames.add(frame);
        Run last = runs.peekLast();
        if (last == null || last.item != item) {
            last = new Run(item);
            runs.add(last);
        }
        last.frames++;
    }
}
