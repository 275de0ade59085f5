package io.poolbook.replay.settlement;

import io.poolbook.codecs.CommandRejectedDecoder;
import io.poolbook.codecs.CommandWriter;
import io.poolbook.codecs.MessageHeaderDecoder;
import io.poolbook.codecs.Side;
import io.poolbook.engine.Engine;
import io.poolbook.engine.EngineConfig;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The real engine's events through the builder, with the engine's own reference data as the directory: a book
 * trade, a pool deposit and swap, and a withdrawal, cut into one batch. Trading deltas conserve every token; the
 * withdrawal is reported apart and makes the withdrawals tree.
 */
class EngineSettlementTest
{
    private static final int OPERATOR = 0;
    private static final int FEE = 9;
    private static final int ALICE = 1;
    private static final int BOB = 2;
    private static final int BASE = 1;
    private static final int QUOTE = 2;
    private static final int MARKET = 1;

    private final List<SettlementBatch> batches = new ArrayList<>();
    private final CommandWriter commands = new CommandWriter();
    private SettlementBatchBuilder builder;
    private Engine engine;
    private long sequence;
    private long withdrawnBase;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final CommandRejectedDecoder rejected = new CommandRejectedDecoder();
    private final List<String> rejections = new ArrayList<>();

    private void send(final int length)
    {
        engine.onCommand(++sequence, 1_000_000L * sequence, 1, commands.buffer(), commands.offset(), length);
    }

    private static byte[] address(final int seed)
    {
        final byte[] address = new byte[20];
        address[0] = (byte)seed;
        address[19] = (byte)(seed * 3);
        return address;
    }

    @Test
    void batchFromTheEngineConservesTokensAndProvesEveryLeaf()
    {
        engine = new Engine(new EngineConfig().operatorAccountId(OPERATOR).feeAccountId(FEE),
            (buffer, offset, length) ->
            {
                header.wrap(buffer, offset);
                if (header.templateId() == CommandRejectedDecoder.TEMPLATE_ID)
                {
                    rejected.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                        header.version());
                    rejections.add(rejected.toString());
                }
                builder.onEvent(buffer, offset, length);
            });
        builder = new SettlementBatchBuilder(new EngineChainDirectory(engine), FEE, Reference::journalHash,
            SettlementBatch.genesisHash(), batches::add);

        send(commands.addAsset(OPERATOR, BASE, "BTC", 8, 8, address(50)));
        send(commands.addAsset(OPERATOR, QUOTE, "USDC", 6, 18, address(51)));
        send(commands.addMarket(OPERATOR, MARKET, BASE, QUOTE, 10, 100, 100, 1_000_000_000L, 10, 20));
        send(commands.createPool(OPERATOR, MARKET, 30, false));
        for (final int account : new int[]{ ALICE, BOB })
        {
            send(commands.registerAccount(OPERATOR, account, new byte[32], address(account)));
            send(commands.deposit(OPERATOR, account, BASE, 1_000_000_000L, new byte[32]));
            send(commands.deposit(OPERATOR, account, QUOTE, 1_000_000_000_000L, new byte[32]));
        }
        send(commands.limit(ALICE, 2, MARKET, Side.SELL, 60_000, 10_000));
        send(commands.limit(BOB, 3, MARKET, Side.BUY, 60_000, 10_000));
        send(commands.addLiquidity(ALICE, 1, MARKET, 100_000_000L, 50_000_000_000L, 0));
        send(commands.swap(BOB, 4, MARKET, Side.SELL, 1_000_000, 0));
        send(commands.withdraw(BOB, 5, BASE, 1_234));
        withdrawnBase = 1_234;
        send(commands.cutSettlementBatch(OPERATOR));

        assertEquals(List.of(), rejections);
        assertEquals(1, batches.size());
        final SettlementBatch batch = batches.get(0);
        assertEquals(0, batch.index());
        assertEquals(1, batch.fromSequence());
        assertEquals(sequence, batch.toSequence());
        assertArrayEquals(Reference.journalHash(sequence), batch.journalHash());
        assertTrue(batch.tradeCount() >= 2, "book trade and swap");
        assertFalse(batch.poolDeltas().isEmpty());

        // every token unit that moved in trading went to an account or a pool; withdrawals are apart
        final Map<Integer, BigInteger> net = new HashMap<>();
        final Map<Integer, BigInteger> withdrawn = new HashMap<>();
        for (final AccountDelta delta : batch.deltas())
        {
            if (!delta.isPoolShare())
            {
                net.merge(delta.assetId(), BigInteger.valueOf(delta.delta()), BigInteger::add);
                withdrawn.merge(delta.assetId(), BigInteger.valueOf(delta.withdrawn()), BigInteger::add);
            }
        }
        for (final PoolDelta pool : batch.poolDeltas())
        {
            net.merge(pool.baseAssetId(), BigInteger.valueOf(pool.baseReserveDelta()), BigInteger::add);
            net.merge(pool.quoteAssetId(), BigInteger.valueOf(pool.quoteReserveDelta()), BigInteger::add);
        }
        assertEquals(BigInteger.ZERO, net.get(BASE));
        assertEquals(BigInteger.ZERO, net.get(QUOTE));
        assertEquals(BigInteger.valueOf(withdrawnBase), withdrawn.get(BASE));
        assertEquals(BigInteger.ZERO, withdrawn.get(QUOTE));

        // the withdrawal is the one leaf of the withdrawals tree: (bob, BTC token, -1234), 8 decimals both sides
        assertEquals(1, batch.withdrawalCount());
        final SettlementLeaf withdrawal = batch.withdrawals().get(0);
        final byte[] expectedLeaf =
            Reference.standardLeaf(address(BOB), address(50), BigInteger.valueOf(-withdrawnBase));
        assertArrayEquals(expectedLeaf, withdrawal.hash());
        assertArrayEquals(expectedLeaf, batch.withdrawalsRoot());
        assertTrue(Reference.verify(withdrawal.proof(), batch.withdrawalsRoot(), expectedLeaf));

        assertTrue(batch.deltas().stream().anyMatch(AccountDelta::isPoolShare), "alice's LP shares");
        assertFalse(batch.feeTotals().isEmpty(), "fees of the book trade");
        final List<byte[]> leafHashes = new ArrayList<>();
        for (final SettlementLeaf leaf : batch.leaves())
        {
            assertTrue(Reference.verify(leaf.proof(), batch.deltasRoot(), leaf.hash()));
            leafHashes.add(leaf.hash());
        }
        assertArrayEquals(Reference.root(leafHashes), batch.deltasRoot());

        send(commands.cutSettlementBatch(OPERATOR));
        assertEquals(2, batches.size());
        assertArrayEquals(batch.batchHash(), batches.get(1).prevBatchHash());
        assertEquals(0, batches.get(1).leafCount());
        assertEquals(0, batches.get(1).withdrawalCount());
        assertArrayEquals(new byte[32], batches.get(1).withdrawalsRoot());
    }
}
