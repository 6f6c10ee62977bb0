package dev.voicebridge.simulator;

import java.util.concurrent.atomic.AtomicLong;

/** Ids in Azure's style ({@code item_...}, {@code resp_...}), unique across every simulator in the JVM. */
final class Ids {

    private static final AtomicLong NEXT = new AtomicLong();

    private Ids() {}

    static long next() {
        return NEXT.incrementAndGet();
    }

    /** A prefixed id; the nanoTime suffix keeps ids of two test runs in one log apart. */
    static String newId(String prefix) {
        return prefix + "_" + Long.toString(next(), 36) + Long.toString(System.nanoTime() & 0xFFFFFF, 36);
    }
}
