package io.poolbook.client.auth;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The signature a Logon carries: Ed25519 over 12 bytes, {@code accountId} (int32, little-endian) followed by
 * {@code nonce} (int64, little-endian). The client signs with the account's private key; the gateway verifies with
 * the public key the account was registered with. A signature is single use because the gateway accepts a nonce
 * only when it is greater than the last one it accepted for the account.
 */
public final class LogonSignature
{
    /** Bytes signed. */
    public static final int PAYLOAD_LENGTH = 12;

    private static final AtomicLong LAST_NONCE = new AtomicLong();

    private final byte[] payload = new byte[PAYLOAD_LENGTH];
    private final Signature verifier;

    /** A verifier for one thread; signature objects are not thread-safe. */
    public LogonSignature()
    {
        try
        {
            verifier = Signature.getInstance("Ed25519");
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("the JDK has no Ed25519", ex);
        }
    }

    /**
     * A nonce above any this process handed out before: microseconds since the epoch, or one more than the last,
     * so clients of one account in one process never repeat one (to a node or a cluster alike).
     *
     * @return the next nonce.
     */
    public static long nextNonce()
    {
        final long now = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
        return LAST_NONCE.accumulateAndGet(now, (last, candidate) -> Math.max(last + 1, candidate));
    }

    /**
     * Writes the signed bytes.
     *
     * @param accountId logging on.
     * @param nonce     greater than any the account used before.
     * @param payload   at least 12 bytes, written from 0.
     */
    public static void payload(final int accountId, final long nonce, final byte[] payload)
    {
        for (int i = 0; i < 4; i++)
        {
            payload[i] = (byte)(accountId >>> (8 * i));
        }
        for (int i = 0; i < 8; i++)
        {
            payload[4 + i] = (byte)(nonce >>> (8 * i));
        }
    }

    /**
     * Signs a logon.
     *
     * @param key       the account's Ed25519 private key.
     * @param accountId logging on.
     * @param nonce     greater than any the account used before.
     * @return the 64-byte signature.
     */
    public static byte[] sign(final PrivateKey key, final int accountId, final long nonce)
    {
        final byte[] payload = new byte[PAYLOAD_LENGTH];
        payload(accountId, nonce, payload);
        try
        {
            final Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(payload);
            return signer.sign();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalArgumentException("cannot sign with this key: " + ex.getMessage(), ex);
        }
    }

    /**
     * Checks a logon's signature.
     *
     * @param key       the account's registered key.
     * @param accountId from the logon.
     * @param nonce     from the logon.
     * @param signature from the logon, 64 bytes.
     * @return true only for a valid signature by that key over these values.
     */
    public boolean verify(final PublicKey key, final int accountId, final long nonce, final byte[] signature)
    {
        payload(accountId, nonce, payload);
        try
        {
            verifier.initVerify(key);
            verifier.update(payload);
            return verifier.verify(signature);
        }
        catch (final GeneralSecurityException | RuntimeException ex)
        {
            return false;
        }
    }
}
