package io.poolbook.replay.settlement;

import io.poolbook.codecs.BalanceChangedEncoder;
import io.poolbook.codecs.MessageHeaderEncoder;
import io.poolbook.codecs.SettlementBatchCutEncoder;
import io.poolbook.codecs.SettlementDeltaEncoder;
import io.poolbook.codecs.SettlementPoolDeltaEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import static io.poolbook.replay.settlement.SettlementFixture.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The builder fed a synthetic event stream made with the generated encoders, every event written at the same
 * place of one buffer as the engine does, so nothing may be read from an earlier event's bytes.
 */
class SettlementBatchBuilderTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final List<SettlementBatch> batches = new ArrayList<>();
    private final List<Long> journalLookups = new ArrayList<>();
    private final SettlementBatchBuilder builder = new SettlementBatchBuilder(
        directory(), FEE_ACCOUNT, this::journalHash, SettlementBatch.genesisHash(), batches::add);

    private byte[] journalHash(final long sequence)
    {
        journalLookups.add(sequence);
        return Reference.hash((int)sequence);
    }

    private void cut(
        final long index, final long from, final long to, final int deltas, final int pools, final long trades)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new SettlementBatchCutEncoder()
            .wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(to)
            .batchIndex(index)
            .fromSequence(from)
            .toSequence(to)
            .deltaCount(deltas)
            .tradeCount(trades)
            .poolCount(pools)
            .stateHash(index * 1000 + 7)
            .encodedLength();
        builder.onEvent(buffer, 0, length);
    }

    private void delta(final long index, final int account, final int asset, final long amount)
    {
        delta(index, account, asset, amount, 0);
    }

    private void delta(final long index, final int account, final int asset, final long amount, final long withdrawn)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new SettlementDeltaEncoder()
            .wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(0)
            .batchIndex(index)
            .accountId(account)
            .assetId(asset)
            .delta(amount)
            .withdrawn(withdrawn)
            .encodedLength();
        builder.onEvent(buffer, 0, length);
    }

    private void pool(final long index, final int market, final long base, final long quote, final long shares)
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new SettlementPoolDeltaEncoder()
            .wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(0)
            .batchIndex(index)
            .marketId(market)
            .baseReserveDelta(base)
            .quoteReserveDelta(quote)
            .sharesDelta(shares)
            .encodedLength();
        builder.onEvent(buffer, 0, length);
    }

    private void unrelatedEvent()
    {
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new BalanceChangedEncoder()
            .wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(5)
            .accountId(ALICE)
            .assetId(USDC)
            .available(1)
            .locked(2)
            .encodedLength();
        builder.onEvent(buffer, 0, length);
    }

    @Test
    void buildsChainedBatchesFromTheEventStream()
    {
        unrelatedEvent();
        cut(0, 1, 10, 3, 1, 4);
        assertTrue(builder.isBatchOpen());
        delta(0, ALICE, USDC, 500);
        unrelatedEvent();
        delta(0, BOB, USDC, -500);
        delta(0, BOB, LP_SHARE, 9);
        assertTrue(batches.isEmpty(), "waits for the pool delta");
        pool(0, MARKET, 1, 2, 9);
        assertFalse(builder.isBatchOpen());
        cut(1, 11, 20, 0, 0, 0);

        assertEquals(2, batches.size());
        assertEquals(List.of(10L, 20L), journalLookups);
        final SettlementBatch first = batches.get(0);
        final SettlementBatch expected = new SettlementBatch.Draft()
            .index(0).fromSequence(1).toSequence(10).tradeCount(4).engineStateHash(7).feeAccountId(FEE_ACCOUNT)
            .journalHash(Reference.hash(10)).prevBatchHash(SettlementBatch.genesisHash())
            .delta(ALICE, USDC, 500).delta(BOB, USDC, -500).delta(BOB, LP_SHARE, 9)
            .poolDelta(MARKET, 1, 2, 9)
            .build(directory());
        assertArrayEquals(expected.batchHash(), first.batchHash());
        assertEquals(2, first.leafCount());
        assertEquals(3, first.deltas().size());
        assertEquals(1, first.poolDeltas().size());

        final SettlementBatch second = batches.get(1);
        assertEquals(1, second.index());
        assertEquals(0, second.leafCount());
        assertArrayEquals(first.batchHash(), second.prevBatchHash());
        assertArrayEquals(second.batchHash(), builder.lastBatchHash());
        assertEquals(2, builder.batchesBuilt());
    }

    @Test
    void withdrawnAmountsMakeTheWithdrawalsTree()
    {
        cut(0, 1, 10, 4, 0, 1);
        delta(0, ALICE, USDC, 500, 70);
        delta(0, ALICE, WBTC, 0, 3);
        delta(0, BOB, USDC, -500);
        delta(0, ALICE_TOO, USDC, 0, 30);
        assertEquals(1, batches.size());

        final SettlementBatch batch = batches.get(0);
        final SettlementBatch expected = new SettlementBatch.Draft()
            .index(0).fromSequence(1).toSequence(10).tradeCount(1).engineStateHash(7).feeAccountId(FEE_ACCOUNT)
            .journalHash(Reference.hash(10)).prevBatchHash(SettlementBatch.genesisHash())
            .delta(ALICE, USDC, 500, 70).delta(ALICE, WBTC, 0, 3).delta(BOB, USDC, -500).delta(ALICE_TOO, USDC, 0, 30)
            .build(directory());
        assertArrayEquals(expected.batchHash(), batch.batchHash());
        assertEquals(2, batch.leafCount(), "alice's and bob's USDC trades");
        assertEquals(2, batch.withdrawalCount(), "alice's address: WBTC, and USDC of both her accounts");
        final List<byte[]> leaves = List.of(
            Reference.standardLeaf(ALICE_ADDRESS, WBTC_TOKEN, BigInteger.valueOf(-3)),
            Reference.standardLeaf(ALICE_ADDRESS, USDC_TOKEN,
                BigInteger.valueOf(-100).multiply(BigInteger.TEN.pow(12))));
        assertArrayEquals(Reference.root(leaves), batch.withdrawalsRoot());
        assertEquals(4, batch.deltas().size());
        assertEquals(3, batch.deltas().get(0).withdrawn(), "alice WBTC, sorted by account then asset");
        assertEquals(70, batch.deltas().get(1).withdrawn());
    }

    @Test
    void negativeWithdrawalIsRefused()
    {
        cut(0, 1, 10, 1, 0, 0);
        assertThrows(IllegalStateException.class, () -> delta(0, ALICE, USDC, 1, -1));
    }

    @Test
    void resumesFromAGivenPreviousHash()
    {
        final byte[] previous = Reference.hash(99);
        final List<SettlementBatch> resumed = new ArrayList<>();
        final SettlementBatchBuilder resuming = new SettlementBatchBuilder(
            directory(), FEE_ACCOUNT, Reference::journalHash, previous, resumed::add);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + new SettlementBatchCutEncoder()
            .wrapAndApplyHeader(buffer, 0, header)
            .batchIndex(7).fromSequence(70).toSequence(80).deltaCount(0).poolCount(0)
            .encodedLength();
        resuming.onEvent(buffer, 0, length);
        assertEquals(1, resumed.size());
        assertArrayEquals(previous, resumed.get(0).prevBatchHash());
    }

    @Test
    void deltaOutsideABatchIsRefused()
    {
        assertThrows(IllegalStateException.class, () -> delta(0, ALICE, USDC, 1));
        assertThrows(IllegalStateException.class, () -> pool(0, MARKET, 1, 1, 1));
    }

    @Test
    void deltaOfAnotherBatchIsRefused()
    {
        cut(0, 1, 10, 1, 0, 0);
        assertThrows(IllegalStateException.class, () -> delta(1, ALICE, USDC, 1));
    }

    @Test
    void poolDeltaBeforeTheAccountDeltasIsRefused()
    {
        cut(0, 1, 10, 1, 1, 0);
        assertThrows(IllegalStateException.class, () -> pool(0, MARKET, 1, 1, 1));
    }

    @Test
    void tooManyDeltasAreRefused()
    {
        cut(0, 1, 10, 1, 1, 0);
        delta(0, ALICE, USDC, 1);
        assertThrows(IllegalStateException.class, () -> delta(0, BOB, USDC, 1));
    }

    @Test
    void cutBeforeTheOpenBatchIsCompleteIsRefused()
    {
        cut(0, 1, 10, 2, 0, 0);
        delta(0, ALICE, USDC, 1);
        assertThrows(IllegalStateException.class, () -> cut(1, 11, 20, 0, 0, 0));
    }

    @Test
    void batchThatDoesNotFollowIsRefused()
    {
        cut(0, 1, 10, 0, 0, 0);
        assertThrows(IllegalStateException.class, () -> cut(2, 11, 20, 0, 0, 0), "skipped index");
        assertThrows(IllegalStateException.class, () -> cut(1, 12, 20, 0, 0, 0), "gap in the journal range");
        cut(1, 11, 20, 0, 0, 0);
        assertEquals(2, batches.size());
    }
}
