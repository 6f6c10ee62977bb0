package dev.voicebridge.gateway.admin;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The admin API, its security and the drain.
 *
 * @param token              GATEWAY_ADMIN_TOKEN: the bearer token for /api/** and the closed
 *                           actuator endpoints; unset (and no JWT issuer) means nothing but the
 *                           health probes can be reached
 * @param jwtIssuerUri       GATEWAY_ADMIN_JWT_ISSUER_URI: also accept JWTs from this OIDC issuer
 * @param jwkSetUri          GATEWAY_ADMIN_JWK_SET_URI: or from the keys at this URL (no discovery)
 * @param jwtAudience        GATEWAY_ADMIN_JWT_AUDIENCE: when set, a JWT must name it in {@code aud}
 * @param drainTimeout       GATEWAY_DRAIN_TIMEOUT: on shutdown, how long live calls may go on
 *                           before they are ended
 * @param listLimit          the default number of calls GET /api/calls returns
 * @param azureProbeInterval how often readiness checks that Azure can be reached (TCP + TLS)
 * @param azureFailures      consecutive calls that ended AZURE_UNAVAILABLE before readiness goes
 *                           down (for {@code azureFailureWindow}), so an LB stops sending calls
 * @param azureFailureWindow how long such a failure streak keeps readiness down before traffic is
 *                           tried again
 */
@Validated
@ConfigurationProperties("voicebridge.admin")
public record AdminProperties(
        String token,
        String jwtIssuerUri,
        String jwkSetUri,
        String jwtAudience,
        @NotNull @DefaultValue("120s") Duration drainTimeout,
        @Min(1) @Max(1000) @DefaultValue("50") int listLimit,
        @NotNull @DefaultValue("15s") Duration azureProbeInterval,
        @Min(1) @Max(1000) @DefaultValue("3") int azureFailures,
        @NotNull @DefaultValue("60s") Duration azureFailureWindow) {

    public boolean tokenConfigured() {
        return token != null && !token.isBlank();
    }

    public boolean jwtConfigured() {
        return (jwtIssuerUri != null && !jwtIssuerUri.isBlank()) || (jwkSetUri != null && !jwkSetUri.isBlank());
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "AdminProperties[token=" + (tokenConfigured() ? "(set)" : "(unset)") + ", jwtIssuerUri=" + jwtIssuerUri
                + ", jwkSetUri=" + jwkSetUri + ", jwtAudience=" + jwtAudience + ", drainTimeout=" + drainTimeout
                + ", listLimit=" + listLimit + ", azureProbeInterval=" + azureProbeInterval + ", azureFailures="
                + azureFailures + ", azureFailureWindow=" + azureFailureWindow + "]";
    }
}
