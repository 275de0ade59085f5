package io.poolbook.gateway.cli.trade;

import io.poolbook.codecs.FillDecoder;
import io.poolbook.gateway.cli.connect.NodeReference;
import io.poolbook.gateway.status.NodeStatus.AssetInfo;
import io.poolbook.gateway.status.NodeStatus.MarketInfo;
import io.poolbook.gateway.status.Units;

/**
 * The market a trade command names, with its base and quote assets from the node's status: converts the prices
 * and quantities a person types to engine units, and the node's fills back.
 */
final class TradedMarket
{
    final MarketInfo info;
    final AssetInfo base;
    final AssetInfo quote;
    /** BASE/QUOTE. */
    final String symbol;

    private TradedMarket(final MarketInfo info, final AssetInfo base, final AssetInfo quote, final String symbol)
    {
        this.info = info;
        this.base = base;
        this.quote = quote;
        this.symbol = symbol;
    }

    /**
     * @param reference the node's assets and markets.
     * @param market    id or BASE/QUOTE, as typed.
     * @return the market and its assets.
     * @throws io.poolbook.gateway.cli.connect.CliException (usage) if the node has no such market.
     */
    static TradedMarket of(final NodeReference reference, final String market)
    {
        final MarketInfo info = reference.market(market);
        return new TradedMarket(info, reference.asset(info.baseAssetId()), reference.asset(info.quoteAssetId()),
            reference.symbol(info));
    }

    /** A price in quote per one base, in engine units; 0 (none) when not given. */
    long price(final String text)
    {
        return null == text ? 0 : Units.price(info, base, quote, text);
    }

    /** A quantity of the base asset in engine units; 0 (none) when not given. */
    long quantity(final String text)
    {
        return null == text ? 0 : Units.amount(base, text);
    }

    /** One fill of this market, readable. */
    String describe(final FillDecoder fill)
    {
        return "fill: " + fill.side() + " " + Units.format(base, fill.quantity()) + " " + base.symbol() + " at " +
            Units.formatPrice(info, base, quote, fill.price()) + " " + quote.symbol() + " (" + fill.liquidity() +
            "), fee " + Units.format(quote, fill.fee()) + " " + quote.symbol() + ", order " + fill.orderId() +
            " leaves " + Units.format(base, fill.leavesQuantity());
    }
}
