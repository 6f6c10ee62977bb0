package dev.voicebridge.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link RealtimeSimulator} behaves. Defaults give a well-behaved Azure: any port, one
 * deployment, echo responses streamed four times faster than real time in 100 ms deltas.
 *
 * @param host                 address to bind (loopback by default)
 * @param port                 0 = any free port
 * @param apiKey               the value the api-key header (or query parameter) must carry
 * @param bearerToken          the value an Authorization: Bearer header must carry (a stand-in for Entra)
 * @param deployment           the only deployment name the handshake accepts
 * @param responseAudio        what the model says
 * @param maxResponse          cap on an echo response's length
 * @param tone                 length of a tone response (and of an echo when there is nothing to echo)
 * @param deltaDuration        audio per delta event
 * @param speed                how much faster than real time deltas are sent (Azure: a few times)
 * @param toolCues             tool calls on cue
 * @param faults               scripted faults
 * @param recordEvents         keep every client and server event and the input audio in each
 *                             {@link SessionRecord} for tests to assert on (the default); off, a session
 *                             keeps only its counters, so a load generator running thousands of sessions
 *                             does not hold every event of every call
 * @param unixSocket           listen on this Unix domain socket instead of host:port (Linux, native
 *                             transport only); null for TCP. For a harness that proxies to the simulator
 *                             in the same machine: no TCP stack per message on that hop
 * @param echoImmediately      every append's audio goes straight back as the next audio delta of one
 *                             long-lived response, instead of an echo after the VAD ends the utterance:
 *                             no VAD events, turns or barge-ins, nothing kept for a commit, no pacing. For
 *                             measuring a client's round trip without the utterance in it (off by default)
 * @param clock                what client secrets' {@code expires_at} is computed from and checked against;
 *                             a test passes a clock it moves to expire a secret without waiting
 */
public record SimulatorOptions(
        String host,
        int port,
        String apiKey,
        String bearerToken,
        String deployment,
        ResponseAudio responseAudio,
        Duration maxResponse,
        Duration tone,
        Duration deltaDuration,
        double speed,
        List<ToolCue> toolCues,
        List<Fault> faults,
        boolean recordEvents,
        java.nio.file.Path unixSocket,
        boolean echoImmediately,
        java.time.Clock clock) {

    public SimulatorOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(responseAudio, "responseAudio");
        if (deltaDuration.toMillis() < 10 || speed <= 0) {
            throw new IllegalArgumentException("deltaDuration must be >= 10 ms and speed > 0");
        }
        toolCues = List.copyOf(toolCues);
        faults = List.copyOf(faults);
    }

    /** The options as they were before {@code echoImmediately}: echo after the utterance. */
    public static Builder builder() {
        return new Builder();
    }

    public static SimulatorOptions defaults() {
        return builder().build();
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String apiKey = "simulator-api-key";
        private String bearerToken = "simulator-entra-token";
        private String deployment = "gpt-realtime";
        private ResponseAudio responseAudio = ResponseAudio.ECHO;
        private Duration maxResponse = Duration.ofSeconds(4);
        private Duration tone = Duration.ofMillis(1500);
        private Duration deltaDuration = Duration.ofMillis(100);
        private double speed = 4.0;
        private final List<ToolCue> toolCues = new ArrayList<>();
        private final List<Fault> faults = new ArrayList<>();
        private boolean recordEvents = true;
        private java.nio.file.Path unixSocket;
        private boolean echoImmediately;
        private java.time.Clock clock = java.time.Clock.systemUTC();

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder bearerToken(String bearerToken) {
            this.bearerToken = bearerToken;
            return this;
        }

        public Builder deployment(String deployment) {
            this.deployment = deployment;
            return this;
        }

        public Builder responseAudio(ResponseAudio responseAudio) {
            this.responseAudio = responseAudio;
            return this;
        }

        public Builder maxResponse(Duration maxResponse) {
            this.maxResponse = maxResponse;
            return this;
        }

        public Builder tone(Duration tone) {
            this.tone = tone;
            return this;
        }

        public Builder deltaDuration(Duration deltaDuration) {
            this.deltaDuration = deltaDuration;
            return this;
        }

        /** Real-time multiple for streaming deltas: 1.0 = real time, 4.0 = four times faster. */
        public Builder speed(double speed) {
            this.speed = speed;
            return this;
        }

        public Builder toolCall(int turn, String name, String argumentsJson) {
            toolCues.add(new ToolCue(turn, name, argumentsJson));
            return this;
        }

        public Builder fault(Fault fault) {
            faults.add(Objects.requireNonNull(fault));
            return this;
        }

        /** Whether sessions keep every event and their input audio (default true); see {@link SessionRecord}. */
        public Builder recordEvents(boolean recordEvents) {
            this.recordEvents = recordEvents;
            return this;
        }

        /** Listen on a Unix domain socket instead of host:port; see the record's parameter. */
        public Builder unixSocket(java.nio.file.Path unixSocket) {
            this.unixSocket = unixSocket;
            return this;
        }

        /** Echo every append at once in one long-lived response; see the record's parameter. */
        public Builder clock(java.time.Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder echoImmediately(boolean echoImmediately) {
            this.echoImmediately = echoImmediately;
            return this;
        }

        public SimulatorOptions build() {
            return new SimulatorOptions(
                    host,
                    port,
                    apiKey,
                    bearerToken,
                    deployment,
                    responseAudio,
                    maxResponse,
                    tone,
                    deltaDuration,
                    speed,
                    toolCues,
                    faults,
                    recordEvents,
                    unixSocket,
                    echoImmediately,
                    clock);
        }
    }
}
