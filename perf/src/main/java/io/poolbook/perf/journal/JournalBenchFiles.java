package io.poolbook.perf.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Temporary journal folders for the journal benchmarks, under {@code java.io.tmpdir} (or {@code poolbook.bench.dir}),
 * removed when done.
 */
final class JournalBenchFiles
{
    private JournalBenchFiles()
    {
    }

    static Path newDirectory(final String prefix)
    {
        try
        {
            final Path parent = Path.of(System.getProperty("poolbook.bench.dir", System.getProperty("java.io.tmpdir")));
            return Files.createTempDirectory(parent, prefix);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static void delete(final Path directory)
    {
        if (null == directory || !Files.exists(directory))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
