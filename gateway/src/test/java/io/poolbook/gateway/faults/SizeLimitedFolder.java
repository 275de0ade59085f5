package io.poolbook.gateway.faults;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * A folder that is its own small file system (a tmpfs mount of a fixed size), so a test can fill the disk under a
 * running node for real: writes then fail with {@code ENOSPC} exactly as on a full data disk. Mounting needs root
 * (CI runs as root); {@link #tryMount} returns null where it is not allowed.
 */
final class SizeLimitedFolder implements AutoCloseable
{
    private final Path folder;
    private Path filler;

    private SizeLimitedFolder(final Path folder)
    {
        this.folder = folder;
    }

    /**
     * Mounts a tmpfs of {@code bytes} at {@code folder} (created if absent).
     *
     * @return the mount, or null if this machine does not let the test mount.
     */
    static SizeLimitedFolder tryMount(final Path folder, final long bytes) throws IOException, InterruptedException
    {
        Files.createDirectories(folder);
        final boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", folder.toString());
        return mounted ? new SizeLimitedFolder(folder) : null;
    }

    Path path()
    {
        return folder;
    }

    /**
     * Fills every free byte with one file, from large writes down to single bytes.
     *
     * @return bytes written.
     */
    long fill() throws IOException
    {
        filler = folder.resolve("filler");
        long written = 0;
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE))
        {
            for (int chunk = 1 << 20; chunk > 0; chunk >>= 1)
            {
                final ByteBuffer bytes = ByteBuffer.allocate(chunk);
                while (true)
                {
                    try
                    {
                        bytes.clear();
                        final int n = channel.write(bytes);
                        written += n;
                        if (n < chunk)
                        {
                            break;
                        }
                    }
                    catch (final IOException full)
                    {
                        break;
                    }
                }
            }
        }
        return written;
    }

    /** Removes the filler: the space is free again. */
    void free() throws IOException
    {
        if (null != filler)
        {
            Files.deleteIfExists(filler);
        }
    }

    /** Unmounts; what was in the folder is gone. */
    public void close() throws IOException, InterruptedException
    {
        if (!run("umount", folder.toString()))
        {
            run("umount", "-l", folder.toString());
        }
    }

    private static boolean run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(10, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            return false;
        }
        return 0 == process.exitValue();
    }
}
