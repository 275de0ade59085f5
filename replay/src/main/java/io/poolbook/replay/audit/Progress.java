package io.poolbook.replay.audit;

import io.poolbook.engine.CommandHandler;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Passes commands on and, at most once a second, prints how far a long replay has come: records, records per
 * second and the time left, estimated from the bytes of journal still ahead. Ends with a one-line summary.
 */
final class Progress implements CommandHandler
{
    private static final long INTERVAL_NANOS = 1_000_000_000L;
    /** A record's header and its padding, on top of the command. */
    private static final int RECORD_OVERHEAD = 36;

    private final CommandHandler next;
    private final PrintStream out;
    private final long totalBytes;
    private final long startNanos = System.nanoTime();
    private long lastReportNanos = startNanos;
    private long records;
    private long bytes;

    Progress(final CommandHandler next, final PrintStream out, final Path journal)
    {
        this.next = next;
        this.out = out;
        this.totalBytes = sizeOf(journal);
    }

    public void onCommand(
        final long sequence,
        final long timestamp,
        final long sessionId,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        next.onCommand(sequence, timestamp, sessionId, buffer, offset, length);
        records++;
        bytes += length + RECORD_OVERHEAD;
        if ((records & 0x3FF) == 0)
        {
            final long now = System.nanoTime();
            if (now - lastReportNanos >= INTERVAL_NANOS)
            {
                lastReportNanos = now;
                final double seconds = (now - startNanos) / 1e9;
                final double bytesPerSecond = bytes / seconds;
                final long eta = bytesPerSecond > 0 ? (long)(Math.max(0, totalBytes - bytes) / bytesPerSecond) : 0;
                out.printf("replay: %,d records at sequence %,d, %,.0f records/s, about %ds left%n",
                    records, sequence, records / seconds, eta);
            }
        }
    }

    long records()
    {
        return records;
    }

    double seconds()
    {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** One line: records, time and rate. */
    String summary()
    {
        final double seconds = seconds();
        return String.format("%,d records in %.2f s (%,.0f records/s)", records, seconds,
            seconds > 0 ? records / seconds : 0);
    }

    private static long sizeOf(final Path journal)
    {
        long total = 0;
        if (!Files.isDirectory(journal))
        {
            return 0;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(journal, "*.seg"))
        {
            for (final Path file : files)
            {
                total += Files.size(file);
            }
        }
        catch (final IOException ex)
        {
            return 0;
        }
        return total;
    }
}
