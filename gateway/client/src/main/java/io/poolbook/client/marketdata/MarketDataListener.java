package io.poolbook.client.marketdata;

import io.poolbook.codecs.BookSnapshotDecoder;
import io.poolbook.codecs.L2UpdateDecoder;
import io.poolbook.codecs.MarketStatusChangedDecoder;
import io.poolbook.codecs.PoolStateDecoder;
import io.poolbook.codecs.PublicTradeDecoder;

/**
 * Callbacks for the market-data feed, each given a decoder wrapped over the message in place (valid during the call
 * only). Every method has an empty default.
 */
public interface MarketDataListener
{
    /**
     * Every feed message that passed the framing checks, header included, before its typed callback; for bridges
     * that pass the bytes on as they are (the WebSocket gateway renders them as JSON).
     *
     * @param buffer holding the message, valid during the call only.
     * @param offset of its header.
     * @param length of the message.
     */
    default void onFrame(final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
    }

    default void onL2Update(final L2UpdateDecoder update)
    {
    }

    default void onPublicTrade(final PublicTradeDecoder trade)
    {
    }

    default void onPoolState(final PoolStateDecoder pool)
    {
    }

    /** A full book; its levels group is positioned at the start. */
    default void onBookSnapshot(final BookSnapshotDecoder snapshot)
    {
    }

    default void onMarketStatusChanged(final MarketStatusChangedDecoder status)
    {
    }
}
