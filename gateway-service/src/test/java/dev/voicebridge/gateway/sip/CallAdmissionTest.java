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
 * What {@link CallAdmission} decides for a new INVITE, and how a call it admitted ends when the
 * session will not take it: JAIN-SIP callers on loopback against a real SIP endpoint.
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
    void shouldHangUpWithByeWhenTheSessionRefusesTheCallAfterTheAnswer() throws Exception {
        // Given a gateway whose SIP side accepts calls but whose call sessions are full
        // (the capacity check that runs only once the ACK is in)
        sessions.refuseOnOpen = true;
        server = SipTestServers.start(SipTestServers.sip(), SipTestServers.rtp(), sessions);
        try (SipTestPhone phone = new SipTestPhone(server.port())) {
            // When a call is answered and acknowledged
            phone.ack(phone.awaitResponse(phone.call("sma-txn-refused"), Response.OK));

            // Then the gateway hangs up with BYE, Reason Q.850 cause 41, and releases the call
            await().atMost(Duration.ofSeconds(5)).until(() -> !phone.requestsFromGateway.isEmpty());
            Request bye = phone.requestsFromGateway.getFirst();
            assertThat(bye.getMethod()).isEqualTo(Request.BYE);
            assertThat(bye.getHeader("Reason").toString()).contains("Q.850").contains("cause=41");
            await().atMost(Duration.ofSeconds(3)).until(() -> server.activeCalls() == 0 && server.rtpPairsInUse() == 0);
            assertThat(server.stats().endedCount(EndReason.TRANSPORT_ERROR)).isEqualTo(1);
            assertThat(sessions.opened).isEmpty();
        }
    }
}
