package io.poolbook.gateway.cluster;

import io.poolbook.engine.Engine;
import io.poolbook.gateway.telemetry.NodeLog;
import io.poolbook.replay.DataFolder;
import io.poolbook.replay.journal.JournalConfig;
import io.poolbook.replay.journal.JournalReader;
import io.poolbook.replay.journal.JournalWriter;
import io.poolbook.replay.settlement.EngineChainDirectory;
import io.poolbook.replay.settlement.SettlementBatchBuilder;
import io.poolbook.replay.settlement.SettlementBatchWriter;
import io.poolbook.replay.snapshot.SnapshotStore;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A member's copy of the input in Poolbook's own journal format, so that the audit tools ({@code poolbook replay
 * verify | dump | state}) run on a member's data folder exactly as on a single node's. The cluster log, replicated
 * and archived by Aeron, is the durable record; this journal mirrors it: the service appends each command it applies,
 * with the sequence, cluster timestamp and cluster session it applied it under, before applying it. Every member
 * applies the same log, so every member writes the same journal, byte for byte (hash-chain blocks are cut by
 * sequence). Beside the journal it writes what a node writes: settlement batch files (built from the engine's
 * events) and, with each cluster snapshot, a snapshot file.
 * <p>
 * After a restart the service replays the log from its last cluster snapshot; commands the journal already holds
 * (sequence at or below its last) are not appended again. If the journal is behind the restored engine (the data
 * folder was lost or replaced while the cluster directory survived), it cannot be continued: mirroring stops with
 * an error in the log and the member keeps serving from the cluster log; copy a healthy member's data folder to
 * bring it back.
 * <p>
 * Group commit: records are staged and written by {@link #commit()}, which the service calls from its background
 * work, before each snapshot and at close; the fsync policy is the journal's ({@code none} by default, since the
 * cluster log is the durable record). Service thread only.
 */
public final class MemberJournal implements AutoCloseable
{
    private final DataFolder folder;
    private final NodeLog log;
    private final JournalWriter writer;
    private final SnapshotStore snapshots;
    private final SettlementBatchBuilder batches;
    private final byte[] hash = new byte[32];
    private boolean active;

    /**
     * Opens (or creates) the journal of a member's data folder.
     *
     * @param folder        the member's data folder.
     * @param journalConfig journal settings; its directory is set to the folder's.
     * @param engine        the engine, restored from the cluster snapshot if there was one.
     * @param lastBatchHash hash of the last settlement batch the engine cut (from the snapshot, or genesis).
     * @param log           where problems are reported.
     */
    public MemberJournal(
        final DataFolder folder,
        final JournalConfig journalConfig,
        final Engine engine,
        final byte[] lastBatchHash,
        final NodeLog log)
    {
        this.folder = folder;
        this.log = log;
        this.writer = new JournalWriter(journalConfig.directory(folder.journal()));
        this.snapshots = new SnapshotStore(folder.snapshots(), 3);
        try
        {
            final SettlementBatchWriter batchFiles = new SettlementBatchWriter(folder.settlement());
            this.batches = new SettlementBatchBuilder(new EngineChainDirectory(engine), engine.config().feeAccountId(),
                this::journalHashAt, lastBatchHash, batchFiles);
        }
        catch (final IOException ex)
        {
            writer.close();
            throw new UncheckedIOException("cannot create " + folder.settlement(), ex);
        }

        if (null != writer.recovery())
        {
            log.warn("member journal: cut a torn tail: " + writer.recovery());
        }
        active = writer.lastSequence() >= engine.lastSequence();
        if (!active)
        {
            log.error("member journal in " + folder.journal() + " ends at sequence " + writer.lastSequence() +
                " but the engine was restored at " + engine.lastSequence() + ": the journal cannot be continued " +
                "and is no longer mirrored; replace this data folder with a copy of a healthy member's", null);
        }
        else
        {
            log.info("member journal " + folder.journal() + " at sequence " + writer.lastSequence() +
                ", engine at " + engine.lastSequence());
        }
    }

    /** Is the journal being mirrored? */
    public boolean isActive()
    {
        return active;
    }

    /** Last sequence in the journal. */
    public long lastSequence()
    {
        return writer.lastSequence();
    }

    /**
     * Appends a command about to be applied, unless the journal already holds its sequence (log replay).
     */
    public void onCommand(
        final long sequence,
        final long timestamp,
        final long sessionId,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        if (active && sequence > writer.lastSequence())
        {
            writer.append(sequence, timestamp, sessionId, buffer, offset, length);
        }
    }

    /** Each engine event, for the settlement batch files. */
    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        if (active)
        {
            batches.onEvent(buffer, offset, length);
        }
    }

    /** Hash of the last settlement batch built (or the one the journal started from). */
    public byte[] lastBatchHash()
    {
        return batches.lastBatchHash();
    }

    /** Writes staged records to the segment file. */
    public void commit()
    {
        if (active)
        {
            writer.commit();
        }
    }

    /**
     * Writes a snapshot file of the engine for the audit tools, beside a cluster snapshot.
     *
     * @param engine between commands.
     */
    public void onSnapshot(final Engine engine)
    {
        if (!active)
        {
            return;
        }
        commit();
        try
        {
            snapshots.write(engine);
        }
        catch (final IOException ex)
        {
            log.error("cannot write a snapshot file in " + folder.snapshots(), ex);
        }
    }

    private byte[] journalHashAt(final long sequence)
    {
        if (sequence == writer.lastSequence())
        {
            writer.journalHash(hash, 0);
            return hash.clone();
        }
        writer.commit();
        return new JournalReader(folder.journal(), false).hashAt(sequence);
    }

    /** Writes what is staged and releases the journal. */
    public void close()
    {
        writer.close();
    }
}
