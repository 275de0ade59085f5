package io.poolbook.replay.settlement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A Merkle tree laid out exactly as OpenZeppelin's {@code StandardMerkleTree.of} (JS library
 * {@code @openzeppelin/merkle-tree}, default {@code sortLeaves: true}) lays it out, so its root and proofs are the
 * ones that library computes and that Solidity's {@code MerkleProof.verify} accepts.
 * <ul>
 *   <li>Leaves are given already hashed (the standard leaf is {@code keccak256(keccak256(abi.encode(value)))},
 *       see {@link SettlementLeaf#hash}); they are sorted ascending as unsigned 256-bit numbers, stably.</li>
 *   <li>The tree is a complete binary tree in an array of {@code 2n - 1} nodes: root at 0, children of node
 *       {@code i} at {@code 2i + 1} and {@code 2i + 2}. The sorted leaves fill the array from its end backwards
 *       (the smallest hash at the last index); every other node, from the end towards the root, is the hash of
 *       its two children.</li>
 *   <li>A pair is hashed commutatively: {@code keccak256(min(a, b) || max(a, b))}, comparing the words as
 *       unsigned numbers, so a proof needs no left/right flags.</li>
 *   <li>A leaf's proof is the sibling of each node on its way up to the root, leaf level first.</li>
 * </ul>
 * OpenZeppelin refuses an empty tree; here an empty tree has the all-zero root, which no proof can reach.
 * Immutable.
 */
public final class StandardMerkleTree
{
    /** Root of a tree without leaves. */
    private static final byte[] EMPTY_ROOT = new byte[Keccak256.LENGTH];

    private final byte[][] nodes;
    private final int[] treeIndexOfValue;

    private StandardMerkleTree(final byte[][] nodes, final int[] treeIndexOfValue)
    {
        this.nodes = nodes;
        this.treeIndexOfValue = treeIndexOfValue;
    }

    /**
     * Builds the tree of these leaf hashes.
     *
     * @param leafHashes 32 bytes each, in the caller's value order, which {@link #proof(int)} and
     *                   {@link #treeIndex(int)} keep.
     * @return the tree.
     */
    public static StandardMerkleTree of(final List<byte[]> leafHashes)
    {
        final int count = leafHashes.size();
        final Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++)
        {
            if (leafHashes.get(i).length != Keccak256.LENGTH)
            {
                throw new IllegalArgumentException("leaf " + i + " is not 32 bytes");
            }
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> compareUnsigned(leafHashes.get(a), leafHashes.get(b)));

        final byte[][] nodes = new byte[Math.max(0, 2 * count - 1)][];
        final int[] treeIndexOfValue = new int[count];
        for (int sorted = 0; sorted < count; sorted++)
        {
            final int treeIndex = nodes.length - 1 - sorted;
            nodes[treeIndex] = leafHashes.get(order[sorted]).clone();
            treeIndexOfValue[order[sorted]] = treeIndex;
        }
        for (int i = nodes.length - 1 - count; i >= 0; i--)
        {
            nodes[i] = hashPair(nodes[2 * i + 1], nodes[2 * i + 2]);
        }
        return new StandardMerkleTree(nodes, treeIndexOfValue);
    }

    /** The root; all zeros when there are no leaves. */
    public byte[] root()
    {
        return nodes.length == 0 ? EMPTY_ROOT.clone() : nodes[0].clone();
    }

    /** Leaves in the tree. */
    public int leafCount()
    {
        return treeIndexOfValue.length;
    }

    /** Nodes in the tree's array: {@code 2 * leafCount() - 1}, or 0. */
    public int nodeCount()
    {
        return nodes.length;
    }

    /**
     * @param treeIndex in the array, 0 being the root.
     * @return a copy of that node.
     */
    public byte[] node(final int treeIndex)
    {
        return nodes[treeIndex].clone();
    }

    /**
     * @param valueIndex the leaf's position in the list the tree was built from.
     * @return where that leaf sits in the tree's array (OpenZeppelin's {@code treeIndex}).
     */
    public int treeIndex(final int valueIndex)
    {
        return treeIndexOfValue[valueIndex];
    }

    /**
     * @param valueIndex the leaf's position in the list the tree was built from.
     * @return its proof for {@code MerkleProof.verify}: sibling hashes from the leaf's level up; empty when the
     *         leaf is the root.
     */
    public List<byte[]> proof(final int valueIndex)
    {
        final List<byte[]> proof = new ArrayList<>();
        int index = treeIndexOfValue[valueIndex];
        while (index > 0)
        {
            final int sibling = (index & 1) == 1 ? index + 1 : index - 1;
            proof.add(nodes[sibling].clone());
            index = (index - 1) / 2;
        }
        return Collections.unmodifiableList(proof);
    }

    /**
     * The root a proof leads to from a leaf, as {@code MerkleProof.processProof} computes it.
     *
     * @param leafHash the standard leaf hash.
     * @param proof    sibling hashes, leaf level first.
     * @return the root they lead to.
     */
    public static byte[] processProof(final byte[] leafHash, final List<byte[]> proof)
    {
        byte[] computed = leafHash;
        for (final byte[] sibling : proof)
        {
            computed = hashPair(computed, sibling);
        }
        return computed.clone();
    }

    /**
     * Commutative hash of two nodes: Keccak-256 of the smaller then the larger, as unsigned numbers.
     *
     * @param a 32 bytes.
     * @param b 32 bytes.
     * @return their parent.
     */
    public static byte[] hashPair(final byte[] a, final byte[] b)
    {
        return compareUnsigned(a, b) <= 0 ? Keccak256.hash(a, b) : Keccak256.hash(b, a);
    }

    /**
     * Orders 32-byte words as unsigned big-endian numbers.
     *
     * @param a word.
     * @param b word.
     * @return negative, zero or positive as {@code a} is below, equal to or above {@code b}.
     */
    public static int compareUnsigned(final byte[] a, final byte[] b)
    {
        return Arrays.compareUnsigned(a, b);
    }
}
