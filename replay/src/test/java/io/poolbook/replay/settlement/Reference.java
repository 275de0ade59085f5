package io.poolbook.replay.settlement;

import org.bouncycastle.jcajce.provider.digest.Keccak;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test-side reference computations written plainly and apart from the code under test: Keccak-256 through Bouncy
 * Castle's JCA digest (not the low-level digest the main code uses), OpenZeppelin's commutative pair hash and
 * {@code processProof}, the standard leaf by hand-built ABI bytes, and the tree root by recursion over the implicit
 * array of OpenZeppelin's layout.
 */
final class Reference
{
    private Reference()
    {
    }

    static byte[] keccak(final byte[]... parts)
    {
        final Keccak.Digest256 digest = new Keccak.Digest256();
        for (final byte[] part : parts)
        {
            digest.update(part);
        }
        return digest.digest();
    }

    /** MerkleProof's _hashPair: the smaller word first, compared as unsigned 256-bit numbers. */
    static byte[] hashPair(final byte[] a, final byte[] b)
    {
        return new BigInteger(1, a).compareTo(new BigInteger(1, b)) < 0 ? keccak(a, b) : keccak(b, a);
    }

    /** MerkleProof.processProof: fold the proof over the leaf. */
    static byte[] processProof(final byte[] leaf, final List<byte[]> proof)
    {
        byte[] computed = leaf;
        for (final byte[] node : proof)
        {
            computed = hashPair(computed, node);
        }
        return computed;
    }

    static boolean verify(final List<byte[]> proof, final byte[] root, final byte[] leaf)
    {
        return Arrays.equals(processProof(leaf, proof), root);
    }

    /** keccak256(bytes.concat(keccak256(abi.encode(address, address, int256)))) from hand-laid bytes. */
    static byte[] standardLeaf(final byte[] account, final byte[] token, final BigInteger delta)
    {
        final byte[] encoded = new byte[96];
        System.arraycopy(account, 0, encoded, 12, 20);
        System.arraycopy(token, 0, encoded, 44, 20);
        // two's complement modulo 2^256
        final BigInteger unsigned = delta.signum() < 0 ? delta.add(BigInteger.ONE.shiftLeft(256)) : delta;
        final byte[] magnitude = unsigned.toByteArray();
        final int length = Math.min(32, magnitude.length);
        System.arraycopy(magnitude, magnitude.length - length, encoded, 64 + 32 - length, length);
        return keccak(keccak(encoded));
    }

    /**
     * Root of OpenZeppelin's layout, recursively: with n leaves sorted ascending, node i (of 2n - 1) is leaf
     * {@code 2n - 2 - i} when it has no children, otherwise the pair hash of nodes 2i + 1 and 2i + 2.
     */
    static byte[] root(final List<byte[]> leafHashes)
    {
        if (leafHashes.isEmpty())
        {
            return new byte[32];
        }
        final List<byte[]> sorted = sortedAscending(leafHashes);
        return node(sorted, 0);
    }

    static List<byte[]> sortedAscending(final List<byte[]> leafHashes)
    {
        final List<byte[]> sorted = new ArrayList<>(leafHashes);
        sorted.sort((a, b) -> new BigInteger(1, a).compareTo(new BigInteger(1, b)));
        return sorted;
    }

    private static byte[] node(final List<byte[]> sorted, final int i)
    {
        final int size = 2 * sorted.size() - 1;
        if (2 * i + 1 >= size)
        {
            return sorted.get(size - 1 - i);
        }
        return hashPair(node(sorted, 2 * i + 1), node(sorted, 2 * i + 2));
    }

    static byte[] address(final int seed)
    {
        final byte[] address = new byte[20];
        for (int i = 0; i < 20; i++)
        {
            address[i] = (byte)(seed * 31 + i * 7 + 1);
        }
        return address;
    }

    static byte[] hash(final int seed)
    {
        return keccak(BigInteger.valueOf(seed).toByteArray());
    }

    static byte[] hex(final String text)
    {
        final String digits = text.startsWith("0x") ? text.substring(2) : text;
        final byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    /** A fake journal chain hash per sequence. */
    static byte[] journalHash(final long sequence)
    {
        return keccak(BigInteger.valueOf(sequence).toByteArray(), new byte[]{ 2 });
    }
}
