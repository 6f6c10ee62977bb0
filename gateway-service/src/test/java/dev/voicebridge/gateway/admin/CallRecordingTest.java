package dev.voicebridge.gateway.admin;

import static dev.voicebridge.gateway.admin.AdminHttp.await;
import static dev.voicebridge.gateway.admin.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.gateway.admin.calls.CallTracker;
import dev.voicebridge.gateway.events.CallEvent;
import dev.voicebridge.gateway.events.CallEvents;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.ResponseAudio;
import dev.voicebridge.simulator.SimulatorOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Calls whose assistant profile records them, on the whole gateway with the Realtime simulator as
 * Azure (its voice a 440 Hz tone) and a paced WebSocket caller whose voice is a 1 kHz tone: the WAV
 * kept in GATEWAY_RECORDING_DIR, measured channel by channel.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CallRecordingTest {

    static final String RECORDED_NUMBER = "+15550177";
    static final int CALLER_HZ = 1000;
    static final int ASSISTANT_HZ = 440;

    @TempDir
    static Path dir;

    private static RealtimeSimulator azure;
    private static GatewayRun gateway;

    @BeforeAll
    static void start() throws IOException {
        azure = RealtimeSimulator.start(SimulatorOptions.builder()
                .speed(4.0)
                .responseAudio(ResponseAudio.TONE)
                .tone(Duration.ofMillis(800))
                .build());
        gateway = new GatewayRun(
                azure,
                Map.of(
                        "voicebridge.realtime.greet-first", "true",
                        "voicebridge.profiles.file", profiles(dir),
                        "voicebridge.recording.dir", dir.resolve("recordings").toString()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        azure.close();
    }

    /** A profile that records the calls to {@link #RECORDED_NUMBER}; other numbers get the default. */
    static String profiles(Path dir) throws IOException {
        Path file = dir.resolve("profiles.yaml");
        Files.writeString(file, """
                profiles:
                  recorded:
                    numbers: ["%s"]
                    recording: true
                """.formatted(RECORDED_NUMBER));
        return file.toString();
    }

    @Test
    void shouldRecordTheCallerOnTheLeftAndWhatTheCallerHeardOnTheRight() throws Exception {
        // Given a call to the recorded profile's number: the assistant greets (a 440 Hz tone), the
        // caller is silent for 1.5 s, speaks (a 1 kHz tone) for 1 s, then is silent for 1.5 s
        try (MediaCaller caller = MediaCaller.callThroughSma(
                gateway.http.media(),
                AdminApplicationTest.MEDIA_TOKEN,
                "gw-rec-1",
                "sma-rec-1",
                "sma-1",
                RECORDED_NUMBER)) {
            PacedSpeech.send(caller, PacedSpeech.silenceToneSilence(1500, 1000, 1500, CALLER_HZ));
        } // When the caller hangs up

        // Then the call record says where the recording is: a file: URI in the directory
        String location = await(
                () -> json(gateway.http.get("/api/calls/sma-rec-1", AdminApplicationTest.ADMIN_TOKEN))
                        .path("recording")
                        .asString(null),
                "the recording's location on the call record");
        assertThat(location).startsWith("file:").endsWith("/recordings/sma-rec-1.wav");
        StereoWav wav = new StereoWav(Files.readAllBytes(Path.of(URI.create(location))));
        // And it is a stereo 16-bit WAV at the leg's 8 kHz whose header sizes were fixed at the end
        assertThat(wav.channels).isEqualTo(2);
        assertThat(wav.sampleRate).isEqualTo(8000);
        assertThat(wav.bitsPerSample).isEqualTo(16);
        assertThat(wav.dataSize).isEqualTo(wav.left.length * 4L).isPositive();
        assertThat(wav.riffSize).isEqualTo(36 + wav.dataSize);
        // And it is as long as the call on its record (connected to ended), within two 20 ms ticks
        JsonNode call = json(gateway.http.get("/api/calls/sma-rec-1", AdminApplicationTest.ADMIN_TOKEN));
        long callMs = Duration.between(at(call, "CONNECTED"), at(call, "ENDED")).toMillis();
        assertThat(wav.durationMillis()).isCloseTo(callMs, org.assertj.core.data.Offset.offset(40L));
        List<CallEvent> events =
                gateway.bean(CallEvents.class).call("gw-rec-1").collectList().block(Duration.ofSeconds(5));
        // And call.recorded said where and how long
        Map<String, Object> recorded = event(events, "call.recorded").data();
        assertThat(recorded.get("location")).isEqualTo(location);
        assertThat(((Number) recorded.get("durationMs")).longValue()).isEqualTo(wav.durationMillis());

        // And the left channel is the caller: about 1 s of the 1 kHz tone, silent before and after it
        int w = 100;
        List<Integer> callerSpeaks = IntStream.range(0, wav.windows(wav.left, w))
                .filter(i -> wav.rms(wav.left, i, w) > 300)
                .boxed()
                .toList();
        assertThat(callerSpeaks).hasSizeBetween(9, 12);
        assertThat(callerSpeaks.getLast() - callerSpeaks.getFirst()).isEqualTo(callerSpeaks.size() - 1);
        assertThat(callerSpeaks.stream()
                        .filter(i -> i > callerSpeaks.getFirst() && i < callerSpeaks.getLast())
                        .mapToDouble(i -> wav.share(wav.left, i, w, CALLER_HZ)))
                .allMatch(share -> share > 0.8);
        assertThat(IntStream.range(0, callerSpeaks.getFirst() - 1).mapToDouble(i -> wav.rms(wav.left, i, w)))
                .as("the caller's silence before the tone")
                .hasSizeGreaterThanOrEqualTo(10)
                .allMatch(rms -> rms < 10);
        assertThat(IntStream.range(callerSpeaks.getLast() + 2, wav.windows(wav.left, w))
                        .mapToDouble(i -> wav.rms(wav.left, i, w)))
                .as("the caller's silence after the tone")
                .hasSizeGreaterThanOrEqualTo(10)
                .allMatch(rms -> rms < 10);
        // And the right channel is what the caller heard: the assistant's 440 Hz greeting, never the caller
        List<Integer> assistantSpeaks = IntStream.range(0, wav.windows(wav.right, w))
                .filter(i -> wav.rms(wav.right, i, w) > 300)
                .boxed()
                .toList();
        assertThat(assistantSpeaks).hasSizeGreaterThanOrEqualTo(5);
        assertThat(assistantSpeaks.stream().mapToDouble(i -> wav.share(wav.right, i, w, ASSISTANT_HZ)))
                .anyMatch(share -> share > 0.8);
        assertThat(assistantSpeaks.stream().mapToDouble(i -> wav.share(wav.right, i, w, CALLER_HZ)))
                .allMatch(share -> share < 0.1);
        assertThat(callerSpeaks.stream().mapToDouble(i -> wav.share(wav.left, i, w, ASSISTANT_HZ)))
                .allMatch(share -> share < 0.1);
    }

    @Test
    void shouldWriteNothingForACallWhoseProfileDoesNotRecord() throws Exception {
        // Given a call to a number of the default profile, which does not record
        try (MediaCaller caller = MediaCaller.callThroughSma(
                gateway.http.media(),
                AdminApplicationTest.MEDIA_TOKEN,
                "gw-rec-none",
                "sma-rec-none",
                "sma-1",
                "+15550100")) {
            PacedSpeech.send(caller, PacedSpeech.silenceToneSilence(300, 600, 300, CALLER_HZ));
        } // When the call ends

        // Then it ends on its record with no recording, and no file was written for it
        JsonNode call = await(
                () -> {
                    JsonNode c = json(gateway.http.get("/api/calls/sma-rec-none", AdminApplicationTest.ADMIN_TOKEN));
                    return "ENDED".equals(c.path("state").asString()) ? c : null;
                },
                "the call ended");
        gateway.bean(CallTracker.class).flush(Duration.ofSeconds(10));
        assertThat(call.path("recording").isMissingNode()
                        || call.path("recording").isNull())
                .isTrue();
        assertThat(dir.resolve("recordings").resolve("sma-rec-none.wav")).doesNotExist();
        assertThat(gateway.bean(CallEvents.class)
                        .call("gw-rec-none")
                        .collectList()
                        .block(Duration.ofSeconds(5)))
                .extracting(CallEvent::type)
                .contains("call.ended")
                .doesNotContain("call.recorded");
    }

    @Test
    void shouldRefuseToStartWhenAProfileRecordsAndThereIsNowhereToPutRecordings(@TempDir Path other)
            throws IOException {
        // Given a profile that records, and neither a bucket nor a directory for recordings
        String profiles = profiles(other);

        // When the gateway starts
        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
                () -> new GatewayRun(azure, Map.of("voicebridge.profiles.file", profiles)).close());

        // Then it stops with a message naming the profile and both settings
        assertThat(refused).isNotNull();
        assertThat(org.assertj.core.util.Throwables.getRootCause(refused).getMessage())
                .contains("profile 'recorded'")
                .contains("GATEWAY_RECORDING_BUCKET")
                .contains("GATEWAY_RECORDING_DIR");
    }

    private static java.time.Instant at(JsonNode call, String state) {
        for (JsonNode change : call.path("states")) {
            if (change.path("state").asString().equals(state)) {
                return java.time.Instant.parse(change.path("at").asString());
            }
        }
        throw new AssertionError("no " + state + " in " + call);
    }

    static CallEvent event(List<CallEvent> events, String type) {
        return events.stream()
                .filter(e -> e.type().equals(type))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + events));
    }
}
