package dev.voicebridge.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallTokensTest {

    private static final String KEY = "0123456789abcdef0123456789abcdef-media";
    private static final Instant NOW = Clock.systemUTC().instant();

    private final CallTokens tokens = new CallTokens(KEY);

    @Test
    void shouldVerifyATokenForItsCallUntilItExpires() {
        // Given a token for call-42 valid for a minute
        String token = tokens.sign("call-42", NOW.plusSeconds(60));

        // Then it names its call while valid, and nothing once expired
        assertThat(tokens.verify(token, NOW)).contains("call-42");
        assertThat(tokens.verify(token, NOW.plusSeconds(60))).contains("call-42");
        assertThat(tokens.verify(token, NOW.plusSeconds(61))).isEmpty();
    }

    @Test
    void shouldRejectTamperedForeignAndMalformedTokens() {
        String token = tokens.sign("call-42", NOW.plusSeconds(60));
        String[] parts = token.split("\\.");
        String otherCall = tokens.sign("call-43", NOW.plusSeconds(60)).split("\\.")[1];

        // When a token's call id or expiry is swapped, it is signed with another key, or it is junk
        // Then none verifies
        assertThat(tokens.verify(parts[0] + "." + otherCall + "." + parts[2] + "." + parts[3], NOW))
                .isEmpty();
        assertThat(tokens.verify(
                        parts[0] + "." + parts[1] + "." + (Long.parseLong(parts[2]) + 3600) + "." + parts[3], NOW))
                .isEmpty();
        assertThat(new CallTokens(KEY + "-other").verify(token, NOW)).isEmpty();
        assertThat(tokens.verify("vbm1.x.y.z", NOW)).isEmpty();
        assertThat(tokens.verify("not-a-token", NOW)).isEmpty();
        assertThat(tokens.verify(token.replace("vbm1", "vbm2"), NOW)).isEmpty();
    }

    @Test
    void shouldRefuseAShortSigningKey() {
        assertThatThrownBy(() -> new CallTokens("short"))
                .hasMessage("the media signing key must be at least 32 characters");
    }
}
