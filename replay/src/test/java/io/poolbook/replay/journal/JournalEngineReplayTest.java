package io.poolbook.replay.journal;

import io.poolbook.codecs.CommandWriter;
import io.poolbook.codecs.Side;
import io.poolbook.engine.Engine;
import io.poolbook.engine.EngineConfig;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The journal's purpose: commands journaled before the engine acts on them replay, through the same
 * {@code CommandHandler} interface, into a fresh engine that emits the same events byte for byte and ends in the
 * same state, across segment rolls and a writer restart.
 */
class JournalEngineReplayTest
{
    private static final int OPERATOR = 0;
    private static final int BASE = 1;
    private static final int QUOTE = 2;
    private static final int MARKET = 1;
    private static final long TICK = 10;
    private static final long LOT = 100;

    @TempDir
    Path tempDir;

    @Test
    void replayIntoAFreshEngineReproducesEveryEventAndTheState()
    {
        final Path directory = tempDir.resolve("journal");
        final JournalConfig config = new JournalConfig()
            .directory(directory)
            .segmentSize(JournalConfig.SEGMENT_SIZE_MIN)
            .chainInterval(32)
            .fsyncPolicy(FsyncPolicy.NONE);

        final ByteArrayOutputStream liveEvents = new ByteArrayOutputStream();
        final Engine live = newEngine(liveEvents);
        final CommandWriter commands = new CommandWriter();
        final SplittableRandom random = new SplittableRandom(17);
        long sequence = 0;
        long timestamp = 1_000_000_000L;

        JournalWriter writer = new JournalWriter(config);
        try
        {
            for (int step = 0; step < 3_000; step++)
            {
                if (step == 1_500)
                {
                    writer.close();
                    writer = new JournalWriter(config);
                }
                final int length = nextCommand(commands, step, random);
                sequence++;
                timestamp += 1_000;
                // Journal first, then act: as the node does.
                writer.append(sequence, timestamp, 1, commands.buffer(), commands.offset(), length);
                if (step % 16 == 15)
                {
                    writer.commit();
                }
                live.onCommand(sequence, timestamp, 1, commands.buffer(), commands.offset(), length);
            }
        }
        finally
        {
            writer.close();
        }
        assertTrue(JournalFormat.listSegments(directory).length > 3);

        final ByteArrayOutputStream replayedEvents = new ByteArrayOutputStream();
        final Engine replayed = newEngine(replayedEvents);
        assertEquals(sequence, new JournalReader(directory).read(replayed));

        assertTrue(liveEvents.size() > 100_000, "the run did trade: " + liveEvents.size() + " bytes of events");
        assertArrayEquals(liveEvents.toByteArray(), replayedEvents.toByteArray());
        assertEquals(live.stateHash(), replayed.stateHash());
        assertEquals(live.lastSequence(), replayed.lastSequence());
    }

    private static Engine newEngine(final ByteArrayOutputStream events)
    {
        return new Engine(
            new EngineConfig().operatorAccountId(OPERATOR).feeAccountId(OPERATOR),
            (DirectBuffer buffer, int offset, int length) ->
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                events.write(bytes, 0, length);
            });
    }

    private static int nextCommand(final CommandWriter commands, final int step, final SplittableRandom random)
    {
        switch (step)
        {
            case 0:
                return commands.addAsset(OPERATOR, BASE, "BASE", 6, 18, bytes(20, BASE));
            case 1:
                return commands.addAsset(OPERATOR, QUOTE, "QUOTE", 6, 18, bytes(20, QUOTE));
            case 2:
                return commands.addMarket(OPERATOR, MARKET, BASE, QUOTE, TICK, LOT, LOT, 1_000_000 * LOT, 10, 20);
            default:
                break;
        }
        if (step < 3 + 4 * 3)
        {
            final int accountId = 1 + (step - 3) / 3;
            switch ((step - 3) % 3)
            {
                case 0:
                    return commands.registerAccount(OPERATOR, accountId, bytes(32, accountId), bytes(20, 100 + accountId));
                case 1:
                    return commands.deposit(OPERATOR, accountId, BASE, 1_000_000_000L, new byte[32]);
                default:
                    return commands.deposit(OPERATOR, accountId, QUOTE, 1_000_000_000_000L, new byte[32]);
            }
        }
        final int accountId = 1 + random.nextInt(4);
        final int kind = random.nextInt(10);
        if (kind < 8)
        {
            final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            final long price = TICK * (1_000 + random.nextInt(21) - 10);
            final long quantity = LOT * (1 + random.nextInt(20));
            return commands.limit(accountId, step, MARKET, side, price, quantity);
        }
        if (kind == 8)
        {
            return commands.cancelOrder(accountId, MARKET, 1 + random.nextInt(step));
        }
        return commands.massCancel(accountId, MARKET);
    }

    private static byte[] bytes(final int length, final int seed)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(seed * 31 + i);
        }
        return bytes;
    }
}
