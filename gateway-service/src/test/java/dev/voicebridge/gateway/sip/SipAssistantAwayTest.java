package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.voicebridge.gateway.call.CallSession;
import dev.voicebridge.gateway.call.PacedCaller;
import dev.voicebridge.gateway.call.TestGateway;
import dev.voicebridge.gateway.realtime.AssistantSession;
import dev.voicebridge.gateway.rtp.RtpPacket;
import dev.voicebridge.simulator.Fault;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SessionRecord;
import dev.voicebridge.simulator.SimulatorOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.sip.ClientTransaction;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A SIP caller who talks while the assistant is not there: from the first RTP packet after the
 * answer, while Azure takes as long as a real region to set a session up, and while Azure is down
 * mid-response. A JAIN-SIP phone on loopback sends numbered µ-law frames in real time; the gateway's
 * real call sessions sit behind the SIP endpoint, and the simulator checks what it received.
 */
class SipAssistantAwayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Frames the socket may have taken but not delivered when Azure dropped it. */
    private static final int IN_FLIGHT = 5;

    private static final Pattern AUDIO_PORT = Pattern.compile("m=audio (\\d+) ");

    private RealtimeSimulator azure;
    private TestGateway gateway;
    private SipServer server;

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

    private SipTestPhone callGateway(Duration readyWait) throws Exception {
        azure = RealtimeSimulator.start(SimulatorOptions.builder()
                .speed(1.0)
                .fault(new Fault.SlowHandshake(Duration.ofMillis(700)))
                .build());
        gateway = new TestGateway(URI.create(azure.baseUrl()), s -> {
            s.retryBudget = Duration.ofSeconds(30);
            return s;
        });
        server = SipTestServers.start(
                SipTestServers.sip(Duration.ZERO, readyWait, List.of(), 10), SipTestServers.rtp(), gateway.sessions);
        return new SipTestPhone(server.port());
    }

    /** Answers the call's 200 with an ACK and starts talking to the RTP port its SDP names. */
    private static PacedCaller answerAndTalk(SipTestPhone phone, ClientTransaction invite, boolean voiced)
            throws Exception {
        Response ok = phone.awaitResponse(invite, Response.OK);
        phone.ack(ok);
        Matcher port = AUDIO_PORT.matcher(new String(ok.getRawContent(), StandardCharsets.US_ASCII));
        assertThat(port.find()).isTrue();
        int gatewayRtp = Integer.parseInt(port.group(1));
        AtomicInteger seq = new AtomicInteger();
        return new PacedCaller(
                frame -> {
                    int n = seq.getAndIncrement();
                    phone.media.send(PcapFixtures.rtp(0, n == 0, n, 160L * n, 0x5eed, frame), gatewayRtp);
                },
                voiced);
    }

    private CallSession onlyCall() {
        await().atMost(WAIT).until(() -> gateway.sessions.liveCount() == 1);
        return gateway.sessions.sessions().iterator().next();
    }

    @ParameterizedTest(name = "ready-wait {0} ms")
    @ValueSource(ints = {0, 3000})
    void shouldGiveAzureEveryFrameFromTheFirstRtpPacketInOrder(int readyWaitMs) throws Exception {
        try (SipTestPhone phone = callGateway(Duration.ofMillis(readyWaitMs))) {
            // Given a caller who talks from the first packet after the answer, whether the gateway
            // answered at once or once its 700 ms Azure set-up was done
            ClientTransaction invite = phone.call("sma-txn-first-words-" + readyWaitMs);
            int spoken;
            try (PacedCaller caller = answerAndTalk(phone, invite, true)) {
                await().atMost(WAIT).until(() -> caller.sent() >= 75);
                caller.voiced(false);
                await().atMost(WAIT).until(() -> caller.sent() >= 100);
                spoken = caller.sent();
            }

            // Then Azure received every frame from the first, in order, none twice, none lost
            SessionRecord session = await().atMost(WAIT)
                    .until(
                            () -> azure.sessions().stream()
                                    .filter(s -> s.inputAudioBytes() > 0)
                                    .findFirst(),
                            java.util.Optional::isPresent)
                    .orElseThrow();
            session.awaitInputAudioBytes((long) (spoken - 3) * PacedCaller.FRAME_BYTES, WAIT);
            List<Integer> heard = PacedCaller.numbers(session.inputAudio());
            assertThat(heard).startsWith(IntStream.range(0, spoken - 3).boxed().toArray(Integer[]::new));
            assertThat(heard).doesNotHaveDuplicates();
            assertThat(onlyCall().stats().droppedIn()).isZero();
            session.awaitServerEvent("response.done", WAIT);
        }
    }

    @ParameterizedTest(name = "Azure down {0} s")
    @ValueSource(ints = {1, 5, 20})
    void shouldKeepTheCallAndEveryWordThroughAnAzureOutageMidResponse(int seconds) throws Exception {
        try (SipTestPhone phone = callGateway(Duration.ofSeconds(3))) {
            ClientTransaction invite = phone.call("sma-txn-outage-" + seconds);
            try (PacedCaller caller = answerAndTalk(phone, invite, false)) {
                // Given a call whose assistant is answering the caller
                CallSession call = onlyCall();
                await().atMost(WAIT).until(() -> call.assistant().state() == AssistantSession.State.READY);
                SessionRecord first = azure.sessions().getLast();
                caller.voiced(true);
                Thread.sleep(800);
                caller.voiced(false);
                first.awaitServerEvent("response.created", WAIT);

                // When Azure goes down mid-response, the caller talks meanwhile, and Azure comes back
                azure.outage();
                int sessionsBefore = azure.sessions().size();
                long talk = Math.min(800, seconds * 1000L / 2);
                caller.voiced(true);
                Thread.sleep(talk);
                caller.voiced(false);
                Thread.sleep(seconds * 1000L - talk);
                int heardBefore = voicedPacketsHeard(phone);
                azure.recover();

                // Then the call goes on with a new session, which answers what the caller said
                SessionRecord second = azure.awaitSession(sessionsBefore + 1, WAIT);
                second.awaitServerEvent("response.done", WAIT);
                assertThat(call.ended()).isFalse();
                await().atMost(WAIT).until(() -> voicedPacketsHeard(phone) > heardBefore);

                // And the new session heard every frame from where the old one stopped, in order
                int spoken = caller.sent();
                second.awaitInputAudioBytes(
                        (long) (spoken - seconds * 50 - 3) * PacedCaller.FRAME_BYTES - first.inputAudioBytes(), WAIT);
                List<Integer> before = PacedCaller.numbers(first.inputAudio());
                List<Integer> after = PacedCaller.numbers(second.inputAudio());
                int lastBefore = before.get(before.size() - 1);
                assertThat(before)
                        .containsExactlyElementsOf(
                                IntStream.rangeClosed(0, lastBefore).boxed().toList());
                assertThat(after.get(0)).isBetween(lastBefore + 1, lastBefore + 1 + IN_FLIGHT);
                assertThat(after)
                        .containsExactlyElementsOf(IntStream.range(after.get(0), after.get(0) + after.size())
                                .boxed()
                                .toList());
                assertThat(call.stats().droppedIn()).isZero();
                assertThat(call.endReason()).isNull();
            }
        }
    }

    /** Packets the phone heard that carry sound, not the clock's comfort silence. */
    private static int voicedPacketsHeard(SipTestPhone phone) {
        int n = 0;
        for (RtpSink.Received received : phone.media.packets) {
            RtpPacket packet = received.packet();
            for (byte b : packet.payload()) {
                if (b != (byte) 0xFF && b != (byte) 0x7F) {
                    n++;
                    break;
                }
            }
        }
        return n;
    }
}
