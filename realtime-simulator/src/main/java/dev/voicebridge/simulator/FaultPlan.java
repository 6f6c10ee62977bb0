package dev.voicebridge.simulator;

import java.time.Duration;
import java.util.List;

/** The scripted faults that concern one session, looked up by response turn. */
final class FaultPlan {

    /** Azure's maximum session length. */
    static final Duration AZURE_LIFETIME = Duration.ofMinutes(30);

    private final List<Fault> faults;
    private final int session;

    FaultPlan(List<Fault> faults, int session) {
        this.faults = faults;
        this.session = session;
    }

    Fault.ErrorEvent errorAt(int turn) {
        return find(Fault.ErrorEvent.class, turn);
    }

    Fault.Stall stallAt(int turn) {
        return find(Fault.Stall.class, turn);
    }

    /** True when the connection should drop after {@code deltasSent} deltas of this turn's response. */
    boolean dropAt(int turn, int deltasSent) {
        Fault.DropConnection drop = find(Fault.DropConnection.class, turn);
        return drop != null && drop.afterDeltas() == deltasSent;
    }

    /** How long the session lives: Azure's 30 minutes unless a SessionExpiry says otherwise. */
    Duration lifetime() {
        for (Fault f : faults) {
            if (f instanceof Fault.SessionExpiry e && e.session() == session) {
                return e.lifetime();
            }
        }
        return AZURE_LIFETIME;
    }

    /** How late this session's session.updated comes: zero unless a SlowSessionUpdate names it. */
    Duration sessionUpdatedDelay() {
        for (Fault f : faults) {
            if (f instanceof Fault.SlowSessionUpdate slow && slow.session() == session) {
                return slow.delay();
            }
        }
        return Duration.ZERO;
    }

    private <F extends Fault> F find(Class<F> kind, int turn) {
        for (Fault f : faults) {
            boolean matches = switch (f) {
                case Fault.ErrorEvent e -> e.session() == session && e.turn() == turn;
                case Fault.Stall s -> s.session() == session && s.turn() == turn;
                case Fault.DropConnection d -> d.session() == session && d.turn() == turn;
                default -> false;
            };
            if (matches && kind.isInstance(f)) {
                return kind.cast(f);
            }
        }
        return null;
    }
}
