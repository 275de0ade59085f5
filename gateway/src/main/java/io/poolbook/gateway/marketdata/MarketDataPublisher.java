package io.poolbook.gateway.marketdata;

import io.aeron.Publication;
import io.poolbook.amm.ConstantProductPool;
import io.poolbook.client.marketdata.L2Book;
import io.poolbook.codecs.BookSnapshotEncoder;
import io.poolbook.codecs.L2UpdateDecoder;
import io.poolbook.codecs.MarketStatusChangedDecoder;
import io.poolbook.codecs.MessageHeaderDecoder;
import io.poolbook.codecs.MessageHeaderEncoder;
import io.poolbook.codecs.PoolStateDecoder;
import io.poolbook.codecs.PoolStateEncoder;
import io.poolbook.codecs.PublicTradeDecoder;
import io.poolbook.codecs.Side;
import io.poolbook.engine.Engine;
import io.poolbook.engine.market.Market;
import io.poolbook.gateway.telemetry.NodeCounters;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;

/**
 * The market-data feed, on the egress thread: passes on the engine's sequence-numbered L2 updates, public trades
 * and pool states (and market status changes) once their commands are durable, and every snapshot interval sends a
 * full {@code BookSnapshot} of each market and the latest {@code PoolState} again, from a mirror of the books it
 * keeps from the same L2 updates. A snapshot carries the feed sequence of the last message it includes, so a
 * subscriber that lost messages rebuilds from it (see {@link BookBuilder}).
 * <p>
 * The feed never waits for a subscriber: a message a publication cannot take at once is dropped and counted, and
 * subscribers see the gap in the feed sequence. Slow subscribers therefore cost themselves a recovery, never the
 * engine or the other clients.
 */
public final class MarketDataPublisher implements AutoCloseable
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int LEVEL_LENGTH = BookSnapshotEncoder.LevelsEncoder.sbeBlockLength();

    private final Publication[] publications;
    private final NodeCounters counters;
    private final long snapshotIntervalNs;
    private final int snapshotDepth;
    private final Int2ObjectHashMap<MarketFeed> marketsById = new Int2ObjectHashMap<>();
    private final ArrayList<MarketFeed> markets = new ArrayList<>();
    private final L2UpdateDecoder l2Update = new L2UpdateDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final BookSnapshotEncoder snapshot = new BookSnapshotEncoder();
    private final UnsafeBuffer snapshotBuffer;
    private long lastFeedSequence;
    private long lastInputSequence;
    private long nextSnapshotNs;

    /**
     * @param publications       the feed's publications (network, IPC); may be empty.
     * @param snapshotDepth      most levels per side in a snapshot; lowered to what one message can carry.
     * @param snapshotIntervalNs between snapshots.
     * @param counters           the node's counters.
     */
    public MarketDataPublisher(
        final Publication[] publications,
        final int snapshotDepth,
        final long snapshotIntervalNs,
        final NodeCounters counters)
    {
        this.publications = publications.clone();
        this.counters = counters;
        this.snapshotIntervalNs = snapshotIntervalNs;
        int maxMessageLength = Integer.MAX_VALUE;
        for (final Publication publication : publications)
        {
            maxMessageLength = Math.min(maxMessageLength, publication.maxMessageLength());
        }
        final int fixed = HEADER + BookSnapshotEncoder.BLOCK_LENGTH + BookSnapshotEncoder.LevelsEncoder.HEADER_SIZE;
        final int maxDepth = Integer.MAX_VALUE == maxMessageLength ? snapshotDepth :
            (maxMessageLength - fixed) / (2 * LEVEL_LENGTH);
        this.snapshotDepth = Math.max(1, Math.min(snapshotDepth, maxDepth));
        this.snapshotBuffer = new UnsafeBuffer(new byte[fixed + 2 * this.snapshotDepth * LEVEL_LENGTH]);
    }

    /** Most levels per side a snapshot carries. */
    public int snapshotDepth()
    {
        return snapshotDepth;
    }

    /**
     * Mirrors the engine's state after start-up replay: every market's levels and pool, and the feed sequence the
     * engine continues from. Call before the pipeline starts; the engine is not touched afterwards.
     *
     * @param engine after replay.
     */
    public void initialise(final Engine engine)
    {
        lastFeedSequence = engine.events().feedSequence();
        lastInputSequence = engine.lastSequence();
        final PoolStateEncoder poolState = new PoolStateEncoder();
        for (int i = 0; i < engine.markets().size(); i++)
        {
            final Market market = engine.markets().atIndex(i);
            final MarketFeed feed = feed(market.id());
            market.book().forEachLevel(io.poolbook.orderbook.Side.BUY, Integer.MAX_VALUE,
                (side, price, quantity, orders) -> feed.book.set(Side.BUY, price, quantity, orders));
            market.book().forEachLevel(io.poolbook.orderbook.Side.SELL, Integer.MAX_VALUE,
                (side, price, quantity, orders) -> feed.book.set(Side.SELL, price, quantity, orders));
            final ConstantProductPool pool = market.pool();
            if (null != pool)
            {
                poolState.wrapAndApplyHeader(feed.poolState, 0, headerEncoder)
                    .feedSequence(lastFeedSequence)
                    .inputSequence(lastInputSequence)
                    .marketId(market.id())
                    .baseReserve(pool.baseReserve())
                    .quoteReserve(pool.quoteReserve())
                    .totalShares(pool.totalShares())
                    .feeBps(pool.feeBasisPoints());
                feed.poolStateLength = HEADER + poolState.encodedLength();
            }
        }
    }

    /**
     * One durable event; market-data events are passed on, the rest ignored.
     *
     * @param templateId    of the event.
     * @param buffer        holding it.
     * @param offset        of its header.
     * @param length        of the event.
     * @param inputSequence of its command.
     * @return true if the event was a market-data event.
     */
    public boolean onEvent(
        final int templateId, final DirectBuffer buffer, final int offset, final int length, final long inputSequence)
    {
        switch (templateId)
        {
            case L2UpdateDecoder.TEMPLATE_ID:
            {
                l2Update.wrap(buffer, offset + HEADER, L2UpdateDecoder.BLOCK_LENGTH, L2UpdateDecoder.SCHEMA_VERSION);
                feed(l2Update.marketId()).book.set(
                    l2Update.side(), l2Update.price(), l2Update.quantity(), l2Update.orderCount());
                onSequenced(l2Update.feedSequence(), inputSequence);
                break;
            }
            case PublicTradeDecoder.TEMPLATE_ID:
                onSequenced(buffer.getLong(offset + HEADER + PublicTradeDecoder.feedSequenceEncodingOffset(),
                    PublicTradeDecoder.BYTE_ORDER), inputSequence);
                break;

            case PoolStateDecoder.TEMPLATE_ID:
            {
                final int marketId = buffer.getInt(
                    offset + HEADER + PoolStateDecoder.marketIdEncodingOffset(), PoolStateDecoder.BYTE_ORDER);
                final MarketFeed feed = feed(marketId);
                feed.poolState.putBytes(0, buffer, offset, length);
                feed.poolStateLength = length;
                onSequenced(buffer.getLong(offset + HEADER + PoolStateDecoder.feedSequenceEncodingOffset(),
                    PoolStateDecoder.BYTE_ORDER), inputSequence);
                break;
            }
            case MarketStatusChangedDecoder.TEMPLATE_ID:
                feed(buffer.getInt(offset + HEADER + MarketStatusChangedDecoder.marketIdEncodingOffset(),
                    MarketStatusChangedDecoder.BYTE_ORDER));
                break;

            default:
                return false;
        }
        publish(buffer, offset, length);
        return true;
    }

    /**
     * Sends the periodic snapshots when due.
     *
     * @param nowNs from the egress thread's clock.
     * @return work done.
     */
    public int onDutyCycle(final long nowNs)
    {
        if (nowNs < nextSnapshotNs)
        {
            return 0;
        }
        nextSnapshotNs = nowNs + snapshotIntervalNs;
        if (!isAnyConnected())
        {
            return 0;
        }
        for (int i = 0, size = markets.size(); i < size; i++)
        {
            final MarketFeed feed = markets.get(i);
            publish(snapshotBuffer, 0, encodeSnapshot(feed.book));
            if (feed.poolStateLength > 0)
            {
                publish(feed.poolState, 0, feed.poolStateLength);
            }
        }
        return markets.size();
    }

    /** Sends every market's snapshot on the next duty cycle. */
    public void snapshotNow()
    {
        nextSnapshotNs = 0;
    }

    private int encodeSnapshot(final L2Book book)
    {
        snapshot.wrapAndApplyHeader(snapshotBuffer, 0, headerEncoder)
            .feedSequence(lastFeedSequence)
            .inputSequence(lastInputSequence)
            .marketId(book.marketId());
        final int bids = Math.min(snapshotDepth, book.depth(Side.BUY));
        final int asks = Math.min(snapshotDepth, book.depth(Side.SELL));
        final BookSnapshotEncoder.LevelsEncoder levels = snapshot.levelsCount(bids + asks);
        for (int i = 0; i < bids; i++)
        {
            levels.next().side(Side.BUY).price(book.price(Side.BUY, i)).quantity(book.quantity(Side.BUY, i))
                .orderCount(book.orderCount(Side.BUY, i));
        }
        for (int i = 0; i < asks; i++)
        {
            levels.next().side(Side.SELL).price(book.price(Side.SELL, i)).quantity(book.quantity(Side.SELL, i))
                .orderCount(book.orderCount(Side.SELL, i));
        }
        return HEADER + snapshot.encodedLength();
    }

    private void onSequenced(final long feedSequence, final long inputSequence)
    {
        lastFeedSequence = feedSequence;
        lastInputSequence = inputSequence;
    }

    private boolean isAnyConnected()
    {
        for (final Publication publication : publications)
        {
            if (publication.isConnected())
            {
                return true;
            }
        }
        return false;
    }

    private void publish(final DirectBuffer buffer, final int offset, final int length)
    {
        for (final Publication publication : publications)
        {
            final long result = publication.offer(buffer, offset, length);
            if (result > 0)
            {
                counters.marketDataSent.incrementRelease();
            }
            else if (Publication.NOT_CONNECTED != result)
            {
                counters.marketDataDropped.incrementRelease();
            }
        }
    }

    private MarketFeed feed(final int marketId)
    {
        MarketFeed feed = marketsById.get(marketId);
        if (null == feed)
        {
            feed = new MarketFeed(marketId);
            marketsById.put(marketId, feed);
            markets.add(feed);
        }
        return feed;
    }

    /** The mirror of one market's book, for snapshots. */
    public L2Book book(final int marketId)
    {
        final MarketFeed feed = marketsById.get(marketId);
        return null == feed ? null : feed.book;
    }

    /** Feed sequence of the last message passed on. */
    public long lastFeedSequence()
    {
        return lastFeedSequence;
    }

    /** Closes the feed's publications. */
    public void close()
    {
        CloseHelper.closeAll(publications);
    }

    private static final class MarketFeed
    {
        final L2Book book;
        final UnsafeBuffer poolState = new UnsafeBuffer(new byte[HEADER + PoolStateEncoder.BLOCK_LENGTH]);
        int poolStateLength;

        MarketFeed(final int marketId)
        {
            book = new L2Book(marketId);
        }
    }
}
