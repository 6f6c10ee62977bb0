package dev.voicebridge.gateway.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.call.RecordingCallLeg;
import dev.voicebridge.gateway.realtime.protocol.ClientEvents;
import dev.voicebridge.gateway.realtime.protocol.RealtimeProtocol;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keys the caller pressed reach the model as one text item, on a real loopback socket. */
class KeypadDigitsTest {

    private static final Duration PAUSE = Duration.ofMillis(100);

    private ScriptedRealtimeServer azure;
    private RealtimeConnection socket;
    private ScriptedRealtimeServer.Connection server;
    private final AtomicReference<LiveLink> live = new AtomicReference<>();
    private final AtomicBoolean responseActive = new AtomicBoolean();
    private KeypadDigits keypad;

    @BeforeEach
    void connect() {
        azure = new ScriptedRealtimeServer();
        socket = LoopbackRealtime.connect(LoopbackRealtime.connector(azure));
        server = azure.awaitConnection(1);
        keypad = new KeypadDigits(
                "call-keys",
                PAUSE,
                live::get,
                responseActive::get,
                new ClientEvents(RealtimeProtocol.forApiVersion(null)));
    }

    @AfterEach
    void stopServer() {
        keypad.close();
        azure.close();
    }

    @Test
    void shouldTellTheDigitsOnceAfterAPauseAndAskTheModelToAnswer() {
        // Given a live session with no response under way
        live.set(new LiveLink(socket));

        // When the caller presses 1 and 2, then nothing more
        keypad.pressed('1');
        keypad.pressed('2');

        // Then after the pause the model is told both keys in one item, and asked to answer
        RecordingCallLeg.await(
                "the keys told",
                LoopbackRealtime.WAIT,
                () -> server.received("response.create").size() == 1);
        LoopbackRealtime.flush(socket, server);
        assertThat(LoopbackRealtime.types(server)).containsExactly("conversation.item.create", "response.create");
        assertThat(text(0)).isEqualTo("[The caller pressed on the keypad: 1 2]");
    }

    @Test
    void shouldTellTheDigitsAtOnceOnHashAndNotInterruptTheModelWhileItSpeaks() {
        // Given a live session whose response is under way
        live.set(new LiveLink(socket));
        responseActive.set(true);

        // When the caller presses 5 and #
        keypad.pressed('5');
        keypad.pressed('#');

        // Then the model is told at once, and no response.create crosses the one it is giving
        LoopbackRealtime.flush(socket, server);
        assertThat(LoopbackRealtime.types(server)).containsExactly("conversation.item.create");
        assertThat(text(0)).isEqualTo("[The caller pressed on the keypad: 5 #]");
    }

    @Test
    void shouldNotPassOnOrCarryOverDigitsPressedWhileNoSessionIsLive() {
        // Given keys pressed while the session is being replaced
        keypad.pressed('7');
        keypad.pressed('#');

        // When a session is live again and the caller presses 9 #
        live.set(new LiveLink(socket));
        keypad.pressed('9');
        keypad.pressed('#');

        // Then only the keys pressed on the live session reach it
        LoopbackRealtime.flush(socket, server);
        assertThat(server.received("conversation.item.create")).hasSize(1);
        assertThat(text(0)).isEqualTo("[The caller pressed on the keypad: 9 #]");
    }

    private String text(int item) {
        return server.received("conversation.item.create")
                .get(item)
                .path("item")
                .path("content")
                .get(0)
                .path("text")
                .stringValue();
    }
}
