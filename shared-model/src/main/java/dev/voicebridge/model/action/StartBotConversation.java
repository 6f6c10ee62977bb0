package dev.voicebridge.model.action;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.voicebridge.model.error.SmaValidationException;
import dev.voicebridge.model.internal.Check;
import dev.voicebridge.model.internal.SmaMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Hands LEG-A to an Amazon Lex V2 bot (DG/start-bot-conversation.html). Not allowed on bridged or
 * meeting-joined calls.
 *
 * @param localeId      AWS default en_US
 * @param configuration at most 10 KB as JSON
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StartBotConversation(
        @JsonProperty("CallId") String callId,
        @JsonProperty("ParticipantTag") ParticipantTag participantTag,
        @JsonProperty("BotAliasArn") String botAliasArn,
        @JsonProperty("LocaleId") String localeId,
        @JsonProperty("Configuration") Configuration configuration)
        implements SmaAction {

    public static final String TYPE = "StartBotConversation";
    public static final int MAX_CONFIGURATION_BYTES = 10 * 1024;
    static final Pattern BOT_ALIAS_ARN =
            Pattern.compile("arn:aws[a-z-]*:lex:[a-z0-9-]+:\\d{12}:bot-alias/[0-9A-Za-z]+/[0-9A-Za-z]+");
    static final Pattern LOCALE_ID = Pattern.compile("[a-z]{2}_[A-Z]{2}");

    public StartBotConversation {
        Check.nonBlankIfPresent("StartBotConversation.CallId", callId);
        CallLeg.onlyTag(TYPE, participantTag, ParticipantTag.LEG_A);
        Check.required("StartBotConversation.BotAliasArn", botAliasArn);
        Check.matches(
                "StartBotConversation.BotAliasArn",
                botAliasArn,
                BOT_ALIAS_ARN,
                "a Lex V2 bot alias ARN (arn:aws:lex:<region>:<account>:bot-alias/<botId>/<aliasId>)");
        Check.matches("StartBotConversation.LocaleId", localeId, LOCALE_ID, "a Lex locale id such as en_US");
        if (configuration != null) {
            int size = SmaMapper.get().writeValueAsString(configuration).getBytes(StandardCharsets.UTF_8).length;
            if (size > MAX_CONFIGURATION_BYTES) {
                throw SmaValidationException.measured(
                        "StartBotConversation.Configuration",
                        size + " bytes",
                        "at most " + MAX_CONFIGURATION_BYTES + " bytes as JSON");
            }
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    public static StartBotConversation of(String callId, String botAliasArn, String localeId) {
        return new StartBotConversation(callId, null, botAliasArn, localeId, null);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Configuration(
            @JsonProperty("SessionState") SessionState sessionState,
            @JsonProperty("WelcomeMessages") List<WelcomeMessage> welcomeMessages) {

        public Configuration {
            welcomeMessages =
                    Check.listOf("StartBotConversation.Configuration.WelcomeMessages", welcomeMessages, 0, 10);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SessionState(
            @JsonProperty("SessionAttributes") Map<String, String> sessionAttributes,
            @JsonProperty("DialogAction") DialogAction dialogAction) {

        public SessionState {
            sessionAttributes = Check.stringMap(
                    "StartBotConversation.Configuration.SessionState.SessionAttributes", sessionAttributes);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DialogAction(@JsonProperty("Type") DialogActionType type) {

        public DialogAction {
            Check.required("StartBotConversation.Configuration.SessionState.DialogAction.Type", type);
        }
    }

    public enum DialogActionType {
        @JsonProperty("Delegate")
        DELEGATE,
        @JsonProperty("ElicitIntent")
        ELICIT_INTENT
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WelcomeMessage(
            @JsonProperty("Content") String content,
            @JsonProperty("ContentType") ContentType contentType) {

        public WelcomeMessage {
            Check.required("StartBotConversation.Configuration.WelcomeMessages.ContentType", contentType);
        }
    }

    public enum ContentType {
        @JsonProperty("PlainText")
        PLAIN_TEXT,
        @JsonProperty("SSML")
        SSML
    }
}
