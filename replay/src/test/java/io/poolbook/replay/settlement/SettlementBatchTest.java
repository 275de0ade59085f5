package io.poolbook.replay.settlement;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static io.poolbook.replay.settlement.SettlementFixture.*;
import static org.junit.jupiter.api.Assertions.*;

class SettlementBatchTest
{
    private static final BigInteger E12 = BigInteger.TEN.pow(12);

    @Test
    void deltasAreSortedByAccountThenAssetWithChainUnits()
    {
        final SettlementBatch batch = draft().build(directory());
        final List<String> order = new ArrayList<>();
        for (final AccountDelta delta : batch.deltas())
        {
            order.add(delta.accountId() + ":" + delta.assetId());
        }
        assertEquals(List.of("0:2", "1:1", "1:2", "2:1", "2:2", "2:" + LP_SHARE, "3:2"), order);

        final AccountDelta bobUsdc = batch.deltas().get(4);
        assertEquals(-1_600_300_000L, bobUsdc.delta());
        assertEquals(BigInteger.valueOf(-1_600_300_000L).multiply(E12), bobUsdc.chainDelta());
        assertArrayEquals(USDC_TOKEN, bobUsdc.tokenAddress());
        assertArrayEquals(BOB_ADDRESS, bobUsdc.accountAddress());
        assertEquals(BigInteger.valueOf(1_000_000), batch.deltas().get(3).chainDelta(), "8 decimals both sides");
    }

    @Test
    void poolSharesAreNotLeavesAndSharedAddressesAreSummed()
    {
        final SettlementBatch batch = draft().build(directory());
        final AccountDelta share = batch.deltas().get(5);
        assertTrue(share.isPoolShare());
        assertNull(share.chainDelta());

        // leaves: (zero, USDC), (0x0b0b, WBTC), (0x0b0b, USDC), (0xa11c, WBTC), (0xa11c, USDC = alice + alice too)
        assertEquals(5, batch.leafCount());
        final List<String> keys = new ArrayList<>();
        for (final SettlementLeaf leaf : batch.leaves())
        {
            keys.add(Hex.toHex(leaf.account()).substring(0, 6) + "/" + Hex.toHex(leaf.token()).substring(0, 6));
            assertFalse(Arrays.equals(new byte[20], leaf.token()) && leaf.sources().get(0).isPoolShare());
        }
        assertEquals(List.of("0x0000/0xc0ff", "0x0b0b/0xb7c0", "0x0b0b/0xc0ff", "0xa11c/0xb7c0", "0xa11c/0xc0ff"), keys);

        final SettlementLeaf aliceUsdc = batch.leaves().get(4);
        assertEquals(BigInteger.valueOf(600_000_025).multiply(E12), aliceUsdc.delta());
        assertEquals(2, aliceUsdc.sources().size());
        assertEquals(ALICE, aliceUsdc.sources().get(0).accountId());
        assertEquals(ALICE_TOO, aliceUsdc.sources().get(1).accountId());
    }

    @Test
    void sharedAddressDeltasThatCancelMakeNoLeaf()
    {
        final SettlementBatch batch = new SettlementBatch.Draft()
            .journalHash(Reference.hash(1))
            .delta(ALICE, USDC, 10)
            .delta(ALICE_TOO, USDC, -10)
            .build(directory());
        assertEquals(2, batch.deltas().size());
        assertEquals(0, batch.leafCount());
        assertArrayEquals(new byte[32], batch.deltasRoot());
    }

    @Test
    void everyLeafProofVerifiesAgainstTheRoot()
    {
        final SettlementBatch batch = draft().build(directory());
        final List<byte[]> leafHashes = new ArrayList<>();
        for (final SettlementLeaf leaf : batch.leaves())
        {
            final byte[] expectedLeaf = Reference.standardLeaf(leaf.account(), leaf.token(), leaf.delta());
            assertArrayEquals(expectedLeaf, leaf.hash());
            assertTrue(Reference.verify(leaf.proof(), batch.deltasRoot(), expectedLeaf));
            assertArrayEquals(expectedLeaf, batch.tree().node(leaf.treeIndex()));
            leafHashes.add(expectedLeaf);
        }
        assertArrayEquals(Reference.root(leafHashes), batch.deltasRoot());
    }

    /** Root printed by {@code @openzeppelin/merkle-tree} 1.0.8 for this batch's leaves (from its JSON). */
    @Test
    void rootMatchesOpenZeppelinLibrary()
    {
        assertEquals("0x10fd5d04e4b17a41128e9e9b58b02eb74871d056761f2fbe69d090a7fcb6c229",
            Hex.toHex(draft().build(directory()).deltasRoot()));
    }

    @Test
    void feeTotalsAreTheFeeAccountsDeltas()
    {
        final SettlementBatch batch = draft().build(directory());
        assertEquals(1, batch.feeTotals().size());
        assertEquals(USDC, batch.feeTotals().get(0).assetId());
        assertEquals(300_000, batch.feeTotals().get(0).delta());
        assertEquals(3, draft().feeAccountId(BOB).build(directory()).feeTotals().size(), "bob's WBTC, USDC, LP");
    }

    @Test
    void poolDeltasCarryBothUnits()
    {
        final PoolDelta pool = draft().build(directory()).poolDeltas().get(0);
        assertEquals(MARKET, pool.marketId());
        assertEquals(WBTC, pool.baseAssetId());
        assertEquals(USDC, pool.quoteAssetId());
        assertEquals(1_000_000_000, pool.quoteReserveDelta());
        assertEquals(BigInteger.valueOf(1_000_000_000).multiply(E12), pool.quoteReserveChainDelta());
        assertEquals(BigInteger.ZERO, pool.baseReserveChainDelta());
        assertEquals(5_000, pool.sharesDelta());
    }

    @Test
    void batchHashIsKeccakOfTheSettleArguments()
    {
        final SettlementBatch batch = draft().build(directory());
        final byte[] calldata = batch.calldata();
        assertEquals(SettleCall.LENGTH, calldata.length);
        assertArrayEquals(Reference.keccak(Arrays.copyOfRange(calldata, 4, calldata.length)), batch.batchHash());
        assertArrayEquals(Arrays.copyOf(Reference.keccak(SettleCall.SIGNATURE.getBytes()), 4),
            Arrays.copyOf(calldata, 4));

        final SettleCall.Arguments arguments = SettleCall.decode(calldata);
        assertEquals(3, arguments.index());
        assertArrayEquals(Reference.hash(41), arguments.prevBatchHash());
        assertArrayEquals(Reference.hash(42), arguments.journalHash());
        assertEquals(101, arguments.fromSequence());
        assertEquals(200, arguments.toSequence());
        assertArrayEquals(batch.deltasRoot(), arguments.deltasRoot());
        assertEquals(5, arguments.leafCount());
        assertArrayEquals(batch.withdrawalsRoot(), arguments.withdrawalsRoot());
        assertEquals(2, arguments.withdrawalCount());
        assertArrayEquals(batch.contentHash(), arguments.contentHash());
    }

    @Test
    void contentHashIsKeccakOfTheDocumentedWords()
    {
        final SettlementBatch batch = new SettlementBatch.Draft()
            .tradeCount(7)
            .engineStateHash(-2)
            .feeAccountId(FEE_ACCOUNT)
            .journalHash(Reference.hash(1))
            .delta(BOB, USDC, -5, 4)
            .poolDelta(MARKET, 1, -2, 3)
            .build(directory());
        final String[] words = {
            "02", "07", "-02", "00", "01", // format, trades, state hash, fee account, delta count
            "02", "02", "-05", "04",         // bob, usdc, -5 traded, 4 withdrawn
            "01", "01", "01", "-02", "03",   // pool count, market, base, quote, shares
        };
        final byte[] encoded = new byte[32 * words.length];
        for (int i = 0; i < words.length; i++)
        {
            final boolean negative = words[i].startsWith("-");
            final int value = Integer.parseInt(words[i].replace("-", ""), 16);
            if (negative)
            {
                Arrays.fill(encoded, 32 * i, 32 * i + 32, (byte)0xFF);
                encoded[32 * i + 31] = (byte)(-value);
            }
            else
            {
                encoded[32 * i + 31] = (byte)value;
            }
        }
        assertArrayEquals(Reference.keccak(encoded), batch.contentHash());
    }

    @Test
    void changingAnyFieldChangesTheBatchHash()
    {
        final MapChainDirectory directory = directory()
            .asset(ChainAsset.token(3, USDC_TOKEN, 6, 6))
            .market(new ChainMarket(2, WBTC, USDC));
        final List<UnaryOperator<SettlementBatch.Draft>> changes = List.of(
            d -> d,
            d -> d.index(4),
            d -> d.fromSequence(100),
            d -> d.toSequence(201),
            d -> d.tradeCount(3),
            d -> d.engineStateHash(0x1234_5678_9abc_def1L),
            d -> d.feeAccountId(BOB),
            d -> d.journalHash(Reference.hash(43)),
            d -> d.prevBatchHash(Reference.hash(40)),
            d -> d.prevBatchHash(SettlementBatch.genesisHash()),
            d -> d.delta(BOB, 3, 1),
            d -> d.delta(ALICE_TOO, WBTC, 1),
            d -> d.delta(ALICE_TOO, LP_SHARE, 1),
            d -> d.delta(ALICE_TOO, WBTC, 0, 1),
            d -> d.delta(BOB, 3, 0, 1),
            d -> d.delta(ALICE_TOO, LP_SHARE, 0, 1),
            d -> d.poolDelta(2, 0, 0, 0));
        final Set<String> hashes = new HashSet<>();
        for (final UnaryOperator<SettlementBatch.Draft> change : changes)
        {
            assertTrue(hashes.add(Hex.toHex(change.apply(draft()).build(directory).batchHash())));
        }

        final List<UnaryOperator<long[]>> deltaChanges = List.of(
            v -> v,
            v -> new long[]{ v[0] + 1, v[1], v[2], v[3], v[4] },
            v -> new long[]{ v[0], v[1] + 1, v[2], v[3], v[4] },
            v -> new long[]{ v[0], v[1], v[2] + 1, v[3], v[4] },
            v -> new long[]{ v[0], v[1], v[2], v[3] + 1, v[4] },
            v -> new long[]{ v[0], v[1], v[2], v[3], v[4] + 1 });
        for (final UnaryOperator<long[]> change : deltaChanges)
        {
            final long[] v = change.apply(new long[]{ 300_000, 0, 1_000_000_000, 5_000, 70 });
            final SettlementBatch.Draft draft = new SettlementBatch.Draft()
                .journalHash(Reference.hash(42))
                .delta(FEE_ACCOUNT, USDC, v[0], v[4])
                .poolDelta(MARKET, v[1], v[2], v[3]);
            assertTrue(hashes.add(Hex.toHex(draft.build(directory).batchHash())));
        }
        // an LP-share-only change is not in the tree but is in the content hash
        final SettlementBatch a = new SettlementBatch.Draft().journalHash(Reference.hash(1))
            .delta(BOB, LP_SHARE, 1).build(directory);
        final SettlementBatch b = new SettlementBatch.Draft().journalHash(Reference.hash(1))
            .delta(BOB, LP_SHARE, 2).build(directory);
        assertArrayEquals(a.deltasRoot(), b.deltasRoot());
        assertFalse(Arrays.equals(a.batchHash(), b.batchHash()));
        // so is an LP-share withdrawal, which the engine refuses but which would still be in the content hash
        final SettlementBatch c = new SettlementBatch.Draft().journalHash(Reference.hash(1))
            .delta(BOB, LP_SHARE, 1, 1).build(directory);
        assertEquals(0, c.withdrawalCount());
        assertFalse(Arrays.equals(a.batchHash(), c.batchHash()));
    }

    @Test
    void sameInputSameHashInAnyDeltaOrder()
    {
        final SettlementBatch forward = draft().build(directory());
        final SettlementBatch shuffled = new SettlementBatch.Draft()
            .index(3).fromSequence(101).toSequence(200).tradeCount(2).engineStateHash(0x1234_5678_9abc_def0L)
            .journalHash(Reference.hash(42)).prevBatchHash(Reference.hash(41))
            .delta(ALICE_TOO, USDC, 25, 50)
            .delta(BOB, LP_SHARE, 5_000, 7)
            .delta(FEE_ACCOUNT, USDC, 300_000)
            .delta(ALICE, WBTC, -1_000_000)
            .delta(BOB, USDC, -1_600_300_000)
            .delta(ALICE, USDC, 600_000_000, 100_000_000)
            .delta(BOB, WBTC, 1_000_000, 400_000)
            .poolDelta(MARKET, 0, 1_000_000_000, 5_000)
            .build(directory());
        assertArrayEquals(forward.batchHash(), shuffled.batchHash());
    }

    @Test
    void batchesChainThroughTheirHashes()
    {
        final SettlementBatch first = draft().index(0).fromSequence(1).toSequence(100)
            .prevBatchHash(SettlementBatch.genesisHash()).build(directory());
        final SettlementBatch second = draft().index(1).fromSequence(101).toSequence(200)
            .prevBatchHash(first.batchHash()).build(directory());
        assertArrayEquals(first.batchHash(), second.prevBatchHash());
        assertArrayEquals(first.batchHash(), SettleCall.decode(second.calldata()).prevBatchHash());
        assertArrayEquals(new byte[32], first.prevBatchHash());
    }

    @Test
    void refusesBrokenInput()
    {
        final MapChainDirectory directory = directory();
        assertThrows(IllegalStateException.class, () -> new SettlementBatch.Draft().build(directory), "no journal hash");
        assertThrows(IllegalStateException.class,
            () -> draft().delta(BOB, WBTC, 1).build(directory), "duplicate delta");
        assertThrows(IllegalStateException.class,
            () -> draft().poolDelta(MARKET, 1, 1, 1).build(directory), "duplicate pool");
        assertThrows(IllegalStateException.class, () -> draft().delta(99, USDC, 1).build(directory), "account");
        assertThrows(IllegalStateException.class, () -> draft().delta(BOB, 99, 1).build(directory), "asset");
        assertThrows(IllegalStateException.class, () -> draft().poolDelta(99, 1, 1, 1).build(directory), "market");
        assertThrows(IllegalStateException.class, () -> draft().toSequence(100).build(directory), "range");
        assertThrows(IllegalStateException.class, () -> draft().index(-1).build(directory), "index");
        assertThrows(IllegalArgumentException.class, () -> draft().journalHash(new byte[31]));
        assertThrows(IllegalStateException.class,
            () -> draft().delta(ALICE_TOO, WBTC, 0, -1).build(directory), "negative withdrawal");
    }
}
