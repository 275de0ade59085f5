package io.poolbook.client.marketdata;

import io.poolbook.codecs.BookSnapshotDecoder;
import io.poolbook.codecs.L2UpdateDecoder;
import io.poolbook.codecs.PoolStateDecoder;
import io.poolbook.codecs.PublicTradeDecoder;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;

/**
 * Builds every market's book from the feed, and knows when it cannot be trusted. The engine numbers L2 updates,
 * trades and pool states with one feed sequence across markets; a number skipped means messages were lost, so every
 * book goes stale (its levels may be wrong) until a {@code BookSnapshot} of that market arrives whose feed sequence
 * is at least the last one seen: the snapshot then replaces the book and later updates apply on top. A snapshot
 * that skips ahead of the last sequence seen also means loss, for the other markets. A book is live only once a
 * snapshot has set it: a subscriber that joins mid-stream waits for the next snapshot.
 * <p>
 * Pool states are full states: the latest by feed sequence wins, and the node repeats them with each snapshot.
 * Allocates only on a market's first message and when a book outgrows its arrays.
 */
public final class BookBuilder implements MarketDataListener
{
    /** Told about gaps and recoveries. */
    public interface Listener
    {
        /**
         * Messages were lost: books are stale until their next snapshot.
         *
         * @param expected feed sequence that was due.
         * @param received feed sequence that came.
         */
        default void onGap(final long expected, final long received)
        {
        }

        /** A market's book is live again (or for the first time) as of a snapshot. */
        default void onBookLive(final int marketId, final long feedSequence)
        {
        }

        /** A live book changed. */
        default void onBookChanged(final L2Book book)
        {
        }
    }

    private static final Listener NO_LISTENER = new Listener()
    {
    };

    private final Listener listener;
    private final Int2ObjectHashMap<MarketBook> booksById = new Int2ObjectHashMap<>();
    private final ArrayList<MarketBook> books = new ArrayList<>();
    private long lastFeedSequence = -1;
    private long gaps;
    private int dropNext;

    public BookBuilder()
    {
        this(NO_LISTENER);
    }

    public BookBuilder(final Listener listener)
    {
        this.listener = listener;
    }

    /**
     * Test hook: ignores the next sequenced messages as if the network had lost them.
     *
     * @param count messages to drop.
     */
    public void dropNext(final int count)
    {
        dropNext = count;
    }

    /** {@inheritDoc} */
    public void onL2Update(final L2UpdateDecoder update)
    {
        final MarketBook book = book(update.marketId());
        if (onSequenced(update.feedSequence()) && book.live)
        {
            book.book.set(update.side(), update.price(), update.quantity(), update.orderCount());
            listener.onBookChanged(book.book);
        }
    }

    /** {@inheritDoc} */
    public void onPublicTrade(final PublicTradeDecoder trade)
    {
        onSequenced(trade.feedSequence());
    }

    /** {@inheritDoc} */
    public void onPoolState(final PoolStateDecoder pool)
    {
        final long feedSequence = pool.feedSequence();
        final MarketBook book = book(pool.marketId());
        if (feedSequence <= lastFeedSequence)
        {
            if (feedSequence > book.poolFeedSequence)
            {
                book.setPool(pool);
            }
            return;
        }
        if (onSequenced(feedSequence))
        {
            book.setPool(pool);
        }
    }

    /** {@inheritDoc} */
    public void onBookSnapshot(final BookSnapshotDecoder snapshot)
    {
        final long feedSequence = snapshot.feedSequence();
        if (feedSequence < lastFeedSequence)
        {
            return;
        }
        final MarketBook book = book(snapshot.marketId());
        if (lastFeedSequence >= 0 && feedSequence > lastFeedSequence)
        {
            onGapDetected(lastFeedSequence + 1, feedSequence);
        }
        lastFeedSequence = feedSequence;

        book.book.clear();
        for (final BookSnapshotDecoder.LevelsDecoder level : snapshot.levels())
        {
            book.book.set(level.side(), level.price(), level.quantity(), level.orderCount());
        }
        final boolean wasLive = book.live;
        book.live = true;
        if (!wasLive)
        {
            listener.onBookLive(book.book.marketId(), feedSequence);
        }
        listener.onBookChanged(book.book);
    }

    /** @return true if the message is next in sequence (or the first seen) and should be applied. */
    private boolean onSequenced(final long feedSequence)
    {
        if (dropNext > 0)
        {
            dropNext--;
            return false;
        }
        if (lastFeedSequence >= 0)
        {
            if (feedSequence <= lastFeedSequence)
            {
                return false;
            }
            if (feedSequence != lastFeedSequence + 1)
            {
                onGapDetected(lastFeedSequence + 1, feedSequence);
            }
        }
        lastFeedSequence = feedSequence;
        return true;
    }

    private void onGapDetected(final long expected, final long received)
    {
        gaps++;
        for (int i = 0, size = books.size(); i < size; i++)
        {
            books.get(i).live = false;
        }
        listener.onGap(expected, received);
    }

    private MarketBook book(final int marketId)
    {
        MarketBook book = booksById.get(marketId);
        if (null == book)
        {
            book = new MarketBook(marketId);
            booksById.put(marketId, book);
            books.add(book);
        }
        return book;
    }

    /** A market's book, or null if the feed has not named the market yet. Check {@link #isLive} before trusting it. */
    public L2Book book(final int marketId, final boolean create)
    {
        final MarketBook book = create ? book(marketId) : booksById.get(marketId);
        return null == book ? null : book.book;
    }

    /** True when the market's book is known to match the node's. */
    public boolean isLive(final int marketId)
    {
        final MarketBook book = booksById.get(marketId);
        return null != book && book.live;
    }

    /** Pool base reserve from the latest pool state, 0 if none. */
    public long poolBaseReserve(final int marketId)
    {
        final MarketBook book = booksById.get(marketId);
        return null == book ? 0 : book.poolBase;
    }

    /** Pool quote reserve from the latest pool state, 0 if none. */
    public long poolQuoteReserve(final int marketId)
    {
        final MarketBook book = booksById.get(marketId);
        return null == book ? 0 : book.poolQuote;
    }

    /** Last feed sequence seen, -1 before the first. */
    public long lastFeedSequence()
    {
        return lastFeedSequence;
    }

    /** Gaps detected so far. */
    public long gaps()
    {
        return gaps;
    }

    private static final class MarketBook
    {
        final L2Book book;
        boolean live;
        long poolFeedSequence = -1;
        long poolBase;
        long poolQuote;
        long poolShares;

        MarketBook(final int marketId)
        {
            book = new L2Book(marketId);
        }

        void setPool(final PoolStateDecoder pool)
        {
            poolFeedSequence = pool.feedSequence();
            poolBase = pool.baseReserve();
            poolQuote = pool.quoteReserve();
            poolShares = pool.totalShares();
        }
    }
}
