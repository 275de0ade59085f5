package io.poolbook.engine;

import io.poolbook.codecs.*;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Random command streams over many accounts and markets with and without pools, every command type and bad input
 * among them. Checks the invariants after every command, that the same input gives byte-identical events and
 * equal state hashes, and that a snapshot restored at a random point plus the rest of the input ends exactly
 * like the uninterrupted run.
 */
final class EngineRandomizedTest
{
    private static final int OPERATOR = 0;
    private static final int ACCOUNTS = 8;
    private static final int COMMANDS = Integer.getInteger("poolbook.test.randomCommands", 6_000);
    private static final int SEEDS = Integer.getInteger("poolbook.test.randomSeeds", 4);

    /** Market id, lot, tick, has pool, maker bps, taker bps. */
    private static final long[][] MARKETS = {
        { 1, 100, 10, 1, 10, 20 },
        { 2, 1, 1, 0, 0, 5 },
        { 3, 10, 5, 1, -5, 25 },
    };

    @Test
    void invariantsHoldAfterEveryCommand()
    {
        for (int seed = 1; seed <= SEEDS; seed++)
        {
            final List<byte[]> input = generate(seed, COMMANDS);
            final EngineInvariants invariants = new EngineInvariants();
            final Engine engine = new Engine(new EngineConfig().operatorAccountId(OPERATOR).feeAccountId(OPERATOR),
                (buffer, offset, length) -> { });
            for (int i = 0; i < input.size(); i++)
            {
                feed(engine, i, input.get(i));
                invariants.check(engine, "seed " + seed + " command " + (i + 1) + " (template " +
                    (input.get(i).length >= 8 ? EngineHarness.templateIdOf(input.get(i)) : -1) + ")");
            }
            assertTrue(engine.trading().lastTradeId() > 100, "the stream trades: " + engine.trading().lastTradeId());
        }
    }

    @Test
    void theSameInputGivesTheSameEventsAndHash()
    {
        final List<byte[]> input = generate(99, COMMANDS);
        final Run first = run(input, 0, input.size(), null);
        final Run second = run(input, 0, input.size(), null);
        assertArrayEquals(first.events, second.events);
        assertEquals(first.hash, second.hash);
        assertTrue(first.events.length > 100_000);
    }

    @Test
    void aSnapshotPlusTheTailEqualsTheUninterruptedRun()
    {
        final Random random = new Random(5);
        for (int round = 0; round < 3; round++)
        {
            final List<byte[]> input = generate(200 + round, COMMANDS);
            final int cut = 1 + random.nextInt(input.size() - 1);
            final Run whole = run(input, 0, input.size(), null);

            final Engine head = new Engine(config(), (buffer, offset, length) -> { });
            for (int i = 0; i < cut; i++)
            {
                feed(head, i, input.get(i));
            }
            final org.agrona.DirectBuffer bytes = head.snapshot();
            final byte[] copy = new byte[head.snapshotLength()];
            bytes.getBytes(0, copy);

            final Run tail = run(input, cut, input.size(), copy);
            final Run wholeTail = run(input, 0, input.size(), null, cut);
            assertArrayEquals(wholeTail.events, tail.events, "events after the snapshot at " + cut);
            assertEquals(whole.hash, tail.hash, "state hash at the end");
        }
    }

    private static EngineConfig config()
    {
        return new EngineConfig().operatorAccountId(OPERATOR).feeAccountId(OPERATOR);
    }

    private record Run(byte[] events, long hash)
    {
    }

    private static Run run(final List<byte[]> input, final int from, final int to, final byte[] snapshot)
    {
        return run(input, from, to, snapshot, from);
    }

    /** Runs input[from, to) on a fresh or restored engine, recording the events of commands from recordFrom on. */
    private static Run run(
        final List<byte[]> input, final int from, final int to, final byte[] snapshot, final int recordFrom)
    {
        final ByteArrayOutputStream events = new ByteArrayOutputStream();
        final int[] index = { from };
        final Engine engine = new Engine(config(), (buffer, offset, length) ->
        {
            if (index[0] >= recordFrom)
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                events.write(bytes, 0, length);
            }
        });
        if (null != snapshot)
        {
            SnapshotCodec.read(engine, new UnsafeBuffer(snapshot), 0, snapshot.length);
        }
        for (int i = from; i < to; i++)
        {
            index[0] = i;
            feed(engine, i, input.get(i));
        }
        return new Run(events.toByteArray(), engine.stateHash());
    }

    private static void feed(final Engine engine, final int index, final byte[] command)
    {
        engine.onCommand(index + 1, 1_000_000L * (index + 1), 1, new UnsafeBuffer(command), 0, command.length);
    }

    private static List<byte[]> generate(final long seed, final int count)
    {
        final Random random = new Random(seed);
        final CommandWriter c = new CommandWriter();
        final List<byte[]> input = new ArrayList<>();
        final Recorder r = new Recorder(c, input);

        r.add(c.addAsset(OPERATOR, 1, "BASE", 6, 18, EngineHarness.address(1)));
        r.add(c.addAsset(OPERATOR, 2, "QUOTE", 6, 6, EngineHarness.address(2)));
        for (final long[] m : MARKETS)
        {
            r.add(c.addMarket(OPERATOR, (int)m[0], 1, 2, m[2], m[1], m[1], 1_000 * m[1], (int)m[4], (int)m[5]));
            if (m[3] == 1)
            {
                r.add(c.createPool(OPERATOR, (int)m[0], 30, m[0] == 3));
            }
        }
        for (int a = 1; a <= ACCOUNTS; a++)
        {
            r.add(c.registerAccount(OPERATOR, a, EngineHarness.key(a), EngineHarness.address(a)));
            r.add(c.deposit(OPERATOR, a, 1, 100_000_000L, new byte[32]));
            r.add(c.deposit(OPERATOR, a, 2, 1_000_000_000L, new byte[32]));
        }
        r.add(c.addLiquidity(1, 1, 1, 1_000_000, 10_000_000, 0));
        r.add(c.addLiquidity(2, 1, 3, 100_000, 100_000, 0));

        long lastOrderGuess = 1;
        while (input.size() < count)
        {
            final long[] m = MARKETS[random.nextInt(MARKETS.length)];
            final int market = (int)m[0];
            final long lot = m[1];
            final long tick = m[2];
            final long mid = market == 1 ? 1_000 : market == 2 ? 10 : 10;
            final int account = 1 + random.nextInt(ACCOUNTS);
            final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            final long price = Math.max(tick, (mid / tick + random.nextInt(11) - 5) * tick);
            final long quantity = lot * (1 + random.nextInt(20));
            final int kind = random.nextInt(100);
            if (kind < 35)
            {
                final TimeInForce tif = TimeInForce.values()[random.nextInt(5)];
                final SelfTradePrevention stp = SelfTradePrevention.values()[random.nextInt(4)];
                r.add(c.newOrder(account, random.nextInt(50), market, side, OrderType.LIMIT, tif, stp, price,
                    quantity, 0));
            }
            else if (kind < 42)
            {
                final boolean budget = side == Side.BUY && random.nextBoolean();
                r.add(c.newOrder(account, 0, market, side, OrderType.MARKET, TimeInForce.IOC,
                    SelfTradePrevention.CANCEL_TAKER, random.nextBoolean() ? 0 : price, budget ? 0 : quantity,
                    budget ? random.nextInt(50_000) : 0));
            }
            else if (kind < 55)
            {
                r.add(c.cancelOrder(account, market, 1 + random.nextInt((int)Math.max(1, lastOrderGuess))));
            }
            else if (kind < 58)
            {
                r.add(c.cancelByClientOrderId(account, market, random.nextInt(50)));
            }
            else if (kind < 70)
            {
                r.add(c.amendOrder(account, market, 1 + random.nextInt((int)Math.max(1, lastOrderGuess)),
                    random.nextBoolean() ? price : 0, random.nextBoolean() ? quantity : 0));
            }
            else if (kind < 72)
            {
                r.add(c.massCancel(account, random.nextBoolean() ? market : CommandWriter.ALL_MARKETS));
            }
            else if (kind < 73)
            {
                r.add(c.cancelOnDisconnect(account, 1));
            }
            else if (kind < 78)
            {
                r.add(c.quote(account, random.nextInt(50), market, price - tick, quantity, price + tick, quantity));
            }
            else if (kind < 84)
            {
                r.add(c.swap(account, 0, market, side, 1 + random.nextInt(20_000), random.nextInt(3)));
            }
            else if (kind < 87)
            {
                r.add(c.addLiquidity(account, 0, market, 1 + random.nextInt(100_000), 1 + random.nextInt(1_000_000),
                    0));
            }
            else if (kind < 90)
            {
                r.add(c.removeLiquidity(account, 0, market, 1 + random.nextInt(500_000), 0, 0));
            }
            else if (kind < 92)
            {
                r.add(c.withdraw(account, 0, 1 + random.nextInt(2), random.nextInt(1_000_000)));
            }
            else if (kind < 93)
            {
                r.add(c.deposit(OPERATOR, account, 1 + random.nextInt(2), 1 + random.nextInt(1_000_000), new byte[32]));
            }
            else if (kind < 94)
            {
                r.add(random.nextBoolean() ? c.haltMarket(OPERATOR, market) : c.resumeMarket(OPERATOR, market));
            }
            else if (kind < 95)
            {
                r.add(c.cutSettlementBatch(random.nextInt(4) == 0 ? account : OPERATOR));
            }
            else if (kind < 97)
            {
                r.add(c.limit(account, 1, 1 + random.nextInt(5), side, random.nextInt(3) * price, quantity + random.nextInt(3)));
            }
            else
            {
                final int length = c.limit(account, 1, market, side, price, quantity);
                final byte[] garbage = new byte[length];
                c.buffer().getBytes(c.offset(), garbage);
                garbage[random.nextInt(length)] = (byte)random.nextInt(256);
                input.add(java.util.Arrays.copyOf(garbage, 1 + random.nextInt(length)));
            }
            lastOrderGuess += 1;
        }
        return input;
    }

    private record Recorder(CommandWriter writer, List<byte[]> input)
    {
        void add(final int length)
        {
            final byte[] bytes = new byte[length];
            writer.buffer().getBytes(writer.offset(), bytes);
            input.add(bytes);
        }
    }
}
