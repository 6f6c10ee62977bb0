package dev.voicebridge.gateway.realtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicebridge.gateway.audio.AzureAudioFormat;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every server event type from the research, as JSON fixtures for both protocols, parses. */
class ServerEventParserTest {

    private static final RealtimeProtocol GA = new RealtimeProtocol.Ga();
    private static final RealtimeProtocol PREVIEW = new RealtimeProtocol.Preview("2025-04-01-preview");

    static Stream<Arguments> fixtures() throws IOException, URISyntaxException {
        Stream.Builder<Arguments> all = Stream.builder();
        for (String dir : List.of("ga", "preview")) {
            Path root = Path.of(
                    ServerEventParserTest.class.getResource("/realtime/" + dir).toURI());
            try (Stream<Path> files = Files.list(root)) {
                files.sorted()
                        .forEach(f -> all.add(Arguments.of(dir, f.getFileName().toString(), f)));
            }
        }
        return all.build();
    }

    private static ServerEvent parse(String protocol, Path file) throws IOException {
        return new ServerEventParser(protocol.equals("ga") ? GA : PREVIEW).parse(Files.readString(file));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fixtures")
    void shouldParseEveryDocumentedServerEventAndIgnoreOnlyWhatIsUnknown(String protocol, String name, Path file)
            throws IOException {
        // Given a fixture of one server event / When it is parsed
        ServerEvent event = parse(protocol, file);

        // Then it is understood: acted-on events get their record, the rest are known and ignored,
        // and only an event from the future is unknown (still not an error)
        if (name.startsWith("x.unknown")) {
            assertThat(event).isEqualTo(new ServerEvent.Ignored("response.hologram.delta", false));
        } else {
            assertThat(event.type())
                    .isEqualTo(GA.canonicalType(name.replace(".json", ""))
                            .replace("response.audio", "response.output_audio")
                            .replace("response.text", "response.output_text"));
            if (event instanceof ServerEvent.Ignored ignored) {
                assertThat(ignored.known())
                        .as("%s is a documented event", ignored.type())
                        .isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protocols")
    void shouldReadTheFieldsTheGatewayActsOn(String protocol) throws Exception {
        Path dir = Path.of(getClass().getResource("/realtime/" + protocol).toURI());
        String audio = protocol.equals("ga") ? "response.output_audio" : "response.audio";
        String transcript = protocol.equals("ga") ? "response.output_audio_transcript" : "response.audio_transcript";

        assertThat(parse(protocol, dir.resolve(audio + ".delta.json")))
                .isEqualTo(new ServerEvent.AudioDelta(
                        "resp_1", "item_a1", Base64.getDecoder().decode("//79/Pv6+fg=")));
        assertThat(Base64.getDecoder().decode("//79/Pv6+fg=")).hasSize(8);
        assertThat(parse(protocol, dir.resolve(audio + ".done.json")))
                .isEqualTo(new ServerEvent.AudioDone("resp_1", "item_a1"));
        assertThat(parse(protocol, dir.resolve(transcript + ".done.json")))
                .isEqualTo(new ServerEvent.AssistantTranscriptDone("resp_1", "item_a1", "Hello there."));
        String text = protocol.equals("ga") ? "response.output_text" : "response.text";
        assertThat(parse(protocol, dir.resolve(text + ".done.json")))
                .isEqualTo(new ServerEvent.TextDone("resp_1", "item_a1", "Hello there."));
        assertThat(parse(protocol, dir.resolve("input_audio_buffer.speech_started.json")))
                .isEqualTo(new ServerEvent.SpeechStarted("item_u1", 1220));
        assertThat(parse(protocol, dir.resolve("conversation.item.input_audio_transcription.completed.json")))
                .isEqualTo(new ServerEvent.CallerTranscriptCompleted("item_u1", "What are your opening hours?"));
        assertThat(parse(protocol, dir.resolve("response.output_item.done.json")))
                .isEqualTo(new ServerEvent.OutputItemDone(
                        "resp_1", "item_fc", "function_call", "call_7", "send_dtmf", "{\"digits\":\"12#\"}"));
        assertThat(parse(protocol, dir.resolve("response.function_call_arguments.done.json")))
                .isEqualTo(new ServerEvent.FunctionCallArgumentsDone(
                        "resp_1", "item_fc", "call_7", null, "{\"digits\":\"12#\"}"));
        assertThat(parse(protocol, dir.resolve("response.done.json")))
                .isEqualTo(new ServerEvent.ResponseDone(
                        "resp_1", "completed", new Usage(310, 180, 130, 120, 60, 64, 30, 100)));
        assertThat(parse(protocol, dir.resolve("error.json")))
                .isEqualTo(new ServerEvent.Error(
                        "invalid_request_error",
                        "invalid_value",
                        "Audio content of 1500ms is already shorter than 2600ms",
                        "evt_client_9"));
        assertThat(parse(protocol, dir.resolve("session.created.json")))
                .isInstanceOfSatisfying(
                        ServerEvent.SessionCreated.class,
                        c -> assertThat(c.expiresAt().getEpochSecond()).isEqualTo(1767225600L));

        ServerEvent.SessionUpdated updated =
                (ServerEvent.SessionUpdated) parse(protocol, dir.resolve("session.updated.json"));
        String voice = protocol.equals("ga") ? "marin" : "alloy";
        assertThat(updated.session())
                .isEqualTo(new EffectiveSession(
                        AzureAudioFormat.PCMU,
                        AzureAudioFormat.PCMU,
                        voice,
                        TurnDetection.Type.SERVER_VAD,
                        0.6,
                        300,
                        500));
        SessionConfig asked = new SessionConfig(
                "Be brief.", voice, AzureAudioFormat.PCMU, TurnDetection.phoneDefaults(), "whisper-1", List.of());
        assertThat(updated.session().mismatches(asked)).isEmpty();
        assertThat(updated.session()
                        .mismatches(new SessionConfig(
                                "Be brief.",
                                voice,
                                AzureAudioFormat.PCM16_24K,
                                TurnDetection.phoneDefaults(),
                                null,
                                List.of())))
                .containsExactly(
                        "input audio format: asked PCM16_24K, server uses PCMU",
                        "output audio format: asked PCM16_24K, server uses PCMU");
    }

    static Stream<String> protocols() {
        return Stream.of("ga", "preview");
    }

    @Test
    void shouldNameWhatIsWrongWithAMessageThatIsNotAnEvent() {
        ServerEventParser parser = new ServerEventParser(GA);
        assertThatThrownBy(() -> parser.parse("{not json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("server event is not valid JSON");
        assertThatThrownBy(() -> parser.parse("{\"event_id\":\"x\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("server event has no string 'type'");
        assertThatThrownBy(() -> parser.parse("[1,2]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldBuildEachProtocolsUrlAndSessionShape() {
        var endpoint = java.net.URI.create("https://contoso.openai.azure.com/");
        assertThat(GA.uri(endpoint, "gpt-realtime").toString())
                .isEqualTo("wss://contoso.openai.azure.com/openai/v1/realtime?model=gpt-realtime");
        assertThat(PREVIEW.uri(endpoint, "my deployment").toString())
                .isEqualTo(
                        "wss://contoso.openai.azure.com/openai/realtime?api-version=2025-04-01-preview&deployment=my+deployment");
        assertThat(GA.uri(java.net.URI.create("http://127.0.0.1:8089"), "d").toString())
                .isEqualTo("ws://127.0.0.1:8089/openai/v1/realtime?model=d");

        SessionConfig pcm = new SessionConfig(
                "x", "alloy", AzureAudioFormat.PCM16_24K, TurnDetection.phoneDefaults(), null, List.of());
        var ga = GA.sessionUpdate(pcm).path("session");
        assertThat(ga.path("audio").path("output").path("format").toString())
                .isEqualTo("{\"type\":\"audio/pcm\",\"rate\":24000}");
        assertThat(ga.has("temperature")).isFalse();
        var preview = PREVIEW.sessionUpdate(pcm).path("session");
        assertThat(preview.path("input_audio_format").stringValue()).isEqualTo("pcm16");
        assertThat(preview.has("type"))
                .as("the preview protocol rejects session.type")
                .isFalse();
        assertThat(preview.path("turn_detection").path("silence_duration_ms").asInt())
                .isEqualTo(500);
    }
}
