package dev.voicebridge.sma.flow;

import dev.voicebridge.model.event.SmaEvent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This Lambda's memory of one call, carried in the SMA TransactionAttributes. The SMA stores at most 10
 * keys reliably (an 11th was rejected in AWS's own example), and a response that sends a different key
 * set replaces the stored one, so every response that writes attributes writes all of them.
 *
 * @param phase       null before the first response of the call
 * @param attempt     bridge attempts made so far (1 after the first CallAndBridge)
 * @param hungUp      CallIds this Lambda already sent a Hangup for: a leg is hung up at most once
 * @param meetingId   the Chime SDK meeting of a meeting-mode or meeting-join call
 * @param attendeeId  the attendee the PSTN leg joined as
 * @param ownMeeting  the meeting was created for this call, so this Lambda ends it when the call ends
 * @param transferTo  the E.164 number of a transfer under way
 * @param endReason   why the call is ending, for the call-status record
 * @param others      attributes set by someone else (kept while the 10-key limit allows)
 */
public record CallAttributes(
        Phase phase,
        int attempt,
        Set<String> hungUp,
        String meetingId,
        String attendeeId,
        boolean ownMeeting,
        String transferTo,
        String endReason,
        Map<String, String> others) {

    public static final int MAX_KEYS = 10;
    static final String PHASE = "vbPhase";
    static final String ATTEMPT = "vbAttempt";
    static final String HUNG_UP = "vbHungUp";
    static final String MEETING_ID = "vbMeetingId";
    static final String ATTENDEE_ID = "vbAttendeeId";
    static final String OWN_MEETING = "vbOwnMeeting";
    static final String TRANSFER_TO = "vbTransferTo";
    static final String END_REASON = "vbEndReason";
    private static final Set<String> OWN =
            Set.of(PHASE, ATTEMPT, HUNG_UP, MEETING_ID, ATTENDEE_ID, OWN_MEETING, TRANSFER_TO, END_REASON);
    private static final int MAX_END_REASON = 200;
    private static final Logger log = LoggerFactory.getLogger(CallAttributes.class);

    public CallAttributes {
        hungUp = hungUp == null ? Set.of() : Set.copyOf(hungUp);
        others = others == null ? Map.of() : Map.copyOf(others);
        if (endReason != null && endReason.length() > MAX_END_REASON) {
            endReason = endReason.substring(0, MAX_END_REASON);
        }
    }

    public static CallAttributes none() {
        return new CallAttributes(null, 0, Set.of(), null, null, false, null, null, Map.of());
    }

    /** Reads the attributes of an event; values this Lambda cannot read are treated as absent, never fatal. */
    public static CallAttributes of(SmaEvent event) {
        Map<String, String> stored = event.callDetails().transactionAttributes();
        if (stored == null || stored.isEmpty()) {
            return none();
        }
        Phase phase = null;
        String rawPhase = stored.get(PHASE);
        if (rawPhase != null) {
            try {
                phase = Phase.valueOf(rawPhase);
            } catch (IllegalArgumentException e) {
                log.warn("ignoring unreadable TransactionAttribute {}='{}'", PHASE, rawPhase);
            }
        }
        int attempt = 0;
        String rawAttempt = stored.get(ATTEMPT);
        if (rawAttempt != null) {
            try {
                attempt = Math.max(0, Integer.parseInt(rawAttempt));
            } catch (NumberFormatException e) {
                log.warn("ignoring unreadable TransactionAttribute {}='{}'", ATTEMPT, rawAttempt);
            }
        }
        Set<String> hungUp = new LinkedHashSet<>();
        String rawHungUp = stored.get(HUNG_UP);
        if (rawHungUp != null && !rawHungUp.isBlank()) {
            Arrays.stream(rawHungUp.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .forEach(hungUp::add);
        }
        Map<String, String> others = new LinkedHashMap<>();
        stored.forEach((k, v) -> {
            if (!OWN.contains(k) && k != null && v != null) {
                others.put(k, v);
            }
        });
        return new CallAttributes(
                phase,
                attempt,
                hungUp,
                stored.get(MEETING_ID),
                stored.get(ATTENDEE_ID),
                "1".equals(stored.get(OWN_MEETING)),
                stored.get(TRANSFER_TO),
                stored.get(END_REASON),
                others);
    }

    public Optional<Phase> currentPhase() {
        return Optional.ofNullable(phase);
    }

    public boolean established() {
        return phase != null && phase.established();
    }

    public CallAttributes withPhase(Phase next) {
        return new CallAttributes(
                next, attempt, hungUp, meetingId, attendeeId, ownMeeting, transferTo, endReason, others);
    }

    public CallAttributes withAttempt(int next) {
        return new CallAttributes(
                phase, next, hungUp, meetingId, attendeeId, ownMeeting, transferTo, endReason, others);
    }

    public CallAttributes withHungUp(String callId) {
        Set<String> next = new LinkedHashSet<>(hungUp);
        next.add(callId);
        return new CallAttributes(
                phase, attempt, next, meetingId, attendeeId, ownMeeting, transferTo, endReason, others);
    }

    public CallAttributes withMeeting(String meeting, String attendee) {
        return new CallAttributes(phase, attempt, hungUp, meeting, attendee, ownMeeting, transferTo, endReason, others);
    }

    /** The meeting was made for this call (meeting mode), or, with false, it has been ended. */
    public CallAttributes withOwnMeeting(boolean own) {
        return new CallAttributes(phase, attempt, hungUp, meetingId, attendeeId, own, transferTo, endReason, others);
    }

    /**
     * With {@code key} kept among the others (an outbound call's profile, which the SMA does not repeat
     * after NEW_OUTBOUND_CALL); unchanged when the value is null.
     */
    public CallAttributes withOther(String key, String value) {
        if (value == null) {
            return this;
        }
        Map<String, String> next = new LinkedHashMap<>(others);
        next.put(key, value);
        return new CallAttributes(
                phase, attempt, hungUp, meetingId, attendeeId, ownMeeting, transferTo, endReason, next);
    }

    public CallAttributes withTransferTo(String number) {
        return new CallAttributes(phase, attempt, hungUp, meetingId, attendeeId, ownMeeting, number, endReason, others);
    }

    /** Keeps the first reason: the cause, not the hang-ups that follow it. */
    public CallAttributes endingBecause(String reason) {
        return new CallAttributes(
                Phase.ENDING,
                attempt,
                hungUp,
                meetingId,
                attendeeId,
                ownMeeting,
                transferTo,
                endReason != null ? endReason : reason,
                others);
    }

    /** The full set to store, own keys first; other attributes are kept while the 10-key limit allows. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        put(map, PHASE, phase == null ? null : phase.name());
        put(map, ATTEMPT, attempt == 0 ? null : Integer.toString(attempt));
        put(map, HUNG_UP, hungUp.isEmpty() ? null : String.join(",", hungUp));
        put(map, MEETING_ID, meetingId);
        put(map, ATTENDEE_ID, attendeeId);
        put(map, OWN_MEETING, ownMeeting ? "1" : null);
        put(map, TRANSFER_TO, transferTo);
        put(map, END_REASON, endReason);
        for (Map.Entry<String, String> e : others.entrySet()) {
            if (map.size() >= MAX_KEYS) {
                log.warn("dropping TransactionAttribute '{}': the SMA keeps at most {} keys", e.getKey(), MAX_KEYS);
                continue;
            }
            map.put(e.getKey(), e.getValue());
        }
        return map;
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
