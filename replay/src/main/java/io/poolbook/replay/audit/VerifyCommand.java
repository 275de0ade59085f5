package io.poolbook.replay.audit;

import io.poolbook.engine.Engine;
import io.poolbook.engine.EngineConfig;
import io.poolbook.replay.DataFolder;
import io.poolbook.replay.journal.JournalCorruptionException;
import io.poolbook.replay.journal.JournalReader;
import io.poolbook.replay.journal.TailReport;
import io.poolbook.replay.settlement.EngineChainDirectory;
import io.poolbook.replay.settlement.SettlementBatch;
import io.poolbook.replay.settlement.SettlementBatchBuilder;
import io.poolbook.replay.settlement.SettlementBatchWriter;
import io.poolbook.replay.snapshot.SnapshotStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code poolbook replay verify DATA_DIR}: replays the whole journal from the start, checking every record's
 * checksum and the hash chain, recomputes every settlement batch and compares it byte for byte with the files on
 * disk, checks every snapshot's state hash against the replay at its sequence, and checks the engine's invariants
 * at the end ({@link io.poolbook.engine.EngineAudit}). Prints a verdict with counts;
 * exits 1 on any mismatch, naming the first bad sequence.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Replay the whole journal, check checksums and the hash chain, recompute every settlement batch " +
        "and snapshot hash and compare them with the files on disk. Exit 0: all good; 1: a mismatch or damage.")
final class VerifyCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "DATA_DIR", description = "The node's data folder.")
    Path dataDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private long firstBadSequence = -1;
    private String firstProblem;
    private long batchesChecked;

    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final DataFolder folder = new DataFolder(dataDir);
        if (!folder.hasJournal())
        {
            err.println("verify: no journal in " + dataDir);
            return ReplayCommand.MISMATCH;
        }

        final EngineConfig config = folder.readEngineConfig();
        final SettlementBatchWriter batchFiles = new SettlementBatchWriter(folder.settlement());
        final JournalReader hashes = new JournalReader(folder.journal(), false);
        final SettlementBatchBuilder[] batches = new SettlementBatchBuilder[1];
        final Engine engine = new Engine(config, (buffer, offset, length) -> batches[0].onEvent(buffer, offset, length));
        batches[0] = new SettlementBatchBuilder(new EngineChainDirectory(engine), config.feeAccountId(),
            hashes::hashAt, SettlementBatch.genesisHash(), (batch) -> compare(batch, batchFiles));
        final SnapshotChecks snapshots = new SnapshotChecks(new SnapshotStore(folder.snapshots(), Integer.MAX_VALUE));

        final Progress progress = new Progress((sequence, timestamp, sessionId, buffer, offset, length) ->
        {
            engine.onCommand(sequence, timestamp, sessionId, buffer, offset, length);
            snapshots.onSequence(engine, sequence, this);
        }, System.err, folder.journal());

        final JournalReader reader = new JournalReader(folder.journal(), true);
        try
        {
            reader.read(progress);
        }
        catch (final JournalCorruptionException ex)
        {
            mismatch(ex.sequence(), "journal damaged: " + ex.getMessage());
        }

        final TailReport tail = reader.tail();
        if (null != tail && tail.bytesAfter() > 0)
        {
            mismatch(tail.firstCutSequence(), "torn or corrupt tail after sequence " + tail.lastGoodSequence() +
                ": " + tail);
        }

        final long batchFilesOnDisk = countBatchFiles(folder.settlement());
        if (batchFilesOnDisk > batchesChecked && null == firstProblem)
        {
            mismatch(engine.lastSequence(), (batchFilesOnDisk - batchesChecked) +
                " settlement batch file(s) on disk that the journal does not produce");
        }

        final String violation = io.poolbook.engine.EngineAudit.check(engine);
        if (null != violation)
        {
            mismatch(engine.lastSequence(), "engine invariant broken: " + violation);
        }

        out.println("verify: " + progress.summary());
        out.printf("verify: journal up to sequence %,d, %d settlement batches, %d snapshots checked%n",
            engine.lastSequence(), batchesChecked, snapshots.checked);
        out.printf("verify: state hash %016x, invariants %s%n", engine.stateHash(), null == violation ? "hold" : "BROKEN");
        if (null != firstProblem)
        {
            out.println("verify: FAILED at sequence " + firstBadSequence + ": " + firstProblem);
            return ReplayCommand.MISMATCH;
        }
        out.println("verify: OK");
        return 0;
    }

    private void compare(final SettlementBatch batch, final SettlementBatchWriter files)
    {
        batchesChecked++;
        final Path json = files.jsonPath(batch.index());
        try
        {
            if (!Files.exists(json))
            {
                mismatch(batch.toSequence(), "settlement batch " + batch.index() + " is missing from disk");
                return;
            }
            final ByteArrayOutputStream expected = new ByteArrayOutputStream();
            SettlementBatchWriter.writeJson(batch, expected);
            if (!Arrays.equals(expected.toByteArray(), Files.readAllBytes(json)))
            {
                mismatch(batch.toSequence(), "settlement batch " + batch.index() + " on disk differs from the replay");
            }
        }
        catch (final IOException ex)
        {
            mismatch(batch.toSequence(), "cannot read settlement batch " + batch.index() + ": " + ex.getMessage());
        }
    }

    void mismatch(final long sequence, final String problem)
    {
        spec.commandLine().getErr().println("verify: " + problem);
        if (null == firstProblem)
        {
            firstBadSequence = sequence;
            firstProblem = problem;
        }
    }

    private static long countBatchFiles(final Path settlement) throws IOException
    {
        if (!Files.isDirectory(settlement))
        {
            return 0;
        }
        try (java.util.stream.Stream<Path> files = Files.list(settlement))
        {
            return files.filter((p) -> p.getFileName().toString().matches("batch-\\d+\\.json")).count();
        }
    }

    /** Checks each snapshot's recorded state hash when the replay reaches its sequence. */
    private static final class SnapshotChecks
    {
        private final List<Path> files;
        private int next;
        int checked;

        SnapshotChecks(final SnapshotStore store) throws IOException
        {
            this.files = store.list();
        }

        void onSequence(final Engine engine, final long sequence, final VerifyCommand verify)
        {
            while (next < files.size() && SnapshotStore.sequenceOf(files.get(next)) <= sequence)
            {
                final Path file = files.get(next++);
                if (SnapshotStore.sequenceOf(file) != sequence)
                {
                    continue;
                }
                checked++;
                try
                {
                    final long recorded = SnapshotStore.recordedStateHash(file);
                    if (recorded != engine.stateHash())
                    {
                        verify.mismatch(sequence, "snapshot " + file.getFileName() + " records another state hash");
                    }
                }
                catch (final IOException | RuntimeException ex)
                {
                    verify.mismatch(sequence, "snapshot " + file.getFileName() + " is unreadable: " + ex.getMessage());
                }
            }
        }
    }
}
