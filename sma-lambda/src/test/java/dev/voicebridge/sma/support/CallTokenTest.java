package dev.voicebridge.sma.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class CallTokenTest {

    @Test
    void shouldDeriveAStableDocumentedTokenFromTheTransactionId() {
        // Given an SMA TransactionId
        String transactionId = "2f6b8d0e-5a4c-4e1b-9c7d-3a2b1c0d9e8f";

        // When its token is computed
        String token = CallToken.of(transactionId);

        // Then it is the first 22 base64url characters of its SHA-256 (the gateway may recompute it):
        // printf %s 2f6b8d0e-5a4c-4e1b-9c7d-3a2b1c0d9e8f | openssl dgst -sha256 -binary | basenc --base64url | cut
        // -c1-22
        assertThat(token).isEqualTo("IrnC7OuMoYt_Dp85qHfn_1");
    }

    @Test
    void shouldAlwaysFitTheSmaUriRules() {
        // Given many TransactionIds
        for (int i = 0; i < 2_000; i++) {
            // When a token is made
            String token = CallToken.of(
                    UUID.nameUUIDFromBytes(("call-" + i).getBytes()).toString());

            // Then it has 1-30 characters from the set the SMA accepts in an AWS endpoint's Uri
            assertThat(token).hasSize(CallToken.LENGTH).matches("[a-zA-Z0-9&=+$/%\\-_!~*().]{1,30}");
        }
    }

    @Test
    void shouldRefuseAMissingTransactionId() {
        assertThatThrownBy(() -> CallToken.of("")).hasMessageContaining("TransactionId");
    }
}
