package dev.voicebridge.gateway.websocket;

import java.util.Map;

/**
 * Inbound messages of the Twilio Media Streams convention, as a media source sends them. Only the
 * fields the gateway uses are kept; unknown fields are ignored.
 */
public sealed interface MediaMessage {

    /** {@code connected}: the first message; says which protocol the source speaks. */
    record Connected(String protocol, String version) implements MediaMessage {}

    /** {@code start}: the stream's metadata; audio may follow. */
    record Start(
            String streamSid,
            String callSid,
            java.util.List<String> tracks,
            MediaFormat mediaFormat,
            Map<String, String> customParameters)
            implements MediaMessage {}

    /** {@code mediaFormat} of a start message. */
    record MediaFormat(String encoding, int sampleRate, int channels) {}

    /** {@code media}: one chunk of caller audio, already base64-decoded. */
    record Media(String streamSid, String track, long chunk, long timestamp, byte[] payload) implements MediaMessage {}

    /** {@code dtmf}: a key the caller pressed. */
    record Dtmf(String streamSid, char digit) implements MediaMessage {}

    /** {@code mark}: the source played up to a mark the gateway sent earlier. */
    record Mark(String streamSid, String name) implements MediaMessage {}

    /** {@code stop}: the call ended on the source's side. */
    record Stop(String streamSid) implements MediaMessage {}

    /** An event name this gateway does not know: ignored, so newer sources still work. */
    record Unknown(String event) implements MediaMessage {}
}
