package dev.voicebridge.simulator;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * Everything one simulated session saw and did, for tests to assert on: every client event (append
 * events carry {@code audio_bytes} instead of their base64 audio), every server event, the input
 * audio itself, truncates, and how the socket closed. Thread-safe; read it while the session runs.
 *
 * <p>With {@link SimulatorOptions#recordEvents()} off, the event lists and the input audio stay empty
 * and only the counters ({@link #clientEventCount()}, {@link #serverEventCount()},
 * {@link #inputAudioBytes()}, {@link #audioBytesSent()}), truncates, the configuration and the close
 * are kept: what a load generator needs, at a few hundred bytes per session.
 */
public final class SessionRecord {

    /** A client event as received. */
    public record ClientEvent(String type, JsonNode json, Instant at) {}

    /** A server event as sent. */
    public record ServerEvent(String type, JsonNode json, Instant at) {}

    /** A conversation.item.truncate the client sent, and whether the simulator accepted it. */
    public record Truncate(String itemId, int contentIndex, long audioEndMs, boolean accepted, String errorCode) {}

    /** How the WebSocket ended: a close code and reason, or an abrupt drop (code 1006). */
    public record Close(int code, String reason, boolean byServer) {}

    private static final int MAX_RECORDED_INPUT = 16 * 1024 * 1024;

    private final int index;
    private final String id;
    private final Protocol protocol;
    private final Instant openedAt = Instant.now();
    private final List<ClientEvent> clientEvents = new CopyOnWriteArrayList<>();
    private final List<ServerEvent> serverEvents = new CopyOnWriteArrayList<>();
    private final List<Truncate> truncates = new CopyOnWriteArrayList<>();
    private final AtomicLong inputAudioBytes = new AtomicLong();
    private final AtomicLong audioBytesSent = new AtomicLong();
    private final ByteArrayOutputStream inputAudio = new ByteArrayOutputStream();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final AtomicLong clientEventCount = new AtomicLong();
    private final AtomicLong serverEventCount = new AtomicLong();
    private final boolean recordEvents;
    private volatile SessionConfig config;

    SessionRecord(int index, String id, Protocol protocol, SessionConfig config, boolean recordEvents) {
        this.recordEvents = recordEvents;
        this.index = index;
        this.id = id;
        this.protocol = protocol;
        this.config = config;
    }

    /** 1 for the first session the simulator accepted, 2 for the next, ... */
    public int index() {
        return index;
    }

    public String id() {
        return id;
    }

    public Protocol protocol() {
        return protocol;
    }

    public Instant openedAt() {
        return openedAt;
    }

    /** The configuration in effect now (what the last session.updated echoed). */
    public SessionConfig config() {
        return config;
    }

    public List<ClientEvent> clientEvents() {
        return List.copyOf(clientEvents);
    }

    public List<String> clientEventTypes() {
        return clientEvents.stream().map(ClientEvent::type).toList();
    }

    public List<ClientEvent> clientEvents(String type) {
        return clientEvents.stream().filter(e -> e.type().equals(type)).toList();
    }

    public List<ServerEvent> serverEvents() {
        return List.copyOf(serverEvents);
    }

    public List<String> serverEventTypes() {
        return serverEvents.stream().map(ServerEvent::type).toList();
    }

    public List<ServerEvent> serverEvents(String type) {
        return serverEvents.stream().filter(e -> e.type().equals(type)).toList();
    }

    /** Whether this record keeps every event (else only counters); see the class comment. */
    public boolean recordsEvents() {
        return recordEvents;
    }

    /** Client events received, recorded or not (appends included). */
    public long clientEventCount() {
        return clientEventCount.get();
    }

    /** Server events sent, recorded or not. */
    public long serverEventCount() {
        return serverEventCount.get();
    }

    /** Total decoded bytes of input_audio_buffer.append audio. */
    public long inputAudioBytes() {
        return inputAudioBytes.get();
    }

    /** The decoded input audio itself, in order (the first 16 MiB). */
    public byte[] inputAudio() {
        synchronized (inputAudio) {
            return inputAudio.toByteArray();
        }
    }

    /** Total decoded bytes of audio delta events sent. */
    public long audioBytesSent() {
        return audioBytesSent.get();
    }

    public List<Truncate> truncates() {
        return List.copyOf(truncates);
    }

    public boolean isOpen() {
        return !closed.isDone();
    }

    /** How the socket closed, or null while it is open. */
    public Close close() {
        return closed.getNow(null);
    }

    public ClientEvent awaitClientEvent(String type, Duration timeout) {
        return Await.until(
                () -> clientEvents.stream()
                        .filter(e -> e.type().equals(type))
                        .findFirst()
                        .orElse(null),
                timeout,
                "client event " + type + " in session " + index);
    }

    /** Waits for the {@code n}th (1-based) client event of a type. */
    public ClientEvent awaitClientEvent(String type, int n, Duration timeout) {
        return Await.until(
                () -> {
                    List<ClientEvent> matching = clientEvents(type);
                    return matching.size() >= n ? matching.get(n - 1) : null;
                },
                timeout,
                "client event " + type + " #" + n + " in session " + index);
    }

    public ServerEvent awaitServerEvent(String type, Duration timeout) {
        return awaitServerEvent(type, 1, timeout);
    }

    /** Waits for the {@code n}th (1-based) server event of a type. */
    public ServerEvent awaitServerEvent(String type, int n, Duration timeout) {
        return Await.until(
                () -> {
                    List<ServerEvent> matching = serverEvents(type);
                    return matching.size() >= n ? matching.get(n - 1) : null;
                },
                timeout,
                "server event " + type + " #" + n + " in session " + index);
    }

    public void awaitInputAudioBytes(long atLeast, Duration timeout) {
        Await.until(
                () -> inputAudioBytes.get() >= atLeast,
                timeout,
                atLeast + " input audio bytes in session " + index + " (have " + inputAudioBytes.get() + ")");
    }

    public Truncate awaitTruncate(Duration timeout) {
        return Await.until(
                () -> truncates.isEmpty() ? null : truncates.get(0),
                timeout,
                "a conversation.item.truncate in session " + index);
    }

    public Close awaitClosed(Duration timeout) {
        return Await.until(() -> closed.getNow(null), timeout, "session " + index + " to close");
    }

    void recordClientEvent(String type, JsonNode json) {
        clientEventCount.incrementAndGet();
        if (recordEvents) {
            clientEvents.add(new ClientEvent(type, json, Instant.now()));
        }
    }

    void recordServerEvent(String type, JsonNode json) {
        serverEventCount.incrementAndGet();
        if (recordEvents) {
            serverEvents.add(new ServerEvent(type, json, Instant.now()));
        }
    }

    /** Counts a server event the caller chose not to build a record of (recording is off). */
    void countServerEvent() {
        serverEventCount.incrementAndGet();
    }

    void recordInputAudio(byte[] audio) {
        inputAudioBytes.addAndGet(audio.length);
        if (!recordEvents) {
            return;
        }
        synchronized (inputAudio) {
            if (inputAudio.size() + audio.length <= MAX_RECORDED_INPUT) {
                inputAudio.writeBytes(audio);
            }
        }
    }

    void recordAudioSent(int bytes) {
        audioBytesSent.addAndGet(bytes);
    }

    void recordTruncate(Truncate truncate) {
        truncates.add(truncate);
    }

    void recordConfig(SessionConfig config) {
        this.config = config;
    }

    void recordClosed(Close close) {
        closed.complete(close);
    }
}
