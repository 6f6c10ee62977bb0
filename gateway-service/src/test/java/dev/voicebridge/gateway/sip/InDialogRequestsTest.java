package dev.voicebridge.gateway.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.voicebridge.gateway.call.EndReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sip.ClientTransaction;
import javax.sip.header.WarningHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@link InDialogHandler} answers inside a call, and outside any: a JAIN-SIP caller on loopback
 * against a real SIP endpoint, with {@link EchoCallSessions} as the call session.
 */
class InDialogRequestsTest {

    private final EchoCallSessions sessions = new EchoCallSessions();
    private SipServer server;
    private SipTestPhone phone;

    @AfterEach
    void stop() {
        if (phone != null) {
            phone.close();
        }
        if (server != null) {
            server.stop();
        }
        sessions.close();
    }

    private void startGateway(Duration answerDelay) throws Exception {
        server = SipTestServers.start(SipTestServers.sip(answerDelay, List.of(), 10), SipTestServers.rtp(), sessions);
        phone = new SipTestPhone(server.port());
    }

    /** Calls, acknowledges the 200 and waits for the session: returns the 200's SDP. */
    private String confirmedCall(String smaTransactionId) throws Exception {
        Response ok = phone.awaitResponse(phone.call(smaTransactionId), Response.OK);
        phone.ack(ok);
        await().atMost(Duration.ofSeconds(5)).until(() -> sessions.opened.size() == 1);
        return new String(ok.getRawContent(), StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @ValueSource(strings = {"BYE", "INFO", "UPDATE", "INVITE", "CANCEL"})
    void shouldAnswer481WhenTheDialogIsUnknown(String method) throws Exception {
        // Given a gateway with no calls
        startGateway(Duration.ZERO);

        // When a request arrives for a dialog (or, for CANCEL, an INVITE) the gateway never had
        String toTag = method.equals("CANCEL") ? "" : ";tag=nosuchdialog";
        Response response = phone.sendStateless(method + " sip:x@{gw} SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP {phone};branch=z9hG4bK-nodialog-" + method + "\r\n"
                + "From: <sip:a@{phone}>;tag=caller\r\n"
                + "To: <sip:x@{gw}>" + toTag + "\r\n"
                + "Call-ID: no-such-call-" + method + "\r\n"
                + "CSeq: 2 " + method + "\r\n"
                + "Contact: <sip:a@{phone}>\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n");

        // Then it gets 481 and no call state appears. (JAIN-SIP answers BYE, UPDATE and CANCEL without a
        // dialog itself, with no Server header; INFO and re-INVITE reach InDialogHandler.)
        assertThat(response.getStatusCode()).isEqualTo(Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST);
        assertThat(server.activeCalls()).isZero();
        assertThat(server.rtpPairsInUse()).isZero();
        assertThat(sessions.opened).isEmpty();
    }

    @Test
    void shouldHandSipInfoDigitsToTheSessionAndEndOnBye() throws Exception {
        // Given a confirmed call
        startGateway(Duration.ZERO);
        confirmedCall("sma-txn-info");
        EchoCallSessions.Call call = sessions.only();

        // When the caller sends a digit as SIP INFO (application/dtmf-relay)
        ClientTransaction info = phone.inDialog(Request.INFO, "dtmf-relay", "Signal=5\r\nDuration=160\r\n");

        // Then the INFO gets 200 and the session gets the digit, on a thread logging under the call id
        assertThat(phone.awaitFinal(info).getStatusCode()).isEqualTo(Response.OK);
        await().atMost(Duration.ofSeconds(2)).until(() -> call.digits.toString().equals("5"));
        assertThat(call.callIdOnDtmf).isEqualTo("sma-txn-info");

        // When the caller hangs up
        ClientTransaction bye = phone.inDialog(Request.BYE, null, null);

        // Then BYE gets 200, the session hears CALLER_HANGUP and the call's ports and dialog are gone
        assertThat(phone.awaitFinal(bye).getStatusCode()).isEqualTo(Response.OK);
        assertThat(call.ended.get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.CALLER_HANGUP);
        assertThat(server.stats().endedCount(EndReason.CALLER_HANGUP)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(3)).until(() -> server.activeCalls() == 0 && server.rtpPairsInUse() == 0);
    }

    @Test
    void shouldKeepTheMediaOnRefreshesAndOnAReofferItCannotCarry() throws Exception {
        // Given a confirmed call that negotiated PCMU
        startGateway(Duration.ZERO);
        String answer = confirmedCall("sma-txn-refresh");
        assertThat(answer).contains("m=audio").contains("RTP/AVP 0 101");

        // When the caller refreshes with a re-INVITE without SDP
        ClientTransaction reInvite = phone.inDialog(Request.INVITE, null, null);
        Response refreshed = phone.awaitResponse(reInvite, Response.OK);
        phone.ack(refreshed);

        // Then our 200 offers exactly the media we answered, o= version included
        assertThat(new String(refreshed.getRawContent(), StandardCharsets.US_ASCII))
                .isEqualTo(answer);

        // When it refreshes with an UPDATE without SDP (a session timer)
        ClientTransaction update = phone.inDialog(Request.UPDATE, null, null);

        // Then the 200 carries no body
        Response updated = phone.awaitFinal(update);
        assertThat(updated.getStatusCode()).isEqualTo(Response.OK);
        assertThat(updated.getRawContent()).isNull();

        // When it re-offers a codec the call did not start with (PCMA only)
        String pcmaOnly =
                phone.offer().replace("RTP/AVP 0 8 101", "RTP/AVP 8 101").replace("a=rtpmap:0 PCMU/8000\r\n", "");
        ClientTransaction move = phone.inDialog(Request.INVITE, "sdp", pcmaOnly);

        // Then it gets 488 saying the media is unchanged, and the next refresh still offers the old media
        Response refused = phone.awaitFinal(move);
        assertThat(refused.getStatusCode()).isEqualTo(Response.NOT_ACCEPTABLE_HERE);
        assertThat(((WarningHeader) refused.getHeader(WarningHeader.NAME)).getText())
                .contains("media unchanged");
        Response again = phone.awaitResponse(phone.inDialog(Request.INVITE, null, null), Response.OK);
        phone.ack(again);
        assertThat(new String(again.getRawContent(), StandardCharsets.US_ASCII)).isEqualTo(answer);
        // and the call is still up
        assertThat(sessions.only().ended).isNotDone();
        assertThat(server.activeCalls()).isEqualTo(1);
    }

    @Test
    void shouldEndTheCallCleanlyWhenCancelledBeforeTheAnswer() throws Exception {
        // Given a gateway that rings for one second before answering
        startGateway(Duration.ofSeconds(1));
        ClientTransaction invite = phone.call("sma-txn-cancel");
        phone.awaitResponse(invite, Response.RINGING);

        // When the caller cancels while it rings
        ClientTransaction cancel = phone.cancel();

        // Then CANCEL gets 200 and the INVITE 487
        assertThat(phone.awaitFinal(cancel).getStatusCode()).isEqualTo(Response.OK);
        assertThat(phone.awaitFinal(invite).getStatusCode()).isEqualTo(Response.REQUEST_TERMINATED);
        // and the answer timer never fires: no 200 OK after the ring time, no RTP; the session opened
        // with the INVITE is told the caller hung up
        Thread.sleep(1500);
        assertThat(phone.response(invite, Response.OK)).isEmpty();
        assertThat(server.stats().answeredCount()).isZero();
        assertThat(sessions.only().ended.get(5, TimeUnit.SECONDS)).isEqualTo(EndReason.CALLER_HANGUP);
        assertThat(phone.media.packets).isEmpty();
        // and the call is counted as the caller's hang-up, with its ports and dialog released
        assertThat(server.stats().endedCount(EndReason.CALLER_HANGUP)).isEqualTo(1);
        assertThat(server.activeCalls()).isZero();
        assertThat(server.rtpPairsInUse()).isZero();
    }
}
