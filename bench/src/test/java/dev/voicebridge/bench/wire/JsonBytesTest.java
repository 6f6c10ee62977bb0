package dev.voicebridge.bench.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reading event types and base64 fields from message bytes, as the tap and the callers do. */
class JsonBytesTest {

    private static final byte[] TYPE = JsonBytes.key("type");

    @Test
    void shouldTellAnAudioDeltaByItsExactType() throws Exception {
        // Given a GA audio delta as the simulator sends it
        byte[] json = Files.readAllBytes(Path.of("src/test/resources/fixtures/ga-audio-delta.json"));

        // When its type is compared, Then only the exact value matches, never a prefix of it
        assertThat(JsonBytes.fieldIs(json, json.length, TYPE, JsonBytes.ascii("response.output_audio.delta")))
                .isTrue();
        assertThat(JsonBytes.fieldIs(json, json.length, TYPE, JsonBytes.ascii("response.output_audio")))
                .isFalse();
        assertThat(JsonBytes.fieldIs(json, json.length, TYPE, JsonBytes.ascii("response.audio.delta")))
                .isFalse();
    }

    @Test
    void shouldFindTheBase64FieldAndWhereItEnds() throws Exception {
        // Given the same delta
        byte[] json = Files.readAllBytes(Path.of("src/test/resources/fixtures/ga-audio-delta.json"));

        // When the delta field is looked up
        int start = JsonBytes.valueStart(json, json.length, JsonBytes.key("delta"));
        int end = JsonBytes.stringEnd(json, json.length, start);

        // Then it spans exactly the base64 text
        assertThat(new String(json, start, end - start, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("enp6dfDw8PDw8PDw8PDw8PDw8PDw8PDw8PDw/w==");
    }

    @Test
    void shouldPassOverAMessageWithoutTheField() throws Exception {
        // Given a speech_started event, which has no audio
        byte[] json = Files.readAllBytes(Path.of("src/test/resources/fixtures/ga-speech-started.json"));

        // When its delta is looked up, Then there is none
        assertThat(JsonBytes.valueStart(json, json.length, JsonBytes.key("delta")))
                .isEqualTo(-1);
        assertThat(JsonBytes.fieldIs(json, json.length, TYPE, JsonBytes.ascii("input_audio_buffer.speech_started")))
                .isTrue();
    }
}
