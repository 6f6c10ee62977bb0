package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.voicebridge.gateway.call.TestGateway;
import dev.voicebridge.gateway.rtp.RtpPacket;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SessionRecord;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole path with real parts: SIPp as the Chime Voice Connector, the SIP/RTP endpoint, the
 * gateway's real call sessions, and the Realtime simulator as Azure (it answers each caller turn by
 * echoing it). The caller's speech must reach Azure byte for byte, and Azure's answer must come back
 * to the caller as paced RTP.
 */
class SipToRealtimeTest {

    private RealtimeSimulator azure;
    private TestGateway gateway;
    private SipServer server;

    @BeforeAll
    static void needsSipp() {
        Sipp.requireInstalled();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (azure != null) {
            azure.close();
        }
    }

    @Test
    void shouldCarryTheCallersSpeechToAzureAndAzuresAnswerBackAsPacedRtp() throws Exception {
        // Given the gateway's real call sessions against the simulator, behind the SIP endpoint
        azure = RealtimeSimulator.start();
        gateway = new TestGateway(URI.create(azure.baseUrl()), s -> s);
        server = SipTestServers.start(SipTestServers.sip(), SipTestServers.rtp(), gateway.sessions);
        byte[] speech = speechPayload();

        try (RtpSink sink = new RtpSink()) {
            // When the Voice Connector places a call and the caller speaks, presses keys and hangs up
            Sipp.Result result =
                    Sipp.run(Sipp.Run.of("uac-speech-call.xml", server.port()).key("rtp_sink_port", sink.port()));

            // Then the call went through
            assertThat(result.allCallsSucceeded()).as(result.output()).isTrue();

            // and Azure heard the caller's speech, byte for byte (G.711 passthrough; the session drops
            // what arrives before its Azure session is ready, so look at a second of what did arrive)
            assertThat(azure.sessions()).hasSize(1);
            SessionRecord session = azure.sessions().getFirst();
            session.awaitInputAudioBytes(8000, Duration.ofSeconds(5));
            byte[] heardByAzure = Arrays.copyOf(session.inputAudio(), 8000);
            assertThat(indexOf(foldZero(speech), foldZero(heardByAzure)))
                    .as("a second of what Azure received is the caller's speech, unchanged")
                    .isNotNegative();

            // and the caller heard Azure's answer to its last turn (the simulator echoes the caller's words),
            // paced one packet per 20 ms
            assertThat(session.audioBytesSent()).isPositive();
            List<RtpSink.Received> received = sink.packets;
            List<RtpPacket> audio = received.stream()
                    .map(RtpSink.Received::packet)
                    .filter(p -> p.payloadType() == 0)
                    .toList();
            int end = audio.size();
            while (end > 0 && isSilence(audio.get(end - 1))) {
                end--;
            }
            int start = end;
            while (start > 0 && !isSilence(audio.get(start - 1))) {
                start--;
            }
            assertThat(end - start).as("packets in the last answer").isGreaterThanOrEqualTo(5);
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            audio.subList(start, start + 5).forEach(p -> answer.writeBytes(p.payload()));
            // (µ-law has two codes for zero; the simulator's decode/encode keeps only 0xFF, so fold 0x7F)
            assertThat(indexOf(foldZero(speech), foldZero(answer.toByteArray())))
                    .as("the caller heard its own words echoed back by the simulator, unchanged")
                    .isNotNegative();
            long spanMillis = TimeUnit.NANOSECONDS.toMillis(
                    received.getLast().nanos() - received.getFirst().nanos());
            assertThat(received.size() / (spanMillis / 20.0 + 1))
                    .as("packets per 20 ms")
                    .isBetween(0.9, 1.1);
        }
        // and the call is gone everywhere once the caller hung up
        await().atMost(Duration.ofSeconds(5))
                .until(() -> server.activeCalls() == 0 && gateway.sessions.liveCount() == 0);
        azure.awaitNoOpenSessions(Duration.ofSeconds(5));
    }

    private static byte[] foldZero(byte[] ulaw) {
        byte[] folded = ulaw.clone();
        for (int i = 0; i < folded.length; i++) {
            if (folded[i] == (byte) 0x7F) {
                folded[i] = (byte) 0xFF;
            }
        }
        return folded;
    }

    private static boolean isSilence(RtpPacket packet) {
        for (byte b : packet.payload()) {
            if (b != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** The µ-law bytes of the speech fixture, in order. */
    private static byte[] speechPayload() throws Exception {
        byte[] pcap = Files.readAllBytes(Path.of(
                SipToRealtimeTest.class.getResource("/sipp/speech-pcmu.pcap").toURI()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int record = 16 + 14 + 20 + 8 + 12 + 160;
        for (int offset = 24; offset + record <= pcap.length; offset += record) {
            out.write(pcap, offset + record - 160, 160);
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
