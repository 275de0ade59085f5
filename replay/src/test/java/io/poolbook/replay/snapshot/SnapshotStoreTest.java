package io.poolbook.replay.snapshot;

import io.poolbook.codecs.CommandWriter;
import io.poolbook.codecs.Side;
import io.poolbook.engine.Engine;
import io.poolbook.engine.EngineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

final class SnapshotStoreTest
{
    @TempDir
    Path directory;

    private final CommandWriter commands = new CommandWriter();
    private long sequence;

    private void send(final Engine engine, final int length)
    {
        engine.onCommand(++sequence, sequence * 1_000, 0, commands.buffer(), commands.offset(), length);
    }

    private Engine tradingEngine()
    {
        final Engine engine = new Engine(new EngineConfig(), (buffer, offset, length) -> { });
        send(engine, commands.addAsset(0, 1, "B", 6, 18, new byte[20]));
        send(engine, commands.addAsset(0, 2, "Q", 6, 6, new byte[20]));
        send(engine, commands.addMarket(0, 1, 1, 2, 1, 1, 1, 1_000_000, 10, 20));
        send(engine, commands.registerAccount(0, 1, new byte[32], new byte[20]));
        send(engine, commands.deposit(0, 1, 1, 1_000_000, new byte[32]));
        send(engine, commands.deposit(0, 1, 2, 1_000_000_000, new byte[32]));
        send(engine, commands.limit(1, 1, 1, Side.BUY, 100, 50));
        send(engine, commands.limit(1, 2, 1, Side.SELL, 110, 70));
        return engine;
    }

    private static Engine fresh()
    {
        return new Engine(new EngineConfig(), (buffer, offset, length) -> { });
    }

    @Test
    void theNewestSnapshotRestoresTheSameState() throws IOException
    {
        final Engine engine = tradingEngine();
        final SnapshotStore store = new SnapshotStore(directory, 3);
        store.write(engine);
        final Engine restored = store.loadNewest(SnapshotStoreTest::fresh, (problem) -> fail(problem));
        assertNotNull(restored);
        assertEquals(engine.lastSequence(), restored.lastSequence());
        assertEquals(engine.stateHash(), restored.stateHash());
    }

    @Test
    void aDamagedSnapshotFallsBackToAnOlderOne() throws IOException
    {
        final Engine engine = tradingEngine();
        final SnapshotStore store = new SnapshotStore(directory, 3);
        store.write(engine);
        final long olderSequence = engine.lastSequence();
        send(engine, commands.limit(1, 3, 1, Side.BUY, 101, 5));
        final Path newest = store.write(engine);

        try (RandomAccessFile file = new RandomAccessFile(newest.toFile(), "rw"))
        {
            file.seek(SnapshotStore.HEADER_LENGTH + 30);
            final int b = file.read();
            file.seek(SnapshotStore.HEADER_LENGTH + 30);
            file.write(b ^ 0x40);
        }

        final List<String> problems = new ArrayList<>();
        final Engine restored = store.loadNewest(SnapshotStoreTest::fresh, problems::add);
        assertNotNull(restored);
        assertEquals(olderSequence, restored.lastSequence());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("checksum"), problems.get(0));
    }

    @Test
    void withEverySnapshotDamagedTheCallerReplaysFromTheStart() throws IOException
    {
        final SnapshotStore store = new SnapshotStore(directory, 3);
        final Path file = store.write(tradingEngine());
        Files.write(file, new byte[]{ 1, 2, 3 });
        final List<String> problems = new ArrayList<>();
        assertNull(store.loadNewest(SnapshotStoreTest::fresh, problems::add));
        assertEquals(1, problems.size());
    }

    @Test
    void onlyTheNewestAreKept() throws IOException
    {
        final Engine engine = tradingEngine();
        final SnapshotStore store = new SnapshotStore(directory, 2);
        for (int i = 0; i < 4; i++)
        {
            send(engine, commands.limit(1, 10 + i, 1, Side.BUY, 90 + i, 1));
            store.write(engine);
        }
        final List<Path> files = store.list();
        assertEquals(2, files.size());
        assertEquals(engine.lastSequence(), SnapshotStore.sequenceOf(files.get(1)));
    }

    @Test
    void noDirectoryMeansNoSnapshot()
    {
        final SnapshotStore store = new SnapshotStore(directory.resolve("missing"), 2);
        assertNull(store.loadNewest(SnapshotStoreTest::fresh, (problem) -> fail(problem)));
    }
}
