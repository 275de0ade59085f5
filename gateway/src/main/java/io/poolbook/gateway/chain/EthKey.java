package io.poolbook.gateway.chain;

import io.poolbook.replay.settlement.Hex;
import io.poolbook.replay.settlement.Keccak256;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECPoint;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * An Ethereum account key: a secp256k1 private key, its address (the last 20 bytes of the Keccak-256 of the public
 * key) and signatures as Ethereum wants them: deterministic nonces (RFC 6979), low {@code s} (EIP-2) and the
 * recovery parity. Bouncy Castle (already pinned) does the curve arithmetic.
 */
public final class EthKey
{
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final BigInteger N = CURVE.getN();
    private static final BigInteger HALF_N = N.shiftRight(1);

    private final BigInteger privateKey;
    private final byte[] address;

    private EthKey(final BigInteger privateKey)
    {
        if (privateKey.signum() <= 0 || privateKey.compareTo(N) >= 0)
        {
            throw new IllegalArgumentException("not a secp256k1 private key (must be in [1, n-1])");
        }
        this.privateKey = privateKey;
        final byte[] publicKey = CURVE.getG().multiply(privateKey).normalize().getEncoded(false);
        final byte[] hash = Keccak256.hash(publicKey, 1, publicKey.length - 1);
        this.address = Arrays.copyOfRange(hash, 12, 32);
    }

    /**
     * @param hex the 32-byte private key as hex, with or without {@code 0x}.
     * @return the key.
     */
    public static EthKey fromHex(final String hex)
    {
        final byte[] bytes = Hex.fromHex(hex.trim());
        if (bytes.length != 32)
        {
            throw new IllegalArgumentException("a private key is 32 bytes of hex, not " + bytes.length);
        }
        return new EthKey(new BigInteger(1, bytes));
    }

    /**
     * @param file holding the private key as hex on its first line (the operator key file).
     * @return the key.
     * @throws IOException if the file cannot be read.
     */
    public static EthKey read(final Path file) throws IOException
    {
        final String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try
        {
            return fromHex(text.lines().findFirst().orElse(""));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(file + ": " + ex.getMessage(), ex);
        }
    }

    /** @return a new random key. */
    public static EthKey generate()
    {
        final SecureRandom random = new SecureRandom();
        BigInteger d;
        do
        {
            d = new BigInteger(256, random);
        }
        while (d.signum() == 0 || d.compareTo(N) >= 0);
        return new EthKey(d);
    }

    /** @return the 20-byte address. */
    public byte[] address()
    {
        return address.clone();
    }

    /** @return the private key as 64 hex digits with {@code 0x}. */
    public String privateKeyHex()
    {
        return Hex.toHex(Rlp.fixed(privateKey, 32));
    }

    /**
     * Signs a 32-byte hash.
     *
     * @param hash to sign.
     * @return {@code r}, {@code s} and the y parity of {@code R} (0 or 1).
     */
    public Signature sign(final byte[] hash)
    {
        final BigInteger z = new BigInteger(1, hash);
        final HMacDSAKCalculator nonces = new HMacDSAKCalculator(new SHA256Digest());
        nonces.init(N, privateKey, hash);
        while (true)
        {
            final BigInteger k = nonces.nextK();
            final ECPoint point = CURVE.getG().multiply(k).normalize();
            final BigInteger x = point.getAffineXCoord().toBigInteger();
            final BigInteger r = x.mod(N);
            if (r.signum() == 0)
            {
                continue;
            }
            BigInteger s = k.modInverse(N).multiply(z.add(r.multiply(privateKey))).mod(N);
            if (s.signum() == 0)
            {
                continue;
            }
            int parity = point.getAffineYCoord().testBitZero() ? 1 : 0;
            if (x.compareTo(N) >= 0)
            {
                continue; // recovery would need the overflow bit, which typed transactions cannot carry
            }
            if (s.compareTo(HALF_N) > 0)
            {
                s = N.subtract(s);
                parity ^= 1;
            }
            return new Signature(r, s, parity);
        }
    }

    /**
     * An ECDSA signature with its recovery parity.
     *
     * @param r      the x coordinate of {@code R} mod n.
     * @param s      low {@code s}.
     * @param parity y parity of {@code R}.
     */
    public record Signature(BigInteger r, BigInteger s, int parity)
    {
    }
}
