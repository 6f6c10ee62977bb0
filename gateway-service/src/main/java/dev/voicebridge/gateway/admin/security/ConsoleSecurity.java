package dev.voicebridge.gateway.admin.security;

import java.net.URI;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * The security chain of the operator console's static assets ({@code /console}, {@code /console/**}):
 * open to GET and HEAD without a token, since the page, script and style sheet hold no data (every
 * call it shows comes from {@code /api/**}, which checks the token the operator pastes in), and
 * served with a Content-Security-Policy that lets the page load from nothing but this gateway,
 * connect to this gateway and the two services of the meeting bridge only, run no inline script or
 * style, and be framed by no one. Built once at start-up.
 */
final class ConsoleSecurity {

    /**
     * {@code connect-src 'self'} covers the page's fetch() and its operator WebSocket on the same
     * host and port, and {@code extraConnectSources} the meeting bridge's two (see {@link
     * #connectSources}); {@code blob:} in media-src and worker-src leaves room for audio played from
     * and processed in blobs; the AudioWorklet script itself is a same-origin file.
     */
    static String contentSecurityPolicy(String extraConnectSources) {
        String connect = extraConnectSources.isBlank() ? "'self'" : "'self' " + extraConnectSources;
        return "default-src 'self'; script-src 'self'; style-src 'self';"
                + " img-src 'self'; connect-src " + connect + "; media-src 'self' blob:; worker-src 'self' blob:;"
                + " object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    }

    /**
     * What the meeting bridge connects to besides this gateway: Azure OpenAI's origin (the browser
     * posts its WebRTC SDP offer to {@code <endpoint>/openai/v1/realtime/calls} with a client
     * secret), and amazon-chime-sdk-js's signaling WebSocket (GATEWAY_MEETING_SIGNALING_SOURCES).
     * The audio itself flows over WebRTC, which CSP does not govern.
     */
    static String connectSources(URI azureEndpoint, String signalingSources) {
        StringBuilder sources = new StringBuilder();
        if (azureEndpoint != null && azureEndpoint.getHost() != null) {
            sources.append(azureEndpoint.getScheme()).append("://").append(azureEndpoint.getHost());
            if (azureEndpoint.getPort() > 0) {
                sources.append(':').append(azureEndpoint.getPort());
            }
        }
        if (signalingSources != null && !signalingSources.isBlank()) {
            sources.append(sources.isEmpty() ? "" : " ").append(signalingSources.trim());
        }
        return sources.toString();
    }

    private ConsoleSecurity() {}

    static SecurityWebFilterChain chain(ServerHttpSecurity http, ProblemResponses problems, String connectSources) {
        return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/console", "/console/**"))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .headers(headers -> headers.contentSecurityPolicy(
                        csp -> csp.policyDirectives(contentSecurityPolicy(connectSources))))
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers(HttpMethod.GET, "/console", "/console/**")
                        .permitAll()
                        .pathMatchers(HttpMethod.HEAD, "/console", "/console/**")
                        .permitAll()
                        .anyExchange()
                        .denyAll())
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .build();
    }
}
