package dev.voicebridge.gateway.realtime.protocol;

/**
 * The complete turn_detection object. It is always sent whole: partially filled objects were seen to
 * pick over-sensitive defaults, which on a phone line means the assistant keeps interrupting itself.
 *
 * @param type              server_vad or semantic_vad
 * @param threshold         server_vad activation threshold, 0..1 (raise it for noisy lines)
 * @param prefixPaddingMs   server_vad audio kept before detected speech
 * @param silenceDurationMs server_vad silence that ends a turn; adds directly to answer latency
 * @param eagerness         semantic_vad: low, medium, high or auto
 * @param createResponse    whether the server answers each turn by itself
 * @param interruptResponse whether the server cancels its response when the caller speaks
 */
public record TurnDetection(
        Type type,
        double threshold,
        int prefixPaddingMs,
        int silenceDurationMs,
        String eagerness,
        boolean createResponse,
        boolean interruptResponse) {

    public enum Type {
        SERVER_VAD("server_vad"),
        SEMANTIC_VAD("semantic_vad");

        private final String wire;

        Type(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Type fromWire(String value) {
            for (Type t : values()) {
                if (t.wire.equals(value)) {
                    return t;
                }
            }
            return null;
        }
    }

    public TurnDetection {
        if (type == null) {
            throw new IllegalArgumentException("turn detection type must be set");
        }
        if (threshold < 0 || threshold > 1) {
            throw new IllegalArgumentException("VAD threshold " + threshold + " is outside 0..1");
        }
        eagerness = eagerness == null || eagerness.isBlank() ? "auto" : eagerness;
    }

    public static TurnDetection phoneDefaults() {
        return new TurnDetection(Type.SERVER_VAD, 0.6, 300, 500, "auto", true, true);
    }
}
