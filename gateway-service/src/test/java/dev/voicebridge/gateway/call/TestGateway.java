package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.audio.AudioFormat;
import dev.voicebridge.gateway.realtime.RealtimeConnector;
import dev.voicebridge.gateway.realtime.RealtimeProperties;
import dev.voicebridge.gateway.realtime.protocol.TurnDetection;
import dev.voicebridge.gateway.tools.SmaCallControl;
import dev.voicebridge.gateway.tools.ToolProperties;
import dev.voicebridge.gateway.tools.ToolRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The gateway's call core wired by hand (no Spring context) against a Realtime endpoint on
 * loopback, with settings a test can change.
 */
public final class TestGateway implements AutoCloseable {

    /** Mutable test settings, turned into the production property records. */
    public static final class Settings {
        public URI endpoint;
        public String apiKey = "simulator-api-key";
        public String deployment = "gpt-realtime";
        public String apiVersion;
        public RealtimeProperties.AudioMode audio = RealtimeProperties.AudioMode.PASSTHROUGH;
        public String transcriptionModel = "whisper-1";
        public boolean greetFirst = false;
        /** Named assistant profiles, as GATEWAY_PROFILES_FILE would give them. */
        public java.util.Map<String, CallOverrides> profiles = java.util.Map.of();
        /** A GATEWAY_PROFILES_FILE to read instead of {@link #profiles}. */
        public String profilesFile;
        /** Where placed calls' prompts are shared (in memory unless a test shares a DynamoDB table). */
        public dev.voicebridge.model.call.PlacedRequests placedRequests =
                new dev.voicebridge.model.call.InMemoryPlacedRequests(Clock.systemUTC());
        /** The call registry placed calls' metadata is read from. */
        public dev.voicebridge.model.call.CallRegistry registry = new dev.voicebridge.model.call.InMemoryCallRegistry();

        public double vadThreshold = 0.6;
        public int silenceMs = 300;
        public Duration connectTimeout = Duration.ofSeconds(3);
        public Duration setupTimeout = Duration.ofSeconds(3);
        public Duration retryBudget = Duration.ofSeconds(1);
        public Duration backoffInitial = Duration.ofMillis(50);
        public Duration backoffMax = Duration.ofMillis(500);
        public dev.voicebridge.gateway.realtime.AccessTokenSupplier tokens;
        public Duration rolloverAfter = Duration.ofMinutes(28);
        public Duration rolloverMargin = Duration.ofMinutes(2);
        public Duration stallTimeout = Duration.ofSeconds(15);
        public int maxCalls = 50;
        public int appendMs = 40;
        public int drainHangupTimeoutMs = 10000;
        public String transferNumber = "+15550100100";
        public URI chimeEndpoint;
        public List<ToolProperties.HttpTool> httpTools = List.of();
        public Duration toolTimeout = Duration.ofSeconds(3);

        RealtimeProperties realtime() {
            return new RealtimeProperties(
                    endpoint,
                    apiKey,
                    null,
                    deployment,
                    apiVersion,
                    null,
                    "You are a test assistant.",
                    audio,
                    transcriptionModel,
                    greetFirst,
                    new RealtimeProperties.Vad(
                            TurnDetection.Type.SERVER_VAD, vadThreshold, 300, silenceMs, "auto", true),
                    new RealtimeProperties.Resilience(
                            connectTimeout,
                            setupTimeout,
                            retryBudget,
                            backoffInitial,
                            backoffMax,
                            rolloverAfter,
                            rolloverMargin,
                            stallTimeout,
                            30));
        }
    }

    public final Settings settings;
    public final DefaultCallSessions sessions;
    /** Where the calls API leaves a placed call's overrides for its SIP leg. */
    public final PlacedCalls placed;

    private final SmaCallControl sma;
    private int calls;

    public TestGateway(URI endpoint, UnaryOperator<Settings> change) {
        Settings s = new Settings();
        s.endpoint = endpoint;
        this.settings = change.apply(s);
        this.placed = new PlacedCalls(
                settings.profilesFile != null
                        ? new AssistantProfiles(settings.profilesFile)
                        : new AssistantProfiles(settings.profiles),
                settings.placedRequests,
                settings.registry);
        ToolProperties tools = new ToolProperties(
                true,
                true,
                settings.transferNumber,
                null,
                true,
                settings.toolTimeout,
                settings.httpTools,
                "us-east-1",
                settings.chimeEndpoint);
        this.sma = new SmaCallControl(tools);
        this.sessions = new DefaultCallSessions(
                new CallProperties(settings.maxCalls, 60000, settings.appendMs, 30000, settings.drainHangupTimeoutMs),
                new RealtimeConnector(settings.realtime(), settings.tokens),
                new ToolRegistry(tools, sma),
                Clock.systemUTC(),
                placed);
    }

    /** A live call on a recording leg. */
    public Call call(
            AudioFormat format, CallSetup.Transport transport, String smaTransactionId, Map<String, String> attributes)
            throws CallRejectedException {
        RecordingCallLeg leg = new RecordingCallLeg(format, sessions.clock()::ticks);
        String id = "call-" + (++calls);
        CallLegListener listener = sessions.open(
                new CallSetup(id, transport, smaTransactionId, "+15550001111", "+15550002222", attributes), leg);
        return new Call(id, leg, listener, sessions.find(id).orElseThrow());
    }

    public Call call() throws CallRejectedException {
        return call(AudioFormat.PCMU, CallSetup.Transport.WEBSOCKET, null, Map.of());
    }

    public record Call(String id, RecordingCallLeg leg, CallLegListener listener, CallSession session) {

        /** Feeds caller audio as 20 ms frames, as fast as the transport would deliver a backlog. */
        public void say(byte[] audio) {
            int n = leg.format().frameBytes();
            for (int off = 0; off + n <= audio.length; off += n) {
                listener.onCallerAudio(java.util.Arrays.copyOfRange(audio, off, off + n));
            }
        }

        public void awaitReady() {
            RecordingCallLeg.await(
                    "assistant ready",
                    Duration.ofSeconds(10),
                    () -> session.assistant().state() == dev.voicebridge.gateway.realtime.AssistantSession.State.READY);
        }
    }

    @Override
    public void close() {
        sessions.close();
        sma.close();
    }
}
