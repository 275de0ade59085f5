package io.poolbook.perf.journal;

import io.poolbook.engine.CommandHandler;
import io.poolbook.replay.journal.FsyncPolicy;
import io.poolbook.replay.journal.JournalConfig;
import io.poolbook.replay.journal.JournalReader;
import io.poolbook.replay.journal.JournalWriter;
import org.agrona.DirectBuffer;
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
 * Journal replay from the page cache: each invocation reads a journal of {@value #RECORDS} records of 64-byte
 * commands (written once per trial, default 1024-record chain blocks, two 128 MiB segments) into a handler that
 * reads every command's first and last long, as a decoder would; the score is records per second.
 * {@code verifyChain} false skips the SHA-256 of each block (CRC32C, sequence and chain placement are still checked).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JournalReadBenchmark
{
    static final int RECORDS = 2_000_000;
    static final int COMMAND_LENGTH = 64;

    @Param({ "true", "false" })
    boolean verifyChain;

    private Path directory;
    private JournalReader reader;
    private final Consumer consumer = new Consumer();

    @Setup(Level.Trial)
    public void writeJournal()
    {
        directory = JournalBenchFiles.newDirectory("journal-read");
        final UnsafeBuffer command = new UnsafeBuffer(ByteBuffer.allocateDirect(COMMAND_LENGTH));
        final SplittableRandom random = new SplittableRandom(42);
        try (JournalWriter writer = new JournalWriter(new JournalConfig()
            .directory(directory)
            .fsyncPolicy(FsyncPolicy.NONE)
            .segmentSize(128 * 1024 * 1024)
            .chainInterval(JournalConfig.CHAIN_INTERVAL_DEFAULT)))
        {
            for (long sequence = 1; sequence <= RECORDS; sequence++)
            {
                command.putLong(0, random.nextLong());
                command.putLong(COMMAND_LENGTH - 8, sequence);
                writer.append(sequence, sequence, 7, command, 0, COMMAND_LENGTH);
                if (0 == sequence % 256)
                {
                    writer.commit();
                }
            }
        }
        reader = new JournalReader(directory, verifyChain);
    }

    @TearDown(Level.Trial)
    public void deleteJournal()
    {
        JournalBenchFiles.delete(directory);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long replay()
    {
        consumer.sum = 0;
        final long records = reader.read(consumer);
        if (records != RECORDS)
        {
            throw new IllegalStateException("read " + records + " records");
        }
        return consumer.sum;
    }

    static final class Consumer implements CommandHandler
    {
        long sum;

        public void onCommand(
            final long sequence,
            final long timestamp,
            final long sessionId,
            final DirectBuffer buffer,
            final int offset,
            final int length)
        {
            sum += sequence ^ timestamp ^ buffer.getLong(offset) ^ buffer.getLong(offset + length - 8);
        }
    }
}
