package io.poolbook.perf.journal;

import io.poolbook.replay.journal.FsyncPolicy;
import io.poolbook.replay.journal.JournalConfig;
import io.poolbook.replay.journal.JournalWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Journal writes to the page cache ({@link FsyncPolicy#NONE}): each invocation appends {@value #BATCH} records of a
 * {@code commandLength}-byte command and group-commits them, as the node's journaler does with a batch from its
 * input ring; the score is records per second. Segments are 128 MiB and roll during the run; each iteration starts
 * a fresh journal in a temporary folder and deletes it after.
 * <p>
 * {@code chainInterval} is the hash-chain block in records: 1 is a chain record (SHA-256 finalisation) after every
 * record, the per-record chain the journal's design rejects; 1024 is the default.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JournalWriteBenchmark
{
    static final int BATCH = 256;

    @Param({ "64" })
    int commandLength;

    @Param({ "1", "64", "1024" })
    int chainInterval;

    private final UnsafeBuffer command = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
    private Path directory;
    private JournalWriter writer;
    private long sequence;

    @Setup(Level.Trial)
    public void makeCommand()
    {
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < commandLength; i++)
        {
            command.putByte(i, (byte)random.nextInt(256));
        }
    }

    @Setup(Level.Iteration)
    public void openJournal()
    {
        directory = JournalBenchFiles.newDirectory("journal-write");
        writer = new JournalWriter(new JournalConfig()
            .directory(directory)
            .fsyncPolicy(FsyncPolicy.NONE)
            .segmentSize(128 * 1024 * 1024)
            .chainInterval(chainInterval)
            .bufferLength(1024 * 1024));
        sequence = 0;
    }

    @TearDown(Level.Iteration)
    public void deleteJournal()
    {
        writer.close();
        JournalBenchFiles.delete(directory);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long appendAndCommit()
    {
        final JournalWriter writer = this.writer;
        final UnsafeBuffer command = this.command;
        final int length = commandLength;
        long sequence = this.sequence;
        for (int i = 0; i < BATCH; i++)
        {
            sequence++;
            writer.append(sequence, sequence, 7, command, 0, length);
        }
        this.sequence = sequence;
        return writer.commit();
    }
}
