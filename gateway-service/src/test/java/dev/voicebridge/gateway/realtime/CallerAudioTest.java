package dev.voicebridge.gateway.realtime;

import static dev.voicebridge.gateway.realtime.LoopbackRealtime.audio;
import static dev.voicebridge.gateway.realtime.LoopbackRealtime.frame;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.audio.AzureAudioFormat;
import dev.voicebridge.gateway.call.RecordingCallLeg;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Caller frames batched into appends, and the frames it reports lost, on a real loopback socket. */
class CallerAudioTest {

    private ScriptedRealtimeServer azure;
    private RealtimeConnector connector;
    private final AssistantCounters counters = new AssistantCounters();
    private final AtomicReference<LiveLink> live = new AtomicReference<>();

    @BeforeEach
    void startServer() {
        azure = new ScriptedRealtimeServer();
        connector = LoopbackRealtime.connector(azure);
    }

    @AfterEach
    void stopServer() {
        azure.close();
    }

    @Test
    void shouldSendOneAppendPerAppendIntervalWithTheFramesInOrder() {
        // Given a live session and 40 ms appends of 20 ms frames
        RealtimeConnection socket = LoopbackRealtime.connect(connector);
        live.set(new LiveLink(socket, 0));
        CallerAudio audio = new CallerAudio(AzureAudioFormat.PCMU, 40, live::get, counters);

        // When four frames arrive
        int lost = 0;
        for (int i = 1; i <= 4; i++) {
            lost += audio.send(frame(i));
        }

        // Then two appends carry them in order, none is lost, and the bytes are counted
        ScriptedRealtimeServer.Connection server = azure.awaitConnection(1);
        RecordingCallLeg.await(
                "two appends",
                LoopbackRealtime.WAIT,
                () -> server.received("input_audio_buffer.append").size() == 2);
        var appends = server.received("input_audio_buffer.append");
        assertThat(audio(appends.get(0))).isEqualTo(concat(frame(1), frame(2)));
        assertThat(audio(appends.get(1))).isEqualTo(concat(frame(3), frame(4)));
        assertThat(lost).isZero();
        assertThat(counters.bytesSent()).isEqualTo(640);
    }

    @Test
    void shouldCountTheFrameAndItsBatchLostWhenNoSessionIsLive() {
        // Given one frame gathered for a live session
        RealtimeConnection socket = LoopbackRealtime.connect(connector);
        live.set(new LiveLink(socket, 0));
        CallerAudio audio = new CallerAudio(AzureAudioFormat.PCMU, 40, live::get, counters);
        assertThat(audio.send(frame(1))).isZero();

        // When the session is lost and the next frames arrive
        live.set(null);
        int first = audio.send(frame(2));
        int second = audio.send(frame(3));

        // Then the gathered frame is lost with the first, and each later frame on its own
        assertThat(first).isEqualTo(2);
        assertThat(second).isEqualTo(1);
        assertThat(counters.bytesSent()).isZero();
    }

    @Test
    void shouldNotSendAudioGatheredForALostSessionToTheNextOne() {
        // Given one frame gathered for a session that is then lost and replaced before the next frame
        RealtimeConnection first = LoopbackRealtime.connect(connector);
        RealtimeConnection second = LoopbackRealtime.connect(connector);
        live.set(new LiveLink(first, 0));
        CallerAudio audio = new CallerAudio(AzureAudioFormat.PCMU, 40, live::get, counters);
        assertThat(audio.send(frame(1))).isZero();
        live.set(new LiveLink(second, 1));

        // When the next two frames arrive
        int lost = audio.send(frame(2)) + audio.send(frame(3));

        // Then the stale frame counts as lost and the new session hears only the new frames
        assertThat(lost).isEqualTo(1);
        ScriptedRealtimeServer.Connection server = azure.awaitConnection(2);
        RecordingCallLeg.await(
                "an append",
                LoopbackRealtime.WAIT,
                () -> !server.received("input_audio_buffer.append").isEmpty());
        assertThat(audio(server.received("input_audio_buffer.append").get(0))).isEqualTo(concat(frame(2), frame(3)));
    }

    @Test
    void shouldCountTheWholeBatchLostWhenTheSocketTakesNoMore() {
        // Given a live session whose socket is closing
        RealtimeConnection socket = LoopbackRealtime.connect(connector);
        live.set(new LiveLink(socket, 0));
        CallerAudio audio = new CallerAudio(AzureAudioFormat.PCMU, 40, live::get, counters);
        assertThat(audio.send(frame(1))).isZero();
        socket.close(1000, "test");

        // When the batch is complete
        int lost = audio.send(frame(2));

        // Then both of its frames are lost
        assertThat(lost).isEqualTo(2);
        assertThat(counters.bytesSent()).isZero();
    }

    @Test
    void shouldHandTheBatchToTheNewSocketWhenARolloverSwapsThemDuringTheSend() {
        // Given a rollover that closes the old socket just as a batch is sent on it
        RealtimeConnection old = LoopbackRealtime.connect(connector);
        RealtimeConnection fresh = LoopbackRealtime.connect(connector);
        old.close(1000, "rollover");
        // (the first frame and the second's send still see the old socket; after that, the fresh one)
        AtomicInteger reads = new AtomicInteger();
        CallerAudio audio = new CallerAudio(
                AzureAudioFormat.PCMU, 40, () -> new LiveLink(reads.incrementAndGet() <= 2 ? old : fresh, 0), counters);

        // When the batch completes
        int lost = audio.send(frame(1)) + audio.send(frame(2));

        // Then the fresh socket takes it and nothing is lost
        assertThat(lost).isZero();
        ScriptedRealtimeServer.Connection server = azure.awaitConnection(2);
        RecordingCallLeg.await(
                "an append",
                LoopbackRealtime.WAIT,
                () -> !server.received("input_audio_buffer.append").isEmpty());
        assertThat(audio(server.received("input_audio_buffer.append").get(0))).isEqualTo(concat(frame(1), frame(2)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
