package dev.voicebridge.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** JWTs from the configured identity provider (keys from its JWK set URL) next to the static token. */
class JwtAccessTest extends AdminApplicationTest {

    @Test
    void shouldAcceptAValidJwtFromTheIdentityProvider() {
        // Given a token signed by the provider, for the gateway's audience, not expired
        String token = IdentityProvider.token(
                IdentityProvider.KEY, IdentityProvider.AUDIENCE, Instant.now().plusSeconds(600));

        // When it is used on the API
        // Then the API answers
        assertThat(http().get("/api/calls", token).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseExpiredForeignOrWronglyAddressedJwts() {
        // Given an expired token, one signed by another key and one for another audience
        String expired = IdentityProvider.token(
                IdentityProvider.KEY, IdentityProvider.AUDIENCE, Instant.now().minusSeconds(600));
        String foreign = IdentityProvider.token(
                IdentityProvider.OTHER_KEY,
                IdentityProvider.AUDIENCE,
                Instant.now().plusSeconds(600));
        String elsewhere = IdentityProvider.token(
                IdentityProvider.KEY, "some-other-api", Instant.now().plusSeconds(600));

        // When each is used
        // Then each is refused with 401
        for (String token : new String[] {expired, foreign, elsewhere}) {
            assertThat(http().get("/api/calls", token).statusCode()).isEqualTo(401);
        }
    }
}
