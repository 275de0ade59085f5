package io.poolbook.replay.settlement.contract;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.poolbook.codecs.BalanceChangedDecoder;
import io.poolbook.codecs.CommandRejectedDecoder;
import io.poolbook.codecs.CommandWriter;
import io.poolbook.codecs.MessageHeaderDecoder;
import io.poolbook.codecs.Side;
import io.poolbook.engine.Engine;
import io.poolbook.engine.EngineConfig;
import io.poolbook.replay.settlement.ChainAsset;
import io.poolbook.replay.settlement.EngineChainDirectory;
import io.poolbook.replay.settlement.Hex;
import io.poolbook.replay.settlement.SettlementBatch;
import io.poolbook.replay.settlement.SettlementBatchBuilder;
import io.poolbook.replay.settlement.SettlementBatchWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real engine run cut into three settlement batches, written as the node writes them (SettlementBatchWriter)
 * plus {@code scenario.json}, what the contract test needs besides the batches: the tokens, the deposits the chain
 * saw (the engine was credited the same), the withdrawals the engine accepted and in which batch, and every
 * account's final engine balance (available plus locked) in chain units, summed per chain address.
 * <ul>
 *     <li>batch 0: deposits, a book trade, a pool deposit, swaps, two withdrawals of BTC by bob (one leaf), a
 *     withdrawal of USDC by carol, who does not trade in the batch (a withdrawal without a trading delta), and
 *     dave, who deposited only USDC, buys BTC from the pool and withdraws some of it (his withdrawal is covered
 *     only once his trading delta is applied);</li>
 *     <li>batch 1: a swap, a partly filled order left resting (locked funds), a pool withdrawal, withdrawals of
 *     USDC and BTC;</li>
 *     <li>batch 2: nothing, so no leaves and no withdrawals.</li>
 * </ul>
 */
final class ContractScenario
{
    static final int OPERATOR = 0;
    static final int FEE = 9;
    static final int ALICE = 1;
    static final int BOB = 2;
    static final int CAROL = 3;
    static final int DAVE = 4;
    static final int BASE = 1;
    static final int QUOTE = 2;
    static final int MARKET = 1;

    private static final byte[] FEE_ADDRESS = Hex.fromHex("0xfee0000000000000000000000000000000000009");
    private static final byte[] BTC_TOKEN = Hex.fromHex("0xb7c0000000000000000000000000000000000001");
    private static final byte[] USDC_TOKEN = Hex.fromHex("0xc0ffee0000000000000000000000000000000002");

    private final CommandWriter commands = new CommandWriter();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final CommandRejectedDecoder rejected = new CommandRejectedDecoder();
    private final BalanceChangedDecoder balanceChanged = new BalanceChangedDecoder();
    private final List<String> rejections = new ArrayList<>();
    /** Latest available + locked by (account, asset). */
    private final Map<Long, Long> balances = new TreeMap<>();
    private final List<SettlementBatch> batches = new ArrayList<>();
    private final List<Movement> deposits = new ArrayList<>();
    private final List<Movement> withdrawals = new ArrayList<>();
    private final Engine engine;
    private final EngineChainDirectory directory;
    private SettlementBatchBuilder builder;
    private long sequence;

    /** A deposit or withdrawal: engine account, asset, engine amount and the batch it falls in. */
    private record Movement(int accountId, int assetId, long amount, long batchIndex)
    {
    }

    private ContractScenario()
    {
        final EngineConfig config = new EngineConfig()
            .operatorAccountId(OPERATOR)
            .feeAccountId(FEE)
            .feeAccountAddress(FEE_ADDRESS);
        engine = new Engine(config,
            (buffer, offset, length) ->
            {
                header.wrap(buffer, offset);
                final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
                if (header.templateId() == CommandRejectedDecoder.TEMPLATE_ID)
                {
                    rejected.wrap(buffer, body, header.blockLength(), header.version());
                    rejections.add(rejected.toString());
                }
                else if (header.templateId() == BalanceChangedDecoder.TEMPLATE_ID)
                {
                    balanceChanged.wrap(buffer, body, header.blockLength(), header.version());
                    balances.put(key(balanceChanged.accountId(), balanceChanged.assetId()),
                        balanceChanged.available() + balanceChanged.locked());
                }
                if (null != builder)
                {
                    builder.onEvent(buffer, offset, length);
                }
            });
        directory = new EngineChainDirectory(engine);
        builder = new SettlementBatchBuilder(directory, FEE, ContractScenario::journalHash,
            SettlementBatch.genesisHash(), batches::add);
    }

    /**
     * Runs the scenario and writes its batches and {@code scenario.json} into {@code folder}.
     *
     * @param folder to write into.
     * @return the batches.
     * @throws IOException when a file cannot be written.
     */
    static List<SettlementBatch> writeTo(final Path folder) throws IOException
    {
        final ContractScenario scenario = new ContractScenario();
        scenario.run();
        final SettlementBatchWriter writer = new SettlementBatchWriter(folder);
        for (final SettlementBatch batch : scenario.batches)
        {
            writer.write(batch);
        }
        try (OutputStream out = Files.newOutputStream(folder.resolve("scenario.json")))
        {
            scenario.writeScenario(out);
        }
        return scenario.batches;
    }

    private void run()
    {
        send(commands.addAsset(OPERATOR, BASE, "BTC", 8, 8, BTC_TOKEN));
        send(commands.addAsset(OPERATOR, QUOTE, "USDC", 6, 18, USDC_TOKEN));
        send(commands.addMarket(OPERATOR, MARKET, BASE, QUOTE, 10, 100, 100, 1_000_000_000L, 10, 20));
        send(commands.createPool(OPERATOR, MARKET, 30, false));
        for (final int account : new int[]{ ALICE, BOB, CAROL })
        {
            send(commands.registerAccount(OPERATOR, account, new byte[32], address(account)));
            deposit(account, BASE, 1_000_000_000L);
            deposit(account, QUOTE, 1_000_000_000_000L);
        }
        send(commands.registerAccount(OPERATOR, DAVE, new byte[32], address(DAVE)));
        deposit(DAVE, QUOTE, 1_000_000_000L);

        // batch 0
        send(commands.limit(ALICE, 2, MARKET, Side.SELL, 60_000, 10_000));
        send(commands.limit(BOB, 3, MARKET, Side.BUY, 60_000, 10_000));
        send(commands.addLiquidity(ALICE, 1, MARKET, 100_000_000L, 50_000_000_000L, 0));
        send(commands.swap(BOB, 4, MARKET, Side.SELL, 1_000_000, 0));
        withdraw(BOB, BASE, 1_234);
        withdraw(BOB, BASE, 766);
        withdraw(CAROL, QUOTE, 12_345_678);
        send(commands.swap(DAVE, 9, MARKET, Side.BUY, 100_000_000L, 100_000));
        withdraw(DAVE, BASE, 150_000);
        send(commands.cutSettlementBatch(OPERATOR));

        // batch 1
        send(commands.swap(CAROL, 5, MARKET, Side.BUY, 5_000_000_000L, 0));
        send(commands.limit(CAROL, 6, MARKET, Side.SELL, 61_000, 10_000));
        send(commands.limit(BOB, 7, MARKET, Side.BUY, 61_000, 5_000));
        send(commands.removeLiquidity(ALICE, 8, MARKET, 1_000_000_000L, 0, 0));
        withdraw(ALICE, QUOTE, 2_500_000);
        withdraw(CAROL, BASE, 777);
        send(commands.cutSettlementBatch(OPERATOR));

        // batch 2: nothing happened
        send(commands.cutSettlementBatch(OPERATOR));

        if (!rejections.isEmpty() || batches.size() != 3)
        {
            throw new IllegalStateException("scenario went wrong: " + rejections + ", " + batches.size() + " batches");
        }
    }

    private void deposit(final int account, final int asset, final long amount)
    {
        send(commands.deposit(OPERATOR, account, asset, amount, new byte[32]));
        deposits.add(new Movement(account, asset, amount, batches.size()));
    }

    private void withdraw(final int account, final int asset, final long amount)
    {
        send(commands.withdraw(account, 100 + withdrawals.size(), asset, amount));
        withdrawals.add(new Movement(account, asset, amount, batches.size()));
    }

    private void send(final int length)
    {
        engine.onCommand(++sequence, 1_000_000L * sequence, 1, commands.buffer(), commands.offset(), length);
    }

    private void writeScenario(final OutputStream out) throws IOException
    {
        try (JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8))
        {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeArrayFieldStart("tokens");
            for (final int assetId : new int[]{ BASE, QUOTE })
            {
                final ChainAsset asset = directory.asset(assetId);
                json.writeStartObject();
                json.writeNumberField("assetId", assetId);
                json.writeStringField("symbol", symbol(assetId));
                json.writeStringField("address", Hex.toHex(asset.tokenAddress()));
                json.writeNumberField("decimals", asset.chainDecimals());
                json.writeEndObject();
            }
            json.writeEndArray();
            writeMovements(json, "deposits", deposits);
            writeMovements(json, "withdrawals", withdrawals);

            // the engine's balances in chain units, summed per (address, token)
            final Map<String, BigInteger> expected = new TreeMap<>();
            for (final Map.Entry<Long, Long> entry : balances.entrySet())
            {
                final int accountId = (int)(entry.getKey() >>> 32);
                final ChainAsset asset = directory.asset((int)(long)entry.getKey());
                if (!asset.isPoolShare())
                {
                    expected.merge(Hex.toHex(directory.accountAddress(accountId)) + "/" + asset.assetId(),
                        asset.toChain(entry.getValue()), BigInteger::add);
                }
            }
            json.writeArrayFieldStart("expectedBalances");
            for (final Map.Entry<String, BigInteger> entry : expected.entrySet())
            {
                final String[] parts = entry.getKey().split("/");
                final int assetId = Integer.parseInt(parts[1]);
                json.writeStartObject();
                json.writeStringField("account", parts[0]);
                json.writeStringField("token", Hex.toHex(directory.asset(assetId).tokenAddress()));
                json.writeStringField("symbol", symbol(assetId));
                json.writeStringField("balance", entry.getValue().toString());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    private void writeMovements(final JsonGenerator json, final String name, final List<Movement> movements)
        throws IOException
    {
        json.writeArrayFieldStart(name);
        for (final Movement movement : movements)
        {
            final ChainAsset asset = directory.asset(movement.assetId());
            json.writeStartObject();
            json.writeNumberField("batchIndex", movement.batchIndex());
            json.writeStringField("account", Hex.toHex(directory.accountAddress(movement.accountId())));
            json.writeStringField("token", Hex.toHex(asset.tokenAddress()));
            json.writeStringField("symbol", symbol(movement.assetId()));
            json.writeStringField("amount", asset.toChain(movement.amount()).toString());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static String symbol(final int assetId)
    {
        return assetId == BASE ? "BTC" : "USDC";
    }

    private static long key(final int accountId, final int assetId)
    {
        return ((long)accountId << 32) | (assetId & 0xFFFF_FFFFL);
    }

    /** A distinct, recognisable chain address per account. */
    static byte[] address(final int accountId)
    {
        final byte[] address = new byte[20];
        address[0] = (byte)0xac;
        address[19] = (byte)accountId;
        return address;
    }

    /** A stand-in for the journal's chain hash at a sequence (the contract only carries it). */
    static byte[] journalHash(final long sequence)
    {
        final byte[] hash = new byte[32];
        for (int i = 0; i < 32; i++)
        {
            hash[i] = (byte)(sequence * 31 + i);
        }
        return hash;
    }
}
