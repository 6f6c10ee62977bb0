package dev.voicebridge.gateway.realtime;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Client secrets minted through {@code POST /api/realtime/client-secrets}.
 *
 * @param ttl GATEWAY_CLIENT_SECRET_TTL: how long a minted secret can open a Realtime session
 *            ({@code expires_after.seconds}); 10 s to 600 s, default 60 s. Short on purpose: it is
 *            handed to a browser, and a session it opened goes on after it expires.
 */
@Validated
@ConfigurationProperties("voicebridge.client-secrets")
public record ClientSecretProperties(
        @NotNull @DefaultValue("60s") Duration ttl) {

    static final Duration MIN = Duration.ofSeconds(10);
    static final Duration MAX = Duration.ofSeconds(600);

    public ClientSecretProperties {
        if (ttl != null && (ttl.compareTo(MIN) < 0 || ttl.compareTo(MAX) > 0 || ttl.toMillis() % 1000 != 0)) {
            throw new IllegalArgumentException(
                    "GATEWAY_CLIENT_SECRET_TTL must be whole seconds from 10s to 600s, but was " + ttl);
        }
    }
}
