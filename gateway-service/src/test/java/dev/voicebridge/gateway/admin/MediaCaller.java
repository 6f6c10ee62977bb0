package dev.voicebridge.gateway.admin;

import dev.voicebridge.gateway.audio.G711;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A media source on the gateway's WebSocket endpoint (Twilio Media Streams convention), on the
 * JDK's own WebSocket client: a caller for the admin tests.
 */
final class MediaCaller implements AutoCloseable {

    static final String STREAM_SID = "MZ00000000000000000000000000000abc";

    private final WebSocket socket;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<Long> receivedNanos = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private int sequence;

    private MediaCaller(URI uri, String token) {
        socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            receivedNanos.add(System.nanoTime());
                            received.add(text.toString());
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
                })
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
    }

    /** Connects and starts a call; throws when the gateway refuses the upgrade. */
    static MediaCaller call(URI uri, String token, String callId, String smaTransactionId) {
        return call(uri, token, callId, smaTransactionId, "");
    }

    /** A call that came through SIP media application {@code smaId}, so it can be transferred. */
    static MediaCaller callThroughSma(URI uri, String token, String callId, String smaTransactionId, String smaId) {
        return callThroughSma(uri, token, callId, smaTransactionId, smaId, "+15550199");
    }

    /** A call through an SMA to the gateway's number {@code to}, which picks the call's profile. */
    static MediaCaller callThroughSma(
            URI uri, String token, String callId, String smaTransactionId, String smaId, String to) {
        return call(uri, token, callId, smaTransactionId, to, ",\"sipMediaApplicationId\":\"" + smaId + "\"");
    }

    private static MediaCaller call(URI uri, String token, String callId, String smaTransactionId, String extra) {
        return call(uri, token, callId, smaTransactionId, "+15550199", extra);
    }

    private static MediaCaller call(
            URI uri, String token, String callId, String smaTransactionId, String to, String extra) {
        MediaCaller caller = new MediaCaller(uri, token);
        caller.send("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
        caller.send("""
                {"event":"start","sequenceNumber":"1","streamSid":"%s","start":{"streamSid":"%s",
                 "callSid":"CA1","tracks":["inbound"],"customParameters":{"callId":"%s","smaTransactionId":"%s",
                 "from":"+15550100","to":"%s"%s},
                 "mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}}}""".formatted(STREAM_SID, STREAM_SID, callId, smaTransactionId, to, extra)
                .replace("\n", ""));
        return caller;
    }

    /** Speech-like audio (a loud buzz) then silence, so the server's VAD sees one caller turn. */
    void speakThenPause(int speechMillis, int silenceMillis) {
        byte[] audio = new byte[(speechMillis + silenceMillis) * 8];
        Arrays.fill(audio, G711.linearToUlaw((short) 0));
        for (int i = 0; i < speechMillis * 8; i++) {
            double t = i / 8000.0;
            audio[i] = G711.linearToUlaw((short) (4000 * Math.sin(2 * Math.PI * 150 * t)
                    + 2500 * Math.sin(2 * Math.PI * 450 * t)
                    + 1500 * Math.sin(2 * Math.PI * 1200 * t)));
        }
        for (int off = 0; off < audio.length; off += 160) {
            sendMedia(Arrays.copyOfRange(audio, off, Math.min(audio.length, off + 160)));
        }
    }

    void sendMedia(byte[] ulaw) {
        sequence++;
        send("{\"event\":\"media\",\"sequenceNumber\":\"" + (sequence + 1) + "\",\"streamSid\":\"" + STREAM_SID
                + "\",\"media\":{\"track\":\"inbound\",\"chunk\":\"" + sequence + "\",\"timestamp\":\""
                + (sequence * 20) + "\",\"payload\":\"" + Base64.getEncoder().encodeToString(ulaw) + "\"}}");
    }

    private synchronized void send(String text) {
        socket.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    List<String> received() {
        return received;
    }

    /** When each of {@link #received()} arrived (System.nanoTime), index for index. */
    List<Long> receivedNanos() {
        return receivedNanos;
    }

    /** Sends a frame of µ-law audio for every 160 samples of {@code pcm}, as fast as the socket takes them. */
    void sendPcm(short[] pcm) {
        for (int off = 0; off + 160 <= pcm.length; off += 160) {
            byte[] frame = new byte[160];
            for (int i = 0; i < 160; i++) {
                frame[i] = G711.linearToUlaw(pcm[off + i]);
            }
            sendMedia(frame);
        }
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** The close status the gateway sent, waiting up to {@code timeout}. */
    int awaitClose(Duration timeout) {
        return closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye")
                    .orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null)
                    .join();
        }
    }
}
