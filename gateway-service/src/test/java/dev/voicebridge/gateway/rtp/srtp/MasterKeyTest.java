package dev.voicebridge.gateway.rtp.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MasterKeyTest {

    @Test
    void shouldGenerateDistinctThirtyByteKeysThatSurviveBase64() {
        // Given two fresh keys
        MasterKey a = MasterKey.generate();
        MasterKey b = MasterKey.generate();

        // When one goes through its inline base64 form
        String inline = a.toBase64();

        // Then it is 40 characters (30 bytes) and comes back equal; the two keys differ
        assertThat(inline).hasSize(40);
        assertThat(MasterKey.fromBase64(inline)).isEqualTo(a);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void shouldNeverShowKeyMaterialInToStringOrErrors() {
        // Given a key
        MasterKey key = MasterKey.generate();
        String inline = key.toBase64();

        // When it is printed, Then nothing of it shows
        assertThat(key.toString()).isEqualTo("MasterKey[redacted]").doesNotContain(inline);
        assertThat(new SrtpProtection(SrtpSuite.AES_CM_128_HMAC_SHA1_80, key, key).toString())
                .doesNotContain(inline.substring(0, 8));
        // When a bad inline key is parsed, Then the message does not repeat it
        String shortKey = inline.substring(0, 36);
        assertThatThrownBy(() -> MasterKey.fromBase64(shortKey))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(shortKey));
        assertThatThrownBy(() -> MasterKey.fromBase64("not base64 at all!"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not base64 at all"));
    }
}
