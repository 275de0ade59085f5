package io.poolbook.gateway.auth;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Converts between the raw 32-byte Ed25519 public keys of the protocol and the JDK's {@link PublicKey}, using the
 * JDK's own EdDSA provider. A raw key becomes a key object through its X.509 SubjectPublicKeyInfo encoding, which
 * for Ed25519 is a fixed 12-byte prefix followed by the key.
 */
public final class Ed25519Keys
{
    /** Length of a raw Ed25519 public key. */
    public static final int PUBLIC_KEY_LENGTH = 32;
    /** Length of an Ed25519 signature. */
    public static final int SIGNATURE_LENGTH = 64;

    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private Ed25519Keys()
    {
    }

    /**
     * @param raw 32-byte key.
     * @return the key as a JDK key object.
     * @throws IllegalArgumentException if the bytes are not an Ed25519 public key.
     */
    public static PublicKey publicKey(final byte[] raw)
    {
        if (raw.length != PUBLIC_KEY_LENGTH)
        {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + raw.length);
        }
        final byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + PUBLIC_KEY_LENGTH);
        System.arraycopy(raw, 0, encoded, X509_PREFIX.length, PUBLIC_KEY_LENGTH);
        try
        {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalArgumentException("not an Ed25519 public key", ex);
        }
    }

    /**
     * @param key an Ed25519 public key.
     * @return its raw 32 bytes.
     */
    public static byte[] raw(final PublicKey key)
    {
        final byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - PUBLIC_KEY_LENGTH, encoded.length);
    }

    /**
     * @param hex 64 hex digits.
     * @return the key they spell.
     */
    public static PublicKey fromHex(final String hex)
    {
        return publicKey(HexFormat.of().parseHex(hex.trim()));
    }

    /** The raw key in lower-case hex, as {@code --operator-key} takes it. */
    public static String toHex(final PublicKey key)
    {
        return HexFormat.of().formatHex(raw(key));
    }

    /** True when every byte is zero: the engine's placeholder for an account without a key (the operator). */
    public static boolean isZero(final byte[] raw)
    {
        for (final byte b : raw)
        {
            if (0 != b)
            {
                return false;
            }
        }
        return true;
    }

    /** A fresh key pair from the JDK's generator. */
    public static KeyPair generate()
    {
        try
        {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("the JDK has no Ed25519", ex);
        }
    }
}
