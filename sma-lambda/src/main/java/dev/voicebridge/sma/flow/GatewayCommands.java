package dev.voicebridge.sma.flow;

import dev.voicebridge.model.GatewayCommand;
import dev.voicebridge.model.action.Hangup;
import dev.voicebridge.model.action.PlayAudio;
import dev.voicebridge.model.action.SendDigits;
import dev.voicebridge.model.action.SmaAction;
import dev.voicebridge.model.action.Speak;
import dev.voicebridge.model.action.TextType;
import dev.voicebridge.model.call.CallState;
import dev.voicebridge.model.error.SmaValidationException;
import dev.voicebridge.model.event.ActionData;
import dev.voicebridge.model.event.Participant;
import dev.voicebridge.model.event.SmaEvent;
import dev.voicebridge.sma.config.SmaLambdaProperties;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CALL_UPDATE_REQUESTED: what the gateway asked for with UpdateSipMediaApplicationCall. A command that cannot
 * be read or carried out is logged and ignored; the call always stays as it is then.
 */
final class GatewayCommands {

    private static final Logger log = LoggerFactory.getLogger(GatewayCommands.class);

    private final SmaLambdaProperties config;
    private final CallActions actions;

    GatewayCommands(SmaLambdaProperties config, CallActions actions) {
        this.config = config;
        this.actions = actions;
    }

    Decision onUpdate(SmaEvent event, CallAttributes attrs) {
        Map<String, String> args = event.action().map(ActionData::arguments).orElse(Map.of());
        GatewayCommand command;
        try {
            command = GatewayCommand.fromArguments(args);
        } catch (SmaValidationException e) {
            log.warn("ignoring gateway command {}: {}", args.keySet(), e.getMessage());
            return Decision.nothing("unreadable gateway command ignored");
        }
        Optional<Participant> legA = CallController.connectedLegA(event);
        if (legA.isEmpty()) {
            log.warn("ignoring gateway command '{}': the caller's leg is gone", command.name());
            return Decision.nothing("command after the caller left");
        }
        if (attrs.phase() == Phase.ENDING) {
            log.warn("ignoring gateway command '{}': the call is already ending", command.name());
            return Decision.nothing("command while ending");
        }
        try {
            return switch (command) {
                case GatewayCommand.Hangup hangup -> hangup(legA.get(), attrs, hangup);
                case GatewayCommand.Transfer transfer -> transfer(event, legA.get(), attrs, transfer);
                case GatewayCommand.Speak speak -> media(attrs, command, speak(legA.get(), speak));
                case GatewayCommand.Play play ->
                    media(attrs, command, PlayAudio.s3(legA.get().callId(), play.bucket(), play.key()));
                case GatewayCommand.SendDigits digits ->
                    media(attrs, command, SendDigits.of(legA.get().callId(), digits.digits()));
            };
        } catch (SmaValidationException e) {
            log.warn(
                    "ignoring gateway command '{}': it does not make a valid SMA action: {}",
                    command.name(),
                    e.getMessage());
            return Decision.nothing("invalid gateway command ignored");
        }
    }

    private Decision hangup(Participant legA, CallAttributes attrs, GatewayCommand.Hangup hangup) {
        int code = hangup.sipResponseCode() == null ? 0 : hangup.sipResponseCode();
        log.info("gateway asked to hang up (SIP {})", code);
        // The caller's leg goes first; its HANGUP event then releases the gateway leg, once.
        return Decision.of(
                List.of(Hangup.callId(legA.callId(), code)),
                attrs.withHungUp(legA.callId()).endingBecause("gateway hung up"),
                null,
                null);
    }

    private Decision transfer(
            SmaEvent event, Participant legA, CallAttributes attrs, GatewayCommand.Transfer transfer) {
        if (!config.transfer().allows(transfer.to())) {
            log.warn(
                    "refusing transfer to {}: not in TRANSFER_ALLOWED_PREFIXES {}",
                    transfer.to(),
                    config.transfer().allowedPrefixes());
            return Decision.nothing("transfer refused");
        }
        if (!attrs.established()) {
            log.warn("ignoring transfer to {}: the call is not connected yet (phase {})", transfer.to(), attrs.phase());
            return Decision.nothing("transfer before connect ignored");
        }
        CallAttributes next = attrs.withTransferTo(transfer.to());
        Optional<Participant> legB = event.legB().filter(p -> p.callId() != null && p.isConnected());
        if (legB.isPresent()) {
            log.info("transferring the caller to {}: releasing the current LEG-B first", transfer.to());
            return Decision.of(
                    List.of(Hangup.callId(legB.get().callId(), 0)),
                    next.withPhase(Phase.TRANSFERRING).withHungUp(legB.get().callId()),
                    CallState.TRANSFERRING,
                    "transfer to " + transfer.to());
        }
        log.info("transferring the caller to {}", transfer.to());
        return Decision.of(
                List.of(actions.bridgeToPstn(legA, transfer.to())),
                next.withPhase(Phase.TRANSFER_BRIDGING),
                CallState.TRANSFERRING,
                "transfer to " + transfer.to());
    }

    private Speak speak(Participant legA, GatewayCommand.Speak speak) {
        String voiceId =
                speak.voiceId() != null ? speak.voiceId() : config.voice().voiceId();
        String language = speak.languageCode() != null
                ? speak.languageCode()
                : config.voice().languageCode();
        return new Speak(
                legA.callId(),
                speak.text(),
                actions.engine(),
                language,
                speak.ssml() ? TextType.SSML : TextType.TEXT,
                voiceId);
    }

    private Decision media(CallAttributes attrs, GatewayCommand command, SmaAction action) {
        if (!attrs.established()) {
            log.warn(
                    "ignoring gateway command '{}': the call is not connected yet (phase {})",
                    command.name(),
                    attrs.phase());
            return Decision.nothing("command before connect ignored");
        }
        log.info("gateway command '{}' -> {}", command.name(), action.type());
        return Decision.of(List.of(action), null, null, null);
    }
}
