package dev.voicebridge.gateway.operator;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.audio.LinearPcm;
import dev.voicebridge.gateway.audio.StreamingResampler;
import dev.voicebridge.gateway.call.CallConsole;
import dev.voicebridge.gateway.call.CallSession;
import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.gateway.logging.CallLogContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The operators of one call, as the call's {@link CallConsole}: the tap on both directions (PCM16
 * 8 kHz, tagged, to every listening operator), the operators' voices mixed into one frame a tick,
 * levels about five times a second, and the messages every operator of the call gets (mode
 * changes, suggestions).
 *
 * <p>Threads: the transport's event loop ({@link #callerFrame}), the media clock ({@link
 * #voiceFrame}, {@link #toCaller}), a Realtime event loop ({@link #suggestion}) and operators'
 * event loops (join, leave, mode). The resamplers each belong to one of those threads; the
 * operators are a copy-on-write list; the caller's level sums are atomic.
 */
final class OperatorRoom implements CallConsole {

    static final byte TAG_CALLER = 0;
    static final byte TAG_TO_CALLER = 1;
    /** Ticks between level reports: 200 ms. */
    static final int LEVEL_TICKS = 10;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Logger log = LoggerFactory.getLogger(OperatorRoom.class);

    private final CallSession call;
    private final AudioFormat format;
    private final Consumer<OperatorRoom> onEmpty;
    private final List<OperatorLink> links = new CopyOnWriteArrayList<>();
    // leg rate to 8 kHz for the caller's frames (transport thread) and what the caller hears
    // (media clock); 8 kHz to the leg's rate for the operators' voice (media clock); null at 8 kHz
    private final StreamingResampler callerDown;
    private final StreamingResampler toCallerDown;
    private final StreamingResampler voiceUp;
    private final AtomicLong callerEnergy = new AtomicLong();
    private final AtomicLong callerSamples = new AtomicLong();
    private long toCallerEnergy; // media clock only
    private long toCallerSamples;
    private int ticks;

    OperatorRoom(CallSession call, Consumer<OperatorRoom> onEmpty) {
        this.call = call;
        this.format = call.legFormat();
        this.onEmpty = onEmpty;
        boolean narrow = format.sampleRate() == 8000;
        this.callerDown = narrow ? null : new StreamingResampler(format.sampleRate(), 8000);
        this.toCallerDown = narrow ? null : new StreamingResampler(format.sampleRate(), 8000);
        this.voiceUp = narrow ? null : new StreamingResampler(8000, format.sampleRate());
    }

    CallSession call() {
        return call;
    }

    void join(OperatorLink link) {
        links.add(link);
    }

    /**
     * Removes {@code link}; the last one out detaches the room from the call and, if the call was
     * in copilot mode, hands it back to the assistant: with no operator left (a closed tab, a lost
     * network) the caller would otherwise hear nobody.
     */
    void leave(OperatorLink link) {
        if (links.remove(link) && links.isEmpty()) {
            onEmpty.accept(this);
            if (call.copilot() && !call.ended()) {
                call.copilot(false);
                CallLogContext.run(call.callId(), () -> log.info("the last operator left: the assistant speaks again"));
            }
        }
    }

    boolean empty() {
        return links.isEmpty();
    }

    /** Sets the call's mode and tells every operator of the call, naming who changed it. */
    void mode(boolean copilot, String by) {
        call.copilot(copilot);
        ObjectNode m = JSON.objectNode()
                .put("type", "mode")
                .put("mode", modeName(copilot))
                .put("by", by);
        broadcast(m.toString());
    }

    static String modeName(boolean copilot) {
        return copilot ? "copilot" : "assistant";
    }

    void broadcast(String json) {
        for (OperatorLink link : links) {
            link.sendText(json);
        }
    }

    // ---- the call's media threads ----------------------------------------------------------------

    @Override
    public void callerFrame(byte[] frame) {
        if (links.isEmpty()) {
            return;
        }
        short[] pcm = to8k(frame, callerDown);
        callerEnergy.addAndGet(LinearPcm.energy(pcm));
        callerSamples.addAndGet(pcm.length);
        fanOut(TAG_CALLER, pcm);
    }

    @Override
    public byte[] voiceFrame() {
        int[] sum = null;
        for (OperatorLink link : links) {
            short[] frame = link.talking() ? link.microphone().read() : null;
            if (frame == null) {
                continue;
            }
            if (sum == null) {
                sum = new int[frame.length];
            }
            for (int i = 0; i < frame.length; i++) {
                sum[i] += frame[i];
            }
        }
        if (sum == null) {
            return null;
        }
        short[] voice = new short[sum.length];
        for (int i = 0; i < sum.length; i++) {
            voice[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sum[i]));
        }
        return LinearPcm.encode(format, voiceUp == null ? voice : voiceUp.process(voice));
    }

    @Override
    public void toCaller(byte[] frame) {
        if (frame != null && !links.isEmpty()) {
            short[] pcm = to8k(frame, toCallerDown);
            toCallerEnergy += LinearPcm.energy(pcm);
            toCallerSamples += pcm.length;
            fanOut(TAG_TO_CALLER, pcm);
        } else {
            toCallerSamples += TalkBuffer.FRAME_SAMPLES; // silence counts toward the level
        }
        if (++ticks % LEVEL_TICKS == 0) {
            double caller = LinearPcm.dbfs(callerEnergy.getAndSet(0), callerSamples.getAndSet(0));
            double assistant = LinearPcm.dbfs(toCallerEnergy, toCallerSamples);
            toCallerEnergy = 0;
            toCallerSamples = 0;
            broadcast(JSON.objectNode()
                    .put("type", "levels")
                    .put("caller", caller)
                    .put("assistant", assistant)
                    .toString());
        }
    }

    @Override
    public void suggestion(String itemId, String text) {
        if (call.copilot()) {
            broadcast(JSON.objectNode()
                    .put("type", "suggestion")
                    .put("text", text)
                    .put("itemId", itemId)
                    .toString());
        }
    }

    @Override
    public void callEnded(EndReason reason) {
        for (OperatorLink link : links) {
            link.close(1000, "call ended");
        }
    }

    private short[] to8k(byte[] frame, StreamingResampler down) {
        short[] pcm = LinearPcm.decode(format, frame);
        return down == null ? pcm : down.process(pcm);
    }

    private void fanOut(byte tag, short[] pcm) {
        byte[] tagged = null;
        for (OperatorLink link : links) {
            if (link.listening()) {
                if (tagged == null) {
                    byte[] prefix = {tag};
                    tagged = LinearPcm.toLittleEndian(pcm, prefix, 1);
                }
                link.sendAudio(tagged); // read-only from here on: every operator may share it
            }
        }
    }
}
