package io.poolbook.replay.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.poolbook.amm.ConstantProductPool;
import io.poolbook.engine.Engine;
import io.poolbook.engine.account.Account;
import io.poolbook.engine.account.Asset;
import io.poolbook.engine.market.Market;
import io.poolbook.engine.market.OpenOrders;
import io.poolbook.engine.market.OrderRecord;
import io.poolbook.orderbook.OrderView;
import io.poolbook.orderbook.Side;
import io.poolbook.replay.DataFolder;
import io.poolbook.replay.Recovery;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code poolbook replay state DATA_DIR --at SEQ --market M | --account A | --pool P}: a market's book, an
 * account's balances and open orders, or a pool, as of a sequence, as JSON. Starts from the newest snapshot at or
 * before the sequence and replays the journal up to it.
 */
@Command(
    name = "state",
    mixinStandardHelpOptions = true,
    description = "Print a market's book, an account's balances and orders, or a pool as of a sequence, as JSON.")
final class StateCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "DATA_DIR", description = "The node's data folder.")
    Path dataDir;

    @Option(names = "--at", paramLabel = "SEQ", description = "Sequence to look at (default: the last).")
    long at = Long.MAX_VALUE;

    @Option(names = "--no-snapshots", description = "Replay from the start instead of the newest snapshot.")
    boolean noSnapshots;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target
    {
        @Option(names = "--market", paramLabel = "ID", required = true, description = "A market's book and pool.")
        Integer market;

        @Option(names = "--account", paramLabel = "ID", required = true, description = "An account's balances and orders.")
        Integer account;

        @Option(names = "--pool", paramLabel = "MARKET", required = true, description = "The pool of a market.")
        Integer pool;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public Integer call() throws IOException
    {
        final PrintWriter err = spec.commandLine().getErr();
        final DataFolder folder = new DataFolder(dataDir);
        if (!folder.hasJournal())
        {
            err.println("state: no journal in " + dataDir);
            return ReplayCommand.MISMATCH;
        }
        final Recovery recovery = new Recovery(folder, folder.readEngineConfig(), (line) -> err.println("state: " + line));
        final Engine engine = recovery.recover(at, (buffer, offset, length) -> { }, !noSnapshots);

        final PrintWriter out = spec.commandLine().getOut();
        try (JsonGenerator json = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter())
        {
            json.writeStartObject();
            json.writeNumberField("sequence", engine.lastSequence());
            if (null != target.market)
            {
                final Market market = engine.markets().get(target.market);
                if (null == market)
                {
                    return unknown(json, "market", target.market);
                }
                writeMarket(json, market);
            }
            else if (null != target.account)
            {
                final Account account = engine.accounts().get(target.account);
                if (null == account)
                {
                    return unknown(json, "account", target.account);
                }
                writeAccount(json, engine, account);
            }
            else
            {
                final Market market = engine.markets().get(target.pool);
                if (null == market || null == market.pool())
                {
                    return unknown(json, "pool", target.pool);
                }
                writePool(json, market);
            }
            json.writeEndObject();
        }
        out.println();
        out.flush();
        return 0;
    }

    private static int unknown(final JsonGenerator json, final String what, final int id) throws IOException
    {
        json.writeStringField("error", "no " + what + " " + id + " at this sequence");
        json.writeEndObject();
        return ReplayCommand.MISMATCH;
    }

    private static void writeMarket(final JsonGenerator json, final Market market) throws IOException
    {
        json.writeObjectFieldStart("market");
        json.writeNumberField("id", market.id());
        json.writeNumberField("baseAssetId", market.base().id());
        json.writeNumberField("quoteAssetId", market.quote().id());
        json.writeNumberField("tickSize", market.tickSize());
        json.writeNumberField("lotSize", market.lotSize());
        json.writeNumberField("makerFeeBps", market.makerFeeBps());
        json.writeNumberField("takerFeeBps", market.takerFeeBps());
        json.writeStringField("status", market.isHalted() ? "HALTED" : "OPEN");
        for (final Side side : Side.values())
        {
            json.writeArrayFieldStart(side == Side.BUY ? "bids" : "asks");
            market.book().forEachLevel(side, Integer.MAX_VALUE, (levelSide, price, quantity, orders) ->
            {
                try
                {
                    json.writeStartObject();
                    json.writeNumberField("price", price);
                    json.writeNumberField("quantity", quantity);
                    json.writeNumberField("orders", orders);
                    json.writeEndObject();
                }
                catch (final IOException ex)
                {
                    throw new java.io.UncheckedIOException(ex);
                }
            });
            json.writeEndArray();
        }
        json.writeEndObject();
        if (null != market.pool())
        {
            writePool(json, market);
        }
    }

    private static void writePool(final JsonGenerator json, final Market market) throws IOException
    {
        final ConstantProductPool pool = market.pool();
        json.writeObjectFieldStart("pool");
        json.writeNumberField("marketId", market.id());
        json.writeNumberField("baseReserve", pool.baseReserve());
        json.writeNumberField("quoteReserve", pool.quoteReserve());
        json.writeNumberField("totalShares", pool.totalShares());
        json.writeNumberField("feeBps", pool.feeBasisPoints());
        json.writeBooleanField("protocolFee", pool.protocolFeeOn());
        json.writeNumberField("protocolSharesAccrued", pool.protocolSharesAccrued());
        json.writeNumberField("shareAssetId", market.poolShare().id());
        json.writeEndObject();
    }

    private static void writeAccount(final JsonGenerator json, final Engine engine, final Account account)
        throws IOException
    {
        json.writeObjectFieldStart("account");
        json.writeNumberField("id", account.id());
        json.writeArrayFieldStart("balances");
        for (int i = 0; i < engine.assets().size(); i++)
        {
            final Asset asset = engine.assets().atIndex(i);
            if (account.available(i) == 0 && account.locked(i) == 0)
            {
                continue;
            }
            json.writeStartObject();
            json.writeNumberField("assetId", asset.id());
            json.writeStringField("symbol", asset.symbol());
            json.writeNumberField("available", account.available(i));
            json.writeNumberField("locked", account.locked(i));
            json.writeEndObject();
        }
        json.writeEndArray();

        json.writeArrayFieldStart("openOrders");
        final OpenOrders orders = engine.trading().orders();
        final OrderView view = new OrderView();
        for (OrderRecord record = orders.first(account.index()); null != record; record = orders.next(record))
        {
            final Market market = engine.markets().get(record.marketId());
            market.book().readOrder(record.orderId(), view);
            json.writeStartObject();
            json.writeNumberField("orderId", record.orderId());
            json.writeNumberField("clientOrderId", record.clientOrderId());
            json.writeNumberField("marketId", record.marketId());
            json.writeStringField("side", record.isBuy() ? "BUY" : "SELL");
            json.writeNumberField("price", view.price());
            json.writeNumberField("leavesQuantity", view.leavesQuantity());
            json.writeNumberField("locked", record.locked());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
