package io.poolbook.replay.audit;

import io.poolbook.codecs.CommandWriter;
import io.poolbook.codecs.Side;
import io.poolbook.engine.Engine;
import io.poolbook.engine.EngineConfig;
import io.poolbook.replay.DataFolder;
import io.poolbook.replay.journal.FsyncPolicy;
import io.poolbook.replay.journal.JournalConfig;
import io.poolbook.replay.journal.JournalWriter;
import io.poolbook.replay.settlement.EngineChainDirectory;
import io.poolbook.replay.settlement.SettlementBatch;
import io.poolbook.replay.settlement.SettlementBatchBuilder;
import io.poolbook.replay.settlement.SettlementBatchWriter;
import io.poolbook.replay.snapshot.SnapshotStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The audit tools on a data folder written the way the node writes one: journal first, then the engine, with
 * settlement batches and a snapshot on disk.
 */
final class AuditToolsTest
{
    @TempDir
    Path dataDir;

    private DataFolder folder;
    private long snapshotSequence;
    private long lastSequence;
    private final java.io.ByteArrayOutputStream liveEvents = new java.io.ByteArrayOutputStream();
    private long liveStateHash;

    @BeforeEach
    void writeDataFolder() throws IOException
    {
        folder = new DataFolder(dataDir);
        final EngineConfig config = folder.engineConfig(new EngineConfig());
        final SettlementBatchWriter batchFiles = new SettlementBatchWriter(folder.settlement());
        final SnapshotStore snapshots = new SnapshotStore(folder.snapshots(), 3);
        final CommandWriter c = new CommandWriter();

        try (JournalWriter journal = new JournalWriter(new JournalConfig().directory(folder.journal())
            .fsyncPolicy(FsyncPolicy.NONE).chainInterval(16)))
        {
            final SettlementBatchBuilder[] batches = new SettlementBatchBuilder[1];
            final Engine engine = new Engine(config, (b, o, l) ->
            {
                final byte[] bytes = new byte[l];
                b.getBytes(o, bytes);
                liveEvents.write(bytes, 0, l);
                batches[0].onEvent(b, o, l);
            });
            batches[0] = new SettlementBatchBuilder(new EngineChainDirectory(engine), config.feeAccountId(),
                (sequence) ->
                {
                    assertEquals(journal.lastSequence(), sequence, "a cut's hash is the journal's at the cut");
                    final byte[] hash = new byte[32];
                    journal.journalHash(hash, 0);
                    return hash;
                },
                SettlementBatch.genesisHash(), batchFiles::accept);

            final long[] sequence = { 0 };
            final java.util.function.IntConsumer send = (length) ->
            {
                sequence[0]++;
                journal.append(sequence[0], sequence[0] * 1_000, 7, c.buffer(), c.offset(), length);
                journal.commit();
                engine.onCommand(sequence[0], sequence[0] * 1_000, 7, c.buffer(), c.offset(), length);
            };

            send.accept(c.addAsset(0, 1, "BASE", 6, 18, address(1)));
            send.accept(c.addAsset(0, 2, "QUOTE", 6, 6, address(2)));
            send.accept(c.addMarket(0, 1, 1, 2, 1, 1, 1, 1_000_000, 10, 20));
            for (int a = 1; a <= 3; a++)
            {
                send.accept(c.registerAccount(0, a, new byte[32], address(10 + a)));
                send.accept(c.deposit(0, a, 1, 1_000_000, new byte[32]));
                send.accept(c.deposit(0, a, 2, 1_000_000_000, new byte[32]));
            }
            for (int round = 0; round < 40; round++)
            {
                send.accept(c.limit(1 + round % 3, 0, 1, Side.SELL, 100 + round % 5, 10));
                send.accept(c.limit(1 + (round + 1) % 3, 0, 1, Side.BUY, 102, 7));
                if (round == 20)
                {
                    snapshots.write(engine);
                    snapshotSequence = engine.lastSequence();
                }
                if (round % 10 == 9)
                {
                    send.accept(c.cutSettlementBatch(0));
                }
            }
            lastSequence = sequence[0];
            liveStateHash = engine.stateHash();
        }
    }

    private static byte[] address(final int seed)
    {
        final byte[] address = new byte[20];
        address[19] = (byte)seed;
        address[0] = 0x11;
        return address;
    }

    private record Run(int exitCode, String out, String err)
    {
    }

    private static Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = new CommandLine(new ReplayCommand());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        final int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void verifyPassesOnAnUntouchedFolder()
    {
        final Run run = run("verify", dataDir.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("verify: OK"), run.out());
        assertTrue(run.out().contains("4 settlement batches"), run.out());
        assertTrue(run.out().contains("1 snapshots checked"), run.out());
    }

    @Test
    void aReplayOfTheJournalGivesTheLiveEventsByteForByteAndTheSameHash() throws IOException
    {
        final java.io.ByteArrayOutputStream replayed = new java.io.ByteArrayOutputStream();
        final Engine engine = new io.poolbook.replay.Recovery(folder, folder.readEngineConfig(), (line) -> { })
            .recover(Long.MAX_VALUE, (b, o, l) ->
            {
                final byte[] bytes = new byte[l];
                b.getBytes(o, bytes);
                replayed.write(bytes, 0, l);
            }, false);
        assertArrayEquals(liveEvents.toByteArray(), replayed.toByteArray());
        assertEquals(liveStateHash, engine.stateHash());

        final Engine fromSnapshot = new io.poolbook.replay.Recovery(folder, folder.readEngineConfig(), (line) -> { })
            .recover(Long.MAX_VALUE, (b, o, l) -> { }, true);
        assertEquals(liveStateHash, fromSnapshot.stateHash(), "snapshot plus tail equals the full replay");
    }

    @Test
    void verifyCatchesAFlippedByteAnywhereInTheJournal() throws IOException
    {
        final Path segment;
        try (Stream<Path> files = Files.list(folder.journal()))
        {
            segment = files.filter((p) -> p.toString().endsWith(".seg")).sorted().findFirst().orElseThrow();
        }
        final byte[] original = Files.readAllBytes(segment);
        int flips = 0;
        for (int position = 0; position < original.length; position += 97)
        {
            final byte[] damaged = original.clone();
            damaged[position] ^= (byte)(1 << (position % 8));
            Files.write(segment, damaged);
            final Run run = run("verify", dataDir.toString());
            assertEquals(1, run.exitCode(), "flip at byte " + position + ": " + run.out() + run.err());
            flips++;
        }
        Files.write(segment, original);
        assertEquals(0, run("verify", dataDir.toString()).exitCode());
        assertTrue(flips > 20, "flips tried: " + flips);
    }

    @Test
    void verifyCatchesAFlippedByteInTheJournal() throws IOException
    {
        final Path segment;
        try (Stream<Path> files = Files.list(folder.journal()))
        {
            segment = files.filter((p) -> p.toString().endsWith(".seg")).sorted().findFirst().orElseThrow();
        }
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw"))
        {
            final long position = file.length() / 2;
            file.seek(position);
            final int b = file.read();
            file.seek(position);
            file.write(b ^ 0x01);
        }
        final Run run = run("verify", dataDir.toString());
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("FAILED at sequence"), run.out());
    }

    @Test
    void verifyCatchesAnAlteredSettlementBatch() throws IOException
    {
        final Path batch = new SettlementBatchWriter(folder.settlement()).jsonPath(1);
        final String json = Files.readString(batch);
        Files.writeString(batch, json.replaceFirst("\"tradeCount\" : (\\d+)", "\"tradeCount\" : 999"));
        final Run run = run("verify", dataDir.toString());
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("settlement batch 1 on disk differs"), run.err());
    }

    @Test
    void verifyCatchesAMissingBatchAndAnExtraOne() throws IOException
    {
        final SettlementBatchWriter files = new SettlementBatchWriter(folder.settlement());
        Files.copy(files.jsonPath(3), files.jsonPath(4));
        assertEquals(1, run("verify", dataDir.toString()).exitCode());
        Files.delete(files.jsonPath(4));
        Files.delete(files.jsonPath(2));
        final Run run = run("verify", dataDir.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("settlement batch 2 is missing"), run.err());
    }

    @Test
    void dumpPrintsTheRequestedRecordsAsJsonLines()
    {
        final Run run = run("dump", dataDir.toString(), "--from", "3", "--to", "7");
        assertEquals(0, run.exitCode(), run.err());
        final List<String> lines = run.out().lines().collect(Collectors.toList());
        assertEquals(5, lines.size(), run.out());
        assertTrue(lines.get(0).startsWith("{\"sequence\":3,"), lines.get(0));
        assertTrue(lines.get(0).contains("\"type\":\"AddMarket\""), lines.get(0));
    }

    @Test
    void stateShowsAnAccountAndAMarketAtAnySequence()
    {
        final Run account = run("state", dataDir.toString(), "--at", "12", "--account", "1");
        assertEquals(0, account.exitCode(), account.err());
        assertTrue(account.out().contains("\"sequence\" : 12"), account.out());
        assertTrue(account.out().contains("\"available\" : 1000000000"), account.out());

        final Run market = run("state", dataDir.toString(), "--market", "1");
        assertEquals(0, market.exitCode(), market.err());
        assertTrue(market.out().contains("\"asks\""), market.out());
        assertTrue(market.out().contains("\"sequence\" : " + lastSequence), market.out());
        assertTrue(market.err().contains("restored the snapshot at sequence " + snapshotSequence), market.err());

        final Run fromStart = run("state", dataDir.toString(), "--market", "1", "--no-snapshots");
        assertEquals(market.out(), fromStart.out(), "snapshot plus tail equals a full replay");

        assertEquals(1, run("state", dataDir.toString(), "--pool", "1").exitCode(), "market 1 has no pool");
        assertEquals(2, run("state", dataDir.toString()).exitCode(), "one of --market, --account, --pool");
    }
}
