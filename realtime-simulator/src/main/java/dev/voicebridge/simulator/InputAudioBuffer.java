package dev.voicebridge.simulator;

import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A session's input audio buffer: appends (decoded, validated, recorded), input_audio_buffer.commit
 * and .clear, and the energy VAD the appends feed. A VAD turn commits the utterance to the
 * {@link Conversation} and, per the session's turn detection, starts or barges in on a response.
 * With {@link SimulatorOptions#echoImmediately()} appends skip all that and are echoed at once.
 *
 * <p>Owned by {@link SimulatedSession} and only called under its lock, on the socket's event loop
 * (client events) or, for {@link #reset}, wherever a session.update is handled (the same loop).
 */
final class InputAudioBuffer {

    private static final int MAX_APPEND_BYTES = 15 * 1024 * 1024;

    private final SimulatedSession session;
    private final ServerEvents events;
    private final Conversation conversation;
    private final ResponseStream responses;
    private final boolean echoImmediately;
    private AudioBuffer buffer;
    private EnergyVad vad;
    private String speechItemId;
    private long speechStartMs;

    InputAudioBuffer(
            SimulatedSession session,
            ServerEvents events,
            Conversation conversation,
            ResponseStream responses,
            boolean echoImmediately) {
        this.session = session;
        this.echoImmediately = echoImmediately;
        this.events = events;
        this.conversation = conversation;
        this.responses = responses;
        reset();
    }

    /**
     * Starts afresh for a new input format or turn detection: an empty buffer, and a VAD that carries
     * on the session's audio clock so audio_start_ms / audio_end_ms keep counting from the start.
     */
    void reset() {
        SessionConfig config = session.config();
        long nowMs = buffer == null ? 0 : vad.positionMs();
        buffer = new AudioBuffer(config.inputFormat().bytesPerMilli());
        vad = new EnergyVad(config.inputFormat().sampleRate(), config.turnDetection(), nowMs);
    }

    /** An append that came through the general JSON path (an unusual shape, or a bad audio field). */
    void append(JsonNode event) {
        JsonNode audioField = event.get("audio");
        ObjectNode recorded = (ObjectNode) event.deepCopy();
        recorded.remove("audio");
        if (audioField != null && !audioField.isString()) {
            session.record().recordClientEvent(AppendEvent.TYPE, recorded);
            throw RealtimeError.missingParameter("audio");
        }
        append(audioField == null ? null : audioField.stringValue(), recorded);
    }

    /**
     * @param base64   the append's audio field, or null when it has none
     * @param recorded the event without its audio, for the session record (null when not recording)
     */
    void append(String base64, ObjectNode recorded) {
        SessionRecord record = session.record();
        if (base64 == null) {
            record.recordClientEvent(AppendEvent.TYPE, recorded);
            throw RealtimeError.missingParameter("audio");
        }
        byte[] audio;
        try {
            audio = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            record.recordClientEvent(AppendEvent.TYPE, recorded);
            throw RealtimeError.invalidValue("audio", "Invalid 'audio'. Expected base64-encoded audio bytes.");
        }
        if (recorded != null) {
            recorded.put("audio_bytes", audio.length);
        }
        record.recordClientEvent(AppendEvent.TYPE, recorded);
        if (audio.length > MAX_APPEND_BYTES) {
            throw RealtimeError.invalidValue(
                    "audio", "Audio chunk of " + audio.length + " bytes exceeds the 15 MiB limit per append.");
        }
        record.recordInputAudio(audio);
        if (echoImmediately) {
            // Answered as it comes: nothing left to commit, and no VAD, so no turn or barge-in cuts the echo.
            responses.echo(audio);
            return;
        }
        buffer.append(audio);
        SessionConfig config = session.config();
        TurnDetection td = config.turnDetection();
        if (td.enabled()) {
            vad.accept(audio, config.inputFormat(), this::onVad);
            if (!vad.inSpeech()) {
                // Outside speech only the prefix padding (and what the VAD needs to start) can still be committed.
                buffer.keepLast(td.prefixPaddingMs() + EnergyVad.MIN_SPEECH_MS + EnergyVad.WINDOW_MS);
            }
        }
    }

    /** input_audio_buffer.commit, with turn detection off: at least 100 ms, as Azure requires. */
    void commit() {
        long millis = buffer.millis();
        if (millis < 100) {
            throw new RealtimeError(
                    "input_audio_buffer_commit_empty",
                    "Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has "
                            + millis + ".00ms of audio.",
                    null);
        }
        commit(Ids.newId("item"), buffer.commitFrom(Long.MIN_VALUE / 2));
    }

    void clear() {
        buffer.clear();
        events.send("input_audio_buffer.cleared", EventShapes.obj());
    }

    private void onVad(EnergyVad.Transition transition) {
        TurnDetection td = session.config().turnDetection();
        switch (transition) {
            case EnergyVad.SpeechStarted started -> {
                speechItemId = Ids.newId("item");
                speechStartMs = started.audioStartMs();
                events.send(
                        "input_audio_buffer.speech_started",
                        EventShapes.obj()
                                .put("audio_start_ms", started.audioStartMs())
                                .put("item_id", speechItemId));
                if (td.interruptResponse()) {
                    responses.bargeIn();
                }
            }
            case EnergyVad.SpeechStopped stopped -> {
                events.send(
                        "input_audio_buffer.speech_stopped",
                        EventShapes.obj()
                                .put("audio_end_ms", stopped.audioEndMs())
                                .put("item_id", speechItemId));
                commit(speechItemId, buffer.commitFrom(speechStartMs));
                if (td.createResponse()) {
                    responses.startIfIdle();
                }
            }
        }
    }

    private void commit(String itemId, byte[] utterance) {
        events.send(
                "input_audio_buffer.committed",
                EventShapes.obj()
                        .put("previous_item_id", conversation.lastItemId())
                        .put("item_id", itemId));
        conversation.addUtterance(itemId, utterance);
    }
}
