package io.poolbook.gateway.cli.trade;

import io.poolbook.codecs.*;
import io.poolbook.gateway.cli.connect.CliAction;
import io.poolbook.gateway.cli.connect.CliException;
import io.poolbook.gateway.cli.connect.CliSession;
import io.poolbook.gateway.cli.connect.MarketOption;
import io.poolbook.gateway.cli.connect.NodeTarget;
import io.poolbook.gateway.cli.connect.Responses;
import io.poolbook.gateway.status.NodeStatus.AssetInfo;
import io.poolbook.gateway.status.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * {@code poolbook trade}: a trader's commands from the shell through the client library, logged on as
 * {@code --account} with its key file, prices and sizes in human units; and {@code book} / {@code watch}, the
 * market's L2 book and trades from the market-data feed (no key needed). Each order command prints the node's
 * answer (JSON lines, a readable line per fill, a summary) and exits 0 only when the command was accepted.
 */
@Command(name = "trade", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "A trader's commands: place, cancel and amend orders, swap against a pool, add liquidity; book and watch " +
            "show a market's book and trades from the feed.",
        "Prices are quote per one base (--price 3000.25), quantities and amounts in the asset (--quantity 1.5), " +
            "converted exactly with the market's scales from the node's status endpoint (node --metrics-port).",
        "Exit codes: 0 accepted, 1 rejected by the node (its reason code is printed), the node not reachable or " +
            "the logon refused, 2 bad command line (unknown market, bad number, unreadable key file)."
    },
    subcommands = {
        TradeCommand.Place.class, TradeCommand.Cancel.class, TradeCommand.Amend.class, TradeCommand.Swap.class,
        TradeCommand.AddLiquidity.class, BookCommand.class, WatchCommand.class
    })
public final class TradeCommand implements Callable<Integer>
{
    private static final AtomicLong LAST_CLIENT_ID = new AtomicLong();

    @Mixin
    NodeTarget target;

    @Option(names = "--account", paramLabel = "ID", description = "The account to trade as (required by the " +
        "order commands).")
    Integer account;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public Integer call()
    {
        return CliAction.usage(spec);
    }

    static int run(final String name, final CliAction action)
    {
        return CliAction.execute("poolbook trade " + name, action);
    }

    /** A client order id that grows across runs: microseconds of the wall clock, made unique in this process. */
    static long nextClientId()
    {
        final long now = System.currentTimeMillis() * 1000;
        return LAST_CLIENT_ID.accumulateAndGet(now, (last, candidate) -> Math.max(last + 1, candidate));
    }

    /** The market an order command names; checks --account and --key before asking the node. */
    TradedMarket market(final MarketOption market)
    {
        if (null == account)
        {
            throw CliException.usage("--account ID is required (before the subcommand)");
        }
        return TradedMarket.of(target.referenceForKey(), market.market);
    }

    /** Logs on, sends, prints the answer with a readable line per fill. */
    int send(final TradedMarket market, final PrintStream out, final String what, final int templateId,
        final Function<CliSession, Boolean> send, final int... taken)
    {
        try (CliSession session = CliSession.logOn(target, account, out))
        {
            final List<Responses.Message> messages = session.responses().messages();
            final int from = messages.size();
            final int code = session.send(what, templateId, () -> send.apply(session), taken);
            final FillDecoder fill = new FillDecoder();
            for (final Responses.Message message : messages.subList(from, messages.size()))
            {
                if (FillDecoder.TEMPLATE_ID == message.templateId())
                {
                    fill.wrap(message.buffer(), MessageHeaderDecoder.ENCODED_LENGTH, FillDecoder.BLOCK_LENGTH,
                        FillDecoder.SCHEMA_VERSION);
                    out.println(market.describe(fill));
                }
            }
            return code;
        }
    }

    static Side side(final String text)
    {
        switch (text.toLowerCase(Locale.ROOT))
        {
            case "buy":
                return Side.BUY;
            case "sell":
                return Side.SELL;
            default:
                throw CliException.usage("--side must be buy or sell, not '" + text + "'");
        }
    }

    @Command(name = "place", mixinStandardHelpOptions = true, description = "Place an order (NewOrder).")
    static final class Place implements Callable<Integer>
    {
        @ParentCommand
        TradeCommand trade;

        @Mixin
        MarketOption market;

        @Option(names = "--side", required = true, description = "buy or sell.")
        String side;

        @Option(names = "--price", paramLabel = "PRICE",
            description = "Limit price in quote per one base; for a market order the protection price (optional).")
        String price;

        @Option(names = "--quantity", required = true, paramLabel = "AMOUNT", description = "In the base asset.")
        String quantity;

        @Option(names = "--type", defaultValue = "limit", description = "limit or market (default: ${DEFAULT-VALUE}).")
        String type;

        @Option(names = "--tif", defaultValue = "gtc",
            description = "gtc, ioc, fok, post-only or post-only-slide (default: ${DEFAULT-VALUE}).")
        String tif;

        @Option(names = "--client-order-id", description = "Your id for the order (default: one from the clock).")
        Long clientOrderId;

        public Integer call()
        {
            return run("place", (out) ->
            {
                final Side orderSide = side(side);
                final boolean isMarket = "market".equalsIgnoreCase(type);
                if (!isMarket && !"limit".equalsIgnoreCase(type))
                {
                    throw CliException.usage("--type must be limit or market, not '" + type + "'");
                }
                final TimeInForce timeInForce = isMarket ? TimeInForce.IOC : timeInForce(tif);
                if (!isMarket && null == price)
                {
                    throw CliException.usage("a limit order needs --price");
                }
                final TradedMarket traded = trade.market(market);
                final long enginePrice = traded.price(price);
                final long engineQuantity = traded.quantity(quantity);
                final long id = null != clientOrderId ? clientOrderId : nextClientId();
                return trade.send(traded, out, "place " + side + " " + quantity + " " + traded.base.symbol() +
                    (null == price ? "" : " at " + price) + " (client order id " + id + ")",
                    NewOrderDecoder.TEMPLATE_ID, (session) -> session.client().newOrder(id, traded.info.id(), orderSide,
                    isMarket ? OrderType.MARKET : OrderType.LIMIT, timeInForce, SelfTradePrevention.CANCEL_TAKER,
                    enginePrice, engineQuantity, 0), OrderAcceptedDecoder.TEMPLATE_ID);
            });
        }

        private static TimeInForce timeInForce(final String text)
        {
            try
            {
                return TimeInForce.valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
            }
            catch (final IllegalArgumentException ex)
            {
                throw CliException.usage("--tif must be gtc, ioc, fok, post-only or post-only-slide, not '" + text +
                    "'");
            }
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel an order (CancelOrder).")
    static final class Cancel implements Callable<Integer>
    {
        @ParentCommand
        TradeCommand trade;

        @Mixin
        MarketOption market;

        @Option(names = "--order-id", description = "The node's order id.")
        Long orderId;

        @Option(names = "--client-order-id", description = "Or your client order id.")
        Long clientOrderId;

        public Integer call()
        {
            return run("cancel", (out) ->
            {
                if ((null == orderId) == (null == clientOrderId))
                {
                    throw CliException.usage("give --order-id or --client-order-id");
                }
                final TradedMarket traded = trade.market(market);
                final int marketId = traded.info.id();
                return null != orderId ?
                    trade.send(traded, out, "cancel order " + orderId, CancelOrderDecoder.TEMPLATE_ID,
                        (session) -> session.client().cancel(marketId, orderId), OrderCancelledDecoder.TEMPLATE_ID) :
                    trade.send(traded, out, "cancel client order " + clientOrderId,
                        CancelByClientOrderIdDecoder.TEMPLATE_ID,
                        (session) -> session.client().cancelByClientOrderId(marketId, clientOrderId),
                        OrderCancelledDecoder.TEMPLATE_ID);
            });
        }
    }

    @Command(name = "amend", mixinStandardHelpOptions = true,
        description = "Amend an order's price and/or quantity (AmendOrder); a quantity cut keeps priority.")
    static final class Amend implements Callable<Integer>
    {
        @ParentCommand
        TradeCommand trade;

        @Mixin
        MarketOption market;

        @Option(names = "--order-id", required = true, description = "The node's order id.")
        long orderId;

        @Option(names = "--price", description = "New price (default: keep).")
        String price;

        @Option(names = "--quantity", description = "New quantity (default: keep).")
        String quantity;

        public Integer call()
        {
            return run("amend", (out) ->
            {
                if (null == price && null == quantity)
                {
                    throw CliException.usage("give --price and/or --quantity");
                }
                final TradedMarket traded = trade.market(market);
                final long enginePrice = traded.price(price);
                final long engineQuantity = traded.quantity(quantity);
                return trade.send(traded, out, "amend order " + orderId, AmendOrderDecoder.TEMPLATE_ID,
                    (session) -> session.client().amend(traded.info.id(), orderId, enginePrice, engineQuantity),
                    OrderAmendedDecoder.TEMPLATE_ID);
            });
        }
    }

    @Command(name = "swap", mixinStandardHelpOptions = true,
        description = "Swap against the market's pool, exact in (Swap): buy pays quote for base, sell pays base.")
    static final class Swap implements Callable<Integer>
    {
        @ParentCommand
        TradeCommand trade;

        @Mixin
        MarketOption market;

        @Option(names = "--side", required = true, description = "buy or sell.")
        String side;

        @Option(names = "--amount-in", required = true, paramLabel = "AMOUNT",
            description = "What you pay: quote for a buy, base for a sell.")
        String amountIn;

        @Option(names = "--min-out", defaultValue = "0", paramLabel = "AMOUNT",
            description = "Least you accept of the other asset (default: ${DEFAULT-VALUE}).")
        String minOut;

        public Integer call()
        {
            return run("swap", (out) ->
            {
                final Side swapSide = side(side);
                final TradedMarket traded = trade.market(market);
                final AssetInfo in = Side.BUY == swapSide ? traded.quote : traded.base;
                final AssetInfo outAsset = Side.BUY == swapSide ? traded.base : traded.quote;
                final long engineIn = Units.amount(in, amountIn);
                final long engineMinOut = Units.amount(outAsset, minOut);
                final long id = nextClientId();
                return trade.send(traded, out, "swap " + amountIn + " " + in.symbol() + " for " +
                    outAsset.symbol(), SwapDecoder.TEMPLATE_ID,
                    (session) -> session.client().swap(id, traded.info.id(), swapSide, engineIn, engineMinOut),
                    SwapDoneDecoder.TEMPLATE_ID);
            });
        }
    }

    @Command(name = "add-liquidity", mixinStandardHelpOptions = true,
        description = "Add liquidity to the market's pool for LP shares (AddLiquidity).")
    static final class AddLiquidity implements Callable<Integer>
    {
        @ParentCommand
        TradeCommand trade;

        @Mixin
        MarketOption market;

        @Option(names = "--base", required = true, paramLabel = "AMOUNT", description = "Most base to put in.")
        String base;

        @Option(names = "--quote", required = true, paramLabel = "AMOUNT", description = "Most quote to put in.")
        String quote;

        @Option(names = "--min-shares", defaultValue = "0", paramLabel = "SHARES",
            description = "Fewest LP shares accepted, in share engine units (default: ${DEFAULT-VALUE}).")
        long minShares;

        public Integer call()
        {
            return run("add-liquidity", (out) ->
            {
                final TradedMarket traded = trade.market(market);
                final long engineBase = Units.amount(traded.base, base);
                final long engineQuote = Units.amount(traded.quote, quote);
                final long id = nextClientId();
                return trade.send(traded, out, "add-liquidity to " + traded.symbol,
                    AddLiquidityDecoder.TEMPLATE_ID,
                    (session) -> session.client().addLiquidity(id, traded.info.id(), engineBase, engineQuote,
                        minShares),
                    LiquidityAddedDecoder.TEMPLATE_ID);
            });
        }
    }
}
