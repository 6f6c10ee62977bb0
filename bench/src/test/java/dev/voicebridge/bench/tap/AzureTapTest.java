package dev.voicebridge.bench.tap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.voicebridge.bench.audio.CallScript;
import dev.voicebridge.bench.metrics.CallBook;
import dev.voicebridge.bench.metrics.Metrics;
import dev.voicebridge.simulator.RealtimeSimulator;
import dev.voicebridge.simulator.SimulatorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;

/**
 * The tap is the instrument every latency figure comes from: it must find every stamp in the caller's
 * appends and in the simulator's echoed deltas, whatever sizes the messages have, over real sockets
 * between a real WebSocket client and the real simulator.
 */
class AzureTapTest {

    private static final int CALL = 7;
    private static final int FRAMES = 150;

    @Test
    @Timeout(60)
    void shouldFindEveryStampGoingToAzureAndEveryEchoedStampComingBack() throws Exception {
        // Given the simulator as Azure (counters only, as the bench runs it) behind the tap
        CallBook book = new CallBook();
        Metrics metrics = new Metrics(20_000);
        try (RealtimeSimulator simulator = RealtimeSimulator.start(
                        SimulatorOptions.builder().recordEvents(false).build());
                AzureTap tap = new AzureTap(simulator.port(), call -> call == CALL ? book : null)) {
            tap.metrics(metrics);

            // When a caller says one utterance (frames 10-69) in appends of one and of two stamped frames
            List<String> messages = new ArrayList<>();
            messages.add(Files.readString(Path.of("src/test/resources/fixtures/ga-session-update-pcmu.json")));
            for (int seq = 0; seq < FRAMES; ) {
                int n = seq % 3 == 0 && seq + 1 < FRAMES ? 2 : 1;
                byte[] audio = new byte[n * CallScript.FRAME_BYTES];
                for (int k = 0; k < n; k++) {
                    byte[] frame = CallScript.frame(seq + k >= 10 && seq + k < 70, CALL, seq + k, 1_000L * (seq + k));
                    System.arraycopy(frame, 0, audio, k * CallScript.FRAME_BYTES, frame.length);
                }
                messages.add("{\"type\":\"input_audio_buffer.append\",\"audio\":\""
                        + Base64.getEncoder().encodeToString(audio) + "\"}");
                seq += n;
            }
            HttpClient.create()
                    .headers(h -> h.set("api-key", simulator.apiKey()))
                    .websocket()
                    .uri("ws://127.0.0.1:" + tap.port() + RealtimeSimulator.GA_PATH + "?model="
                            + simulator.deployment())
                    .handle((in, out) -> out.sendString(Flux.fromIterable(messages))
                            .then()
                            .and(in.receive()
                                    .asString()
                                    .takeUntil(text -> text.contains("\"response.done\""))
                                    .then()))
                    .blockLast(Duration.ofSeconds(30));

            // Then the tap read all 150 stamps on the way in, and the echoed speech frames on the way out
            assertThat(metrics.upSeen.sum()).isEqualTo(FRAMES);
            assertThat(book.upLost(FRAMES - 1)).isZero();
            assertThat(IntStream.range(10, 70)
                            .filter(seq -> book.heardDown(seq) < 0)
                            .boxed()
                            .toList())
                    .as("echoed speech frames whose stamp the tap did not see leaving Azure")
                    .isEmpty();
        }
    }
}
