package dev.voicebridge.bench.wire;

/**
 * The Realtime protocol's field names and event types as the bytes {@link JsonBytes} matches, in
 * one place for the tap and the direct caller (both read the same Azure messages).
 */
public final class RealtimeWire {

    public static final byte[] TYPE = JsonBytes.key("type");
    public static final byte[] AUDIO = JsonBytes.key("audio");
    public static final byte[] DELTA = JsonBytes.key("delta");
    public static final byte[] APPEND = JsonBytes.ascii("input_audio_buffer.append");
    public static final byte[] SPEECH_STARTED = JsonBytes.ascii("input_audio_buffer.speech_started");
    public static final byte[] GA_AUDIO_DELTA = JsonBytes.ascii("response.output_audio.delta");
    public static final byte[] PREVIEW_AUDIO_DELTA = JsonBytes.ascii("response.audio.delta");
    public static final byte[] SESSION_CREATED = JsonBytes.ascii("session.created");
    public static final byte[] SESSION_UPDATED = JsonBytes.ascii("session.updated");
    public static final byte[] RESPONSE_DONE = JsonBytes.ascii("response.done");

    private RealtimeWire() {}
}
