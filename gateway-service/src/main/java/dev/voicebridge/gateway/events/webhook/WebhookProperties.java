package dev.voicebridge.gateway.events.webhook;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where call events are posted as signed webhooks (Standard Webhooks), and how hard delivery tries.
 * Checked at start-up; {@link #toString()} never shows the secret, and no check names its value.
 *
 * @param url           GATEWAY_WEBHOOK_URL: absolute http(s) URL events are POSTed to; unset = no webhooks
 * @param secret        GATEWAY_WEBHOOK_SECRET: {@code whsec_} + base64 of 24-64 random bytes, the
 *                      HMAC-SHA256 key; required with a URL
 * @param timeout       GATEWAY_WEBHOOK_TIMEOUT: one attempt (connect + answer) may take this long
 * @param retryBudget   GATEWAY_WEBHOOK_RETRY_BUDGET: an event not delivered this long after its
 *                      first attempt is dropped (and counted)
 * @param backoffInitial GATEWAY_WEBHOOK_BACKOFF_INITIAL: wait before the first retry, doubled each time
 * @param backoffMax    GATEWAY_WEBHOOK_BACKOFF_MAX: the longest wait between attempts (a longer
 *                      Retry-After is still honoured, within the budget)
 * @param queue         GATEWAY_WEBHOOK_QUEUE: events waiting (all calls) before new ones are dropped
 * @param connections   GATEWAY_WEBHOOK_CONNECTIONS: at most this many requests at once (one per call)
 */
@Validated
@ConfigurationProperties("voicebridge.webhook")
public record WebhookProperties(
        String url,
        String secret,
        @NotNull @DefaultValue("5s") Duration timeout,
        @NotNull @DefaultValue("5m") Duration retryBudget,
        @NotNull @DefaultValue("500ms") Duration backoffInitial,
        @NotNull @DefaultValue("30s") Duration backoffMax,
        @Min(1) @Max(1_000_000) @DefaultValue("10000") int queue,
        @Min(1) @Max(1000) @DefaultValue("32") int connections) {

    static final String PREFIX = "whsec_";

    public boolean configured() {
        return url != null && !url.isBlank();
    }

    private boolean secretSet() {
        return secret != null && !secret.isBlank();
    }

    @AssertTrue(message = "GATEWAY_WEBHOOK_URL must be an absolute http:// or https:// URL with a host") public boolean isUrlValid() {
        if (!configured()) {
            return true;
        }
        try {
            URI uri = URI.create(url.trim());
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @AssertTrue(message = "GATEWAY_WEBHOOK_SECRET must be set when GATEWAY_WEBHOOK_URL is: webhooks are always signed") public boolean isSecretGiven() {
        return !configured() || secretSet();
    }

    @AssertTrue(
            message = "GATEWAY_WEBHOOK_SECRET must be whsec_ followed by the base64 of 24 to 64 random bytes"
                    + " (Standard Webhooks), e.g. whsec_$(openssl rand -base64 32)")
    public boolean isSecretWellFormed() {
        return !secretSet() || key() != null;
    }

    @AssertTrue(
            message = "GATEWAY_WEBHOOK_TIMEOUT, _BACKOFF_INITIAL and _BACKOFF_MAX must be positive,"
                    + " and GATEWAY_WEBHOOK_RETRY_BUDGET zero or more")
    public boolean isTimingValid() {
        return timeout == null
                || backoffInitial == null
                || backoffMax == null
                || retryBudget == null
                || (timeout.isPositive()
                        && backoffInitial.isPositive()
                        && backoffMax.isPositive()
                        && !retryBudget.isNegative());
    }

    /** The HMAC key the secret stands for, or null when it is not a well-formed whsec_ secret. */
    byte[] key() {
        String s = secret == null ? "" : secret.trim();
        if (!s.startsWith(PREFIX)) {
            return null;
        }
        try {
            byte[] key = Base64.getDecoder().decode(s.substring(PREFIX.length()));
            return key.length >= 24 && key.length <= 64 ? key : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "WebhookProperties[url=" + url + ", secret=" + (secretSet() ? "(set)" : "(unset)") + ", timeout="
                + timeout + ", retryBudget=" + retryBudget + ", backoffInitial=" + backoffInitial + ", backoffMax="
                + backoffMax + ", queue=" + queue + ", connections=" + connections + "]";
    }
}
