package dev.voicebridge.gateway.rtp.srtp;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CM encryption and HMAC-SHA1 authentication of packets under one set of session keys (RFC
 * 3711 sections 4.1.1 and 4.2.1). Holds its JCE {@link Cipher} and {@link Mac}, which are neither
 * thread-safe nor cheap to create: one instance per transform, used only by the thread that owns
 * the transform (the call's event loop).
 */
final class PacketCipher {

    private final Cipher aes;
    private final SecretKeySpec cipherKey;
    private final Mac hmac;
    private final byte[] salt;
    private final byte[] iv = new byte[16];

    PacketCipher(SessionKeys keys) {
        try {
            this.aes = Cipher.getInstance("AES/CTR/NoPadding");
            this.cipherKey = new SecretKeySpec(keys.cipherKey, "AES");
            this.hmac = Mac.getInstance("HmacSHA1");
            this.hmac.init(new SecretKeySpec(keys.authKey, "HmacSHA1"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR or HmacSHA1 is not available in this JVM", e);
        }
        this.salt = keys.salt.clone();
    }

    /**
     * XORs the AES-CM keystream for ({@code ssrc}, {@code index}) into {@code buf[off, off+len)}, in
     * place. The same call encrypts and decrypts. IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index *
     * 2^16), the index being the 48-bit SRTP packet index or the 31-bit SRTCP index.
     */
    void crypt(byte[] buf, int off, int len, long ssrc, long index) {
        if (len == 0) {
            return;
        }
        System.arraycopy(salt, 0, iv, 0, salt.length);
        iv[14] = 0;
        iv[15] = 0;
        for (int i = 0; i < 4; i++) {
            iv[4 + i] ^= (byte) (ssrc >>> (24 - 8 * i));
        }
        for (int i = 0; i < 6; i++) {
            iv[8 + i] ^= (byte) (index >>> (40 - 8 * i));
        }
        try {
            aes.init(Cipher.ENCRYPT_MODE, cipherKey, new IvParameterSpec(iv));
            // In place is allowed: Cipher.doFinal is copy-safe for the same array.
            aes.doFinal(buf, off, len, buf, off);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("in-place AES-CM needs no extra room", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CM failed", e);
        }
    }

    /**
     * The HMAC-SHA1 of {@code buf[off, off+len)} followed by the 32-bit {@code trailer} (the ROC for
     * SRTP; SRTCP's E flag and index are already inside the authenticated portion, so it passes
     * none), cut to {@code tagBytes}.
     */
    byte[] tag(byte[] buf, int off, int len, Integer trailer, int tagBytes) {
        hmac.update(buf, off, len);
        if (trailer != null) {
            int t = trailer;
            hmac.update((byte) (t >>> 24));
            hmac.update((byte) (t >>> 16));
            hmac.update((byte) (t >>> 8));
            hmac.update((byte) t);
        }
        byte[] full = hmac.doFinal();
        byte[] cut = new byte[tagBytes];
        System.arraycopy(full, 0, cut, 0, tagBytes);
        return cut;
    }

    /** Whether {@code expected} equals the tag stored at {@code buf[off, off+expected.length)}, in constant time. */
    static boolean tagMatches(byte[] expected, byte[] buf, int off) {
        byte[] got = new byte[expected.length];
        System.arraycopy(buf, off, got, 0, got.length);
        return MessageDigest.isEqual(expected, got);
    }
}
