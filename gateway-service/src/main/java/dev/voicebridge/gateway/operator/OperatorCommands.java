package dev.voicebridge.gateway.operator;

import dev.voicebridge.gateway.audio.LinearPcm;
import dev.voicebridge.gateway.call.CallSession;
import dev.voicebridge.gateway.call.EndReason;
import dev.voicebridge.gateway.logging.CallLogContext;
import dev.voicebridge.gateway.tools.CallTransfers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What an authenticated operator asks of a call: listen, talk (and their microphone's audio),
 * mode, hang up, transfer. Every action is logged with who did it and the call id, and told to the
 * {@link OperatorActionListener}; a command that cannot be done answers {@code error} and leaves
 * the connection open. Audio is never logged. Stateless; called on the operator's event loop (the
 * transfer finishes on a Reactor worker).
 */
final class OperatorCommands {

    private static final Logger log = LoggerFactory.getLogger(OperatorCommands.class);

    private final CallTransfers transfers;
    private final OperatorActionListener actions;

    OperatorCommands(CallTransfers transfers, OperatorActionListener actions) {
        this.transfers = transfers;
        this.actions = actions;
    }

    void onMessage(OperatorRoom room, OperatorLink link, OperatorSocketHandler.Inbound message) {
        if (message.binary() != null) {
            microphone(link, message.binary());
            return;
        }
        if (message.text() == null) {
            return; // a ping or pong
        }
        JsonNode json = message.json();
        if (json == null || !json.path("type").isString()) {
            error(link, "a message must be a JSON object with a string 'type'");
            return;
        }
        String type = json.path("type").stringValue();
        switch (type) {
            case "listen" ->
                onOff(link, json, "listen").ifPresent(on -> {
                    link.listen(on);
                    done(room, link, "listen", on ? "on" : "off");
                });
            case "talk" ->
                onOff(link, json, "talk").ifPresent(on -> {
                    link.talk(on);
                    done(room, link, "talk", on ? "on" : "off");
                });
            case "mode" -> mode(room, link, json);
            case "hangup" -> {
                done(room, link, "hangup", null);
                room.call().hangUp(EndReason.ADMIN_HANGUP);
            }
            case "transfer" -> transfer(room, link, json);
            case "auth" -> error(link, "already authenticated");
            default -> error(link, "unknown message type '" + type + "'");
        }
    }

    private void microphone(OperatorLink link, byte[] audio) {
        if (audio.length % 2 != 0) {
            link.close(
                    OperatorSocketHandler.BAD_DATA,
                    "odd byte count " + audio.length + ": audio is PCM16, two bytes a sample");
            return;
        }
        if (link.talking()) {
            link.microphone().write(LinearPcm.fromLittleEndian(audio, 0, audio.length));
        }
    }

    private void mode(OperatorRoom room, OperatorLink link, JsonNode json) {
        String mode = json.path("mode").asString("");
        if (!mode.equals("assistant") && !mode.equals("copilot")) {
            error(link, "mode must be 'assistant' or 'copilot'");
            return;
        }
        room.mode(mode.equals("copilot"), link.principal());
        done(room, link, "mode", mode);
    }

    private void transfer(OperatorRoom room, OperatorLink link, JsonNode json) {
        JsonNode to = json.path("to");
        if (!to.isString() || to.stringValue().isBlank()) {
            error(link, "transfer needs 'to': an E.164 number like +15551234567");
            return;
        }
        String number = to.stringValue().trim();
        CallSession call = room.call();
        CallLogContext.run(
                call.callId(),
                () -> log.info("operator {} asked to transfer the call to {}", link.principal(), number));
        transfers
                .transfer(call, number)
                .subscribe(
                        null,
                        e -> {
                            String why = e instanceof CallTransfers.Refused
                                    ? e.getMessage()
                                    : "the transfer could not be started: " + e.getMessage();
                            CallLogContext.run(
                                    call.callId(), () -> log.info("transfer by {} refused: {}", link.principal(), why));
                            error(link, why);
                        },
                        () -> done(room, link, "transfer", number));
    }

    private void done(OperatorRoom room, OperatorLink link, String action, String detail) {
        String callId = room.call().callId();
        CallLogContext.run(
                callId,
                () -> log.info("operator {}: {}{}", link.principal(), action, detail == null ? "" : " " + detail));
        actions.action(callId, action, link.principal(), detail);
    }

    private static java.util.Optional<Boolean> onOff(OperatorLink link, JsonNode json, String type) {
        JsonNode on = json.path("on");
        if (!on.isBoolean()) {
            error(link, type + " needs 'on': true or false");
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(on.booleanValue());
    }

    private static void error(OperatorLink link, String message) {
        link.sendText(JsonNodeFactory.instance
                .objectNode()
                .put("type", "error")
                .put("message", message)
                .toString());
    }
}
