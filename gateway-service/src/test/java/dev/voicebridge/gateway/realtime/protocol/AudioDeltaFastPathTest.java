package dev.voicebridge.gateway.realtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming read of assistant audio deltas: the same events and errors as the tree path, in any
 * field order, for both protocols' names, with the audio decoded once.
 */
class AudioDeltaFastPathTest {

    private static final RealtimeProtocol GA = new RealtimeProtocol.Ga();
    private static final RealtimeProtocol PREVIEW = new RealtimeProtocol.Preview("2025-04-01-preview");

    private static String fixture(String name) {
        try (InputStream in = AudioDeltaFastPathTest.class.getResourceAsStream("/realtime/fast/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void shouldStreamADeltaWhoseTypeComesLastWithEscapesEverywhere() {
        // Given a GA delta with its type last, escaped ids and an escaped '/' in the audio
        String text = fixture("delta-type-last-escaped.json");

        // When it is parsed / Then the fast path answered with the ids unescaped and the audio decoded
        assertThat(new AudioDeltaFastReader(GA).read(text)).isNotNull();
        assertThat(new ServerEventParser(GA).parse(text))
                .isEqualTo(new ServerEvent.AudioDelta(
                        "resp\\1", "item \"a1\" é", new byte[] {-1, -2, -3, -4, -5, -6, -7, -8}));
    }

    @Test
    void shouldReadIdsThatAreNotStringsAsNullAndADeltaWithoutAudioAsNoAudio() {
        assertThat(new AudioDeltaFastReader(GA).read(fixture("delta-odd-ids.json")))
                .isNotNull();
        assertThat(new ServerEventParser(GA).parse(fixture("delta-odd-ids.json")))
                .isEqualTo(new ServerEvent.AudioDelta(null, null, new byte[] {0, 1, 2, 3, 4}));
        assertThat(new ServerEventParser(GA).parse(fixture("delta-without-audio.json")))
                .isEqualTo(new ServerEvent.AudioDelta("resp_1", "item_1", (byte[]) null));
    }

    @Test
    void shouldStreamEachProtocolsDeltaName() {
        String ga = "{\"type\":\"response.output_audio.delta\",\"delta\":\"AQID\"}";
        String preview = "{\"type\":\"response.audio.delta\",\"delta\":\"AQID\"}";

        assertThat(new AudioDeltaFastReader(GA).read(ga)).isNotNull();
        assertThat(new AudioDeltaFastReader(PREVIEW).read(preview)).isNotNull();
        // the preview name means nothing to a GA session: an unknown event, as before
        assertThat(new AudioDeltaFastReader(GA).read(preview)).isNull();
        assertThat(new ServerEventParser(GA).parse(preview))
                .isEqualTo(new ServerEvent.Ignored("response.audio.delta", false));
        assertThat(new ServerEventParser(PREVIEW).parse(preview))
                .isEqualTo(new ServerEvent.AudioDelta(null, null, new byte[] {1, 2, 3}));
    }

    @Test
    void shouldParseEveryFieldOrderTheSameWay() {
        Random random = new Random(9);
        ServerEventParser parser = new ServerEventParser(GA);
        for (int i = 0; i < 200; i++) {
            byte[] audio = new byte[random.nextInt(4800)];
            random.nextBytes(audio);
            List<String> fields = new ArrayList<>(List.of(
                    "\"type\":\"response.output_audio.delta\"",
                    "\"event_id\":\"event_" + i + "\"",
                    "\"response_id\":\"resp_" + i + "\"",
                    "\"item_id\":\"item_" + i + "\"",
                    "\"output_index\":0",
                    "\"content_index\":0",
                    "\"delta\":\"" + Base64.getEncoder().encodeToString(audio).replace("/", "\\/") + "\""));
            Collections.shuffle(fields, random);
            String text = "{" + String.join(",", fields) + "}";

            assertThat(new AudioDeltaFastReader(GA).read(text)).as(text).isNotNull();
            assertThat(parser.parse(text)).isEqualTo(new ServerEvent.AudioDelta("resp_" + i, "item_" + i, audio));
        }
    }

    @Test
    void shouldReuseTheIdsOfTheResponseItIsStreamingButNeverAStaleOne() {
        // Given one connection's parser and the deltas of one response, then of the next
        ServerEventParser parser = new ServerEventParser(GA);
        String delta =
                "{\"type\":\"response.output_audio.delta\",\"response_id\":\"%s\",\"item_id\":\"%s\",\"delta\":\"AQID\"}";

        // When they are parsed
        var first = (ServerEvent.AudioDelta) parser.parse(delta.formatted("resp_1", "item_1"));
        var second = (ServerEvent.AudioDelta) parser.parse(delta.formatted("resp_1", "item_1"));
        var next = (ServerEvent.AudioDelta) parser.parse(delta.formatted("resp_2", "item_1"));

        // Then the repeated ids are the same strings (no garbage per delta), and a new id is read as such
        assertThat(second.responseId()).isSameAs(first.responseId());
        assertThat(second.itemId()).isSameAs(first.itemId());
        assertThat(next.responseId()).isEqualTo("resp_2");
        assertThat(next.itemId()).isSameAs(first.itemId());
    }

    @Test
    void shouldLeaveEveryOtherEventToTheTree() {
        String speech =
                "{\"event_id\":\"e\",\"type\":\"input_audio_buffer.speech_started\",\"audio_start_ms\":1280,\"item_id\":\"i\"}";
        assertThat(new AudioDeltaFastReader(GA).read(speech)).isNull();
        assertThat(new ServerEventParser(GA).parse(speech)).isEqualTo(new ServerEvent.SpeechStarted("i", 1280));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"type\":\"response.output_audio.delta\",\"delta\":\"AQID\"",
                "{\"type\":\"response.output_audio.delta\",\"delta\":\"AQ",
                "{\"type\":\"response.output_audio.delta\",\"delta\":\"AQID\"} {}"
            })
    void shouldNameATruncatedOrTrailedDeltaAsNotJson(String message) {
        assertThatThrownBy(() -> new ServerEventParser(GA).parse(message))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("server event is not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AQID AQID", "%%%", "AQI\\u0141", "A==="})
    void shouldNameADeltaWhoseAudioIsNotBase64(String delta) {
        assertThatThrownBy(() -> new ServerEventParser(PREVIEW)
                        .parse("{\"type\":\"response.audio.delta\",\"delta\":\"" + delta + "\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("server event response.audio.delta has a 'delta' that is not base64");
    }

    @Test
    void shouldNameADeltaWithoutAStringType() {
        assertThatThrownBy(() -> new ServerEventParser(GA).parse("{\"type\":7,\"delta\":\"AQID\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("server event has no string 'type'");
    }

    @Test
    void shouldNeverPutAudioInTheEventsText() {
        assertThat(new ServerEvent.AudioDelta("r", "i", new byte[] {1, 2, 3}).toString())
                .isEqualTo("AudioDelta[responseId=r, itemId=i, audio=3 bytes]");
    }
}
