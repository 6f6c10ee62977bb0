package dev.voicebridge.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.voicebridge.model.error.SmaValidationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayCommandTest {

    @Test
    void shouldRoundTripEveryCommandThroughUpdateCallArguments() {
        List<GatewayCommand> commands = List.of(
                new GatewayCommand.Hangup(null),
                new GatewayCommand.Hangup(486),
                new GatewayCommand.Transfer("+12065550100"),
                new GatewayCommand.Speak("<speak>Hold on</speak>", "Matthew", "en-US", true),
                GatewayCommand.Speak.text("Hold on"),
                new GatewayCommand.Play("voicebridge-prompts", "hold.wav"),
                new GatewayCommand.SendDigits("1234#"));

        for (GatewayCommand command : commands) {
            Map<String, String> arguments = command.toArguments();
            assertThat(arguments).containsEntry("command", command.name()).hasSizeLessThanOrEqualTo(20);
            assertThat(GatewayCommand.fromArguments(arguments)).isEqualTo(command);
        }
    }

    @Test
    void shouldWriteTheDocumentedArgumentKeys() {
        assertThat(new GatewayCommand.Speak("Hi", "Joanna", "en-US", false).toArguments())
                .isEqualTo(Map.of(
                        "command",
                        "speak",
                        "text",
                        "Hi",
                        "voiceId",
                        "Joanna",
                        "languageCode",
                        "en-US",
                        "textType",
                        "text"));
        assertThat(new GatewayCommand.Hangup(0).toArguments())
                .isEqualTo(Map.of("command", "hangup", "sipResponseCode", "0"));
        assertThat(new GatewayCommand.SendDigits("9").toArguments())
                .isEqualTo(Map.of("command", "send_digits", "digits", "9"));
    }

    @Test
    void shouldRejectAnUnknownCommandByName() {
        assertThatThrownBy(() -> GatewayCommand.fromArguments(Map.of("command", "dance")))
                .isInstanceOf(SmaValidationException.class)
                .hasMessage(
                        "Arguments.command must be one of hangup, transfer, speak, play, send_digits, but was \"dance\"");
    }

    @Test
    void shouldRejectIncompleteCommandsByField() {
        assertThatThrownBy(() -> GatewayCommand.fromArguments(Map.of("command", "transfer")))
                .isInstanceOf(SmaValidationException.class)
                .hasMessage("Arguments.to must be present, but was absent");
        assertThatThrownBy(
                        () -> GatewayCommand.fromArguments(Map.of("command", "transfer", "to", "sip:bob@example.com")))
                .isInstanceOf(SmaValidationException.class)
                .hasMessageStartingWith("Arguments.to must be an E.164 phone number");
        assertThatThrownBy(() -> GatewayCommand.fromArguments(Map.of("command", "hangup", "sipResponseCode", "busy")))
                .isInstanceOf(SmaValidationException.class)
                .hasMessage("Arguments.sipResponseCode must be a whole number, but was \"busy\"");
        assertThatThrownBy(
                        () -> GatewayCommand.fromArguments(Map.of("command", "speak", "text", "x", "textType", "html")))
                .isInstanceOf(SmaValidationException.class)
                .hasMessage("Arguments.textType must be text or ssml, but was \"html\"");
        assertThatThrownBy(() -> GatewayCommand.fromArguments(Map.of()))
                .isInstanceOf(SmaValidationException.class)
                .hasMessageStartingWith("Arguments.command must be one of");
    }

    @Test
    void shouldRejectMoreThanTwentyArguments() {
        Map<String, String> many = new HashMap<>();
        many.put("command", "hangup");
        for (int i = 0; i < 20; i++) {
            many.put("extra" + i, "x");
        }

        assertThatThrownBy(() -> GatewayCommand.fromArguments(many))
                .isInstanceOf(SmaValidationException.class)
                .hasMessage("Arguments must be at most 20 entries, but was 21 entries");
    }
}
