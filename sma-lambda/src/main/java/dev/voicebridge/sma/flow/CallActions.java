package dev.voicebridge.sma.flow;

import dev.voicebridge.model.BridgeHeaders;
import dev.voicebridge.model.action.CallAndBridge;
import dev.voicebridge.model.action.Hangup;
import dev.voicebridge.model.action.Pause;
import dev.voicebridge.model.action.PlayAudio;
import dev.voicebridge.model.action.PollyEngine;
import dev.voicebridge.model.action.SmaAction;
import dev.voicebridge.model.action.Speak;
import dev.voicebridge.model.event.Direction;
import dev.voicebridge.model.event.Participant;
import dev.voicebridge.model.event.SmaEvent;
import dev.voicebridge.sma.config.SmaLambdaProperties;
import dev.voicebridge.sma.support.CallToken;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The SMA actions this Lambda sends, built from the configuration and the event's call. */
public final class CallActions {

    private static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{1,14}$");

    private final SmaLambdaProperties config;
    private final PollyEngine engine;

    public CallActions(SmaLambdaProperties config) {
        this.config = config;
        this.engine = "standard".equals(config.voice().engine()) ? PollyEngine.STANDARD : PollyEngine.NEURAL;
    }

    /** The configured greeting for the caller's leg, or nothing. */
    public List<SmaAction> greeting(Participant legA) {
        SmaLambdaProperties.Greeting greeting = config.greeting();
        if (greeting.speaks()) {
            return List.of(speak(legA.callId(), greeting.text()));
        }
        if (greeting.plays()) {
            return List.of(PlayAudio.s3(legA.callId(), greeting.audioBucket(), greeting.audioKey()));
        }
        return List.of();
    }

    /**
     * CallAndBridge to the gateway's Voice Connector. The Uri is the call token; the X- headers let the gateway
     * tie its SIP dialog to the SMA call and reach it with UpdateSipMediaApplicationCall.
     */
    public CallAndBridge bridgeToGateway(SmaEvent event, Participant legA, CallAttributes attrs) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(BridgeHeaders.TRANSACTION_ID, event.transactionId());
        String pstnParty = pstnParty(legA);
        if (pstnParty != null && !pstnParty.isBlank()) {
            headers.put(BridgeHeaders.CALLER, pstnParty);
        }
        String smaId = event.callDetails().sipMediaApplicationId();
        if (smaId != null && !smaId.isBlank()) {
            headers.put(BridgeHeaders.SMA_ID, smaId);
        }
        String profile = attrs.others().get(BridgeHeaders.PROFILE_ARGUMENT);
        if (profile != null) {
            headers.put(BridgeHeaders.PROFILE, profile);
        } else if (legA.direction() != Direction.OUTBOUND && isE164(legA.to())) {
            // The gateway picks the assistant profile by the number dialled: its profiles file is
            // the one place that maps numbers to profiles, so this Lambda only passes the number on.
            headers.put(BridgeHeaders.CALLED_NUMBER, legA.to());
        }
        return CallAndBridge.toVoiceConnector(
                        bridgeCallerId(legA),
                        config.gateway().voiceConnectorArn(),
                        CallToken.of(event.transactionId()),
                        headers)
                .withCallTimeoutSeconds(config.gateway().callTimeoutSeconds());
    }

    /** The wait before the next bridge attempt, then the attempt itself. */
    public List<SmaAction> retryBridge(SmaEvent event, Participant legA, CallAttributes attrs) {
        return List.of(
                Pause.millis(legA.callId(), (int) Math.min(
                        Integer.MAX_VALUE, config.gateway().retryPause().toMillis())),
                bridgeToGateway(event, legA, attrs));
    }

    /** CallAndBridge to a phone number, for a transfer asked for by the gateway. */
    public CallAndBridge bridgeToPstn(Participant legA, String number) {
        String callerId =
                config.transfer().callerId() != null ? config.transfer().callerId() : bridgeCallerId(legA);
        return CallAndBridge.toPstn(callerId, number)
                .withCallTimeoutSeconds(config.gateway().callTimeoutSeconds());
    }

    /** What a caller hears when the call cannot be connected, then the hang-up with the configured SIP code. */
    public List<SmaAction> apologyAndHangup(Participant legA) {
        List<SmaAction> actions = new ArrayList<>();
        actions.add(speak(legA.callId(), config.failure().apologyText()));
        actions.add(hangupCaller(legA));
        return actions;
    }

    public Hangup hangupCaller(Participant legA) {
        return Hangup.callId(legA.callId(), config.failure().sipResponseCode());
    }

    public Speak speak(String callId, String text) {
        return Speak.text(callId, text)
                .withVoice(engine, config.voice().languageCode(), config.voice().voiceId());
    }

    public PollyEngine engine() {
        return engine;
    }

    /**
     * CallerIdNumber must be a number of this account or LEG-A's From. LEG-A's From works for both directions
     * (the caller's number inbound, this account's number outbound); a withheld or non-E.164 From falls back to
     * the number that was dialled (this account's, inbound), then to TRANSFER_CALLER_ID.
     */
    String bridgeCallerId(Participant legA) {
        if (isE164(legA.from())) {
            return legA.from();
        }
        if (legA.direction() != Direction.OUTBOUND && isE164(legA.to())) {
            return legA.to();
        }
        return config.transfer().callerId() != null ? config.transfer().callerId() : legA.from();
    }

    /** The phone number of the person on the PSTN side: who called in, or who was called out. */
    static String pstnParty(Participant legA) {
        return legA.direction() == Direction.OUTBOUND ? legA.to() : legA.from();
    }

    static boolean isE164(String value) {
        return value != null && E164.matcher(value).matches();
    }
}
