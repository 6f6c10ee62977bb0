package dev.voicebridge.gateway.admin.security;

import dev.voicebridge.gateway.admin.AdminProperties;
import dev.voicebridge.gateway.logging.LogThrottle;
import dev.voicebridge.gateway.meetings.MeetingProperties;
import dev.voicebridge.gateway.operator.OperatorConfiguration;
import dev.voicebridge.gateway.realtime.RealtimeProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoders;
import org.springframework.security.oauth2.jwt.SupplierReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * Who may reach what. An auto-configuration (not a component) so that every application context
 * with the gateway on its classpath, test slices included, gets this chain instead of Spring
 * Security's default login page:
 * <ul>
 * <li>{@code /actuator/health/liveness} and {@code /readiness}: open (orchestrators and the load
 * balancer probe them without credentials; they say UP or DOWN, no details);</li>
 * <li>the WebSocket media path: passed through to its own GATEWAY_MEDIA_TOKEN check;</li>
 * <li>the operator WebSocket ({@code /api/calls/{id}/operator}): the upgrade is passed through, as
 * browsers cannot set headers on a WebSocket; its first message carries the token, checked by this
 * same authentication manager;</li>
 * <li>{@code /api/**} and every other actuator endpoint: bearer token or JWT;</li>
 * <li>the operator console's page and scripts ({@code GET /console/**}): open, under a strict
 * Content-Security-Policy ({@link ConsoleSecurity}); they hold no data, everything they show comes
 * from {@code /api/**} with the operator's token;</li>
 * <li>anything else: denied.</li>
 * </ul>
 * No sessions, no cookies, so no CSRF to defend against. No CORS configuration either, so no other
 * origin is ever granted access.
 */
@AutoConfiguration
@EnableWebFluxSecurity
@EnableConfigurationProperties(AdminProperties.class)
public class AdminSecurityAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AdminSecurityAutoConfiguration.class);

    @Bean
    ReactiveAuthenticationManager adminAuthenticationManager(AdminProperties admin) {
        ReactiveAuthenticationManager jwt =
                admin.jwtConfigured() ? new JwtReactiveAuthenticationManager(decoder(admin)) : null;
        if (!admin.tokenConfigured() && jwt == null) {
            log.warn("GATEWAY_ADMIN_TOKEN is not set and no JWT issuer is configured: the admin API and metrics"
                    + " refuse every request; only the health probes answer");
        }
        return new AdminAuthenticationManager(admin.token(), jwt);
    }

    /** Ahead of {@link #adminSecurity}, which matches everything. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain consoleSecurity(
            ServerHttpSecurity http,
            ObjectProvider<RealtimeProperties> realtime,
            ObjectProvider<MeetingProperties> meetings) {
        RealtimeProperties azure = realtime.getIfAvailable();
        MeetingProperties meeting = meetings.getIfAvailable();
        return ConsoleSecurity.chain(
                http,
                problems(),
                ConsoleSecurity.connectSources(
                        azure == null ? null : azure.endpoint(), meeting == null ? null : meeting.signalingSources()));
    }

    @Bean
    SecurityWebFilterChain adminSecurity(
            ServerHttpSecurity http,
            ReactiveAuthenticationManager adminAuthenticationManager,
            Environment environment) {
        String mediaPath = environment.getProperty("voicebridge.websocket.path", "/media");
        ProblemResponses problems = problems();
        AuthenticationWebFilter bearer = new AuthenticationWebFilter(adminAuthenticationManager);
        bearer.setServerAuthenticationConverter(new BearerTokenConverter());
        bearer.setRequiresAuthenticationMatcher(ServerWebExchangeMatchers.pathMatchers("/api/**", "/actuator/**"));
        bearer.setAuthenticationFailureHandler(problems);
        bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(HttpMethod.GET, "/actuator/health/liveness", "/actuator/health/readiness")
                        .permitAll()
                        .pathMatchers(mediaPath)
                        .permitAll()
                        .pathMatchers(HttpMethod.GET, OperatorConfiguration.PATH)
                        .permitAll()
                        .pathMatchers("/api/**", "/actuator/**")
                        .authenticated()
                        .anyExchange()
                        .denyAll())
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .build();
    }

    /**
     * The firewall (encoded slashes, line breaks... in the URL or headers) answers as problem+json
     * too, instead of an empty 400. Spring Security's chain proxy picks this bean up.
     */
    @Bean
    ServerExchangeRejectedHandler adminExchangeRejectedHandler() {
        return problems();
    }

    private static ProblemResponses problems() {
        return new ProblemResponses(new LogThrottle(Duration.ofSeconds(10), System::nanoTime));
    }

    /** Keys are fetched on first use, so an unreachable issuer never stops the gateway from starting. */
    private static ReactiveJwtDecoder decoder(AdminProperties admin) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        boolean issuer = admin.jwtIssuerUri() != null && !admin.jwtIssuerUri().isBlank();
        validators.add(
                issuer ? JwtValidators.createDefaultWithIssuer(admin.jwtIssuerUri()) : JwtValidators.createDefault());
        if (admin.jwtAudience() != null && !admin.jwtAudience().isBlank()) {
            validators.add(new JwtClaimValidator<List<String>>(
                    JwtClaimNames.AUD, aud -> aud != null && aud.contains(admin.jwtAudience())));
        }
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(validators);
        return new SupplierReactiveJwtDecoder(() -> {
            NimbusReactiveJwtDecoder decoder = admin.jwkSetUri() != null
                            && !admin.jwkSetUri().isBlank()
                    ? NimbusReactiveJwtDecoder.withJwkSetUri(admin.jwkSetUri()).build()
                    : (NimbusReactiveJwtDecoder) ReactiveJwtDecoders.fromIssuerLocation(admin.jwtIssuerUri());
            decoder.setJwtValidator(validator);
            return decoder;
        });
    }
}
