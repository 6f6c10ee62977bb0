package dev.voicebridge.gateway.sip;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogTerminatedEvent;
import javax.sip.IOExceptionEvent;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipFactory;
import javax.sip.SipListener;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.TimeoutEvent;
import javax.sip.TransactionTerminatedEvent;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ViaHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * A caller on loopback UDP built on JAIN-SIP's client side, for tests that need a dialog and SIP
 * beyond what a SIPp scenario shows (an INFO, a refresh without SDP, a CANCEL then silence, requests
 * for dialogs that do not exist). Its stack does the transactions; it answers whatever the gateway
 * asks (its BYE) with 200 and keeps every response it got.
 */
final class SipTestPhone implements SipListener, AutoCloseable {

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /** A PCMU/PCMA offer with telephone-event; the media port is the phone's {@link RtpSink}. */
    private static final String OFFER = """
            v=0\r
            o=phone 1 1 IN IP4 127.0.0.1\r
            s=-\r
            c=IN IP4 127.0.0.1\r
            t=0 0\r
            m=audio %d RTP/AVP 0 8 101\r
            a=rtpmap:0 PCMU/8000\r
            a=rtpmap:8 PCMA/8000\r
            a=rtpmap:101 telephone-event/8000\r
            a=fmtp:101 0-15\r
            a=ptime:20\r
            a=sendrecv\r
            """;

    private final SipStack stack;
    private final SipProvider provider;
    private final MessageFactory messages;
    private final HeaderFactory headers;
    private final AddressFactory addresses;
    private final int port;
    private final int gatewayPort;
    final RtpSink media = new RtpSink();
    private final List<ResponseEvent> responses = new CopyOnWriteArrayList<>();
    final List<Request> requestsFromGateway = new CopyOnWriteArrayList<>();
    private ClientTransaction invite;

    SipTestPhone(int gatewayPort) throws Exception {
        this.gatewayPort = gatewayPort;
        this.port = SipServer.freeUdpAndTcpPort("127.0.0.1");
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", "test-phone-" + INSTANCES.incrementAndGet());
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "on");
        p.setProperty("gov.nist.javax.sip.STACK_LOGGER", Slf4jStackLogger.class.getName());
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        stack = factory.createSipStack(p);
        provider = stack.createSipProvider(stack.createListeningPoint("127.0.0.1", port, "udp"));
        provider.addSipListener(this);
        messages = factory.createMessageFactory();
        headers = factory.createHeaderFactory();
        addresses = factory.createAddressFactory();
        stack.start();
    }

    /** Calls the gateway with a G.711 offer, named by an SMA transaction id as Chime would. */
    ClientTransaction call(String smaTransactionId) throws Exception {
        SipURI target = uri("+15550199", gatewayPort);
        Request request = messages.createRequest(
                target,
                Request.INVITE,
                provider.getNewCallId(),
                headers.createCSeqHeader(1L, Request.INVITE),
                headers.createFromHeader(addresses.createAddress(uri("+15550100", port)), "phone"),
                headers.createToHeader(addresses.createAddress(target), null),
                List.of(headers.createViaHeader("127.0.0.1", port, "udp", null)),
                headers.createMaxForwardsHeader(70));
        request.addHeader(headers.createContactHeader(addresses.createAddress(uri("phone", port))));
        request.addHeader(headers.createHeader("X-VoiceBridge-Transaction-Id", smaTransactionId));
        request.setContent(offer(), headers.createContentTypeHeader("application", "sdp"));
        invite = provider.getNewClientTransaction(request);
        invite.sendRequest();
        return invite;
    }

    /** The SDP offer {@link #call} sends. */
    String offer() {
        return OFFER.formatted(media.port());
    }

    /** Acknowledges the 200 OK of the call's INVITE, or of a re-INVITE. */
    void ack(Response ok) throws Exception {
        Dialog dialog = invite.getDialog();
        dialog.sendAck(dialog.createAck(((CSeqHeader) ok.getHeader(CSeqHeader.NAME)).getSeqNumber()));
    }

    /** Sends a request inside the call's dialog; {@code body} may be null. */
    ClientTransaction inDialog(String method, String contentSubType, String body) throws Exception {
        Dialog dialog = invite.getDialog();
        Request request = dialog.createRequest(method);
        if (body != null) {
            request.setContent(body, headers.createContentTypeHeader("application", contentSubType));
        }
        ClientTransaction tx = provider.getNewClientTransaction(request);
        dialog.sendRequest(tx);
        return tx;
    }

    ClientTransaction cancel() throws Exception {
        ClientTransaction tx = provider.getNewClientTransaction(invite.createCancel());
        tx.sendRequest();
        return tx;
    }

    /**
     * Sends a hand-written request statelessly, for what a dialog would never produce (one naming a
     * dialog or an INVITE the gateway does not know: the phone's own stack would refuse to send a
     * CANCEL for an INVITE it never sent). {@code {phone}} and {@code {gw}} in the text become the
     * phone's and the gateway's host:port. Returns the final response, matched by Via branch.
     */
    Response sendStateless(String text) throws Exception {
        String filled = text.replace("{phone}", "127.0.0.1:" + port).replace("{gw}", "127.0.0.1:" + gatewayPort);
        Request request = messages.createRequest(filled);
        String branch = ((ViaHeader) request.getHeader(ViaHeader.NAME)).getBranch();
        provider.sendRequest(request);
        return await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> responses.stream()
                                .map(ResponseEvent::getResponse)
                                .filter(r -> r.getStatusCode() >= 200)
                                .filter(r -> branch.equals(((ViaHeader) r.getHeader(ViaHeader.NAME)).getBranch()))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    /** Waits for the response with {@code status} to {@code tx}. */
    Response awaitResponse(ClientTransaction tx, int status) {
        return await().atMost(Duration.ofSeconds(10))
                .until(() -> response(tx, status), Optional::isPresent)
                .orElseThrow();
    }

    /** The final response to {@code tx}, once there is one. */
    Response awaitFinal(ClientTransaction tx) {
        return await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> responses.stream()
                                .filter(e -> e.getClientTransaction() == tx)
                                .map(ResponseEvent::getResponse)
                                .filter(r -> r.getStatusCode() >= 200)
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    Optional<Response> response(ClientTransaction tx, int status) {
        return responses.stream()
                .filter(e -> e.getClientTransaction() == tx)
                .map(ResponseEvent::getResponse)
                .filter(r -> r.getStatusCode() == status)
                .findFirst();
    }

    private SipURI uri(String user, int uriPort) throws Exception {
        SipURI uri = addresses.createSipURI(user, "127.0.0.1");
        uri.setPort(uriPort);
        return uri;
    }

    @Override
    public void processResponse(ResponseEvent event) {
        responses.add(event);
    }

    @Override
    public void processRequest(RequestEvent event) {
        requestsFromGateway.add(event.getRequest());
        try {
            ServerTransaction tx = event.getServerTransaction() != null
                    ? event.getServerTransaction()
                    : provider.getNewServerTransaction(event.getRequest());
            tx.sendResponse(messages.createResponse(Response.OK, event.getRequest()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {}

    @Override
    public void processIOException(IOExceptionEvent event) {}

    @Override
    public void processTransactionTerminated(TransactionTerminatedEvent event) {}

    @Override
    public void processDialogTerminated(DialogTerminatedEvent event) {}

    @Override
    public void close() {
        stack.stop();
        media.close();
    }
}
