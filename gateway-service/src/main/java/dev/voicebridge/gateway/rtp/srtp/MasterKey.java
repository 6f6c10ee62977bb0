package dev.voicebridge.gateway.rtp.srtp;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * One SRTP master key and master salt (RFC 3711 section 8.2), as SDES carries them in
 * {@code inline:} (RFC 4568 section 6.1: base64 of key || salt). Immutable; safe on any thread.
 *
 * <p>Key material must never reach a log: {@link #toString} says only that it is redacted, and the
 * bytes leave this class only as copies, for the SDP answer and the key derivation.
 */
public final class MasterKey {

    public static final int BYTES = SrtpSuite.KEY_BYTES + SrtpSuite.SALT_BYTES;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;
    private final byte[] salt;

    private MasterKey(byte[] keyAndSalt) {
        this.key = Arrays.copyOfRange(keyAndSalt, 0, SrtpSuite.KEY_BYTES);
        this.salt = Arrays.copyOfRange(keyAndSalt, SrtpSuite.KEY_BYTES, BYTES);
    }

    /** A fresh key for one call, from {@link SecureRandom}. */
    public static MasterKey generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        MasterKey fresh = new MasterKey(bytes);
        Arrays.fill(bytes, (byte) 0);
        return fresh;
    }

    /** Key || salt, exactly 30 bytes. */
    public static MasterKey of(byte[] keyAndSalt) {
        if (keyAndSalt.length != BYTES) {
            throw new IllegalArgumentException(
                    "SRTP master key and salt must be " + BYTES + " bytes, not " + keyAndSalt.length);
        }
        return new MasterKey(keyAndSalt);
    }

    /**
     * Parses the base64 key-salt of an {@code inline:} key parameter. The message of the exception
     * never contains the value.
     */
    public static MasterKey fromBase64(String keySalt) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(keySalt);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SRTP inline key is not base64");
        }
        try {
            return of(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Base64 of key || salt, for our own {@code a=crypto} line. */
    public String toBase64() {
        byte[] bytes = new byte[BYTES];
        System.arraycopy(key, 0, bytes, 0, key.length);
        System.arraycopy(salt, 0, bytes, key.length, salt.length);
        try {
            return Base64.getEncoder().encodeToString(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    byte[] key() {
        return key.clone();
    }

    byte[] salt() {
        return salt.clone();
    }

    /** Constant-time, so comparing keys in a test or a check leaks nothing through timing. */
    @Override
    public boolean equals(Object o) {
        return o instanceof MasterKey other
                && MessageDigest.isEqual(key, other.key)
                && MessageDigest.isEqual(salt, other.salt);
    }

    @Override
    public int hashCode() {
        return 0; // a hash of the key would be a (weak) fingerprint of it; keys are never map keys
    }

    @Override
    public String toString() {
        return "MasterKey[redacted]";
    }
}
