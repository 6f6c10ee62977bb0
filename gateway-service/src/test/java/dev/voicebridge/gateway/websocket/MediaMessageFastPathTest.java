package dev.voicebridge.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The streaming read of {@code media} messages and the per-stream writer: the same messages and the
 * same errors as the tree path, in any field order, with the escapes a JSON encoder may choose.
 */
class MediaMessageFastPathTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void shouldStreamAMediaMessageWhoseEventComesLastWithEscapesEverywhere() {
        // Given a media message with the event last, escapes in streamSid and an escaped '/' in the audio
        String text = MediaStreamTestClient.fixture("media-fast/event-last-escaped.json");

        // When it is read
        MediaMessage.Media media = (MediaMessage.Media) MediaMessageCodec.read(text);

        // Then the fast path answered, with the unescaped stream id and the audio decoded
        assertThat(MediaMessageFastReader.read(text)).isNotNull();
        assertThat(media.streamSid()).isEqualTo("MZ\"quoted\" back\\slash été / \u2603");
        assertThat(media.track()).isEqualTo("inbound");
        assertThat(media.chunk()).isEqualTo(6);
        assertThat(media.timestamp()).isEqualTo(120);
        assertThat(media.payload()).containsExactly(0xFF, 0xFE, 0xFD, 0xFC, 0xFB, 0xFA, 0xF9, 0xF8);
    }

    @Test
    void shouldStreamNumbersAsNumbersAndSkipUnknownContainers() {
        String text = MediaStreamTestClient.fixture("media-fast/numbers-as-numbers.json");

        MediaMessage.Media media = (MediaMessage.Media) MediaMessageCodec.read(text);

        assertThat(MediaMessageFastReader.read(text)).isNotNull();
        assertThat(media.streamSid()).isEqualTo("MZ1");
        assertThat(media.track()).isEqualTo("outbound");
        assertThat(media.chunk()).isEqualTo(41);
        assertThat(media.timestamp()).isEqualTo(820);
        assertThat(media.payload()).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void shouldDefaultWhatAMinimalMediaMessageLeavesOut() {
        String text = MediaStreamTestClient.fixture("media-fast/payload-only.json");

        MediaMessage.Media media = (MediaMessage.Media) MediaMessageCodec.read(text);

        assertThat(MediaMessageFastReader.read(text)).isNotNull();
        assertThat(media.streamSid()).isNull();
        assertThat(media.track()).isEqualTo("inbound");
        assertThat(media.chunk()).isZero();
        assertThat(media.timestamp()).isZero();
        assertThat(media.payload()).containsExactly(0xFF); // unpadded base64 was always accepted
    }

    @Test
    void shouldReadEveryFieldOrderAndNumberSpellingTheSameWay() {
        // Given 200 random frames, each in a random field order with numbers as numbers or strings
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            byte[] frame = new byte[random.nextInt(400)];
            random.nextBytes(frame);
            long chunk = random.nextInt(Integer.MAX_VALUE);
            long timestamp = random.nextLong(1L << 40);
            List<String> mediaFields = new ArrayList<>(List.of(
                    "\"payload\":\"" + Base64.getEncoder().encodeToString(frame).replace("/", "\\/") + "\"",
                    "\"chunk\":" + (random.nextBoolean() ? chunk : "\"" + chunk + "\""),
                    "\"timestamp\":" + (random.nextBoolean() ? timestamp : "\"" + timestamp + "\""),
                    "\"track\":\"inbound\""));
            Collections.shuffle(mediaFields, random);
            List<String> fields = new ArrayList<>(List.of(
                    "\"event\":\"media\"",
                    "\"streamSid\":\"MZ" + i + "\"",
                    "\"sequenceNumber\":\"" + i + "\"",
                    "\"media\":{" + String.join(",", mediaFields) + "}"));
            Collections.shuffle(fields, random);
            String text = "{" + String.join(",", fields) + "}";

            // When it is read / Then it is the frame, whatever the order, and the fast path read it
            MediaMessage.Media media = (MediaMessage.Media) MediaMessageCodec.read(text);
            assertThat(MediaMessageFastReader.read(text)).as(text).isNotNull();
            assertThat(media.payload()).as(text).isEqualTo(frame);
            assertThat(media.chunk()).isEqualTo(chunk);
            assertThat(media.timestamp()).isEqualTo(timestamp);
            assertThat(media.streamSid()).isEqualTo("MZ" + i);
        }
    }

    @Test
    void shouldReadAHugeMediaMessage() {
        // Given one second of audio in a single message (50 frames' worth)
        byte[] audio = new byte[8000 * 6];
        new Random(3).nextBytes(audio);
        String text = "{\"event\":\"media\",\"media\":{\"payload\":\""
                + Base64.getEncoder().encodeToString(audio) + "\"},\"streamSid\":\"MZ1\"}";

        // When / Then it is decoded whole
        assertThat(((MediaMessage.Media) MediaMessageCodec.read(text)).payload())
                .isEqualTo(audio);
    }

    @Test
    void shouldLetTheLastOfDuplicateFieldsWinAsTheTreeDoes() {
        assertThat(((MediaMessage.Media) MediaMessageCodec.read(
                                "{\"event\":\"media\",\"media\":{\"payload\":\"%%%\",\"payload\":\"AQID\"}}"))
                        .payload())
                .containsExactly(1, 2, 3);
        String twoMediaObjects =
                "{\"event\":\"media\",\"media\":{\"payload\":\"AQID\",\"chunk\":\"5\",\"track\":\"x\"},"
                        + "\"media\":{\"payload\":\"BAUG\"}}";
        assertThat(MediaMessageFastReader.read(twoMediaObjects)).isNotNull();
        assertThat(MediaMessageCodec.read(twoMediaObjects))
                .usingRecursiveComparison()
                .isEqualTo(new MediaMessage.Media(null, "inbound", 0, 0, new byte[] {4, 5, 6}));
        assertThat(MediaMessageCodec.read("{\"event\":\"media\",\"event\":\"stop\",\"streamSid\":\"s\"}"))
                .isEqualTo(new MediaMessage.Stop("s"));
        assertThat(MediaMessageCodec.read("{\"event\":\"mark\",\"event\":\"media\",\"media\":{\"payload\":\"AQID\"}}"))
                .isInstanceOf(MediaMessage.Media.class);
    }

    @Test
    void shouldReadNumbersTheFastPathLeavesToTheTree() {
        // Negative, padded with spaces, or a number with a fraction: rare, but read as before
        MediaMessage.Media media = (MediaMessage.Media) MediaMessageCodec.read(
                "{\"event\":\"media\",\"media\":{\"payload\":\"AQID\",\"chunk\":\" 12 \",\"timestamp\":-5}}");
        assertThat(media.chunk()).isEqualTo(12);
        assertThat(media.timestamp()).isEqualTo(-5);
        assertThat(((MediaMessage.Media) MediaMessageCodec.read(
                                "{\"event\":\"media\",\"media\":{\"payload\":\"AQID\",\"chunk\":2.9}}"))
                        .chunk())
                .isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // truncated mid-payload, and trailing content after the object
                "{\"event\":\"media\",\"media\":{\"payload\":\"AQI                    | malformed message: not JSON",
                "{\"event\":\"media\",\"media\":{\"payload\":\"AQID\"}} {}              | malformed message: not JSON",
                "{\"event\":\"media\",\"media\":{\"payload\":\"AQID\"}}]                | malformed message: not JSON",
                "\"media\"                                                           | malformed message: not a JSON object",
                "{\"media\":{\"payload\":\"AQID\"}}                                  | malformed message: no event field",
                "{\"event\":\"media\"}                                               | malformed media: no media object",
                "{\"event\":\"media\",\"media\":\"AQID\"}                            | malformed media: no media object",
                "{\"event\":\"media\",\"media\":{\"payload\":null}}                  | malformed media: missing media.payload",
                "{\"event\":\"media\",\"media\":{\"payload\":\"AQID\",\"payload\":{}}} | malformed media: missing media.payload",
                // spaces between quads, a non-ASCII letter, a URL-safe alphabet, bad padding
                "{\"event\":\"media\",\"media\":{\"payload\":\"AQID AQID\"}}         | malformed media: media.payload is not base64",
                "{\"event\":\"media\",\"media\":{\"payload\":\"AQI\\u0141\"}}        | malformed media: media.payload is not base64",
                "{\"event\":\"media\",\"media\":{\"payload\":\"-_-_\"}}              | malformed media: media.payload is not base64",
                "{\"event\":\"media\",\"media\":{\"payload\":\"A===\"}}              | malformed media: media.payload is not base64",
                "{\"event\":\"media\",\"media\":{\"payload\":\"AQIDB\"}}             | malformed media: media.payload is not base64",
                "{\"event\":\"media\",\"media\":{\"payload\":\"AQID\",\"timestamp\":\"1e3\"}} | malformed message: timestamp is not a number",
                "{\"event\":\"media\",\"media\":{\"payload\":\"AQID\",\"chunk\":true}}       | malformed message: chunk is not a number"
            })
    void shouldNameWhatIsWrongWithAMalformedMediaMessage(String message, String reason) {
        assertThatThrownBy(() -> MediaMessageCodec.read(message))
                .isInstanceOfSatisfying(MediaStreamException.class, e -> {
                    assertThat(e.closeCode()).isEqualTo(1007);
                    assertThat(e.reason()).isEqualTo(reason);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"MZ1", "MZ\"q\"\\", "line\nbreak\u0001", "été ☃", ""})
    void shouldWriteMediaMarkAndClearThatReadBackForAnyStreamSid(String streamSid) {
        // Given a writer for a stream whose id the client chose
        MediaMessageCodec.StreamWriter writer = new MediaMessageCodec.StreamWriter(streamSid);
        byte[] frame = new byte[160];
        new Random(5).nextBytes(frame);

        // When it writes / Then each message is valid pure-ASCII JSON that says what the tree path said
        String media = writer.media(frame);
        assertThat(media).matches("\\p{ASCII}*");
        assertThat(JSON.readTree(media))
                .isEqualTo(JSON.readTree("{\"event\":\"media\",\"streamSid\":" + JSON.writeValueAsString(streamSid)
                        + ",\"media\":{\"payload\":\"" + Base64.getEncoder().encodeToString(frame) + "\"}}"));
        assertThat(JSON.readTree(writer.mark("burst-\"1\"")))
                .isEqualTo(JSON.readTree("{\"event\":\"mark\",\"streamSid\":" + JSON.writeValueAsString(streamSid)
                        + ",\"mark\":{\"name\":\"burst-\\\"1\\\"\"}}"));
        assertThat(JSON.readTree(writer.clear()))
                .isEqualTo(JSON.readTree(
                        "{\"event\":\"clear\",\"streamSid\":" + JSON.writeValueAsString(streamSid) + "}"));
    }

    @Test
    void shouldWriteEveryFrameLengthAsJavasEncoderDoes() {
        MediaMessageCodec.StreamWriter writer = new MediaMessageCodec.StreamWriter("MZ1");
        Random random = new Random(11);
        for (int length = 0; length < 40; length++) {
            byte[] audio = new byte[length];
            random.nextBytes(audio);
            assertThat(JSON.readTree(writer.media(audio))
                            .path("media")
                            .path("payload")
                            .stringValue())
                    .isEqualTo(Base64.getEncoder().encodeToString(audio));
        }
    }
}
