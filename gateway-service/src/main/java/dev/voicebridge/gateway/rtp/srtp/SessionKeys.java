package dev.voicebridge.gateway.rtp.srtp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The session keys one master key yields for SRTP or for SRTCP (RFC 3711 section 4.3): the AES
 * cipher key, the HMAC-SHA1 authentication key and the session salt, derived with the AES-CM PRF.
 * The key derivation rate is 0 (SDES's default, and all Chime offers), so each is derived once,
 * at index 0, and never again. Immutable; never logged ({@link #toString} is redacted).
 */
final class SessionKeys {

    /** RFC 3711 section 4.3.2 labels; SRTCP's are SRTP's plus 3. */
    private static final int LABEL_CIPHER = 0;

    private static final int LABEL_AUTH = 1;
    private static final int LABEL_SALT = 2;
    private static final int SRTCP_LABEL_OFFSET = 3;

    final byte[] cipherKey;
    final byte[] authKey;
    final byte[] salt;

    private SessionKeys(byte[] cipherKey, byte[] authKey, byte[] salt) {
        this.cipherKey = cipherKey;
        this.authKey = authKey;
        this.salt = salt;
    }

    /** Session keys given as they are, as RFC 3711's Appendix B.2 gives them. */
    static SessionKeys of(byte[] cipherKey, byte[] authKey, byte[] salt) {
        return new SessionKeys(cipherKey.clone(), authKey.clone(), salt.clone());
    }

    static SessionKeys forRtp(MasterKey master) {
        return derive(master, 0);
    }

    static SessionKeys forRtcp(MasterKey master) {
        return derive(master, SRTCP_LABEL_OFFSET);
    }

    private static SessionKeys derive(MasterKey master, int labelOffset) {
        byte[] key = master.key();
        byte[] salt = master.salt();
        return new SessionKeys(
                prf(key, salt, LABEL_CIPHER + labelOffset, SrtpSuite.KEY_BYTES),
                prf(key, salt, LABEL_AUTH + labelOffset, SrtpSuite.AUTH_KEY_BYTES),
                prf(key, salt, LABEL_SALT + labelOffset, SrtpSuite.SALT_BYTES));
    }

    /**
     * The AES-CM PRF of RFC 3711 section 4.3.1 with a key derivation rate of 0: x = (label || r)
     * XOR master salt, with r = 0 and the 56-bit key_id aligned to the salt's low bytes; the output
     * is the AES-CM keystream from IV = x * 2^16, cut to {@code length} bytes.
     */
    static byte[] prf(byte[] masterKey, byte[] masterSalt, int label, int length) {
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, SrtpSuite.SALT_BYTES);
        // key_id = label (8 bits) || r (48 bits), right-aligned in the 112-bit salt: the label
        // lands on salt byte 14 - 7 = 7.
        iv[7] ^= (byte) label;
        try {
            Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"), new IvParameterSpec(iv));
            return aes.doFinal(new byte[length]);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "SessionKeys[redacted]";
    }
}
