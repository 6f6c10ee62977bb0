package dev.voicebridge.gateway.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.databind.json.JsonMapper;

/** Base64 in JSON text without intermediate copies, byte for byte what java.util.Base64 does. */
class JsonBase64Test {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static byte[] decodeValue(String json) {
        try (JsonParser p = JSON.tokenStreamFactory().createParser(ObjectReadContext.empty(), json)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.VALUE_STRING);
            return JsonBase64.decodeString(p);
        }
    }

    @Test
    void shouldWrapEveryLengthAsJavasEncoderWritesIt() {
        // Given audio of every length around the 3-byte groups, in a buffer longer than the audio
        Random random = new Random(1);
        byte[] prefix = "{\"a\":\"".getBytes();
        byte[] suffix = "\"}".getBytes();
        for (int length = 0; length < 200; length++) {
            for (int spare : new int[] {0, 1 + random.nextInt(10)}) {
                byte[] buffer = new byte[length + spare];
                random.nextBytes(buffer);
                byte[] audio = java.util.Arrays.copyOf(buffer, length);

                // When it (or only its first bytes) is wrapped / Then exactly those are encoded, as Java would
                assertThat(JsonBase64.wrap(prefix, buffer, length, suffix))
                        .isEqualTo("{\"a\":\"" + Base64.getEncoder().encodeToString(audio) + "\"}");
            }
        }
    }

    @Test
    void shouldWrapAMessageLargerThanTheScratchKeptPerThread() {
        byte[] audio = new byte[JsonBase64.MAX_SCRATCH];
        new Random(2).nextBytes(audio);
        String text = JsonBase64.wrap(new byte[] {'"'}, audio, audio.length, new byte[] {'"'});
        assertThat(text).isEqualTo("\"" + Base64.getEncoder().encodeToString(audio) + "\"");
        assertThat(decodeValue(text)).isEqualTo(audio);
    }

    @Test
    void shouldDecodeWhatJavaDecodesFromTheParsersBuffer() {
        Random random = new Random(3);
        for (int length = 0; length < 100; length++) {
            byte[] audio = new byte[length];
            random.nextBytes(audio);
            String b64 = Base64.getEncoder().encodeToString(audio);
            assertThat(decodeValue("\"" + b64 + "\"")).isEqualTo(audio);
            assertThat(decodeValue("\"" + b64.replace("/", "\\/") + "\"")).isEqualTo(audio);
            assertThat(decodeValue("\"" + b64.replace("=", "") + "\""))
                    .as("unpadded")
                    .isEqualTo(audio);
        }
    }

    @Test
    void shouldRejectWhatJavaRejects() {
        for (String bad : new String[] {
            "\"AQID AQID\"", "\"AQID\\nAQID\"", "\"-_\"", "\"A\"", "\"AQ=D\"", "\"AQI\u0141\"", "\"AQI\u00c1\""
        }) {
            assertThatThrownBy(() -> decodeValue(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldRefuseAParserThatIsNotOnAString() {
        try (JsonParser p = JSON.tokenStreamFactory().createParser(ObjectReadContext.empty(), "7")) {
            p.nextToken();
            assertThatThrownBy(() -> JsonBase64.decodeString(p)).isInstanceOf(IllegalStateException.class);
        }
    }
}
