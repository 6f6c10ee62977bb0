package dev.voicebridge.gateway.recording;

/**
 * Told when a call's recording is where it belongs: the admin side puts the location on the call's
 * record and publishes {@code call.recorded}. Called on the recording's writer thread (a virtual
 * thread of its own), after the call ended; implementations may do I/O there.
 */
@FunctionalInterface
public interface RecordingListener {

    RecordingListener NONE = (callId, location, durationMs) -> {};

    /**
     * @param location   {@code s3://bucket/key} or a {@code file:} URI
     * @param durationMs the length of the recording
     */
    void recorded(String callId, String location, long durationMs);
}
