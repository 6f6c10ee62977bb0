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

/** Caller frames kept, batched into appends, and the frames it reports lost, on a real loopback socket. */
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
        live.set(new LiveLink(socket));
        CallerAudio audio = new CallerAudio(AzureAudioFormat.PCMU, 40, 5000, live::get, counters);

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
    void shouldKeepTheCallersFirstFramesUntilASessionIsLiveAndSendThemInOrder() {
        // Given no live session yet: the call's first frames arrive while the assistant connects
        CallerAudio audio = new CallerAudio(AzureAudioFormat.PCMU, 40, 5000, live::get, counters);
        int lost = 0;
        for (int i = 1; i <= 3; i++) {
            lost += audio.send(frame(i));
        }
        assertThat(audio.waitingMs()).isEqualTo(60);

        // When the session goes live and the next frame arrives
        live.set(new LiveLink(LoopbackRealtime.connect(connector)));
        lost += audio.send(frame(4));

        // Then the session hears every frame from the first, in order, and nothing is lost
        ScriptedRealtimeServer.Connection server = azure.awaitConnection(1);
        RecordingCallLeg.await(
                "an append",
                LoopbackRealtime.WAIT,
                () -> !server.received("input_audio_buffer.append").isEmpty());
        assertThat(audio(server.received("input_audio_buffer.append").get(0)))
                .isEqualTo(concat(concat(frame(1), frame(2)), concat(frame(3), frame(4))));
        assertThat(lost).isZero();
        assertThat(audio.waitingMs()).isZero();
    }

    @Test
    void shouldDropAndCountOnlyTheOldestFramesPastTheBound() {
        // Given a bound of 100 ms (five frames) and no session
        CallerAudio audio = new CallerAudio(AzureAudioFormat.PCMU, 40, 100, live::get, counters);

        // When seven frames arrive
        int lost = 0;
        for (int i = 1; i <= 7; i++) {
            lost += audio.send(frame(i));
        }
        live.set(new LiveLink(LoopbackRealtime.connect(connector)));
        lost += audio.send(frame(8));

        // Then the two oldest are lost, and the session hears frames 3 to 8 in order
        assertThat(lost).isEqualTo(2);
        ScriptedRealtimeServer.Connection server = azure.awaitConnection(1);
        RecordingCallLeg.await(
                "an append",
                LoopbackRealtime.WAIT,
                () -> !server.received("input_audio_buffer.append").isEmpty());
        byte[] expected = new byte[0];
        for (int i = 3; i <= 8; i++) {
            expected = concat(expected, frame(i));
        }
        assertThat(audio(server.received("input_audio_buffer.append").get(0))).isEqualTo(expected);
    }

    @Test
    void shouldKeepABatchTheSocketRefusedForTheNextSession() {
        // Given one frame gathered for a session whose socket then stops taking events
        RealtimeConnection lost = LoopbackRealtime.connect(connector);
        RealtimeConnection next = LoopbackRealtime.connect(connector);
        live.set(new LiveLink(lost));
        CallerAudio audio = new CallerAudio(AzureAudioFormat.PCMU, 40, 5000, live::get, counters);
        assertThat(audio.send(frame(1))).isZero();
        lost.close(1000, "test");
        assertThat(audio.send(frame(2))).isZero();

        // When a new session is live and the next frame arrives
        live.set(new LiveLink(next));
        int dropped = audio.send(frame(3));

        // Then the new session hears all three frames in order
        assertThat(dropped).isZero();
        ScriptedRealtimeServer.Connection server = azure.awaitConnection(2);
        RecordingCallLeg.await(
                "an append",
                LoopbackRealtime.WAIT,
                () -> !server.received("input_audio_buffer.append").isEmpty());
        assertThat(audio(server.received("input_audio_buffer.append").get(0)))
                .isEqualTo(concat(concat(frame(1), frame(2)), frame(3)));
        assertThat(counters.bytesSent()).isEqualTo(480);
    }

    @Test
    void shouldSendALongBacklogAsAppendsOfAtMostOneSecond() {
        // Given 2.5 s of caller audio kept while the assistant was away
        CallerAudio audio = new CallerAudio(AzureAudioFormat.PCMU, 40, 5000, live::get, counters);
        for (int i = 1; i <= 124; i++) {
            audio.send(frame(i));
        }

        // When a session goes live
        live.set(new LiveLink(LoopbackRealtime.connect(connector)));
        audio.send(frame(125));

        // Then three appends carry it: 1 s, 1 s and the rest
        ScriptedRealtimeServer.Connection server = azure.awaitConnection(1);
        RecordingCallLeg.await(
                "three appends",
                LoopbackRealtime.WAIT,
                () -> server.received("input_audio_buffer.append").size() == 3);
        var appends = server.received("input_audio_buffer.append");
        assertThat(appends).extracting(a -> audio(a).length).containsExactly(8000, 8000, 4000);
        assertThat(audio.waitingMs()).isZero();
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
                AzureAudioFormat.PCMU,
                40,
                5000,
                () -> new LiveLink(reads.incrementAndGet() <= 2 ? old : fresh),
                counters);

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
