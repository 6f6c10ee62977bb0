package dev.voicebridge.gateway.sip;

import dev.voicebridge.gateway.call.EndReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters over the SIP endpoint's life, for metrics. */
public final class SipStats {

    private final LongAdder answered = new LongAdder();
    private final Map<Integer, LongAdder> refused = new ConcurrentHashMap<>();
    private final Map<EndReason, LongAdder> ended = new EnumMap<>(EndReason.class);

    SipStats() {
        for (EndReason reason : EndReason.values()) {
            ended.put(reason, new LongAdder());
        }
    }

    void answered() {
        answered.increment();
    }

    void refused(int status) {
        refused.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    void ended(EndReason reason) {
        ended.get(reason).increment();
    }

    /** INVITEs answered with 200 OK. */
    public long answeredCount() {
        return answered.sum();
    }

    /** INVITEs refused with {@code status}. */
    public long refusedCount(int status) {
        LongAdder adder = refused.get(status);
        return adder == null ? 0 : adder.sum();
    }

    /** Calls that ended for {@code reason}. */
    public long endedCount(EndReason reason) {
        return ended.get(reason).sum();
    }
}
