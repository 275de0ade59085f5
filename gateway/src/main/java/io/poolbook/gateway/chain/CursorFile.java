package io.poolbook.gateway.chain;

import io.poolbook.replay.AtomicFiles;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A small properties file in the data folder's {@code chain} folder, replaced atomically on every write (written
 * under a temporary name, forced to disk, then renamed over the old one), so that a kill at any instant leaves
 * either the old cursor or the new one.
 */
final class CursorFile
{
    private final Path file;

    CursorFile(final Path file)
    {
        this.file = file;
    }

    Path path()
    {
        return file;
    }

    /** @return the stored values, empty when the file does not exist yet. */
    Properties read()
    {
        final Properties properties = new Properties();
        if (Files.exists(file))
        {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
            {
                properties.load(reader);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read " + file, ex);
            }
        }
        return properties;
    }

    void write(final Properties properties, final String comment)
    {
        final Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try
        {
            Files.createDirectories(file.getParent());
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8))
            {
                properties.store(writer, comment);
            }
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(temporary,
                java.nio.file.StandardOpenOption.WRITE))
            {
                channel.force(true);
            }
            AtomicFiles.moveIntoPlace(temporary, file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }
}
