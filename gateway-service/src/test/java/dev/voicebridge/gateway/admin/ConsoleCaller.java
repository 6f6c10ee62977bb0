package dev.voicebridge.gateway.admin;

import dev.voicebridge.gateway.audio.G711;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;

/**
 * A phone caller on the gateway's {@code /media} WebSocket for the console's browser tests: it
 * talks in real time (one 20 ms µ-law frame every 20 ms: a tone, or silence) and measures what it
 * hears, frame by frame, with the time each frame arrived. Threads: its own sender thread; the
 * WebSocket client's thread records what arrives; the test thread switches and reads.
 */
final class ConsoleCaller implements AutoCloseable {

    /** One 20 ms frame the caller heard. */
    record Heard(long nanos, double rms, double toneShare) {}

    private final WebSocket socket;
    private final List<Heard> heard = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final Thread sender;
    private final int listenForHz;
    private volatile int toneHz;
    private volatile boolean running = true;
    private int sequence;

    /** Starts a call at once and talks a {@code toneHz} tone (0 = silence); measures {@code listenForHz} in what it hears. */
    ConsoleCaller(URI media, String token, String callId, int toneHz, int listenForHz) {
        this.toneHz = toneHz;
        this.listenForHz = listenForHz;
        socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(media, new Listener())
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        send("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
        send(("{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"MZconsole\",\"start\":{\"streamSid\":"
                        + "\"MZconsole\",\"callSid\":\"CAconsole\",\"tracks\":[\"inbound\"],\"customParameters\":"
                        + "{\"callId\":\"%s\",\"from\":\"+14155550123\",\"to\":\"+12065550100\"},\"mediaFormat\":"
                        + "{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}}}")
                .formatted(callId));
        sender = Thread.ofPlatform().name("console-caller").start(this::talk);
    }

    void tone(int hz) {
        this.toneHz = hz;
    }

    List<Heard> heard() {
        return heard;
    }

    boolean isClosed() {
        return closed.isDone();
    }

    private void talk() {
        long next = System.nanoTime();
        double phase = 0;
        byte[] frame = new byte[160];
        while (running) {
            int hz = toneHz;
            for (int i = 0; i < 160; i++) {
                frame[i] = G711.linearToUlaw(hz == 0 ? 0 : (int) (9000 * Math.sin(phase)));
                phase += 2 * Math.PI * hz / 8000.0;
            }
            phase %= 2 * Math.PI;
            sequence++;
            send("{\"event\":\"media\",\"sequenceNumber\":\"" + (sequence + 1)
                    + "\",\"streamSid\":\"MZconsole\",\"media\":{\"track\":\"inbound\",\"chunk\":\"" + sequence
                    + "\",\"timestamp\":\"" + (sequence * 20) + "\",\"payload\":\""
                    + Base64.getEncoder().encodeToString(frame) + "\"}}");
            next += 20_000_000L;
            LockSupport.parkNanos(next - System.nanoTime());
        }
    }

    private synchronized void send(String text) {
        if (!closed.isDone()) {
            socket.sendText(text, true)
                    .orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null)
                    .join();
        }
    }

    private void received(String text) {
        JsonNode message = AdminHttp.JSON.readTree(text);
        if (!"media".equals(message.path("event").asString(""))) {
            return;
        }
        byte[] ulaw =
                Base64.getDecoder().decode(message.path("media").path("payload").asString(""));
        double[] pcm = new double[ulaw.length];
        double sum = 0;
        for (int i = 0; i < ulaw.length; i++) {
            pcm[i] = G711.ulawToLinear(ulaw[i]) / 32768.0;
            sum += pcm[i] * pcm[i];
        }
        heard.add(new Heard(System.nanoTime(), Math.sqrt(sum / Math.max(1, pcm.length)), share(pcm, sum)));
    }

    /** The share of the frame's energy at {@code listenForHz} (Goertzel), 0..1. */
    private double share(double[] pcm, double energy) {
        if (listenForHz == 0 || energy < 1e-9) {
            return 0;
        }
        double coefficient = 2 * Math.cos(2 * Math.PI * listenForHz / 8000.0);
        double s1 = 0;
        double s2 = 0;
        for (double x : pcm) {
            double s0 = x + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        // A pure tone of N samples has Goertzel power (N/2)^2 * A^2 and energy N * A^2 / 2.
        return Math.min(1, power / (energy * pcm.length / 2));
    }

    @Override
    public void close() {
        running = false;
        try {
            sender.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!closed.isDone()) {
            send("{\"event\":\"stop\",\"sequenceNumber\":\"" + (sequence + 2) + "\",\"streamSid\":\"MZconsole\"}");
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye")
                    .orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null)
                    .join();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                received(text.toString());
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.complete(status);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
        }
    }
}
