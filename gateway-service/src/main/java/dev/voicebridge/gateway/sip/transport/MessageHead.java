package dev.voicebridge.gateway.sip.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the gateway checks in one SIP message's head before JAIN-SIP parses it: that it starts like a
 * request or status line, and that the five headers RFC 3261 (8.1.1) requires are there. Without
 * them the stack logs the whole message at ERROR, or fails with a NullPointerException and a
 * decimal dump of the packet, instead of refusing it. Also reads Content-Length for the TCP framing.
 * Fed one line at a time, without its line end and possibly cut to a prefix; one reader thread owns
 * it.
 */
final class MessageHead {

    /** Only the start: the Request-URI can be long (it carries the token) and the stack checks the rest. */
    private static final Pattern START_LINE = Pattern.compile("(?:[A-Za-z]+ \\S|SIP/\\d).*", Pattern.DOTALL);

    private static final String[] MANDATORY = {"From", "To", "Call-ID", "CSeq", "Via"};
    private static final int ALL = (1 << MANDATORY.length) - 1;

    private int lines;
    private boolean startLine;
    private int seen;
    private long contentLength;
    private boolean badContentLength;

    void line(String line) {
        if (lines++ == 0) {
            startLine = START_LINE.matcher(line).matches();
            return;
        }
        int colon = line.indexOf(':');
        if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
            return; // a folded continuation, or not a header: the stack's parser decides
        }
        switch (line.substring(0, colon).strip().toLowerCase(Locale.ROOT)) {
            case "from", "f" -> seen |= 1;
            case "to", "t" -> seen |= 2;
            case "call-id", "i" -> seen |= 4;
            case "cseq" -> seen |= 8;
            case "via", "v" -> seen |= 16;
            // Not the compact "l": JAIN-SIP's NIO framer only knows the long name, and the TCP framing
            // must end messages where the stack does.
            case "content-length" -> readContentLength(line.substring(colon + 1).strip());
            default -> {
                // any other header is the stack's business
            }
        }
    }

    private void readContentLength(String value) {
        try {
            contentLength = Long.parseLong(value);
            badContentLength = contentLength < 0;
        } catch (NumberFormatException e) {
            badContentLength = true;
        }
    }

    /** Body bytes the head announces (0 when it announces none or nonsense). */
    long contentLength() {
        return badContentLength ? 0 : contentLength;
    }

    /** What is wrong with this head in a few words, or null when the stack can take it. */
    String fault() {
        if (!startLine) {
            return "no SIP request or status line";
        }
        if (seen != ALL) {
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < MANDATORY.length; i++) {
                if ((seen & (1 << i)) == 0) {
                    missing.add(MANDATORY[i]);
                }
            }
            return "missing mandatory header(s): " + String.join(", ", missing);
        }
        return badContentLength ? "a Content-Length that is not a byte count" : null;
    }

    /**
     * The fault of one whole datagram, or null. A datagram of CR and LF only is a keep-alive, and
     * fine.
     */
    static String faultOfDatagram(byte[] data, int offset, int length) {
        MessageHead head = new MessageHead();
        StringBuilder line = new StringBuilder();
        boolean anything = false;
        for (int i = offset; i < offset + length; i++) {
            char c = (char) (data[i] & 0xFF);
            if (c == '\n') {
                trimCarriageReturn(line);
                if (line.isEmpty() && head.lines > 0) {
                    break; // end of the head
                }
                if (!line.isEmpty()) {
                    head.line(line.toString());
                }
                line.setLength(0);
            } else if (line.length() < TcpFraming.LINE_PREFIX) {
                line.append(c);
            }
            anything |= c != '\r' && c != '\n';
        }
        if (!anything) {
            return null;
        }
        trimCarriageReturn(line);
        if (!line.isEmpty()) {
            head.line(line.toString());
        }
        return head.fault();
    }

    static void trimCarriageReturn(StringBuilder line) {
        if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
            line.setLength(line.length() - 1);
        }
    }
}
