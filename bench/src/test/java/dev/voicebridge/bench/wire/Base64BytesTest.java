package dev.voicebridge.bench.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The harness's own base64 must agree with the JDK's byte for byte, or stamps would be misread. */
class Base64BytesTest {

    @Test
    void shouldDecodeWhatTheJdkEncodesAtEveryLengthAndOffset() {
        // Given random audio of every length up to two 100 ms deltas, encoded by the JDK inside a message
        Random random = new Random(11);
        byte[] out = new byte[2000];
        for (int length = 0; length <= 1600; length += length < 64 ? 1 : 37) {
            byte[] audio = new byte[length];
            random.nextBytes(audio);
            byte[] message = ("{\"delta\":\"" + Base64.getEncoder().encodeToString(audio) + "\"}")
                    .getBytes(StandardCharsets.US_ASCII);

            // When the field is decoded in place
            int start = 10;
            int end = message.length - 2;
            int n = Base64Bytes.decode(message, start, end, out);

            // Then the bytes are the audio exactly
            assertThat(Arrays.copyOf(out, n)).as("length %d", length).isEqualTo(audio);
        }
    }

    @Test
    void shouldEncodeExactlyAsTheJdkDoes() {
        // Given audio of lengths that leave every padding case
        Random random = new Random(5);
        for (int length = 0; length <= 200; length++) {
            byte[] audio = new byte[length];
            random.nextBytes(audio);
            byte[] dst = new byte[Base64Bytes.encodedLength(length) + 3];

            // When it is encoded after a prefix
            int end = Base64Bytes.encode(audio, length, dst, 3);

            // Then the text is the JDK's
            assertThat(new String(dst, 3, end - 3, StandardCharsets.US_ASCII))
                    .isEqualTo(Base64.getEncoder().encodeToString(audio));
        }
    }

    @Test
    void shouldRefuseTextThatIsNotBase64InsteadOfMisreadingIt() {
        // Given a field with an escape sequence in it
        byte[] text = "AAAA\\u0041AA".getBytes(StandardCharsets.US_ASCII);

        // When it is decoded, Then it is refused
        assertThat(Base64Bytes.decode(text, 0, text.length, new byte[16])).isEqualTo(-1);
    }
}
