package dev.voicebridge.gateway.json;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Base64 audio inside JSON text, for the per-frame paths (every call, 50 times a second each way),
 * without the intermediate Strings and arrays the obvious code makes.
 *
 * <p>Decoding reads the parser's own character buffer and keeps {@link Base64#getDecoder()}'s exact
 * rules, the ones the gateway always applied: Jackson's {@code getBinaryValue} would also accept
 * whitespace between quads, so a payload the gateway rejects would pass on one path and fail on the
 * other. Encoding writes prefix, base64 and suffix into one per-thread scratch buffer, so the
 * finished {@code String} is the only allocation. Both scratch buffers are per thread because the
 * callers are a few fixed threads (event loops, the media clock); a buffer that would grow past
 * {@link #MAX_SCRATCH} is allocated for that one message instead.
 */
public final class JsonBase64 {

    /** Scratch kept per thread: 100 ms of 24 kHz PCM16 is 6,400 base64 characters; this is 5x that. */
    static final int MAX_SCRATCH = 32 * 1024;

    private static final byte[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".getBytes(StandardCharsets.ISO_8859_1);
    private static final ThreadLocal<byte[]> ENCODE_SCRATCH = ThreadLocal.withInitial(() -> new byte[1024]);

    private JsonBase64() {}

    /**
     * Decodes the string value the parser is on, straight from its buffer (escapes such as
     * {@code \/} already resolved by the parser).
     *
     * @throws IllegalArgumentException when the value is not base64 (the same inputs
     *                                  {@code Base64.getDecoder().decode(String)} rejects)
     * @throws IllegalStateException    when the parser is not on a string value
     */
    public static byte[] decodeString(JsonParser parser) {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw new IllegalStateException("not on a string value: " + parser.currentToken());
        }
        char[] chars = parser.getStringCharacters();
        int offset = parser.getStringOffset();
        int length = parser.getStringLength();
        // The JDK's ASCII encoder narrows chars to bytes with a vectorized intrinsic; anything outside
        // ASCII is not base64 and must not reach the decoder narrowed ((byte) U+0141 is 'A').
        DecodeScratch scratch = DecodeScratch.LOCAL.get();
        ByteBuffer ascii = scratch.buffer(length);
        CoderResult result = scratch.ascii.reset().encode(CharBuffer.wrap(chars, offset, length), ascii, true);
        if (result.isError()) {
            throw new IllegalArgumentException("base64 text with a character outside ASCII");
        }
        ByteBuffer decoded = Base64.getDecoder().decode(ascii.flip());
        byte[] array = decoded.array();
        return decoded.remaining() == array.length ? array : Arrays.copyOf(array, decoded.remaining());
    }

    /**
     * {@code prefix + base64(audio[0..length)) + suffix} as one Latin-1 string; prefix and suffix
     * must already be JSON-escaped ASCII.
     */
    public static String wrap(byte[] prefix, byte[] audio, int length, byte[] suffix) {
        if (length < 0 || length > audio.length) {
            throw new IndexOutOfBoundsException("length " + length + " of " + audio.length + " bytes");
        }
        int total = prefix.length + 4 * ((length + 2) / 3) + suffix.length;
        byte[] out = scratch(ENCODE_SCRATCH, total);
        int end;
        if (length == audio.length) {
            // The JDK's encoder is a vectorized intrinsic but only writes at index 0: encode there,
            // then slide the text right to make room for the prefix (arraycopy handles the overlap).
            int encoded = Base64.getEncoder().encode(audio, out);
            System.arraycopy(out, 0, out, prefix.length, encoded);
            end = prefix.length + encoded;
        } else {
            end = encode(audio, length, out, prefix.length);
        }
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(suffix, 0, out, end, suffix.length);
        return new String(out, 0, total, StandardCharsets.ISO_8859_1);
    }

    /**
     * Standard base64 with padding, as {@link Base64#getEncoder()} writes it, of the first
     * {@code length} bytes of {@code src} at {@code at}; returns the end. The JDK has no call for
     * part of an array into the middle of another.
     */
    private static int encode(byte[] src, int length, byte[] dst, int at) {
        int full = length - length % 3;
        int d = at;
        for (int s = 0; s < full; s += 3) {
            int bits = (src[s] & 0xFF) << 16 | (src[s + 1] & 0xFF) << 8 | (src[s + 2] & 0xFF);
            dst[d] = ALPHABET[bits >>> 18];
            dst[d + 1] = ALPHABET[(bits >>> 12) & 0x3F];
            dst[d + 2] = ALPHABET[(bits >>> 6) & 0x3F];
            dst[d + 3] = ALPHABET[bits & 0x3F];
            d += 4;
        }
        int rest = length - full;
        if (rest > 0) {
            int bits = (src[full] & 0xFF) << 16 | (rest == 2 ? (src[full + 1] & 0xFF) << 8 : 0);
            dst[d] = ALPHABET[bits >>> 18];
            dst[d + 1] = ALPHABET[(bits >>> 12) & 0x3F];
            dst[d + 2] = rest == 2 ? ALPHABET[(bits >>> 6) & 0x3F] : (byte) '=';
            dst[d + 3] = (byte) '=';
            d += 4;
        }
        return d;
    }

    private static byte[] scratch(ThreadLocal<byte[]> local, int size) {
        byte[] buffer = local.get();
        if (buffer.length >= size) {
            return buffer;
        }
        if (size > MAX_SCRATCH) {
            return new byte[size];
        }
        buffer = new byte[Math.min(MAX_SCRATCH, Math.max(size, buffer.length * 2))];
        local.set(buffer);
        return buffer;
    }

    /** A thread's decoding tools, kept so that a frame costs no buffer wrappers and no encoder. */
    private static final class DecodeScratch {

        static final ThreadLocal<DecodeScratch> LOCAL = ThreadLocal.withInitial(DecodeScratch::new);

        final CharsetEncoder ascii = StandardCharsets.US_ASCII
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        private ByteBuffer buffer = ByteBuffer.allocate(1024);

        /** An empty buffer for {@code size} bytes: this thread's, or for a huge message a new one. */
        ByteBuffer buffer(int size) {
            if (buffer.capacity() < size) {
                if (size > MAX_SCRATCH) {
                    return ByteBuffer.allocate(size);
                }
                buffer = ByteBuffer.allocate(Math.min(MAX_SCRATCH, Math.max(size, buffer.capacity() * 2)));
            }
            return buffer.clear();
        }
    }
}
