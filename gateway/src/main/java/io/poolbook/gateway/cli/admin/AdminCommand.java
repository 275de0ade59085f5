package io.poolbook.gateway.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.client.auth.KeyFiles;
import io.poolbook.codecs.*;
import io.poolbook.gateway.cli.ExitCode;
import io.poolbook.gateway.cli.connect.CliAction;
import io.poolbook.gateway.cli.connect.CliException;
import io.poolbook.gateway.cli.connect.CliSession;
import io.poolbook.gateway.cli.connect.Hex;
import io.poolbook.gateway.cli.connect.MarketOption;
import io.poolbook.gateway.cli.connect.NodeReference;
import io.poolbook.gateway.cli.connect.NodeTarget;
import io.poolbook.gateway.status.NodeStatus.AssetInfo;
import io.poolbook.gateway.status.NodeStatus.MarketInfo;
import io.poolbook.gateway.status.Units;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code poolbook admin}: the operator's commands from the shell, one per schema admin message, sent through the
 * client library over a session logged on with the operator's key, in the units people type ({@code --amount 1.5
 * WETH}, {@code --tick 0.01}); the node's reference data (scales, symbols) comes from its status endpoint. Each
 * prints the node's answer (every message as a JSON line, then a summary) and exits 0 only when it was accepted.
 */
@Command(name = "admin", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "The operator's commands: set up assets, markets, pools and accounts, credit deposits, halt and resume " +
            "markets, cut settlement batches, and show the node's status.",
        "Amounts and prices are in human units and converted exactly with the asset's and market's scales (read " +
            "from the node's status endpoint, node --metrics-port).",
        "Exit codes: 0 accepted, 1 rejected by the node (its reason code is printed), the node not reachable or " +
            "the logon refused, 2 bad command line (unknown market or asset, bad number, unreadable key file)."
    },
    subcommands = {
        AdminCommand.Status.class, AdminCommand.AddAsset.class, AdminCommand.AddMarket.class,
        AdminCommand.CreatePool.class, AdminCommand.RegisterAccount.class, AdminCommand.Deposit.class,
        AdminCommand.Halt.class, AdminCommand.Resume.class, AdminCommand.CutBatch.class
    })
public final class AdminCommand implements Callable<Integer>
{
    @Mixin
    NodeTarget target;

    @Option(names = "--operator-account", paramLabel = "ID",
        description = "The operator's account id (default: the node's, from its status).")
    Integer operatorAccount;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public Integer call()
    {
        return CliAction.usage(spec);
    }

    /** Runs one action with its errors turned into messages and exit codes. */
    static int run(final String name, final CliAction action)
    {
        return CliAction.execute("poolbook admin " + name, action);
    }

    /** Logs on as the operator and sends one command. */
    int operator(final NodeReference reference, final PrintStream out, final String what, final int templateId,
        final Function<CliSession, Boolean> send, final int... taken)
    {
        return operator(reference, out, what, templateId, 0, send, taken);
    }

    int operator(final NodeReference reference, final PrintStream out, final String what, final int templateId,
        final int followedBy, final Function<CliSession, Boolean> send, final int... taken)
    {
        final int account = null != operatorAccount ? operatorAccount : reference.operatorAccountId();
        try (CliSession session = CliSession.logOn(target, account, out))
        {
            return session.send(what, templateId, followedBy, () -> send.apply(session), taken);
        }
    }

    NodeReference reference()
    {
        return target.referenceForKey();
    }

    /** A command on one market, e.g. {@code halt --market WETH/USDC}: resolves the market and sends it. */
    int onMarket(final String name, final MarketOption market, final int templateId,
        final BiFunction<CliSession, Integer, Boolean> send)
    {
        return run(name, (out) ->
        {
            final NodeReference reference = reference();
            final int marketId = reference.market(market.market).id();
            return operator(reference, out, name + " " + market.market, templateId,
                (session) -> send.apply(session, marketId));
        });
    }

    /** {@code admin status}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
        description = "The node's sequence, sessions, assets, markets and last settlement batch (no key needed).")
    static final class Status implements Callable<Integer>
    {
        @ParentCommand
        AdminCommand admin;

        @Option(names = "--json", description = "Print the status as the node gives it (JSON).")
        boolean json;

        public Integer call()
        {
            return run("status", (out) ->
            {
                final NodeReference reference = admin.target.reference();
                final JsonNode status = reference.json();
                if (json)
                {
                    out.println(status.toPrettyString());
                    return ExitCode.OK;
                }
                out.println("sequence " + status.path("sequence").asLong() + " (durable " +
                    status.path("durableSequence").asLong() + "), sessions " + status.path("sessions").asLong() +
                    ", accounts " + status.path("accounts").asLong() + ", operator account " +
                    reference.operatorAccountId());
                for (final AssetInfo asset : reference.assets())
                {
                    out.println("asset " + asset.id() + " " + asset.symbol() + ": " + asset.engineScale() +
                        " decimals in the engine, " + asset.chainDecimals() + " on chain" +
                        (0 != asset.poolShareOf() ? ", LP share of market " + asset.poolShareOf() : ", token " +
                        asset.tokenAddress()));
                }
                for (final MarketInfo market : reference.markets())
                {
                    final AssetInfo base = reference.asset(market.baseAssetId());
                    final AssetInfo quote = reference.asset(market.quoteAssetId());
                    out.println("market " + market.id() + " " + reference.symbol(market) + ": " +
                        (market.halted() ? "HALTED" : "open") + ", tick " +
                        Units.formatPrice(market, base, quote, market.tickSize()) + " " + quote.symbol() +
                        ", lot " + Units.format(base, market.lotSize()) + " " + base.symbol() + ", min " +
                        Units.format(base, market.minQuantity()) + ", max " + Units.format(base, market.maxQuantity()) +
                        ", fees maker " + market.makerFeeBps() + " / taker " + market.takerFeeBps() + " bps" +
                        (market.pool() ? ", pool fee " + market.poolFeeBps() + " bps" : ", no pool"));
                }
                final JsonNode batch = status.path("lastBatch");
                out.println(batch.isNull() || batch.isMissingNode() ? "no settlement batch yet" :
                    "last batch " + batch.path("index").asLong() + ": sequences " + batch.path("fromSequence").asLong() +
                    ".." + batch.path("toSequence").asLong() + ", " + batch.path("tradeCount").asLong() + " trades, " +
                    batch.path("deltaCount").asLong() + " deltas");
                return ExitCode.OK;
            });
        }
    }

    @Command(name = "add-asset", mixinStandardHelpOptions = true, description = "Add an asset (AddAsset).")
    static final class AddAsset implements Callable<Integer>
    {
        @ParentCommand
        AdminCommand admin;

        @Option(names = "--id", required = true, description = "Asset id.")
        int id;

        @Option(names = "--symbol", required = true, description = "Symbol, at most 16 ASCII characters.")
        String symbol;

        @Option(names = "--scale", required = true, description = "Decimal places of one engine unit.")
        int scale;

        @Option(names = "--chain-decimals", required = true, description = "The token's decimals on chain.")
        int chainDecimals;

        @Option(names = "--token", defaultValue = "", paramLabel = "0xADDRESS",
            description = "The token's contract address (20 bytes hex; default zero).")
        String token;

        public Integer call()
        {
            return run("add-asset", (out) ->
            {
                final byte[] address = Hex.bytes(token, 20, "--token");
                if (symbol.isEmpty() || symbol.length() > 16 || !symbol.chars().allMatch((c) -> c > 32 && c < 127))
                {
                    throw CliException.usage("--symbol must be 1 to 16 printable ASCII characters: '" + symbol + "'");
                }
                final NodeReference reference = admin.reference();
                return admin.operator(reference, out, "add-asset " + symbol, AddAssetDecoder.TEMPLATE_ID,
                    (session) -> session.client().addAsset(id, symbol, scale, chainDecimals, address));
            });
        }
    }

    @Command(name = "add-market", mixinStandardHelpOptions = true,
        description = "Add a market (AddMarket); steps and sizes in human units of its assets.")
    static final class AddMarket implements Callable<Integer>
    {
        @ParentCommand
        AdminCommand admin;

        @Option(names = "--id", required = true, description = "Market id.")
        int id;

        @Option(names = "--base", required = true, description = "Base asset: symbol or id.")
        String base;

        @Option(names = "--quote", required = true, description = "Quote asset: symbol or id.")
        String quote;

        @Option(names = "--tick", required = true, paramLabel = "PRICE",
            description = "Price step in quote per one base, e.g. 0.01.")
        String tick;

        @Option(names = "--lot", required = true, paramLabel = "AMOUNT", description = "Quantity step in base.")
        String lot;

        @Option(names = "--min", paramLabel = "AMOUNT", description = "Smallest order in base (default: one lot).")
        String min;

        @Option(names = "--max", required = true, paramLabel = "AMOUNT", description = "Largest order in base.")
        String max;

        @Option(names = "--maker-fee-bps", defaultValue = "0", description = "Maker fee, negative for a rebate.")
        int makerFeeBps;

        @Option(names = "--taker-fee-bps", defaultValue = "0", description = "Taker fee.")
        int takerFeeBps;

        public Integer call()
        {
            return run("add-market", (out) ->
            {
                final NodeReference reference = admin.reference();
                final AssetInfo baseAsset = reference.asset(base);
                final AssetInfo quoteAsset = reference.asset(quote);
                final long lotSize = Units.amount(baseAsset, lot);
                final MarketInfo rules = new MarketInfo(id, baseAsset.id(), quoteAsset.id(), 0, lotSize, 0, 0, 0, 0,
                    false, false, 0);
                final long tickSize = Units.price(rules, baseAsset, quoteAsset, tick);
                final long minQuantity = null == min ? lotSize : Units.amount(baseAsset, min);
                final long maxQuantity = Units.amount(baseAsset, max);
                return admin.operator(reference, out, "add-market " + id, AddMarketDecoder.TEMPLATE_ID,
                    (session) -> session.client().addMarket(id, baseAsset.id(), quoteAsset.id(), tickSize, lotSize,
                        minQuantity, maxQuantity, makerFeeBps, takerFeeBps));
            });
        }
    }

    @Command(name = "create-pool", mixinStandardHelpOptions = true,
        description = "Create a market's constant-product pool (CreatePool).")
    static final class CreatePool implements Callable<Integer>
    {
        @ParentCommand
        AdminCommand admin;

        @Mixin
        MarketOption market;

        @Option(names = "--fee-bps", required = true, description = "The pool's swap fee.")
        int feeBps;

        @Option(names = "--protocol-fee", description = "Uniswap V2 style protocol fee (1/6 of fee growth).")
        boolean protocolFee;

        public Integer call()
        {
            return admin.onMarket("create-pool", market, CreatePoolDecoder.TEMPLATE_ID, (session, marketId) ->
                session.client().createPool(marketId, feeBps, protocolFee));
        }
    }

    @Command(name = "register-account", mixinStandardHelpOptions = true,
        description = "Register an account with the public key its sessions log on with (RegisterAccount).")
    static final class RegisterAccount implements Callable<Integer>
    {
        @ParentCommand
        AdminCommand admin;

        @Option(names = "--id", required = true, description = "New account id.")
        int id;

        @Option(names = "--public-key", required = true, paramLabel = "FILE|HEX",
            description = "A key file or .pub from 'poolbook keygen', or 64 hex digits.")
        String publicKey;

        @Option(names = "--chain-address", defaultValue = "", paramLabel = "0xADDRESS",
            description = "The account's address on chain (20 bytes hex; default zero).")
        String chainAddress;

        public Integer call()
        {
            return run("register-account", (out) ->
            {
                final byte[] key = publicKey(publicKey);
                final byte[] address = Hex.bytes(chainAddress, 20, "--chain-address");
                final NodeReference reference = admin.reference();
                return admin.operator(reference, out, "register-account " + id, RegisterAccountDecoder.TEMPLATE_ID,
                    (session) -> session.client().registerAccount(id, key, address), AccountRegisteredDecoder.TEMPLATE_ID);
            });
        }
    }

    /** A raw public key from a key file, a .pub file or hex. */
    static byte[] publicKey(final String text)
    {
        final Path file = Paths.get(text);
        if (Files.exists(file))
        {
            try
            {
                return Ed25519Keys.raw(KeyFiles.readPublic(file));
            }
            catch (final IOException ex)
            {
                throw CliException.usage("cannot read " + file + ": " + ex.getMessage());
            }
        }
        if (text.replaceFirst("^0[xX]", "").length() != 64)
        {
            throw CliException.usage("--public-key '" + text + "' is neither a key file nor 64 hex digits");
        }
        return Hex.bytes(text, 32, "--public-key");
    }

    @Command(name = "deposit", mixinStandardHelpOptions = true,
        description = "Credit a deposit seen on chain to an account (Deposit).")
    static final class Deposit implements Callable<Integer>
    {
        @ParentCommand
        AdminCommand admin;

        @Option(names = "--account", required = true, description = "Account credited.")
        int account;

        @Option(names = "--amount", required = true, arity = "2", paramLabel = "AMOUNT ASSET",
            description = "How much of which asset, e.g. --amount 1.5 WETH.")
        String[] amount;

        @Option(names = "--tx", defaultValue = "", paramLabel = "0xHASH",
            description = "The deposit's transaction hash on chain (32 bytes hex; default zero).")
        String tx;

        public Integer call()
        {
            return run("deposit", (out) ->
            {
                final byte[] reference32 = Hex.bytes(tx, 32, "--tx");
                final NodeReference reference = admin.reference();
                final AssetInfo asset = reference.asset(amount[1]);
                final long units = Units.amount(asset, amount[0]);
                return admin.operator(reference, out, "deposit " + amount[0] + " " + asset.symbol() + " to " + account,
                    DepositDecoder.TEMPLATE_ID,
                    (session) -> session.client().deposit(account, asset.id(), units, reference32));
            });
        }
    }

    @Command(name = "halt", mixinStandardHelpOptions = true, description = "Halt a market (HaltMarket).")
    static final class Halt implements Callable<Integer>
    {
        @ParentCommand
        AdminCommand admin;

        @Mixin
        MarketOption market;

        public Integer call()
        {
            return admin.onMarket("halt", market, HaltMarketDecoder.TEMPLATE_ID, (session, marketId) ->
                session.client().haltMarket(marketId));
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a halted market (ResumeMarket).")
    static final class Resume implements Callable<Integer>
    {
        @ParentCommand
        AdminCommand admin;

        @Mixin
        MarketOption market;

        public Integer call()
        {
            return admin.onMarket("resume", market, ResumeMarketDecoder.TEMPLATE_ID, (session, marketId) ->
                session.client().resumeMarket(marketId));
        }
    }

    @Command(name = "cut-batch", mixinStandardHelpOptions = true,
        description = "Cut a settlement batch now (CutSettlementBatch); the node writes it to its data folder.")
    static final class CutBatch implements Callable<Integer>
    {
        @ParentCommand
        AdminCommand admin;

        public Integer call()
        {
            return run("cut-batch", (out) ->
            {
                final NodeReference reference = admin.reference();
                return admin.operator(reference, out, "cut-batch", CutSettlementBatchDecoder.TEMPLATE_ID,
                    SettlementBatchCutDecoder.TEMPLATE_ID, (session) -> session.client().cutSettlementBatch());
            });
        }
    }
}
