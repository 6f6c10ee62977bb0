package dev.voicebridge.gateway.operator;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One operator's WebSocket on one call: who they are once authenticated, whether they listen and
 * talk, their outbound queue and their microphone's jitter buffer.
 *
 * <p>Threads: the operator's event loop sets the state; the call's media threads read it (volatile)
 * and feed the queue and read the buffer, which guard themselves. Closing may come from any thread.
 */
final class OperatorLink {

    private final WebSocketSession socket;
    private final OutboundQueue out = new OutboundQueue();
    private final TalkBuffer talk = new TalkBuffer();
    private volatile String principal;
    private volatile boolean listening;
    private volatile boolean talking;
    private volatile boolean closing;

    OperatorLink(WebSocketSession socket) {
        this.socket = socket;
    }

    /** What the socket sends: every queued message, as WebSocket messages. */
    Flux<org.springframework.web.reactive.socket.WebSocketMessage> outbound() {
        return out.messages()
                .map(m ->
                        m instanceof String t ? socket.textMessage(t) : socket.binaryMessage(f -> f.wrap((byte[]) m)));
    }

    void authenticated(String principal) {
        this.principal = principal;
    }

    String principal() {
        return principal;
    }

    boolean listening() {
        return listening;
    }

    void listen(boolean on) {
        listening = on;
    }

    boolean talking() {
        return talking;
    }

    void talk(boolean on) {
        talking = on;
        if (!on) {
            talk.clear();
        }
    }

    TalkBuffer microphone() {
        return talk;
    }

    void sendText(String json) {
        out.offerText(json);
    }

    void sendAudio(byte[] taggedFrame) {
        out.offerAudio(taggedFrame);
    }

    long droppedAudio() {
        return out.droppedAudio();
    }

    long droppedMicrophoneSamples() {
        return talk.droppedSamples();
    }

    boolean closing() {
        return closing;
    }

    /** Closes the socket with {@code code} and {@code reason}; only the first close counts. */
    void close(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        listening = false;
        talking = false;
        // The close frame goes first: once the outbound stream completes, Reactor Netty ends the
        // socket with a close frame of its own, without a status (the client would see 1005).
        socket.close(new CloseStatus(code, reason))
                .onErrorResume(e -> Mono.empty())
                .doFinally(signal -> out.complete())
                .subscribe();
    }
}
