package dev.voicebridge.gateway.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;

/**
 * The cloud around the gateway, played by one WireMock server: an OIDC provider's key endpoint (a
 * JWK set, and tokens signed with its key) and the Chime SDK Voice API's
 * UpdateSipMediaApplicationCall.
 */
final class IdentityProvider {

    static final String AUDIENCE = "voicebridge-admin";
    static final RSAKey KEY = generate("idp-key");
    static final RSAKey OTHER_KEY = generate("not-the-idp");
    private static WireMockServer server;

    private IdentityProvider() {}

    static synchronized String jwkSetUri() {
        return baseUrl() + "/.well-known/jwks.json";
    }

    static synchronized WireMockServer server() {
        baseUrl();
        return server;
    }

    static synchronized String baseUrl() {
        if (server == null) {
            server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
            server.start();
            server.stubFor(get("/.well-known/jwks.json").willReturn(okJson(new JWKSet(KEY.toPublicJWK()).toString())));
            server.stubFor(post(urlPathMatching("/sip-media-applications/.*/calls/.*"))
                    .willReturn(aResponse()
                            .withStatus(202)
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"SipMediaApplicationCall\":{\"TransactionId\":\"tx\"}}")));
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return "http://127.0.0.1:" + server.port();
    }

    static String token(RSAKey key, String audience, Instant expires) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .build(),
                    new JWTClaimsSet.Builder()
                            .subject("operator@example.com")
                            .audience(audience)
                            .issueTime(Date.from(expires.minusSeconds(3600)))
                            .expirationTime(Date.from(expires))
                            .build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generate(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
