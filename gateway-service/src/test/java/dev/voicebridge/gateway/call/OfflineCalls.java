package dev.voicebridge.gateway.call;

import dev.voicebridge.gateway.audio.AzureAudioFormat;
import dev.voicebridge.gateway.realtime.AssistantSession;
import dev.voicebridge.gateway.realtime.RealtimeConnector;
import dev.voicebridge.gateway.realtime.Transcript;
import dev.voicebridge.gateway.realtime.protocol.SessionConfig;
import dev.voicebridge.gateway.realtime.protocol.TurnDetection;
import dev.voicebridge.gateway.tools.SmaCallControl;
import dev.voicebridge.gateway.tools.ToolProperties;
import dev.voicebridge.gateway.tools.ToolRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Real call sessions with no Azure behind them (the assistant is never started), for looking at the
 * media clock and the playout queue alone: assistant audio is fed in by hand.
 */
final class OfflineCalls {

    private final RealtimeConnector connector;
    private final ToolRegistry tools;
    private final SessionConfig config =
            new SessionConfig("x", "marin", AzureAudioFormat.PCMU, TurnDetection.phoneDefaults(), null, List.of());
    private final CallPrompts prompts = new CallPrompts();

    OfflineCalls() {
        TestGateway.Settings settings = new TestGateway.Settings();
        settings.endpoint = null;
        connector = new RealtimeConnector(settings.realtime());
        ToolProperties toolProperties = new ToolProperties(
                false, false, null, null, false, Duration.ofSeconds(1), List.of(), "us-east-1", null);
        tools = new ToolRegistry(toolProperties, new SmaCallControl(toolProperties));
    }

    /** A call on {@code leg}, not yet added to {@code clock}. */
    CallSession call(String callId, CallLeg leg, MediaClock clock, int maxCalls) {
        CallSession call = new CallSession(
                new CallSetup(callId, CallSetup.Transport.SIP, null, null, null, null),
                leg,
                clock,
                Clock.systemUTC(),
                new CallProperties(maxCalls, 60000, 40, 5000, 1000),
                tools,
                prompts,
                AzureAudioFormat.PCMU,
                true,
                x -> {});
        call.attach(new AssistantSession(
                callId,
                connector,
                config,
                40,
                5000,
                false,
                new Transcript(Clock.systemUTC()),
                Clock.systemUTC(),
                call));
        return call;
    }
}
