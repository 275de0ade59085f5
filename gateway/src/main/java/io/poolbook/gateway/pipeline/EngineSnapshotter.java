package io.poolbook.gateway.pipeline;

import io.poolbook.engine.Engine;
import io.poolbook.gateway.telemetry.NodeLog;
import io.poolbook.replay.snapshot.SnapshotStore;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Takes an engine snapshot every N commands on the engine's thread (a copy of the snapshot bytes, the only work
 * done there) and writes it to the data folder on a thread of its own, once the journal has made that sequence
 * durable: a snapshot on disk never runs ahead of the journal it shortens the replay of. A snapshot that cannot be
 * written (a full disk) is logged and skipped: the journal alone recovers the state. One whose sequence never
 * becomes durable because the journal failed is dropped.
 */
public final class EngineSnapshotter implements AutoCloseable
{
    private static final long DURABLE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Engine engine;
    private final SnapshotStore store;
    private final long every;
    private final JournalHandler journaler;
    private final NodeLog log;
    private final AtomicCounter storageFailures;
    private final ExecutorService writer = Executors.newSingleThreadExecutor((task) ->
    {
        final Thread thread = new Thread(task, "poolbook-snapshots");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param engine          whose state to snapshot.
     * @param store           where snapshots go.
     * @param every           commands between snapshots, positive.
     * @param journaler       whose durable sequence a snapshot waits for.
     * @param log             told about each snapshot written or failed.
     * @param storageFailures counts snapshots that could not be written.
     */
    public EngineSnapshotter(
        final Engine engine,
        final SnapshotStore store,
        final long every,
        final JournalHandler journaler,
        final NodeLog log,
        final AtomicCounter storageFailures)
    {
        this.engine = engine;
        this.store = store;
        this.every = every;
        this.journaler = journaler;
        this.log = log;
        this.storageFailures = storageFailures;
    }

    /** After the engine applied a command: every {@code every}-th sequence, take a snapshot. */
    public void onCommand(final long sequence)
    {
        if (sequence % every != 0)
        {
            return;
        }
        final long stateHash = engine.stateHash();
        final byte[] bytes = new byte[engine.snapshotLength()];
        engine.snapshot().getBytes(0, bytes);
        writer.execute(() -> write(sequence, stateHash, bytes));
    }

    private void write(final long sequence, final long stateHash, final byte[] bytes)
    {
        final long deadline = System.nanoTime() + DURABLE_WAIT_NANOS;
        while (journaler.durableSequence().get() < sequence)
        {
            if (journaler.hasFailed())
            {
                log.warn("engine snapshot at sequence " + sequence + " dropped: the journal failed before it");
                return;
            }
            if (System.nanoTime() > deadline)
            {
                log.warn("engine snapshot at sequence " + sequence + " dropped: the journal did not make it durable");
                return;
            }
            LockSupport.parkNanos(1_000_000);
        }
        try
        {
            final Path file = store.write(sequence, stateHash, new UnsafeBuffer(bytes), bytes.length);
            log.info("engine snapshot " + file.getFileName() + " (" + bytes.length + " bytes, state hash " +
                Long.toHexString(stateHash) + ")");
        }
        catch (final Exception ex)
        {
            storageFailures.incrementRelease();
            log.error("engine snapshot at sequence " + sequence + " not written (the journal still recovers it)", ex);
        }
    }

    /** Writes what is pending, then stops. */
    public void close()
    {
        writer.shutdown();
        try
        {
            writer.awaitTermination(35, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
