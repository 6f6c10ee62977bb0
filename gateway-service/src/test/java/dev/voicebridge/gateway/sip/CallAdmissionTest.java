package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.voicebridge.gateway.call.EndReason;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.header.RetryAfterHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link CallAdmission} decides for a new INVITE: JAIN-SIP and SIPp callers on loopback
 * against a real SIP endpoint. A call the sessions cannot take is refused before any answer.
 */
class CallAdmissionTest {

    private final EchoCallSessions sessions = new EchoCallSessions();
    private SipServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        sessions.close();
    }

    @Test
    void shouldRefuse503WithRetryAfterAtMaxDialogsAndLeaveTheLiveCallAlone() throws Exception {
        // Given a gateway allowed one dialog, with one call up
        server = SipTestServers.start(SipTestServers.sip(Duration.ZERO, List.of(), 1), SipTestServers.rtp(), sessions);
        try (SipTestPhone first = new SipTestPhone(server.port());
                SipTestPhone second = new SipTestPhone(server.port())) {
            first.ack(first.awaitResponse(first.call("sma-txn-first"), Response.OK));
            await().atMost(Duration.ofSeconds(5)).until(() -> sessions.opened.size() == 1);

            // When a second call arrives
            ClientTransaction refused = second.call("sma-txn-second");

            // Then it gets 503 with Retry-After 30 s, counted, without ports or a session
            Response response = second.awaitFinal(refused);
            assertThat(response.getStatusCode()).isEqualTo(Response.SERVICE_UNAVAILABLE);
            assertThat(((RetryAfterHeader) response.getHeader(RetryAfterHeader.NAME)).getRetryAfter())
                    .isEqualTo(30);
            assertThat(server.stats().refusedCount(503)).isEqualTo(1);
            assertThat(server.rtpPairsInUse()).isEqualTo(1);
            assertThat(sessions.opened).hasSize(1);
            // and the first call is undisturbed and still ends normally
            assertThat(sessions.only().ended).isNotDone();
            assertThat(first.awaitFinal(first.inDialog(Request.BYE, null, null)).getStatusCode())
                    .isEqualTo(Response.OK);
            assertThat(sessions.only().ended.get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.CALLER_HANGUP);
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> server.activeCalls() == 0 && server.rtpPairsInUse() == 0);
    }

    @Test
    void shouldRefuseWith503BeforeAnyAnswerWhenTheSessionsAreFull() throws Exception {
        // Given a gateway whose SIP side takes calls but whose call sessions are full
        sessions.refuseOnOpen = true;
        server = SipTestServers.start(SipTestServers.sip(), SipTestServers.rtp(), sessions);
        try (SipTestPhone phone = new SipTestPhone(server.port())) {
            // When a call comes in
            ClientTransaction invite = phone.call("sma-txn-refused");

            // Then it gets 503 and never a 200, and nothing is held
            assertThat(phone.awaitFinal(invite).getStatusCode()).isEqualTo(Response.SERVICE_UNAVAILABLE);
            assertThat(phone.response(invite, Response.OK)).isEmpty();
            assertThat(server.stats().answeredCount()).isZero();
            await().atMost(Duration.ofSeconds(3)).until(() -> server.activeCalls() == 0 && server.rtpPairsInUse() == 0);
            assertThat(sessions.opened).isEmpty();
        }
    }

    @Test
    void shouldAnswerExactlyAsManyCallsAsThereIsRoomForInAFloodAndRefuseTheRestBeforeAnswering() throws Exception {
        // Given a gateway with room for 5 calls
        sessions.capacity = 5;
        server = SipTestServers.start(SipTestServers.sip(), SipTestServers.rtp(), sessions);

        // When 60 INVITEs arrive at 200 a second, 60 at once
        Sipp.Result result =
                Sipp.run(Sipp.Run.of("uac-flood.xml", server.port()).calls(60, 60, 200));

        // Then 5 are answered and 55 refused with 503; none is answered and then hung up
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(server.stats().answeredCount()).isEqualTo(5);
        assertThat(server.stats().refusedCount(503)).isEqualTo(55);
        assertThat(server.stats().endedCount(EndReason.TRANSPORT_ERROR)).isZero();
        assertThat(sessions.opened).hasSize(5);
        assertThat(sessions.maxConcurrent.get()).isEqualTo(5);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.activeCalls() == 0 && server.rtpPairsInUse() == 0);
    }
}
