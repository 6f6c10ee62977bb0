package dev.voicebridge.gateway.realtime;

import dev.voicebridge.gateway.logging.CallLogContext;
import dev.voicebridge.gateway.realtime.protocol.ClientEvents;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Keys the caller pressed. They are gathered until '#' or a pause, then told to the model as one
 * text item ("pressed 1 2 3"), and the model is asked to answer if it is not already speaking:
 * callers pressing keys expect a reaction.
 *
 * <p>Threads: the caller's transport event loop (SIP INFO, RTP events or WebSocket dtmf messages)
 * and a Reactor parallel worker (the pause timer). Its monitor guards the digits and keeps what is
 * told in the order it was pressed; only {@link RealtimeConnection#send} (a leaf lock) is called
 * under it. It never takes the link's lock: the live link and whether a response is active are read
 * through volatiles, so a response.create may cross one the server is starting, which the server
 * answers with conversation_already_has_active_response, a benign error.
 */
final class KeypadDigits {

    static final Duration PAUSE = Duration.ofMillis(1500);
    private static final Logger log = LoggerFactory.getLogger(KeypadDigits.class);

    private final String callId;
    private final Duration pause;
    private final Supplier<LiveLink> live;
    private final BooleanSupplier responseActive;
    private final ClientEvents events;

    private final StringBuilder digits = new StringBuilder();
    private Disposable timer;
    // Tells a pause timer that fired while a key was being pressed that its digits are not complete.
    private long pressedCount;
    private boolean closed;

    KeypadDigits(
            String callId,
            Duration pause,
            Supplier<LiveLink> live,
            BooleanSupplier responseActive,
            ClientEvents events) {
        this.callId = callId;
        this.pause = pause;
        this.live = live;
        this.responseActive = responseActive;
        this.events = events;
    }

    synchronized void pressed(char digit) {
        if (closed) {
            return;
        }
        digits.append(digits.isEmpty() ? "" : " ").append(digit);
        long count = ++pressedCount;
        cancelTimer();
        if (digit == '#') {
            tell();
        } else {
            timer = Mono.delay(pause).subscribe(x -> paused(count));
        }
    }

    /** No more digits will be told; a pending pause is forgotten. */
    synchronized void close() {
        closed = true;
        cancelTimer();
        digits.setLength(0);
    }

    private synchronized void paused(long count) {
        if (count == pressedCount && !closed) {
            tell();
        }
    }

    private void tell() {
        if (digits.isEmpty()) {
            return;
        }
        String pressed = digits.toString();
        digits.setLength(0);
        LiveLink link = live.get();
        CallLogContext.run(callId, () -> {
            if (link == null) {
                log.info("caller pressed {} while no session was live; not passed on", pressed);
                return;
            }
            RealtimeConnection connection = link.connection();
            connection.send(events.textMessage(false, "[The caller pressed on the keypad: " + pressed + "]"));
            if (!responseActive.getAsBoolean()) {
                connection.send(events.responseCreate());
            }
            log.info("caller pressed {}; told the model", pressed);
        });
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.dispose();
            timer = null;
        }
    }
}
