package dev.voicebridge.gateway.rtp.srtp;

/**
 * The receiver's replay list of one stream (RFC 3711 section 3.3.2): the highest index
 * authenticated so far and a 64-packet sliding bitmap behind it. An index is fresh if it is above
 * the highest, or within the window and not yet seen. Only authenticated packets are {@link #accept
 * accepted}, so forged packets cannot move the window. Not thread-safe: owned by the thread that
 * owns its transform.
 */
final class ReplayWindow {

    static final int SIZE = 64;

    private long highest = -1;
    private long seen; // bit i: highest - i was received

    /** Why an index is refused, or null when it is fresh. */
    SrtpException.Reason check(long index) {
        if (highest < 0 || index > highest) {
            return null;
        }
        long behind = highest - index;
        if (behind >= SIZE) {
            return SrtpException.Reason.TOO_OLD;
        }
        return (seen & (1L << behind)) != 0 ? SrtpException.Reason.REPLAYED : null;
    }

    /** Records an authenticated index; call only after {@link #check} found it fresh. */
    void accept(long index) {
        if (highest < 0) {
            highest = index;
            seen = 1;
        } else if (index > highest) {
            long ahead = index - highest;
            seen = ahead >= SIZE ? 1 : (seen << ahead) | 1;
            highest = index;
        } else {
            seen |= 1L << (highest - index);
        }
    }

    long highest() {
        return highest;
    }
}
