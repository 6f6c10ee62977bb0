package dev.voicebridge.gateway.sip.transport;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP-over-TCP and SIP-over-TLS connections peers have open to the gateway, and the sweep that
 * closes the ones that overstay: a request not whole within the read timeout of its first byte (however slowly bytes
 * keep coming), or nothing received for the idle timeout. JAIN-SIP's own READ_TIMEOUT only applies
 * to its blocking TCP transport, not the NIO one the gateway uses. Connections are added on the
 * stack's selector thread and removed from whichever thread closes them; the sweep runs on the SIP
 * timer thread, every quarter of the shorter timeout (at most every second), so a connection goes
 * within its timeout plus one sweep period.
 */
final class TcpConnections {

    private static final Logger log = LoggerFactory.getLogger(TcpConnections.class);

    private final Set<ConnectionWatch.Channel> open = ConcurrentHashMap.newKeySet();
    private final Duration readTimeout;
    private final Duration idleTimeout;
    private final int maxMessageBytes;
    private final RefusedInputLog inputLog;
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong timedOut = new AtomicLong();
    private final AtomicLong tlsRefused = new AtomicLong();
    private volatile long periodNanos;
    private ScheduledFuture<?> sweep;

    TcpConnections(Duration readTimeout, Duration idleTimeout, int maxMessageBytes, RefusedInputLog inputLog) {
        this.readTimeout = readTimeout;
        this.idleTimeout = idleTimeout;
        this.maxMessageBytes = maxMessageBytes;
        this.inputLog = inputLog;
    }

    synchronized void start(ScheduledExecutorService timer) {
        long period = Math.clamp(Math.min(readTimeout.toMillis(), idleTimeout.toMillis()) / 4, 10, 1000);
        periodNanos = TimeUnit.MILLISECONDS.toNanos(period);
        sweep = timer.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (sweep != null) {
            sweep.cancel(false);
            sweep = null;
        }
    }

    void add(ConnectionWatch.Channel connection) {
        open.add(connection);
    }

    void forget(ConnectionWatch.Channel connection) {
        open.remove(connection);
    }

    int size() {
        return open.size();
    }

    int maxMessageBytes() {
        return maxMessageBytes;
    }

    long malformed() {
        return malformed.get();
    }

    long timedOut() {
        return timedOut.get();
    }

    void malformed(ConnectionWatch connection, long bytes, String fault) {
        malformed.incrementAndGet();
        inputLog.malformed(connection.peer(), connection.transport(), bytes, fault);
    }

    /** A TLS peer's bytes failed to decrypt: in the handshake, or in a record after it. */
    void tlsRefused(ConnectionWatch connection, boolean afterHandshake, String reason) {
        tlsRefused.incrementAndGet();
        inputLog.tlsRefused(connection.peer(), afterHandshake, reason);
    }

    long tlsRefused() {
        return tlsRefused.get();
    }

    private void sweep() {
        long now = System.nanoTime();
        for (ConnectionWatch.Channel connection : open) {
            try {
                check(connection, now);
            } catch (RuntimeException e) {
                // one broken connection must not stop the sweep of the others, or its schedule
                log.debug(
                        "Could not check SIP connection from {}: {}",
                        connection.watch().peer(),
                        e.toString());
            }
        }
    }

    private void check(ConnectionWatch.Channel connection, long now) {
        ConnectionWatch watch = connection.watch();
        long ending = watch.endingSince();
        if (ending != 0) {
            if (now - ending > periodNanos) {
                watch.end(true); // the selector has not closed it for a whole period: close it here
            }
            return;
        }
        InetAddress peer = watch.peer();
        long started = connection.requestStartedAt();
        if (started != 0 && now - started > readTimeout.toNanos()) {
            timedOut.incrementAndGet();
            inputLog.slowRequest(peer, watch.transport(), watch.requestBytes(), readTimeout);
            watch.end(true);
        } else if (now - watch.lastReceivedAt() > idleTimeout.toNanos()) {
            timedOut.incrementAndGet();
            inputLog.idle(peer, watch.transport(), idleTimeout);
            watch.end(false);
        }
    }
}
