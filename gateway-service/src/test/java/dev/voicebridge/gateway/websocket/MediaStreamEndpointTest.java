package dev.voicebridge.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.call.CallRejectedException;
import dev.voicebridge.gateway.call.CallSetup;
import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.gateway.call.MediaClock;
import java.net.URI;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * The media endpoint over real WebSockets on loopback, with a recording CallSessions in place of
 * the call sessions: what the transport does with each message of the convention.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = MediaStreamEndpointTest.TransportOnly.class,
        properties = {
            "voicebridge.websocket.token=s3cret-media-token",
            "voicebridge.websocket.start-timeout=1s",
            "voicebridge.websocket.signing-key=" + MediaStreamEndpointTest.SIGNING_KEY,
            "voicebridge.websocket.max-message-bytes=4096",
            // The gateway's readiness group names beans this transport-only context does not have.
            "management.endpoint.health.validate-group-membership=false"
        })
class MediaStreamEndpointTest {

    private static final String TOKEN = "s3cret-media-token";
    static final String SIGNING_KEY = "per-call-signing-key-0123456789abcdef";
    private static final String SID = "MZ18ad3ab5a668481ce02b83e7395059f0";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(MediaStreamConfiguration.class)
    static class TransportOnly {
        @Bean
        Clock wallClock() {
            return Clock.systemUTC();
        }

        @Bean
        RecordingCallSessions callSessions() {
            return new RecordingCallSessions();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    RecordingCallSessions sessions;

    @BeforeEach
    void reset() {
        sessions.reset();
    }

    private URI media() {
        return URI.create("ws://127.0.0.1:" + port + "/media");
    }

    private MediaStreamTestClient started() {
        MediaStreamTestClient client = MediaStreamTestClient.withToken(media(), TOKEN);
        client.sendFixture("twilio-connected.json");
        client.sendFixture("twilio-start.json");
        return client;
    }

    @Test
    void shouldRefuseTheUpgradeWithoutTheRightBearerToken() {
        // When sources connect with no token, a wrong token, a token that is a prefix of the right one
        int none = MediaStreamTestClient.connect(media(), h -> {}).awaitHandshake();
        int wrong = MediaStreamTestClient.withToken(media(), "nope").awaitHandshake();
        int prefix =
                MediaStreamTestClient.withToken(media(), TOKEN.substring(0, 5)).awaitHandshake();
        int basic = MediaStreamTestClient.connect(media(), h -> h.set("Authorization", "Basic " + TOKEN))
                .awaitHandshake();

        // Then every one is refused before upgrading, and no call exists
        assertThat(new int[] {none, wrong, prefix, basic}).containsOnly(401);
        assertThat(sessions.calls).isEmpty();
        try (MediaStreamTestClient ok = MediaStreamTestClient.withToken(media(), TOKEN)) {
            assertThat(ok.awaitHandshake()).isEqualTo(101);
        }
    }

    @Test
    void shouldOpenTheCallOnStartWithItsIdsAndFormat() {
        // When a source sends connected and start
        try (MediaStreamTestClient client = started()) {
            RecordingCallSessions.Call call = sessions.awaitCall(1);

            // Then the call id, SMA transaction id and numbers come from customParameters
            assertThat(call.setup.callId()).isEqualTo("call-42");
            assertThat(call.setup.transport()).isEqualTo(CallSetup.Transport.WEBSOCKET);
            assertThat(call.setup.smaTransactionId()).isEqualTo("7c4a1c32-5b8a-4f9e-9a57-000000000042");
            assertThat(call.setup.from()).isEqualTo("+15550100");
            assertThat(call.setup.to()).isEqualTo("+15550199");
            assertThat(call.leg.format().encoding().name()).isEqualTo("PCMU");
        }
    }

    @Test
    void shouldFallBackToTheCallSidAndTakeALawWhenNoCallIdIsGiven() {
        try (MediaStreamTestClient client = MediaStreamTestClient.withToken(media(), TOKEN)) {
            client.sendFixture("twilio-start-minimal.json");
            RecordingCallSessions.Call call = sessions.awaitCall(1);
            assertThat(call.setup.callId()).isEqualTo("CAminimal");
            assertThat(call.setup.smaTransactionId()).isNull();
            assertThat(call.leg.format().encoding().name()).isEqualTo("PCMA");
        }
    }

    @Test
    void shouldHandCallerAudioOnIn20MillisecondFramesWhateverTheChunkSize() {
        // Given a started stream
        try (MediaStreamTestClient client = started()) {
            RecordingCallSessions.Call call = sessions.awaitCall(1);
            byte[] audio = new byte[1600];
            for (int i = 0; i < audio.length; i++) {
                audio[i] = (byte) i;
            }

            // When the source sends 200 ms in chunks of 100 bytes (12.5 ms)
            for (int i = 0; i < audio.length; i += 100) {
                client.sendMedia(SID, Arrays.copyOfRange(audio, i, i + 100));
            }

            // Then the session gets ten 160-byte frames holding exactly those bytes, in order
            RecordingCallSessions.Await.until(() -> call.frames.size() == 10, "10 frames");
            assertThat(call.frames).allSatisfy(f -> assertThat(f).hasSize(160));
            assertThat(call.audio()).isEqualTo(audio);
        }
    }

    @Test
    void shouldSendModelAudioAsMediaMarkTheEndOfABurstAndClearOnBargeIn() {
        // Given a started stream
        try (MediaStreamTestClient client = started()) {
            RecordingCallSessions.Call call = sessions.awaitCall(1);

            // When the session plays two frames, hits silence, then flushes on barge-in
            call.leg.sendFrame(new byte[160]);
            call.leg.sendFrame(new byte[160]);
            call.leg.sendSilence();
            call.leg.sendSilence();
            call.leg.clearPlayback();

            // Then the source gets media, media, one mark, clear - all for its stream
            JsonNode clear = client.awaitMessage(4);
            assertThat(client.received())
                    .extracting(m -> m.get("event").asString())
                    .containsExactly("media", "media", "mark", "clear");
            assertThat(client.received())
                    .allSatisfy(m -> assertThat(m.get("streamSid").asString()).isEqualTo(SID));
            assertThat(client.received().get(0).at("/media/payload").asString()).hasSize(216);
            assertThat(clear.get("event").asString()).isEqualTo("clear");
        }
    }

    @Test
    void shouldEncodeModelAudioOnTheConnectionsEventLoopNotOnTheMediaClock() {
        // Given a started stream whose caller has sent a frame (so we know the connection's event
        // loop: the thread that delivers its inbound messages)
        try (MediaStreamTestClient client = started();
                MediaClock clock = new MediaClock()) {
            RecordingCallSessions.Call call = sessions.awaitCall(1);
            client.sendMedia(SID, new byte[160]);
            RecordingCallSessions.Await.until(() -> call.frames.size() == 1, "the caller's frame");
            WebSocketCallLeg leg = (WebSocketCallLeg) call.leg;

            // When the gateway's media clock hands the leg two frames and then a silent tick
            AtomicReference<Thread> clockThread = new AtomicReference<>();
            clock.add(new MediaClock.Tickable() {
                private int ticks;

                @Override
                public void tick(long tick, boolean late) {
                    clockThread.set(Thread.currentThread());
                    ticks++;
                    if (ticks <= 2) {
                        leg.sendFrame(new byte[160]);
                    } else {
                        leg.sendSilence();
                        clock.remove(this);
                    }
                }
            });

            // Then the source gets both frames and the mark, and they were encoded on the
            // connection's event loop, not on the clock's thread
            client.awaitMessage(3);
            assertThat(client.received())
                    .extracting(m -> m.get("event").asString())
                    .containsExactly("media", "media", "mark");
            assertThat(client.received().get(0).at("/media/payload").asString()).hasSize(216);
            assertThat(clockThread.get().getName()).isEqualTo("media-clock");
            assertThat(leg.encodingThread()).isNotSameAs(clockThread.get());
            assertThat(leg.encodingThread()).isSameAs(call.inboundThread);
            assertThat(leg.framesSent()).isEqualTo(2);
        }
    }

    @Test
    void shouldPassDtmfAndEndTheLegOnStop() {
        // Given a started stream
        try (MediaStreamTestClient client = started()) {
            RecordingCallSessions.Call call = sessions.awaitCall(1);

            // When the caller presses 5, the source echoes a mark, then stops
            client.sendFixture("twilio-dtmf.json");
            client.sendFixture("twilio-mark.json");
            client.sendFixture("twilio-stop.json");

            // Then the session hears the digit and a caller hang-up, and the stream closes normally
            assertThat(call.awaitEnded()).isEqualTo(EndReason.CALLER_HANGUP);
            assertThat(call.digits).containsExactly('5');
            assertThat(client.awaitClosed()).isEqualTo(new MediaStreamTestClient.Closed(1000, "stream stopped"));
        }
    }

    @Test
    void shouldCloseTheStreamWhenTheGatewayHangsUp() {
        try (MediaStreamTestClient client = started()) {
            RecordingCallSessions.Call call = sessions.awaitCall(1);
            call.leg.sendFrame(new byte[160]);

            // When the assistant hangs up
            call.leg.hangUp(EndReason.ASSISTANT_HANGUP);

            // Then the queued audio goes out first, the close says why, and the session is not told twice
            assertThat(client.awaitClosed())
                    .isEqualTo(new MediaStreamTestClient.Closed(1000, "call ended: assistant_hangup"));
            assertThat(client.received())
                    .extracting(m -> m.get("event").asString())
                    .containsExactly("media");
            assertThat(call.ended).isEmpty();
        }
    }

    @Test
    void shouldTreatASourceCloseWithoutStopAsTheCallerHangingUp() {
        MediaStreamTestClient client = started();
        RecordingCallSessions.Call call = sessions.awaitCall(1);
        client.close();
        assertThat(call.awaitEnded()).isEqualTo(EndReason.CALLER_HANGUP);
    }

    @Test
    void shouldRefuseAStreamWhenTheGatewayIsNotTakingCalls() {
        // Given the gateway is draining
        sessions.reject = CallRejectedException.Reason.DRAINING;

        // When a source starts a stream
        try (MediaStreamTestClient client = started()) {
            // Then it is told to try again later
            assertThat(client.awaitClosed())
                    .isEqualTo(new MediaStreamTestClient.Closed(1013, "call refused: draining"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not JSON                  | garbage                                                                                 | 1007 | malformed message: not JSON",
                "media before start        | {\"event\":\"media\",\"media\":{\"payload\":\"AAAA\"}}                                   | 1008 | media before start",
                "unsupported encoding      | {\"event\":\"start\",\"start\":{\"streamSid\":\"s\",\"mediaFormat\":{\"encoding\":\"audio/opus\",\"sampleRate\":48000,\"channels\":1}}} | 1003 | unsupported mediaFormat.encoding audio/opus; use audio/x-mulaw, audio/x-alaw or audio/x-l16",
                "stereo                    | {\"event\":\"start\",\"start\":{\"streamSid\":\"s\",\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":2}}} | 1003 | unsupported mediaFormat: 2 channels; only mono",
                "mu-law at 16 kHz          | {\"event\":\"start\",\"start\":{\"streamSid\":\"s\",\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":16000,\"channels\":1}}} | 1003 | unsupported mediaFormat: PCMU is only defined at 8000 Hz, not 16000"
            })
    void shouldEndOnlyThatStreamWithACloseReasonOnABadMessageBeforeStart(
            String name, String message, int code, String reason) {
        try (MediaStreamTestClient client = MediaStreamTestClient.withToken(media(), TOKEN)) {
            client.send(message);
            assertThat(client.awaitClosed()).isEqualTo(new MediaStreamTestClient.Closed(code, reason));
            assertThat(sessions.calls).isEmpty();
        }
    }

    @Test
    void shouldEndAStartedCallAsATransportErrorOnAMalformedMessageAndLeaveOtherCallsAlone() {
        // Given two calls streaming
        try (MediaStreamTestClient healthy = started();
                MediaStreamTestClient broken = MediaStreamTestClient.withToken(media(), TOKEN)) {
            RecordingCallSessions.Call first = sessions.awaitCall(1);
            broken.send(MediaStreamTestClient.fixture("twilio-start.json")
                    .replace(SID, "MZbroken")
                    .replace("call-42", "call-43"));
            RecordingCallSessions.Call second = sessions.awaitCall(2);

            // When one sends a second start, and then the other keeps streaming
            broken.send(MediaStreamTestClient.fixture("twilio-start.json"));
            MediaStreamTestClient.Closed closed = broken.awaitClosed();
            healthy.sendMedia(SID, new byte[160]);
            first.leg.sendFrame(new byte[160]);

            // Then only the broken one ended, with a reason; the other carries audio both ways
            assertThat(closed).isEqualTo(new MediaStreamTestClient.Closed(1008, "second start on one stream"));
            assertThat(second.awaitEnded()).isEqualTo(EndReason.TRANSPORT_ERROR);
            RecordingCallSessions.Await.until(() -> first.frames.size() == 1, "the healthy call's frame");
            assertThat(healthy.awaitMessage(1).get("event").asString()).isEqualTo("media");
            assertThat(first.ended).isEmpty();
            assertThat(healthy.isClosed()).isFalse();
        }
    }

    @Test
    void shouldEndAStreamThatSendsBinaryOrOversizedMessages() {
        try (MediaStreamTestClient binary = started()) {
            RecordingCallSessions.Call call = sessions.awaitCall(1);
            binary.sendBinary(new byte[160]);
            assertThat(binary.awaitClosed())
                    .isEqualTo(new MediaStreamTestClient.Closed(
                            1003, "binary messages are not supported; send JSON text messages"));
            assertThat(call.awaitEnded()).isEqualTo(EndReason.TRANSPORT_ERROR);
        }
        try (MediaStreamTestClient big = started()) {
            big.sendMedia(SID, new byte[8000]);
            assertThat(big.awaitClosed().code()).isEqualTo(1009);
        }
    }

    @Test
    void shouldEndAStreamThatNeverSendsStart() {
        try (MediaStreamTestClient client = MediaStreamTestClient.withToken(media(), TOKEN)) {
            client.sendFixture("twilio-connected.json");
            assertThat(client.awaitClosed())
                    .isEqualTo(new MediaStreamTestClient.Closed(1008, "no start message within 1000 ms"));
        }
    }

    @Test
    void shouldOpenOnlyTheCallAPerCallTokenWasSignedFor() {
        CallTokens tokens = new CallTokens(SIGNING_KEY);
        java.time.Instant inAMinute = java.time.Instant.now().plusSeconds(60);

        // When a source uses a token signed for call-42 and starts call-42
        try (MediaStreamTestClient client =
                MediaStreamTestClient.withToken(media(), tokens.sign("call-42", inAMinute))) {
            client.sendFixture("twilio-start.json");
            // Then the call opens
            assertThat(sessions.awaitCall(1).setup.callId()).isEqualTo("call-42");
        }
        // When a source uses a token for another call
        try (MediaStreamTestClient client =
                MediaStreamTestClient.withToken(media(), tokens.sign("call-7", inAMinute))) {
            client.sendFixture("twilio-start.json");
            // Then the stream ends before any call opens
            assertThat(client.awaitClosed())
                    .isEqualTo(new MediaStreamTestClient.Closed(1008, "the bearer token was issued for another call"));
        }
        assertThat(sessions.calls).hasSize(1);
        // And an expired token is refused at the upgrade
        String expired = tokens.sign("call-42", java.time.Instant.now().minusSeconds(1));
        assertThat(MediaStreamTestClient.withToken(media(), expired).awaitHandshake())
                .isEqualTo(401);
    }

    @Test
    void shouldRefuseByNameACallIdOrTransactionIdThatCouldNotBeLoggedOrLookedUp() {
        // Given sources whose start carries a call id with a line break, or a 300-character SMA transaction id
        String newline = MediaStreamTestClient.fixture("twilio-start.json").replace("call-42", "call-42\\nforged");
        String huge = MediaStreamTestClient.fixture("twilio-start.json")
                .replace("7c4a1c32-5b8a-4f9e-9a57-000000000042", "7".repeat(300));
        try (MediaStreamTestClient first = MediaStreamTestClient.withToken(media(), TOKEN);
                MediaStreamTestClient second = MediaStreamTestClient.withToken(media(), TOKEN)) {
            // When they start their streams
            first.send(newline);
            second.send(huge);

            // Then each is closed as a policy violation naming the field and the rule, and no call is opened
            assertThat(first.awaitClosed())
                    .isEqualTo(new MediaStreamTestClient.Closed(
                            1008, "callId must be 1-128 characters of A-Z a-z 0-9 . _ : @ + -"));
            assertThat(second.awaitClosed())
                    .isEqualTo(new MediaStreamTestClient.Closed(
                            1008, "smaTransactionId must be 1-128 characters of A-Z a-z 0-9 . _ : @ + -"));
            assertThat(sessions.calls).isEmpty();
        }
    }
}
