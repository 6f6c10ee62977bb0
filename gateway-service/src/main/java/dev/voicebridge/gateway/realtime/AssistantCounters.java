package dev.voicebridge.gateway.realtime;

import dev.voicebridge.gateway.realtime.protocol.Usage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one call's assistant has done so far, for its stats and metrics. Lock-free: written by the
 * Realtime event loop (responses, errors, reconnects, rollovers), the caller's transport event loop
 * (bytes sent, truncates) and Reactor workers, and read by anyone, e.g. the admin API, without ever
 * waiting for the link's lock.
 */
final class AssistantCounters {

    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong rollovers = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong truncates = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong responses = new AtomicLong();
    private final AtomicReference<Usage> usage = new AtomicReference<>(Usage.ZERO);

    void reconnected() {
        reconnects.incrementAndGet();
    }

    void rolledOver() {
        rollovers.incrementAndGet();
    }

    void serverError() {
        serverErrors.incrementAndGet();
    }

    void truncated() {
        truncates.incrementAndGet();
    }

    void sent(int bytes) {
        bytesSent.addAndGet(bytes);
    }

    /** A response ended; {@code used} is what the server billed for it. */
    void responseDone(Usage used) {
        usage.accumulateAndGet(used, Usage::plus);
        responses.incrementAndGet();
    }

    long reconnects() {
        return reconnects.get();
    }

    long rollovers() {
        return rollovers.get();
    }

    long serverErrors() {
        return serverErrors.get();
    }

    long truncates() {
        return truncates.get();
    }

    long bytesSent() {
        return bytesSent.get();
    }

    int responses() {
        return (int) responses.get();
    }

    Usage usage() {
        return usage.get();
    }
}
