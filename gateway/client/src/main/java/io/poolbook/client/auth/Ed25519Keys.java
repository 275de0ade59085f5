package io.poolbook.client.auth;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
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
    /** DER of PKCS#8 PrivateKeyInfo for Ed25519 up to the 32-byte seed (RFC 8410). */
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

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

    /**
     * @param hex the 32-byte private key (the RFC 8032 seed) as 64 hex digits, as a key file holds it.
     * @return the private key.
     * @throws IllegalArgumentException if it is not 32 bytes of hex.
     */
    public static PrivateKey privateKeyFromHex(final String hex)
    {
        final byte[] seed;
        try
        {
            seed = HexFormat.of().parseHex(hex.trim());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("an Ed25519 private key is 64 hex digits", ex);
        }
        if (seed.length != 32)
        {
            throw new IllegalArgumentException("an Ed25519 private key has 32 bytes, not " + seed.length);
        }
        final byte[] pkcs8 = new byte[PKCS8_PREFIX.length + seed.length];
        System.arraycopy(PKCS8_PREFIX, 0, pkcs8, 0, PKCS8_PREFIX.length);
        System.arraycopy(seed, 0, pkcs8, PKCS8_PREFIX.length, seed.length);
        try
        {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalArgumentException("not an Ed25519 private key", ex);
        }
    }

    /** The raw 32-byte seed of a private key, as {@link #privateKeyFromHex} takes it. */
    public static String privateKeyToHex(final PrivateKey key)
    {
        final byte[] encoded = key.getEncoded();
        return HexFormat.of().formatHex(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    }
}
