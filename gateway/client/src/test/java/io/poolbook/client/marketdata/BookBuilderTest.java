package io.poolbook.client.marketdata;

import io.poolbook.codecs.*;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

final class BookBuilderTest
{
    private static final int MARKET = 7;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final L2UpdateEncoder l2Encoder = new L2UpdateEncoder();
    private final L2UpdateDecoder l2Decoder = new L2UpdateDecoder();
    private final BookSnapshotEncoder snapshotEncoder = new BookSnapshotEncoder();
    private final BookSnapshotDecoder snapshotDecoder = new BookSnapshotDecoder();
    private final PublicTradeEncoder tradeEncoder = new PublicTradeEncoder();
    private final PublicTradeDecoder tradeDecoder = new PublicTradeDecoder();
    private final BookBuilder builder = new BookBuilder();

    private void update(final long feedSequence, final int marketId, final Side side, final long price, final long quantity)
    {
        l2Encoder.wrapAndApplyHeader(buffer, 0, header).feedSequence(feedSequence).inputSequence(feedSequence)
            .marketId(marketId).side(side).price(price).quantity(quantity).orderCount(1);
        builder.onL2Update(l2Decoder.wrap(buffer, MessageHeaderEncoder.ENCODED_LENGTH, L2UpdateEncoder.BLOCK_LENGTH, 0));
    }

    private void trade(final long feedSequence)
    {
        tradeEncoder.wrapAndApplyHeader(buffer, 0, header).feedSequence(feedSequence).marketId(MARKET);
        builder.onPublicTrade(
            tradeDecoder.wrap(buffer, MessageHeaderEncoder.ENCODED_LENGTH, PublicTradeEncoder.BLOCK_LENGTH, 0));
    }

    private void snapshot(final long feedSequence, final int marketId, final long... bidPriceQuantity)
    {
        final BookSnapshotEncoder.LevelsEncoder levels = snapshotEncoder.wrapAndApplyHeader(buffer, 0, header)
            .feedSequence(feedSequence).inputSequence(feedSequence).marketId(marketId)
            .levelsCount(bidPriceQuantity.length / 2);
        for (int i = 0; i < bidPriceQuantity.length; i += 2)
        {
            levels.next().side(Side.BUY).price(bidPriceQuantity[i]).quantity(bidPriceQuantity[i + 1]).orderCount(1);
        }
        builder.onBookSnapshot(snapshotDecoder.wrap(
            buffer, MessageHeaderEncoder.ENCODED_LENGTH, BookSnapshotEncoder.BLOCK_LENGTH, 0));
    }

    @Test
    void aBookIsLiveOnlyFromItsFirstSnapshotThenFollowsUpdates()
    {
        update(1, MARKET, Side.BUY, 100, 5);
        assertFalse(builder.isLive(MARKET));
        snapshot(1, MARKET, 100, 5);
        assertTrue(builder.isLive(MARKET));
        update(2, MARKET, Side.BUY, 101, 3);
        update(3, MARKET, Side.BUY, 100, 0);
        final L2Book book = builder.book(MARKET, false);
        assertEquals(1, book.depth(Side.BUY));
        assertEquals(101, book.bestBid());
        assertEquals(0, builder.gaps());
    }

    @Test
    void aSkippedSequenceMakesEveryBookStaleUntilItsNextSnapshot()
    {
        snapshot(0, MARKET, 100, 5);
        snapshot(0, MARKET + 1);
        update(1, MARKET, Side.BUY, 99, 1);
        builder.dropNext(1);
        update(2, MARKET, Side.BUY, 98, 1);
        trade(3);
        assertEquals(1, builder.gaps());
        assertFalse(builder.isLive(MARKET));
        assertFalse(builder.isLive(MARKET + 1));

        update(4, MARKET, Side.BUY, 97, 1);
        assertEquals(0, builder.book(MARKET, false).quantityAt(Side.BUY, 97), "stale books take no updates");

        snapshot(4, MARKET, 100, 5, 99, 1, 98, 1, 97, 1);
        assertTrue(builder.isLive(MARKET));
        assertFalse(builder.isLive(MARKET + 1), "the other market waits for its own snapshot");
        assertEquals(4, builder.book(MARKET, false).depth(Side.BUY));
        update(5, MARKET, Side.BUY, 96, 1);
        assertEquals(5, builder.book(MARKET, false).depth(Side.BUY));
    }

    @Test
    void aSnapshotOlderThanWhatWasSeenIsIgnoredAndOneAheadIsAGap()
    {
        snapshot(10, MARKET, 100, 5);
        update(11, MARKET, Side.BUY, 101, 1);
        snapshot(10, MARKET, 50, 1);
        assertEquals(101, builder.book(MARKET, false).bestBid());

        snapshot(0, MARKET + 1);
        snapshot(20, MARKET, 100, 5);
        assertEquals(1, builder.gaps(), "sequences 12..20 were never seen");
        assertFalse(builder.isLive(MARKET + 1));
        assertTrue(builder.isLive(MARKET));
    }
}
