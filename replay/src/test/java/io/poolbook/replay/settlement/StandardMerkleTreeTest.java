package io.poolbook.replay.settlement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.poolbook.replay.settlement.Reference.hex;
import static org.junit.jupiter.api.Assertions.*;

class StandardMerkleTreeTest
{
    /**
     * OpenZeppelin merkle-tree's own fixture (test/dumps/standard-v1.sorted.1_0_6.json, the sorted tree of
     * {@code StandardMerkleTree.of([["a"], ..., ["f"]], ["string"])}): the whole node array and each value's tree
     * index.
     */
    private static final String[] OPENZEPPELIN_TREE = {
        "0x6deb52b5da8fd108f79fab00341f38d2587896634c646ee52e49f845680a70c8",
        "0x52426e0f1f65ff7e209a13b8c29cffe82e3acaf3dad0a9b9088f3b9a61a929c3",
        "0xfd3cf45654e88d1cc5d663578c82c76f4b5e3826bacaa1216441443504538f51",
        "0x8076923e76cf01a7c048400a2304c9a9c23bbbdac3a98ea3946340fdafbba34f",
        "0x965b92c6cf08303cc4feb7f3e0819c436c2cec17c6f0688a6af139c9a368707c",
        "0xeba909cf4bb90c6922771d7f126ad0fd11dfde93f3937a196274e1ac20fd2f5b",
        "0xc62a8cfa41edc0ef6f6ae27a2985b7d39c7fea770787d7e104696c6e81f64848",
        "0x9cf5a63718145ba968a01c1d557020181c5b252f665cf7386d370eddb176517b",
        "0x9c15a6a0eaeed500fd9eed4cbeab71f797cefcc67bfd46683e4d2e6ff7f06d1c",
        "0x9a4f64e953595df82d1b4f570d34c4f4f0cfaf729a61e9d60e83e579e1aa283e",
        "0x19ba6c6333e0e9a15bf67523e0676e2f23eb8e574092552d5e888c64a4bb3681",
    };
    private static final int[] OPENZEPPELIN_TREE_INDEX = { 8, 10, 7, 5, 9, 6 };

    /** OpenZeppelin's standard leaf of {@code ["string"]}: abi.encode(string) is offset, length, padded bytes. */
    private static byte[] stringLeaf(final String value)
    {
        final byte[] text = value.getBytes(StandardCharsets.UTF_8);
        final int padded = (text.length + 31) / 32 * 32;
        final byte[] encoded = new byte[64 + padded];
        encoded[31] = 0x20;
        encoded[63] = (byte)text.length;
        System.arraycopy(text, 0, encoded, 64, text.length);
        return Reference.keccak(Reference.keccak(encoded));
    }

    @Test
    void matchesOpenZeppelinFixtureNodeForNode()
    {
        final List<byte[]> leaves = new ArrayList<>();
        for (final String value : new String[]{ "a", "b", "c", "d", "e", "f" })
        {
            leaves.add(stringLeaf(value));
        }
        final StandardMerkleTree tree = StandardMerkleTree.of(leaves);

        assertEquals(OPENZEPPELIN_TREE.length, tree.nodeCount());
        for (int i = 0; i < OPENZEPPELIN_TREE.length; i++)
        {
            assertEquals(OPENZEPPELIN_TREE[i], Hex.toHex(tree.node(i)), "node " + i);
        }
        for (int value = 0; value < leaves.size(); value++)
        {
            assertEquals(OPENZEPPELIN_TREE_INDEX[value], tree.treeIndex(value), "value " + value);
            assertTrue(Reference.verify(tree.proof(value), tree.root(), leaves.get(value)));
        }
        assertEquals(OPENZEPPELIN_TREE[0], Hex.toHex(tree.root()));
    }

    /**
     * Settlement-format leaves, expected values printed by {@code @openzeppelin/merkle-tree} 1.0.8:
     * {@code StandardMerkleTree.of(values, ["address", "address", "int256"])} with its {@code root},
     * {@code getProof(i)} and {@code dump().values[i].treeIndex}.
     */
    @Test
    void matchesOpenZeppelinLibraryForSettlementLeaves()
    {
        final byte[] a1 = hex("0x1111111111111111111111111111111111111111");
        final byte[] t2 = hex("0x2222222222222222222222222222222222222222");
        final byte[] a3 = hex("0x3333333333333333333333333333333333333333");
        final byte[] t4 = hex("0x4444444444444444444444444444444444444444");
        final List<byte[]> leaves = List.of(
            SettlementLeaf.hash(a1, t2, new BigInteger("5000000000000000000")),
            SettlementLeaf.hash(a3, t2, new BigInteger("-2500000000000000000")),
            SettlementLeaf.hash(a1, t4, BigInteger.ONE.negate()));
        final StandardMerkleTree tree = StandardMerkleTree.of(leaves);

        assertEquals("0x67cd2a00431726170291582d53c106d4911302418a545f38321a008358f246eb", Hex.toHex(tree.root()));
        assertEquals(List.of(
            "0x2625417eb7b8920fff69ef55aead19733eaa5f33b52f4a50cdaf02de4cccfeef",
            "0xd89884fd4f05b02f6d850937506bad6602f2a5a79e6893dbb25dc55e5f97f6da"), hexes(tree.proof(0)));
        assertEquals(List.of(
            "0x02f839c5641afdb844c4e30b47b357cdbc21e7cf856cf13b8f57b1c175e5c17e"), hexes(tree.proof(1)));
        assertEquals(List.of(
            "0x0f0fc003049bdcb5a517b76d4f1c8a091c625674f96e48b7e7c741b201285f5e",
            "0xd89884fd4f05b02f6d850937506bad6602f2a5a79e6893dbb25dc55e5f97f6da"), hexes(tree.proof(2)));
        assertEquals(4, tree.treeIndex(0));
        assertEquals(2, tree.treeIndex(1));
        assertEquals(3, tree.treeIndex(2));
    }

    @Test
    void emptyTreeHasZeroRootThatNoProofReaches()
    {
        final StandardMerkleTree tree = StandardMerkleTree.of(List.of());
        assertArrayEquals(new byte[32], tree.root());
        assertEquals(0, tree.leafCount());
        assertEquals(0, tree.nodeCount());
    }

    @Test
    void singleLeafIsTheRootWithAnEmptyProof()
    {
        final byte[] leaf = Reference.hash(7);
        final StandardMerkleTree tree = StandardMerkleTree.of(List.of(leaf));
        assertArrayEquals(leaf, tree.root());
        assertEquals(0, tree.treeIndex(0));
        assertTrue(tree.proof(0).isEmpty());
        assertTrue(Reference.verify(tree.proof(0), tree.root(), leaf));
    }

    @Test
    void twoLeavesHashSortedWhateverTheirOrder()
    {
        final byte[] a = Reference.hash(1);
        final byte[] b = Reference.hash(2);
        final byte[] expected = Reference.hashPair(a, b);
        assertArrayEquals(expected, StandardMerkleTree.of(List.of(a, b)).root());
        assertArrayEquals(expected, StandardMerkleTree.of(List.of(b, a)).root());

        final StandardMerkleTree tree = StandardMerkleTree.of(List.of(a, b));
        assertEquals(List.of(Hex.toHex(b)), hexes(tree.proof(0)));
        assertEquals(List.of(Hex.toHex(a)), hexes(tree.proof(1)));
    }

    @Test
    void threeLeavesUseTheCompleteTreeLayoutNotPairingByLevel()
    {
        // sorted s0 < s1 < s2 go to indexes 4, 3, 2: root = H(H(s2', s1'), s0) with node 1 = H(node 3, node 4)
        final List<byte[]> leaves = List.of(Reference.hash(10), Reference.hash(11), Reference.hash(12));
        final List<byte[]> sorted = Reference.sortedAscending(leaves);
        final byte[] node1 = Reference.hashPair(sorted.get(1), sorted.get(0));
        final byte[] root = Reference.hashPair(node1, sorted.get(2));
        assertArrayEquals(root, StandardMerkleTree.of(leaves).root());
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 32, 33, 49, 50 })
    void rootAndProofsAgreeWithIndependentComputation(final int count)
    {
        checkAgainstReference(randomLeaves(count, count));
    }

    @Test
    void everyCountFromOneToFifty()
    {
        for (int count = 1; count <= 50; count++)
        {
            checkAgainstReference(randomLeaves(count, 1000 + count));
        }
    }

    @Test
    void alteredLeafOrProofDoesNotVerify()
    {
        final List<byte[]> leaves = randomLeaves(9, 3);
        final StandardMerkleTree tree = StandardMerkleTree.of(leaves);
        final List<byte[]> proof = tree.proof(4);
        assertTrue(Reference.verify(proof, tree.root(), leaves.get(4)));
        assertFalse(Reference.verify(proof, tree.root(), leaves.get(5)));

        final List<byte[]> tampered = new ArrayList<>(proof);
        final byte[] first = tampered.get(0).clone();
        first[31] ^= 1;
        tampered.set(0, first);
        assertFalse(Reference.verify(tampered, tree.root(), leaves.get(4)));
        assertFalse(Reference.verify(proof.subList(0, proof.size() - 1), tree.root(), leaves.get(4)));
    }

    @Test
    void leavesOfSettlementFormatAgreeWithHandEncodedLeaves()
    {
        final byte[] account = hex("0x1111111111111111111111111111111111111111");
        final byte[] token = hex("0x2222222222222222222222222222222222222222");
        for (final BigInteger delta : new BigInteger[]{
            BigInteger.ONE, BigInteger.ONE.negate(), new BigInteger("-5000000000000000000"),
            BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.TEN.pow(12)) })
        {
            assertArrayEquals(Reference.standardLeaf(account, token, delta), SettlementLeaf.hash(account, token, delta));
        }
    }

    private static void checkAgainstReference(final List<byte[]> leaves)
    {
        final StandardMerkleTree tree = StandardMerkleTree.of(leaves);
        final byte[] expectedRoot = Reference.root(leaves);
        assertArrayEquals(expectedRoot, tree.root(), "root of " + leaves.size());
        assertEquals(leaves.size(), tree.leafCount());
        assertEquals(2 * leaves.size() - 1, tree.nodeCount());
        final int depthBound = 32 - Integer.numberOfLeadingZeros(2 * leaves.size() - 1);
        for (int i = 0; i < leaves.size(); i++)
        {
            final List<byte[]> proof = tree.proof(i);
            assertTrue(Reference.verify(proof, expectedRoot, leaves.get(i)), "proof " + i + " of " + leaves.size());
            assertArrayEquals(leaves.get(i), tree.node(tree.treeIndex(i)));
            assertTrue(proof.size() <= depthBound);
            assertArrayEquals(expectedRoot, StandardMerkleTree.processProof(leaves.get(i), proof));
        }
    }

    private static List<byte[]> randomLeaves(final int count, final long seed)
    {
        final Random random = new Random(seed);
        final List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final BigInteger delta = BigInteger.valueOf(random.nextLong()).multiply(BigInteger.TEN.pow(12));
            leaves.add(Reference.standardLeaf(Reference.address(random.nextInt()), Reference.address(i), delta));
        }
        return leaves;
    }

    private static List<String> hexes(final List<byte[]> nodes)
    {
        final List<String> text = new ArrayList<>();
        for (final byte[] node : nodes)
        {
            text.add(Hex.toHex(node));
        }
        return text;
    }
}
