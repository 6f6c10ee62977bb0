package dev.voicebridge.gateway.sip.transport;

/**
 * Follows one SIP-over-TCP byte stream the way JAIN-SIP's NIO framer does (head lines up to an empty
 * line, then Content-Length bytes of body; CR and LF between messages are keep-alives), so the
 * gateway knows whether a message has started and not finished: the stack itself never times that
 * out. Checks each message's head ({@link MessageHead}) and reports it when it ends. Fed on the
 * stack's selector thread only; {@link #startedAt} is also read by the sweep thread.
 */
final class TcpFraming {

    /** Head lines are kept up to this many characters: enough for any header name and a start line. */
    static final int LINE_PREFIX = 1024;

    /** Told about each message as it ends, and once when one grows past the size limit. */
    interface Listener {
        void ended(long bytes, String fault);

        void oversized(long bytes);
    }

    private final int maxMessageBytes;
    private final Listener listener;
    private final StringBuilder line = new StringBuilder();
    private MessageHead head;
    private long bodyLeft = -1;
    private long bytes;
    private boolean oversizeReported;
    private volatile long startedAt;

    TcpFraming(int maxMessageBytes, Listener listener) {
        this.maxMessageBytes = maxMessageBytes;
        this.listener = listener;
    }

    /** {@link System#nanoTime()} when the message now arriving began, or 0 between messages. */
    long startedAt() {
        return startedAt;
    }

    /** Bytes of the message now arriving. */
    long bytes() {
        return bytes;
    }

    void feed(byte[] data, long now) {
        int i = 0;
        while (i < data.length) {
            if (head == null) {
                if (data[i] == '\r' || data[i] == '\n') {
                    i++;
                    continue;
                }
                head = new MessageHead();
                startedAt = now == 0 ? 1 : now;
            }
            if (bodyLeft >= 0) {
                int n = (int) Math.min(bodyLeft, data.length - i);
                i += n;
                bodyLeft -= n;
                count(n);
                if (bodyLeft == 0) {
                    end();
                }
                continue;
            }
            byte b = data[i++];
            count(1);
            if (b == '\n') {
                endOfLine();
            } else if (line.length() < LINE_PREFIX) {
                line.append((char) (b & 0xFF));
            }
        }
    }

    private void endOfLine() {
        MessageHead.trimCarriageReturn(line);
        if (!line.isEmpty()) {
            head.line(line.toString());
            line.setLength(0);
            return;
        }
        bodyLeft = head.contentLength();
        if (bodyLeft == 0) {
            end();
        }
    }

    private void count(int n) {
        bytes += n;
        if (!oversizeReported && bytes > maxMessageBytes) {
            oversizeReported = true;
            listener.oversized(bytes);
        }
    }

    private void end() {
        String fault = head.fault();
        long size = bytes;
        head = null;
        bodyLeft = -1;
        bytes = 0;
        oversizeReported = false;
        startedAt = 0;
        listener.ended(size, fault);
    }
}
