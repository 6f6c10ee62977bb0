package dev.voicebridge.bench.tap;

import io.netty.buffer.ByteBuf;
import java.util.function.BiConsumer;

/**
 * Reads one direction of a proxied WebSocket without changing it: skips the HTTP upgrade, then cuts
 * the byte stream into frames (masked or not, any length, split across TCP reads) and hands each
 * complete text message, unmasked, to a consumer. Compression is never negotiated by the gateway or
 * the simulator, so payloads are plain JSON.
 */
final class WebSocketSniffer {

    private final BiConsumer<byte[], Integer> onText;
    private boolean upgraded;
    private int headerMatch;
    private final byte[] head = new byte[14];
    private int headLength;
    private long payloadLeft = -1;
    private boolean masked;
    private final byte[] mask = new byte[4];
    private long maskIndex;
    private int opcode;
    private boolean fin;
    private boolean textMessage;
    private byte[] message = new byte[4096];
    private int messageLength;

    /** @param onText receives a text message's bytes and its length (the array is reused after the call) */
    WebSocketSniffer(BiConsumer<byte[], Integer> onText) {
        this.onText = onText;
    }

    void read(ByteBuf buf) {
        int i = buf.readerIndex();
        int end = buf.writerIndex();
        while (i < end) {
            if (!upgraded) {
                byte b = buf.getByte(i++);
                // The upgrade request or response ends at the first CR LF CR LF.
                headerMatch = switch (headerMatch) {
                    case 0, 2 -> b == '\r' ? headerMatch + 1 : 0;
                    case 1, 3 -> b == '\n' ? headerMatch + 1 : b == '\r' ? 1 : 0;
                    default -> 0;
                };
                if (headerMatch == 4) {
                    upgraded = true;
                }
                continue;
            }
            if (payloadLeft < 0) {
                head[headLength++] = buf.getByte(i++);
                int needed = headerLength();
                if (headLength == needed) {
                    startFrame();
                }
                continue;
            }
            int n = (int) Math.min(payloadLeft, end - i);
            if (textMessage) {
                ensure(messageLength + n);
                buf.getBytes(i, message, messageLength, n);
                if (masked) {
                    for (int k = 0; k < n; k++) {
                        message[messageLength + k] ^= mask[(int) (maskIndex++ & 3)];
                    }
                }
                messageLength += n;
            }
            i += n;
            payloadLeft -= n;
            if (payloadLeft == 0) {
                endFrame();
            }
        }
    }

    private int headerLength() {
        if (headLength < 2) {
            return 2;
        }
        int len7 = head[1] & 0x7F;
        int ext = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
        return 2 + ext + ((head[1] & 0x80) != 0 ? 4 : 0);
    }

    private void startFrame() {
        fin = (head[0] & 0x80) != 0;
        opcode = head[0] & 0x0F;
        masked = (head[1] & 0x80) != 0;
        int len7 = head[1] & 0x7F;
        int p = 2;
        long length;
        if (len7 == 126) {
            length = ((head[2] & 0xFF) << 8) | (head[3] & 0xFF);
            p = 4;
        } else if (len7 == 127) {
            length = 0;
            for (int k = 0; k < 8; k++) {
                length = (length << 8) | (head[2 + k] & 0xFF);
            }
            p = 10;
        } else {
            length = len7;
        }
        if (masked) {
            System.arraycopy(head, p, mask, 0, 4);
        }
        maskIndex = 0;
        headLength = 0;
        if (opcode == 1) {
            textMessage = true;
            messageLength = 0;
        } else if (opcode != 0) {
            // Control frames may arrive between the fragments of a text message; they are not text.
            if (opcode >= 8) {
                controlFrame(length);
                return;
            }
            textMessage = false;
        }
        payloadLeft = length;
        if (length == 0) {
            endFrame();
        }
    }

    private boolean resumeText;

    private void controlFrame(long length) {
        resumeText = textMessage;
        textMessage = false;
        payloadLeft = length;
        if (length == 0) {
            endFrame();
        }
    }

    private void endFrame() {
        payloadLeft = -1;
        if (opcode >= 8) {
            textMessage = resumeText;
            resumeText = false;
            return;
        }
        if (fin && textMessage) {
            onText.accept(message, messageLength);
            textMessage = false;
            messageLength = 0;
        }
    }

    private void ensure(int capacity) {
        if (capacity > message.length) {
            message = java.util.Arrays.copyOf(message, Math.max(capacity, message.length * 2));
        }
    }
}
