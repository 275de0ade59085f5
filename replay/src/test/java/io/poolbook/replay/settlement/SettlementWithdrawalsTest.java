package io.poolbook.replay.settlement;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.poolbook.replay.settlement.SettlementFixture.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The withdrawals tree: leaves {@code (account, token, -withdrawn)} in chain units, one per (account address, token
 * address), in the same OpenZeppelin layout as the deltas tree, checked against {@link Reference}'s independent
 * leaf and root computations from the draft's raw inputs.
 */
class SettlementWithdrawalsTest
{
    private static final BigInteger E12 = BigInteger.TEN.pow(12);

    @Test
    void withdrawalsAreNegativeLeavesInChainUnitsSummedPerAddress()
    {
        final SettlementBatch batch = draft().build(directory());

        // bob withdrew 0.004 WBTC (8 decimals both sides); alice 100 USDC and alice too 0.00005 USDC (6 -> 18)
        assertEquals(2, batch.withdrawalCount());
        final SettlementLeaf bobWbtc = batch.withdrawals().get(0);
        assertArrayEquals(BOB_ADDRESS, bobWbtc.account());
        assertArrayEquals(WBTC_TOKEN, bobWbtc.token());
        assertEquals(BigInteger.valueOf(-400_000), bobWbtc.delta());
        assertEquals(List.of(BOB), bobWbtc.sources().stream().map(AccountDelta::accountId).toList());

        final SettlementLeaf aliceUsdc = batch.withdrawals().get(1);
        assertArrayEquals(ALICE_ADDRESS, aliceUsdc.account());
        assertArrayEquals(USDC_TOKEN, aliceUsdc.token());
        assertEquals(BigInteger.valueOf(100_000_050).multiply(E12).negate(), aliceUsdc.delta());
        assertEquals(List.of(ALICE, ALICE_TOO), aliceUsdc.sources().stream().map(AccountDelta::accountId).toList());

        // the engine amounts and their chain units are on the deltas too
        final AccountDelta alice = batch.deltas().get(2);
        assertEquals(ALICE, alice.accountId());
        assertEquals(100_000_000, alice.withdrawn());
        assertEquals(BigInteger.valueOf(100_000_000).multiply(E12), alice.chainWithdrawn());
        assertEquals(600_000_000, alice.delta(), "the trading delta does not include the withdrawal");
        final AccountDelta share = batch.deltas().get(5);
        assertTrue(share.isPoolShare());
        assertEquals(7, share.withdrawn(), "kept in engine terms (content hash)...");
        assertNull(share.chainWithdrawn(), "...but an LP share has no chain units and makes no leaf");
    }

    @Test
    void rootAndProofsAgreeWithTheIndependentComputation()
    {
        final SettlementBatch batch = draft().build(directory());
        // expected leaves from the raw inputs, by hand: (account, token, -(withdrawn * 10^(decimals - scale)))
        final List<byte[]> expected = List.of(
            Reference.standardLeaf(BOB_ADDRESS, WBTC_TOKEN, BigInteger.valueOf(-400_000)),
            Reference.standardLeaf(ALICE_ADDRESS, USDC_TOKEN, new BigInteger("-100000050000000000000")));
        assertArrayEquals(Reference.root(expected), batch.withdrawalsRoot());
        assertEquals(3, batch.withdrawalsTree().nodeCount());
        assertArrayEquals(batch.withdrawalsRoot(), batch.withdrawalsTree().node(0));

        for (int i = 0; i < batch.withdrawalCount(); i++)
        {
            final SettlementLeaf leaf = batch.withdrawals().get(i);
            assertArrayEquals(expected.get(i), leaf.hash());
            assertArrayEquals(leaf.hash(), batch.withdrawalsTree().node(leaf.treeIndex()));
            assertTrue(Reference.verify(leaf.proof(), batch.withdrawalsRoot(), leaf.hash()));
            assertFalse(Reference.verify(leaf.proof(), batch.deltasRoot(), leaf.hash()),
                "a withdrawal does not prove against the deltas root");
        }
        for (final SettlementLeaf leaf : batch.leaves())
        {
            assertFalse(Reference.verify(leaf.proof(), batch.withdrawalsRoot(), leaf.hash()),
                "a delta does not prove against the withdrawals root");
        }
    }

    @Test
    void withdrawalsLeaveTheDeltasTreeAloneButChangeTheBatchHash()
    {
        final SettlementBatch with = draft().build(directory());
        final SettlementBatch without = new SettlementBatch.Draft()
            .index(3).fromSequence(101).toSequence(200).tradeCount(2).engineStateHash(0x1234_5678_9abc_def0L)
            .journalHash(Reference.hash(42)).prevBatchHash(Reference.hash(41))
            .delta(BOB, WBTC, 1_000_000)
            .delta(ALICE, USDC, 600_000_000)
            .delta(BOB, USDC, -1_600_300_000)
            .delta(ALICE, WBTC, -1_000_000)
            .delta(FEE_ACCOUNT, USDC, 300_000)
            .delta(BOB, LP_SHARE, 5_000)
            .delta(ALICE_TOO, USDC, 25)
            .poolDelta(MARKET, 0, 1_000_000_000, 5_000)
            .build(directory());
        assertArrayEquals(without.deltasRoot(), with.deltasRoot());
        assertEquals(without.leafCount(), with.leafCount());
        assertEquals(0, without.withdrawalCount());
        assertArrayEquals(new byte[32], without.withdrawalsRoot());
        assertFalse(Arrays.equals(without.batchHash(), with.batchHash()));
        assertFalse(Arrays.equals(without.contentHash(), with.contentHash()));
    }

    @Test
    void emptyWithdrawalsTreeHasTheZeroRoot()
    {
        final SettlementBatch empty = new SettlementBatch.Draft().journalHash(Reference.hash(1)).build(directory());
        assertEquals(0, empty.withdrawalCount());
        assertEquals(0, empty.withdrawalsTree().nodeCount());
        assertArrayEquals(new byte[32], empty.withdrawalsRoot());
        assertTrue(empty.withdrawals().isEmpty());
        // and a batch of LP-share withdrawals only (refused by the engine) has none either
        final SettlementBatch shares = new SettlementBatch.Draft().journalHash(Reference.hash(1))
            .delta(BOB, LP_SHARE, 0, 9).build(directory());
        assertEquals(0, shares.withdrawalCount());
        assertArrayEquals(new byte[32], shares.withdrawalsRoot());
    }

    @Test
    void aWithdrawalWithoutATradingDeltaIsAWithdrawalLeafOnly()
    {
        final SettlementBatch batch = new SettlementBatch.Draft().journalHash(Reference.hash(1))
            .delta(BOB, USDC, 0, 1)
            .delta(ALICE, WBTC, 3, 0)
            .build(directory());
        assertEquals(2, batch.deltas().size());
        assertEquals(1, batch.leafCount());
        assertArrayEquals(ALICE_ADDRESS, batch.leaves().get(0).account());
        assertEquals(1, batch.leaves().get(0).sources().size());
        assertEquals(1, batch.withdrawalCount());
        final SettlementLeaf leaf = batch.withdrawals().get(0);
        assertEquals(E12.negate(), leaf.delta(), "1 engine unit of a 6-decimal asset is 10^12 on an 18-decimal token");
        assertEquals(List.of(), leaf.proof(), "a single leaf is the root");
        assertArrayEquals(Reference.standardLeaf(BOB_ADDRESS, USDC_TOKEN, E12.negate()), batch.withdrawalsRoot());
    }

    @Test
    void largeWithdrawalsConvertExactlyBeyondALong()
    {
        final SettlementBatch batch = new SettlementBatch.Draft().journalHash(Reference.hash(1))
            .delta(ALICE, USDC, 0, Long.MAX_VALUE)
            .delta(ALICE_TOO, USDC, 0, Long.MAX_VALUE)
            .build(directory());
        final BigInteger expected = BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.TWO).multiply(E12).negate();
        assertEquals(1, batch.withdrawalCount());
        assertEquals(expected, batch.withdrawals().get(0).delta());
        assertArrayEquals(Reference.standardLeaf(ALICE_ADDRESS, USDC_TOKEN, expected), batch.withdrawalsRoot());
    }

    @Test
    void feeTotalsAreTradingDeltasOnly()
    {
        final SettlementBatch batch = new SettlementBatch.Draft().journalHash(Reference.hash(1))
            .feeAccountId(FEE_ACCOUNT)
            .delta(FEE_ACCOUNT, USDC, 300, 1_000)
            .delta(FEE_ACCOUNT, WBTC, 0, 5)
            .build(directory());
        assertEquals(1, batch.feeTotals().size(), "a withdrawal of fees is not a fee");
        assertEquals(300, batch.feeTotals().get(0).delta());
        assertEquals(2, batch.withdrawalCount());
    }

    /** Many accounts over few addresses, random withdrawals: the tree is the reference aggregation, root and proofs. */
    @Test
    void randomWithdrawalsAggregatePerAddressAndToken()
    {
        final Random random = new Random(11);
        for (int round = 0; round < 50; round++)
        {
            final MapChainDirectory directory = directory();
            final SettlementBatch.Draft draft = new SettlementBatch.Draft().journalHash(Reference.hash(round));
            final Map<String, BigInteger> expected = new TreeMap<>();
            final int accounts = 1 + random.nextInt(12);
            for (int account = 10; account < 10 + accounts; account++)
            {
                final byte[] address = Reference.address(random.nextInt(4));
                directory.account(account, address);
                for (final int asset : new int[]{ WBTC, USDC, LP_SHARE })
                {
                    if (random.nextInt(3) == 0)
                    {
                        continue;
                    }
                    final long withdrawn = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(1_000_000);
                    draft.delta(account, asset, random.nextInt(2_000) - 1_000, withdrawn);
                    if (asset != LP_SHARE && withdrawn != 0)
                    {
                        final byte[] token = asset == WBTC ? WBTC_TOKEN : USDC_TOKEN;
                        final BigInteger scale = asset == WBTC ? BigInteger.ONE : E12;
                        final BigInteger chain = BigInteger.valueOf(withdrawn).multiply(scale);
                        expected.merge(Hex.toHex(address) + Hex.toHex(token), chain.negate(), BigInteger::add);
                    }
                }
            }
            final SettlementBatch batch = draft.build(directory);

            final List<byte[]> expectedLeaves = new ArrayList<>();
            final List<String> expectedKeys = new ArrayList<>(expected.keySet());
            for (final Map.Entry<String, BigInteger> entry : expected.entrySet())
            {
                expectedLeaves.add(Reference.standardLeaf(Reference.hex(entry.getKey().substring(0, 42)),
                    Reference.hex(entry.getKey().substring(42)), entry.getValue()));
            }
            assertEquals(expected.size(), batch.withdrawalCount(), "round " + round);
            assertArrayEquals(Reference.root(expectedLeaves), batch.withdrawalsRoot(), "round " + round);
            for (int i = 0; i < batch.withdrawalCount(); i++)
            {
                final SettlementLeaf leaf = batch.withdrawals().get(i);
                assertEquals(expectedKeys.get(i), Hex.toHex(leaf.account()) + Hex.toHex(leaf.token()));
                assertEquals(expected.get(expectedKeys.get(i)), leaf.delta());
                assertTrue(leaf.delta().signum() < 0);
                assertTrue(Reference.verify(leaf.proof(), batch.withdrawalsRoot(), expectedLeaves.get(i)));
            }
        }
    }
}
