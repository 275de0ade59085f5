package io.poolbook.replay;

import io.poolbook.codecs.CommandWriter;
import io.poolbook.codecs.Side;
import io.poolbook.engine.Engine;
import io.poolbook.engine.EngineConfig;
import io.poolbook.replay.audit.ReplayCommand;
import io.poolbook.replay.journal.FsyncPolicy;
import io.poolbook.replay.journal.JournalConfig;
import io.poolbook.replay.journal.JournalWriter;
import io.poolbook.replay.settlement.SettlementBatchWriter;
import io.poolbook.replay.snapshot.SnapshotStore;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A node's life in miniature, without the network: journal first, then the engine, events to the settlement
 * recorder; a snapshot; a restart from snapshot plus journal that continues the batch chain; then the audit tool
 * agrees with everything on disk.
 */
final class SettlementRecorderTest
{
    @TempDir
    Path dataDir;

    private final CommandWriter c = new CommandWriter();
    private final List<String> log = new ArrayList<>();

    private byte[] copy(final int length)
    {
        final byte[] bytes = new byte[length];
        c.buffer().getBytes(c.offset(), bytes);
        return bytes;
    }

    private List<byte[]> setUp()
    {
        final List<byte[]> commands = new ArrayList<>();
        commands.add(copy(c.addAsset(0, 1, "BASE", 6, 18, address(1))));
        commands.add(copy(c.addAsset(0, 2, "QUOTE", 6, 6, address(2))));
        commands.add(copy(c.addMarket(0, 1, 1, 2, 1, 1, 1, 1_000_000, 10, 20)));
        commands.add(copy(c.createPool(0, 1, 30, false)));
        for (int a = 1; a <= 3; a++)
        {
            commands.add(copy(c.registerAccount(0, a, new byte[32], address(10 + a))));
            commands.add(copy(c.deposit(0, a, 1, 1_000_000, new byte[32])));
            commands.add(copy(c.deposit(0, a, 2, 1_000_000_000, new byte[32])));
        }
        commands.add(copy(c.addLiquidity(1, 0, 1, 100_000, 10_000_000, 0)));
        return commands;
    }

    private List<byte[]> trading(final int round)
    {
        final List<byte[]> commands = new ArrayList<>();
        commands.add(copy(c.limit(1 + round % 3, 0, 1, Side.SELL, 100 + round % 3, 10)));
        commands.add(copy(c.limit(1 + (round + 1) % 3, 0, 1, Side.BUY, 101, 7)));
        commands.add(copy(c.swap(1 + (round + 2) % 3, 0, 1, Side.BUY, 500, 0)));
        if (round % 4 == 3)
        {
            commands.add(copy(c.withdraw(1 + round % 3, 0, 2, 1_000)));
            commands.add(copy(c.cutSettlementBatch(0)));
        }
        return commands;
    }

    private static byte[] address(final int seed)
    {
        final byte[] address = new byte[20];
        address[0] = 0x22;
        address[19] = (byte)seed;
        return address;
    }

    /** Starts a node on the data folder, runs the commands, optionally snapshots; returns its last sequence. */
    private long runNode(final List<byte[]> commands, final boolean snapshot) throws IOException
    {
        final DataFolder folder = new DataFolder(dataDir);
        final EngineConfig config = folder.engineConfig(new EngineConfig());
        final List<byte[]> pending = new ArrayList<>();
        final Engine engine = new Recovery(folder, config, log::add).recover(Long.MAX_VALUE, (b, o, l) ->
        {
            final byte[] bytes = new byte[l];
            b.getBytes(o, bytes);
            pending.add(bytes);
        }, true);
        pending.clear();
        final SettlementRecorder recorder = new SettlementRecorder(folder, engine, log::add, (ex) -> { throw ex; });

        try (JournalWriter journal = new JournalWriter(new JournalConfig().directory(folder.journal())
            .fsyncPolicy(FsyncPolicy.NONE).chainInterval(8)))
        {
            long sequence = engine.lastSequence();
            for (final byte[] command : commands)
            {
                sequence++;
                final UnsafeBuffer buffer = new UnsafeBuffer(command);
                journal.append(sequence, sequence * 1_000, 1, buffer, 0, command.length);
                journal.commit();
                engine.onCommand(sequence, sequence * 1_000, 1, buffer, 0, command.length);
                for (final byte[] event : pending)
                {
                    recorder.onEvent(new UnsafeBuffer(event), 0, event.length);
                }
                pending.clear();
            }
            if (snapshot)
            {
                new SnapshotStore(folder.snapshots(), 3).write(engine);
            }
            return sequence;
        }
    }

    private static String verify(final Path dataDir, final int expectedExit)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = new CommandLine(new ReplayCommand());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        assertEquals(expectedExit, commandLine.execute("verify", dataDir.toString()), out + "\n" + err);
        return out.toString();
    }

    @Test
    void batchesContinueAcrossARestartAndVerifyAgrees() throws IOException
    {
        final List<byte[]> first = setUp();
        for (int round = 0; round < 10; round++)
        {
            first.addAll(trading(round));
        }
        runNode(first, true);
        final SettlementBatchWriter files = new SettlementBatchWriter(new DataFolder(dataDir).settlement());
        assertTrue(Files.exists(files.jsonPath(1)));
        assertFalse(Files.exists(files.jsonPath(2)));

        final List<byte[]> second = new ArrayList<>();
        for (int round = 10; round < 20; round++)
        {
            second.addAll(trading(round));
        }
        runNode(second, false);
        assertTrue(log.stream().anyMatch((line) -> line.startsWith("restored the snapshot")), log.toString());
        assertTrue(Files.exists(files.jsonPath(4)));

        final String report = verify(dataDir, 0);
        assertTrue(report.contains("5 settlement batches"), report);
    }

    @Test
    void missingBatchesAreRewrittenFromTheJournalAtStartUp() throws IOException
    {
        final List<byte[]> first = setUp();
        for (int round = 0; round < 8; round++)
        {
            first.addAll(trading(round));
        }
        runNode(first, false);
        final SettlementBatchWriter files = new SettlementBatchWriter(new DataFolder(dataDir).settlement());
        final byte[] batchOne = Files.readAllBytes(files.jsonPath(1));
        Files.delete(files.jsonPath(1));
        Files.delete(files.calldataPath(1));

        runNode(trading(8), false);
        assertTrue(log.stream().anyMatch((line) -> line.contains("rewriting the batches from the journal")),
            log.toString());
        assertArrayEquals(batchOne, Files.readAllBytes(files.jsonPath(1)), "the same batch, byte for byte");
        verify(dataDir, 0);
    }

    @Test
    void aBatchMissingBeforeTheLastOneIsRewrittenToo() throws IOException
    {
        // A batch whose write failed on a full disk while later ones were written.
        final List<byte[]> first = setUp();
        for (int round = 0; round < 8; round++)
        {
            first.addAll(trading(round));
        }
        runNode(first, false);
        final SettlementBatchWriter files = new SettlementBatchWriter(new DataFolder(dataDir).settlement());
        assertTrue(Files.exists(files.jsonPath(1)), "batch 0 is not the last");
        final byte[] batchZero = Files.readAllBytes(files.calldataPath(0));
        Files.delete(files.calldataPath(0));

        runNode(trading(8), false);
        assertTrue(log.stream().anyMatch((line) -> line.startsWith("settlement batch 0 ") &&
            line.contains("is missing")), log.toString());
        assertArrayEquals(batchZero, Files.readAllBytes(files.calldataPath(0)), "the same batch, byte for byte");
        verify(dataDir, 0);
    }
}
