package dev.voicebridge.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MediaMessageCodecTest {

    @Test
    void shouldReadEveryInboundMessageOfTheTwilioConvention() {
        // Given the messages as Twilio documents them (numbers as strings)
        // When they are read
        MediaMessage connected = MediaMessageCodec.read(MediaStreamTestClient.fixture("twilio-connected.json"));
        MediaMessage start = MediaMessageCodec.read(MediaStreamTestClient.fixture("twilio-start.json"));
        MediaMessage media = MediaMessageCodec.read(MediaStreamTestClient.fixture("twilio-media.json"));
        MediaMessage dtmf = MediaMessageCodec.read(MediaStreamTestClient.fixture("twilio-dtmf.json"));
        MediaMessage mark = MediaMessageCodec.read(MediaStreamTestClient.fixture("twilio-mark.json"));
        MediaMessage stop = MediaMessageCodec.read(MediaStreamTestClient.fixture("twilio-stop.json"));

        // Then each carries what the gateway needs
        assertThat(connected).isEqualTo(new MediaMessage.Connected("Call", "1.0.0"));
        MediaMessage.Start s = (MediaMessage.Start) start;
        assertThat(s.streamSid()).isEqualTo("MZ18ad3ab5a668481ce02b83e7395059f0");
        assertThat(s.callSid()).isEqualTo("CA00000000000000000000000000000001");
        assertThat(s.tracks()).containsExactly("inbound");
        assertThat(s.mediaFormat()).isEqualTo(new MediaMessage.MediaFormat("audio/x-mulaw", 8000, 1));
        assertThat(s.customParameters())
                .containsEntry("callId", "call-42")
                .containsEntry("smaTransactionId", "7c4a1c32-5b8a-4f9e-9a57-000000000042");
        MediaMessage.Media m = (MediaMessage.Media) media;
        assertThat(m.chunk()).isEqualTo(1);
        assertThat(m.timestamp()).isEqualTo(5);
        assertThat(m.payload()).containsExactly((byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF);
        assertThat(dtmf).isEqualTo(new MediaMessage.Dtmf("MZ18ad3ab5a668481ce02b83e7395059f0", '5'));
        assertThat(mark).isEqualTo(new MediaMessage.Mark("MZ18ad3ab5a668481ce02b83e7395059f0", "burst-1"));
        assertThat(stop).isEqualTo(new MediaMessage.Stop("MZ18ad3ab5a668481ce02b83e7395059f0"));
    }

    @Test
    void shouldIgnoreEventsItDoesNotKnow() {
        assertThat(MediaMessageCodec.read("{\"event\":\"heartbeat\",\"extra\":1}"))
                .isEqualTo(new MediaMessage.Unknown("heartbeat"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "not json at all                                        | malformed message: not JSON",
                "[1,2]                                                  | malformed message: not a JSON object",
                "{\"streamSid\":\"x\"}                                  | malformed message: no event field",
                "{\"event\":\"start\"}                                  | malformed start: no start object",
                "{\"event\":\"start\",\"start\":{\"mediaFormat\":{}}}   | malformed start: missing start.streamSid",
                "{\"event\":\"start\",\"start\":{\"streamSid\":\"s\"}}  | malformed start: missing start.mediaFormat",
                "{\"event\":\"media\",\"media\":{}}                     | malformed media: missing media.payload",
                "{\"event\":\"media\",\"media\":{\"payload\":\"%%%\"}}  | malformed media: media.payload is not base64",
                "{\"event\":\"media\",\"media\":{\"payload\":\"\",\"chunk\":\"x\"}} | malformed message: chunk is not a number",
                "{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"55\"}}       | malformed dtmf: dtmf.digit must be one of 0-9 * # A-D"
            })
    void shouldNameWhatIsWrongWithAMalformedMessage(String message, String reason) {
        assertThatThrownBy(() -> MediaMessageCodec.read(message))
                .isInstanceOfSatisfying(MediaStreamException.class, e -> {
                    assertThat(e.closeCode()).isEqualTo(1007);
                    assertThat(e.reason()).isEqualTo(reason);
                });
    }

    @Test
    void shouldWriteOutboundMediaMarkAndClear() {
        assertThat(MediaStreamTestClient.JSON.readTree(MediaMessageCodec.media("MZ1", new byte[] {1, 2, 3})))
                .isEqualTo(MediaStreamTestClient.JSON.readTree(
                        "{\"event\":\"media\",\"streamSid\":\"MZ1\",\"media\":{\"payload\":\"AQID\"}}"));
        assertThat(MediaStreamTestClient.JSON.readTree(MediaMessageCodec.mark("MZ1", "burst-1")))
                .isEqualTo(MediaStreamTestClient.JSON.readTree(
                        "{\"event\":\"mark\",\"streamSid\":\"MZ1\",\"mark\":{\"name\":\"burst-1\"}}"));
        assertThat(MediaStreamTestClient.JSON.readTree(MediaMessageCodec.clear("MZ1")))
                .isEqualTo(MediaStreamTestClient.JSON.readTree("{\"event\":\"clear\",\"streamSid\":\"MZ1\"}"));
    }
}
