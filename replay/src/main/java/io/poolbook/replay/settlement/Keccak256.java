package io.poolbook.replay.settlement;

import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Keccak-256 as Ethereum uses it (the original Keccak padding, not NIST SHA3-256), from Bouncy Castle. Every hash
 * of the settlement format is this one: Merkle leaves and nodes, batch and content hashes, function selectors.
 */
public final class Keccak256
{
    /** Bytes in a hash. */
    public static final int LENGTH = 32;

    private Keccak256()
    {
    }

    /**
     * @param data to hash.
     * @return its 32-byte Keccak-256.
     */
    public static byte[] hash(final byte[] data)
    {
        return hash(data, 0, data.length);
    }

    /**
     * @param data   holding the bytes to hash.
     * @param offset of the first byte.
     * @param length of the bytes.
     * @return their 32-byte Keccak-256.
     */
    public static byte[] hash(final byte[] data, final int offset, final int length)
    {
        final KeccakDigest digest = new KeccakDigest(256);
        digest.update(data, offset, length);
        final byte[] out = new byte[LENGTH];
        digest.doFinal(out, 0);
        return out;
    }

    /**
     * Hash of two 32-byte words one after the other, as Solidity's {@code keccak256(abi.encodePacked(a, b))}.
     *
     * @param first  word.
     * @param second word.
     * @return Keccak-256 of {@code first || second}.
     */
    public static byte[] hash(final byte[] first, final byte[] second)
    {
        final KeccakDigest digest = new KeccakDigest(256);
        digest.update(first, 0, first.length);
        digest.update(second, 0, second.length);
        final byte[] out = new byte[LENGTH];
        digest.doFinal(out, 0);
        return out;
    }
}
