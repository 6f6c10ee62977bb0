package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.gateway.rtp.DtmfEvent;
import dev.voicebridge.gateway.rtp.RtpPacket;
import dev.voicebridge.model.BridgeHeaders;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SIPp plays the Chime Voice Connector against a real SIP endpoint on loopback; the call session
 * is {@link EchoCallSessions}, which drives the leg with a 20 ms clock and echoes the caller.
 */
class SipCallFlowTest {

    private final EchoCallSessions sessions = new EchoCallSessions();
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
        sessions.close();
    }

    /** Packets in the speech fixture: each is 24-byte-headed pcap record of 230 bytes (160 bytes of PCMU). */
    private static int speechPackets() throws Exception {
        long bytes = java.nio.file.Files.size(java.nio.file.Path.of(
                SipCallFlowTest.class.getResource("/sipp/speech-pcmu.pcap").toURI()));
        return (int) ((bytes - 24) / (16 + 14 + 20 + 8 + 12 + 160));
    }

    private static boolean isSilence(RtpPacket packet) {
        for (byte b : packet.payload()) {
            if (b != (byte) 0xFF) {
                return false;
            }
        }
        return true;
    }

    @Test
    void shouldAnswerSpeechCallWithPacedRtpAndDeliverCallerAudioAndDtmf() throws Exception {
        // Given a gateway whose session plays DTMF 7 to the caller, and a caller whose SDP points at our RTP sink
        sessions.dtmfOnOpen = "7";
        server = SipTestServers.start(SipTestServers.sip(), SipTestServers.rtp(), sessions);
        try (RtpSink sink = new RtpSink()) {
            // When SIPp places the call, streams 6.5 s of speech, presses 4 2 #, and hangs up
            Sipp.Result result =
                    Sipp.run(Sipp.Run.of("uac-speech-call.xml", server.port()).key("rtp_sink_port", sink.port()));

            // Then the call succeeded end to end
            assertThat(result.allCallsSucceeded()).as(result.output()).isTrue();
            EchoCallSessions.Call call = sessions.only();
            assertThat(call.ended.get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.CALLER_HANGUP);

            // and the session was attached to the SMA call named in the X- headers
            assertThat(call.setup.callId()).startsWith("sma-txn-");
            assertThat(call.setup.smaTransactionId()).isEqualTo(call.setup.callId());
            assertThat(call.setup.from()).startsWith("+15550100");
            assertThat(call.setup.attributes()).containsEntry(BridgeHeaders.SMA_ID, "sma-app-1");

            // and every packet of the caller's speech arrived as one 20 ms frame, in order
            assertThat(call.framesIn.get()).isEqualTo(speechPackets());
            assertThat(call.digits.toString()).isEqualTo("42#");
            // and whatever the session logs while called from SIP or RTP threads carries the call id
            assertThat(List.of(call.callIdOnOpen, call.callIdOnAudio, call.callIdOnDtmf))
                    .containsOnly(call.setup.callId());

            // and the gateway's RTP was paced by the session clock: one packet per 20 ms, timestamps +160
            await().atMost(Duration.ofSeconds(2)).until(() -> !sink.packets.isEmpty());
            List<RtpSink.Received> received = sink.packets;
            assertThat(received.size()).isGreaterThan(300);
            long spanMillis = TimeUnit.NANOSECONDS.toMillis(
                    received.getLast().nanos() - received.getFirst().nanos());
            double packetsPer20ms = received.size() / (spanMillis / 20.0 + 1);
            assertThat(packetsPer20ms)
                    .as("packets per 20 ms over %d ms", spanMillis)
                    .isBetween(0.9, 1.1);
            RtpPacket first = received.getFirst().packet();
            for (int i = 1; i < received.size(); i++) {
                RtpPacket previous = received.get(i - 1).packet();
                RtpPacket packet = received.get(i).packet();
                assertThat(packet.sequence()).isEqualTo((previous.sequence() + 1) & 0xFFFF);
                assertThat(packet.ssrc()).isEqualTo(first.ssrc());
                if (packet.payloadType() == 0) {
                    // one tick = one packet = 160 samples, whether it carried audio, silence or DTMF
                    assertThat((packet.timestamp() - first.timestamp()) & 0xFFFF_FFFFL)
                            .isEqualTo(160L * i);
                }
                // the marker bit starts a talkspurt: only after comfort silence or a DTMF event
                if (packet.marker() && packet.payloadType() == 0) {
                    assertThat(previous.payloadType() == 101 || isSilence(previous))
                            .as("packet %d", i)
                            .isTrue();
                }
            }
            assertThat(received)
                    .filteredOn(r -> r.packet().marker() && r.packet().payloadType() == 0)
                    .as("talkspurts of echoed speech")
                    .isNotEmpty();
            // and the digit the session sent went out as RFC 4733: one event, end bit sent three times
            List<DtmfEvent> events = received.stream()
                    .map(RtpSink.Received::packet)
                    .filter(p -> p.payloadType() == 101)
                    .map(p -> DtmfEvent.parse(p.payload()))
                    .toList();
            assertThat(events).extracting(DtmfEvent::digit).containsOnly('7');
            assertThat(events).filteredOn(DtmfEvent::end).hasSize(3);
            // and only the negotiated payload types were used: PCMU (preferred) and telephone-event
            assertThat(received).extracting(r -> r.packet().payloadType()).containsOnly(0, 101);
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> server.activeCalls() == 0 && server.rtpPairsInUse() == 0);
    }

    @Test
    void shouldSendByeWhenTheSessionHangsUp() throws Exception {
        // Given a session that hangs up (the model's hang_up tool) one second into the call
        sessions.hangUpAfter = Duration.ofSeconds(1);
        server = SipTestServers.start(SipTestServers.sip(), SipTestServers.rtp(), sessions);

        // When SIPp calls and waits for the gateway to end the call
        Sipp.Result result = Sipp.run(Sipp.Run.of("uac-wait-for-bye.xml", server.port()));

        // Then the gateway sent BYE, SIPp answered it, and nothing of the call is left
        assertThat(result.allCallsSucceeded()).as(result.output()).isTrue();
        await().atMost(Duration.ofSeconds(3)).until(() -> server.activeCalls() == 0 && server.rtpPairsInUse() == 0);
    }

    @Test
    void shouldHangUpWithByeWhenTheCallerSendsNoMedia() throws Exception {
        // Given a media timeout of 2 s and a caller that sends no RTP at all
        server = SipTestServers.start(SipTestServers.sip(), SipTestServers.rtp(Duration.ofSeconds(2)), sessions);

        // When the call is up
        Sipp.Result result = Sipp.run(Sipp.Run.of("uac-wait-for-bye.xml", server.port()));

        // Then the gateway hangs up with BYE, tells the session why, and counts it
        assertThat(result.allCallsSucceeded()).as(result.output()).isTrue();
        assertThat(sessions.only().ended.get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.MEDIA_TIMEOUT);
        assertThat(server.stats().endedCount(EndReason.MEDIA_TIMEOUT)).isEqualTo(1);
        assertThat(server.rtpTotals().mediaTimeouts()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(3)).until(() -> server.rtpPairsInUse() == 0);
    }

    @Test
    void shouldAnswer487WhenTheCallerCancelsBeforeAnswer() throws Exception {
        // Given a gateway that rings for 3 s before answering
        server = SipTestServers.start(
                SipTestServers.sip(Duration.ofSeconds(3), List.of(), 10), SipTestServers.rtp(), sessions);

        // When the caller cancels on the 180
        Sipp.Result result = Sipp.run(Sipp.Run.of("uac-cancel.xml", server.port()));

        // Then CANCEL got 200, the INVITE 487, the session opened with the INVITE ended as the caller's
        // hang-up, and the RTP ports are free again
        assertThat(result.allCallsSucceeded()).as(result.output()).isTrue();
        assertThat(sessions.only().ended.get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.CALLER_HANGUP);
        await().atMost(Duration.ofSeconds(3)).until(() -> server.activeCalls() == 0 && server.rtpPairsInUse() == 0);
    }

    @Test
    void shouldAnswerOptionsOverUdpAndTcp() throws Exception {
        // Given a running gateway
        server = SipTestServers.start(SipTestServers.sip(), SipTestServers.rtp(), sessions);

        // When the Voice Connector pings it over each transport
        Sipp.Result udp = Sipp.run(Sipp.Run.of("uac-options.xml", server.port()));
        Sipp.Result tcp = Sipp.run(Sipp.Run.of("uac-options.xml", server.port()).tcp());

        // Then both get 200 with an Allow header listing INVITE
        assertThat(udp.allCallsSucceeded()).as(udp.output()).isTrue();
        assertThat(tcp.allCallsSucceeded()).as(tcp.output()).isTrue();
    }

    @Test
    void shouldRefuseWith503WhenSessionsAreNotAccepting() throws Exception {
        // Given a gateway that is draining
        sessions.accepting = false;
        server = SipTestServers.start(SipTestServers.sip(), SipTestServers.rtp(), sessions);

        // When a call arrives
        Sipp.Result result = Sipp.run(Sipp.Run.of("uac-expect-503.xml", server.port()));

        // Then it is refused with 503 before any media is set up
        assertThat(result.allCallsSucceeded()).as(result.output()).isTrue();
        assertThat(server.stats().refusedCount(503)).isEqualTo(1);
        assertThat(sessions.opened).isEmpty();
        assertThat(server.rtpPairsInUse()).isZero();
    }

    @Test
    void shouldHoldAndResumeOnReInviteOverTcp() throws Exception {
        // Given a running gateway
        server = SipTestServers.start(SipTestServers.sip(), SipTestServers.rtp(), sessions);

        // When the far end holds (sendonly) and resumes (sendrecv) with re-INVITEs over TCP
        Sipp.Result result =
                Sipp.run(Sipp.Run.of("uac-hold-unhold.xml", server.port()).tcp());

        // Then each re-INVITE got a 200 with the mirrored direction (checked by the scenario) and the call ended
        // cleanly
        assertThat(result.allCallsSucceeded()).as(result.output()).isTrue();
        assertThat(sessions.only().ended.get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.CALLER_HANGUP);
    }
}
