package io.poolbook.gateway.cli.trade;

import io.poolbook.client.marketdata.BookBuilder;
import io.poolbook.client.marketdata.L2Book;
import io.poolbook.client.marketdata.MarketDataClient;
import io.poolbook.client.marketdata.MarketDataListener;
import io.poolbook.codecs.*;
import io.poolbook.gateway.cli.connect.CliAeron;
import io.poolbook.gateway.cli.connect.NodeReference;
import io.poolbook.gateway.status.NodeStatus.AssetInfo;
import io.poolbook.gateway.status.NodeStatus.MarketInfo;
import io.poolbook.gateway.status.Units;
import org.agrona.CloseHelper;

import java.util.ArrayList;
import java.util.List;

/**
 * One market seen from the feed, for {@code book} and {@code watch}: the client library's {@link MarketDataClient}
 * into a {@link BookBuilder} (snapshots, increments, gap recovery), plus the market's public trades, rendered in
 * human units.
 */
final class MarketView implements MarketDataListener, AutoCloseable
{
    private final MarketInfo market;
    private final AssetInfo base;
    private final AssetInfo quote;
    private final String symbol;
    private final BookBuilder books;
    private final MarketDataClient feed;
    private final List<String> newTrades = new ArrayList<>();
    private long trades;
    private boolean changed;

    MarketView(final CliAeron transport, final NodeReference reference, final MarketInfo market)
    {
        this.market = market;
        this.base = reference.asset(market.baseAssetId());
        this.quote = reference.asset(market.quoteAssetId());
        this.symbol = reference.symbol(market);
        this.books = new BookBuilder(new BookBuilder.Listener()
        {
            public void onBookLive(final int marketId, final long feedSequence)
            {
                changed |= marketId == market.id();
            }

            public void onBookChanged(final L2Book book)
            {
                changed |= book.marketId() == market.id();
            }
        });
        this.feed = transport.marketData(this);
    }

    public void onL2Update(final L2UpdateDecoder update)
    {
        books.onL2Update(update);
    }

    public void onPoolState(final PoolStateDecoder pool)
    {
        books.onPoolState(pool);
    }

    public void onBookSnapshot(final BookSnapshotDecoder snapshot)
    {
        books.onBookSnapshot(snapshot);
    }

    public void onPublicTrade(final PublicTradeDecoder trade)
    {
        books.onPublicTrade(trade);
        if (trade.marketId() == market.id())
        {
            trades++;
            newTrades.add("trade " + trade.tradeId() + ": " + (Side.BUY == trade.takerSide() ? "buyer" : "seller") +
                " took " + Units.format(base, trade.quantity()) + " " + base.symbol() + " at " +
                Units.formatPrice(market, base, quote, trade.price()) + " " + quote.symbol() + " from the " +
                (TradeSource.POOL == trade.source() ? "pool" : "book"));
        }
    }

    int poll()
    {
        return feed.poll();
    }

    boolean isLive()
    {
        return books.isLive(market.id());
    }

    /** True once since the last call if the book changed or went live. */
    boolean takeChanged()
    {
        final boolean was = changed;
        changed = false;
        return was;
    }

    /** Trades seen since the last call, one line each. */
    List<String> takeTrades()
    {
        final List<String> lines = new ArrayList<>(newTrades);
        newTrades.clear();
        return lines;
    }

    long trades()
    {
        return trades;
    }

    /** The book, best levels first, asks above bids. */
    String render(final int depth)
    {
        final L2Book book = books.book(market.id(), true);
        final StringBuilder text = new StringBuilder(symbol).append(" (market ").append(market.id()).append(')')
            .append(books.isLive(market.id()) ? "" : " waiting for a snapshot").append('\n');
        text.append(String.format("%16s %18s %7s%n", "price " + quote.symbol(), "size " + base.symbol(), "orders"));
        final int asks = Math.min(depth, book.depth(Side.SELL));
        for (int i = asks - 1; i >= 0; i--)
        {
            level(text, "ask", book, Side.SELL, i);
        }
        text.append("  ---- spread ----\n");
        final int bids = Math.min(depth, book.depth(Side.BUY));
        for (int i = 0; i < bids; i++)
        {
            level(text, "bid", book, Side.BUY, i);
        }
        if (market.pool() && books.poolBaseReserve(market.id()) > 0)
        {
            text.append("pool: ").append(Units.format(base, books.poolBaseReserve(market.id()))).append(' ')
                .append(base.symbol()).append(" / ").append(Units.format(quote, books.poolQuoteReserve(market.id())))
                .append(' ').append(quote.symbol()).append('\n');
        }
        return text.toString();
    }

    private void level(final StringBuilder text, final String label, final L2Book book, final Side side, final int i)
    {
        text.append(String.format("%s %12s %18s %7d%n", label,
            Units.formatPrice(market, base, quote, book.price(side, i)), Units.format(base, book.quantity(side, i)),
            book.orderCount(side, i)));
    }

    public void close()
    {
        CloseHelper.quietClose(feed);
    }
}
