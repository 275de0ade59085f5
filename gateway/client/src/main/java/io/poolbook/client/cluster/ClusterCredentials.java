package io.poolbook.client.cluster;


import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.client.auth.LogonSignature;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.PrivateKey;

/**
 * What a cluster client presents when it connects, and what the cluster remembers of it once authenticated.
 * <p>
 * Credentials (the connect request's {@code encodedCredentials}, 77 bytes, little-endian): {@code accountId} int32,
 * {@code nonce} int64, the Ed25519 signature (64 bytes) of {@link LogonSignature} over {@code accountId || nonce},
 * and a flags byte ({@link #CANCEL_ON_DISCONNECT}). The same signed payload as the node's Logon, so one key and one
 * signing routine serve both.
 * <p>
 * Principal (the session's {@code encodedPrincipal}, 13 bytes, carried in the cluster log with the session):
 * {@code accountId} int32, {@code nonce} int64, flags byte. Every member reads the session's account from it.
 */
public final class ClusterCredentials
{
    /** Flag: cancel the account's orders when this session closes and it was the account's last one. */
    public static final int CANCEL_ON_DISCONNECT = 1;

    public static final int CREDENTIALS_LENGTH = 4 + 8 + Ed25519Keys.SIGNATURE_LENGTH + 1;
    public static final int PRINCIPAL_LENGTH = 4 + 8 + 1;

    private static final int SIGNATURE_OFFSET = 12;
    private static final int FLAGS_OFFSET = SIGNATURE_OFFSET + Ed25519Keys.SIGNATURE_LENGTH;

    private ClusterCredentials()
    {
    }

    /**
     * Signs and encodes credentials.
     *
     * @param accountId to connect as.
     * @param nonce     greater than any the account used before (e.g. microseconds since the epoch).
     * @param key       the account's Ed25519 private key.
     * @param flags     {@link #CANCEL_ON_DISCONNECT} or 0.
     * @return the encoded credentials.
     */
    public static byte[] encode(final int accountId, final long nonce, final PrivateKey key, final int flags)
    {
        return encode(accountId, nonce, LogonSignature.sign(key, accountId, nonce), flags);
    }

    /**
     * Encodes credentials with a signature made elsewhere (or a bad one, in tests).
     *
     * @return the encoded credentials.
     */
    public static byte[] encode(final int accountId, final long nonce, final byte[] signature, final int flags)
    {
        if (signature.length != Ed25519Keys.SIGNATURE_LENGTH)
        {
            throw new IllegalArgumentException("an Ed25519 signature has 64 bytes, not " + signature.length);
        }
        final ByteBuffer buffer = ByteBuffer.allocate(CREDENTIALS_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(accountId).putLong(nonce).put(signature).put((byte)flags);
        return buffer.array();
    }

    /** Are these bytes credentials at all? */
    public static boolean isCredentials(final byte[] credentials)
    {
        return null != credentials && CREDENTIALS_LENGTH == credentials.length;
    }

    public static int accountId(final byte[] credentialsOrPrincipal)
    {
        return ByteBuffer.wrap(credentialsOrPrincipal).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    }

    public static long nonce(final byte[] credentialsOrPrincipal)
    {
        return ByteBuffer.wrap(credentialsOrPrincipal).order(ByteOrder.LITTLE_ENDIAN).getLong(4);
    }

    /** The signature in credentials. */
    public static byte[] signature(final byte[] credentials)
    {
        final byte[] signature = new byte[Ed25519Keys.SIGNATURE_LENGTH];
        System.arraycopy(credentials, SIGNATURE_OFFSET, signature, 0, signature.length);
        return signature;
    }

    /** The flags in credentials. */
    public static int credentialFlags(final byte[] credentials)
    {
        return credentials[FLAGS_OFFSET] & 0xFF;
    }

    /**
     * The principal an authenticated session carries in the log.
     *
     * @return 13 bytes.
     */
    public static byte[] principal(final int accountId, final long nonce, final int flags)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(PRINCIPAL_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(accountId).putLong(nonce).put((byte)flags);
        return buffer.array();
    }

    /** Is this a principal this cluster gives out? */
    public static boolean isPrincipal(final byte[] principal)
    {
        return null != principal && PRINCIPAL_LENGTH == principal.length;
    }

    /** The flags in a principal. */
    public static int principalFlags(final byte[] principal)
    {
        return principal[PRINCIPAL_LENGTH - 1] & 0xFF;
    }

    /**
     * The account of a principal without allocating: the hot path reads it for every command.
     *
     * @return the account, or -1 if the bytes are not a principal.
     */
    public static int principalAccountId(final byte[] principal)
    {
        if (!isPrincipal(principal))
        {
            return -1;
        }
        return (principal[0] & 0xFF) | (principal[1] & 0xFF) << 8 | (principal[2] & 0xFF) << 16 |
            (principal[3] & 0xFF) << 24;
    }
}
