package dev.voicebridge.gateway.outbound;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Outbound calls placed through {@code POST /api/calls}.
 *
 * @param smaId            GATEWAY_SMA_ID: the SIP media application that places the calls; unset
 *                         means the gateway places none (503)
 * @param allowedPrefixes  GATEWAY_OUTBOUND_ALLOWED_PREFIXES: E.164 prefixes a destination must start
 *                         with, comma-separated (e.g. {@code +1,+44}); empty allows no destination, so
 *                         a leaked admin token cannot dial premium-rate numbers (toll fraud)
 * @param idempotencyTtl   GATEWAY_IDEMPOTENCY_TTL: how long a POST's Idempotency-Key names the call
 *                         it placed, so that a retry answers that call rather than placing another
 */
@Validated
@ConfigurationProperties("voicebridge.outbound")
public record OutboundProperties(
        String smaId,
        List<String> allowedPrefixes,
        @NotNull @DefaultValue("24h") Duration idempotencyTtl) {

    static final Pattern PREFIX = Pattern.compile("\\+[0-9]{1,15}");

    public OutboundProperties {
        smaId = smaId == null || smaId.isBlank() ? null : smaId.strip();
        allowedPrefixes = allowedPrefixes == null
                ? List.of()
                : allowedPrefixes.stream()
                        .map(String::strip)
                        .filter(p -> !p.isEmpty())
                        .toList();
        for (String prefix : allowedPrefixes) {
            if (!PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException("GATEWAY_OUTBOUND_ALLOWED_PREFIXES: '" + prefix
                        + "' is not an E.164 prefix ('+' and 1-15 digits, e.g. +1 or +4420)");
            }
        }
    }

    public boolean allows(String e164) {
        return allowedPrefixes.stream().anyMatch(e164::startsWith);
    }
}
