package dev.voicebridge.gateway.sip.sdp;

/** The SDP direction attributes (RFC 3264 section 5.1), from the point of view of who wrote the SDP. */
public enum MediaDirection {
    SENDRECV,
    SENDONLY,
    RECVONLY,
    INACTIVE;

    /** The direction an answer takes to this offered one (RFC 3264 section 6.1). */
    public MediaDirection answer() {
        return switch (this) {
            case SENDRECV -> SENDRECV;
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            case INACTIVE -> INACTIVE;
        };
    }

    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    public String attribute() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static MediaDirection fromAttribute(String attribute) {
        return switch (attribute) {
            case "sendrecv" -> SENDRECV;
            case "sendonly" -> SENDONLY;
            case "recvonly" -> RECVONLY;
            case "inactive" -> INACTIVE;
            default -> null;
        };
    }
}
