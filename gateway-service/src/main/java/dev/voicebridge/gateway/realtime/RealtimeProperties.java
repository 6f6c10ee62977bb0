package dev.voicebridge.gateway.realtime;

import dev.voicebridge.gateway.realtime.protocol.TurnDetection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Azure OpenAI Realtime connection. Environment names are mapped in application.yml and listed
 * in README-core.md. {@link #toString()} never shows the API key.
 *
 * @param endpoint     https://&lt;resource&gt;.openai.azure.com, or http://127.0.0.1:&lt;port&gt; for a
 *                     local simulator; unset means every call hears the apology and is hung up
 * @param apiKey       sent as the api-key header; when blank, a bearer token from {@code tokenFile}
 * @param tokenFile    a file holding a Microsoft Entra access token, re-read for every connection
 *                     (kept fresh by a sidecar or workload-identity agent)
 * @param apiVersion   unset selects the GA protocol; e.g. 2025-04-01-preview selects the preview one
 * @param voice        unset means marin on GA and alloy on preview
 * @param audio        PASSTHROUGH carries G.711 as is; PCM16 resamples to 24 kHz PCM (some report
 *                     better recognition of accents with it)
 */
@Validated
@ConfigurationProperties("voicebridge.realtime")
public record RealtimeProperties(
        URI endpoint,
        String apiKey,
        String tokenFile,
        @NotBlank @DefaultValue("gpt-realtime") String deployment,
        String apiVersion,
        String voice,

        @DefaultValue("You are a helpful voice assistant on a phone call. Keep answers short and speak naturally. "
                + "When the caller says goodbye, say goodbye and call hang_up.")
        String instructions,

        @NotNull @DefaultValue("PASSTHROUGH") AudioMode audio,
        @DefaultValue("whisper-1") String transcriptionModel,
        @DefaultValue("true") boolean greetFirst,
        @Valid @NotNull @DefaultValue Vad vad,
        @Valid @NotNull @DefaultValue Resilience resilience) {

    public enum AudioMode {
        PASSTHROUGH,
        PCM16
    }

    /** Turn detection, always sent whole. Defaults lean towards noisy phone lines. */
    public record Vad(
            @NotNull @DefaultValue("SERVER_VAD") TurnDetection.Type type,

            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.6")
            double threshold,

            @Min(0) @Max(5000) @DefaultValue("300") int prefixPaddingMs,
            @Min(50) @Max(10000) @DefaultValue("500") int silenceDurationMs,
            @DefaultValue("auto") String eagerness,
            @DefaultValue("true") boolean interruptResponse) {

        public TurnDetection toTurnDetection() {
            return new TurnDetection(
                    type, threshold, prefixPaddingMs, silenceDurationMs, eagerness, true, interruptResponse);
        }
    }

    /**
     * @param retryBudget    how long set-up is retried (handshake, session.updated) before the caller
     *                       hears the apology: from the call's start, and again from each loss of a
     *                       session mid-call, so an outage shorter than this costs no call
     * @param rolloverAfter  open a fresh session at the next quiet moment after this long, before
     *                       Azure's 30-minute cap cuts the call off (earlier if expires_at says so)
     * @param rolloverMargin roll over this long before the session's expires_at; zero ignores
     *                       expires_at and relies on rolloverAfter alone
     * @param stallTimeout   a response with no server event for this long counts as a dropped socket
     * @param replayItems    how many recent transcript turns are replayed into a fresh session
     */
    public record Resilience(
            @NotNull @DefaultValue("5s") Duration connectTimeout,
            @NotNull @DefaultValue("10s") Duration setupTimeout,
            @NotNull @DefaultValue("30s") Duration retryBudget,
            @NotNull @DefaultValue("250ms") Duration backoffInitial,
            @NotNull @DefaultValue("4s") Duration backoffMax,
            @NotNull @DefaultValue("28m") Duration rolloverAfter,
            @NotNull @DefaultValue("2m") Duration rolloverMargin,
            @NotNull @DefaultValue("15s") Duration stallTimeout,
            @Min(0) @Max(200) @DefaultValue("30") int replayItems) {}

    public boolean configured() {
        return endpoint != null && !endpoint.toString().isBlank();
    }

    @Override
    public String toString() {
        return "RealtimeProperties[endpoint=" + endpoint + ", apiKey="
                + (apiKey == null || apiKey.isBlank() ? "unset" : "***")
                + ", tokenFile=" + tokenFile + ", deployment=" + deployment + ", apiVersion=" + apiVersion
                + ", voice=" + voice + ", audio=" + audio + ", transcriptionModel=" + transcriptionModel
                + ", greetFirst=" + greetFirst
                + ", vad=" + vad + ", resilience=" + resilience + "]";
    }
}
