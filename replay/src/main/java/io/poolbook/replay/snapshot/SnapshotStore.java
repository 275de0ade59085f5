package io.poolbook.replay.snapshot;

import io.poolbook.engine.Engine;
import io.poolbook.engine.SnapshotCodec;
import io.poolbook.replay.AtomicFiles;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.zip.CRC32C;

/**
 * Engine snapshots on disk: one file per snapshot, {@code snapshot-<sequence>.pbs}, written to a temporary file,
 * forced to disk and renamed into place, so a crash never leaves a half-written snapshot under a real name. A file
 * holds a header (magic, format version, sequence, state hash, payload length, CRC32C of the payload) and the
 * engine's {@link SnapshotCodec} bytes.
 * <p>
 * Loading takes the newest snapshot that is whole: its CRC matches and, once restored, the engine's state hash
 * equals the recorded one. A damaged snapshot is reported and the next older one tried; with none left the caller
 * replays the journal from the start.
 */
public final class SnapshotStore
{
    /** "PBSNAPF1" little-endian. */
    public static final long MAGIC = 0x3146_5041_4E53_4250L;
    public static final int FORMAT_VERSION = 1;
    public static final int HEADER_LENGTH = 40;
    private static final String PREFIX = "snapshot-";
    private static final String SUFFIX = ".pbs";

    private final Path directory;
    private final int retain;

    /**
     * @param directory where snapshots live; created if missing.
     * @param retain    how many of the newest snapshots to keep (at least 1).
     */
    public SnapshotStore(final Path directory, final int retain)
    {
        this.directory = directory;
        this.retain = Math.max(1, retain);
    }

    public Path directory()
    {
        return directory;
    }

    /**
     * Writes the engine's state as a snapshot at its last sequence and prunes old ones.
     *
     * @param engine to snapshot, not processing a command.
     * @return the file written.
     * @throws IOException if it cannot be written.
     */
    public Path write(final Engine engine) throws IOException
    {
        final long sequence = engine.lastSequence();
        final long stateHash = engine.stateHash();
        final DirectBuffer payload = engine.snapshot();
        return write(sequence, stateHash, payload, engine.snapshotLength());
    }

    /**
     * Writes snapshot bytes taken earlier (say on the engine's thread, written here on another) and prunes old
     * snapshots.
     *
     * @param sequence  the engine's last sequence when the bytes were taken.
     * @param stateHash the engine's state hash then.
     * @param payload   the engine's snapshot bytes, from offset 0.
     * @param length    of the snapshot.
     * @return the file written.
     * @throws IOException if it cannot be written.
     */
    public Path write(final long sequence, final long stateHash, final DirectBuffer payload, final int length)
        throws IOException
    {
        Files.createDirectories(directory);
        final ByteBuffer bytes = ByteBuffer.allocate(HEADER_LENGTH + length).order(ByteOrder.LITTLE_ENDIAN);
        final byte[] body = new byte[length];
        payload.getBytes(0, body);
        final CRC32C crc = new CRC32C();
        crc.update(body);
        bytes.putLong(MAGIC).putInt(FORMAT_VERSION).putInt(0).putLong(sequence).putLong(stateHash)
            .putInt(length).putInt((int)crc.getValue()).put(body).flip();

        final Path target = directory.resolve(fileName(sequence));
        final Path temporary = directory.resolve(fileName(sequence) + ".tmp");
        try
        {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE))
            {
                while (bytes.hasRemaining())
                {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            AtomicFiles.moveIntoPlace(temporary, target);
        }
        catch (final IOException ex)
        {
            AtomicFiles.discard(temporary, ex);
            throw ex;
        }
        prune();
        return target;
    }

    /**
     * Restores the newest whole snapshot into a fresh engine.
     *
     * @param freshEngine makes a fresh engine of the node's configuration; called once per attempt.
     * @param onProblem   told about each snapshot that could not be used, and why.
     * @return the restored engine, or null when there is no usable snapshot (replay from the start).
     */
    public Engine loadNewest(final Supplier<Engine> freshEngine, final Consumer<String> onProblem)
    {
        return loadNewest(Long.MAX_VALUE, freshEngine, onProblem);
    }

    /**
     * Restores the newest whole snapshot taken at or before a sequence into a fresh engine.
     *
     * @param maxSequence latest sequence a usable snapshot may have.
     * @param freshEngine makes a fresh engine of the node's configuration; called once per attempt.
     * @param onProblem   told about each snapshot that could not be used, and why.
     * @return the restored engine, or null when there is no usable snapshot (replay from the start).
     */
    public Engine loadNewest(
        final long maxSequence, final Supplier<Engine> freshEngine, final Consumer<String> onProblem)
    {
        final List<Path> files;
        try
        {
            files = list();
        }
        catch (final IOException ex)
        {
            onProblem.accept("cannot list snapshots in " + directory + ": " + ex.getMessage());
            return null;
        }

        for (int i = files.size() - 1; i >= 0; i--)
        {
            final Path file = files.get(i);
            if (sequenceOf(file) > maxSequence)
            {
                continue;
            }
            try
            {
                return restore(file, freshEngine.get());
            }
            catch (final IOException | RuntimeException ex)
            {
                onProblem.accept("snapshot " + file.getFileName() + " is unusable, trying an older one: " +
                    ex.getMessage());
            }
        }
        return null;
    }

    /**
     * Restores one snapshot file, checking its CRC and, after the restore, the state hash it recorded.
     *
     * @throws IOException              if it cannot be read.
     * @throws IllegalArgumentException if it is damaged.
     */
    public static Engine restore(final Path file, final Engine engine) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < HEADER_LENGTH)
        {
            throw new IllegalArgumentException("shorter than a header");
        }
        final ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (header.getLong(0) != MAGIC || header.getInt(8) != FORMAT_VERSION)
        {
            throw new IllegalArgumentException("not a snapshot file of format " + FORMAT_VERSION);
        }
        final long sequence = header.getLong(16);
        final long stateHash = header.getLong(24);
        final int length = header.getInt(32);
        final int checksum = header.getInt(36);
        if (length < 0 || HEADER_LENGTH + (long)length != bytes.length)
        {
            throw new IllegalArgumentException("length " + length + " does not match the file");
        }
        final CRC32C crc = new CRC32C();
        crc.update(bytes, HEADER_LENGTH, length);
        if ((int)crc.getValue() != checksum)
        {
            throw new IllegalArgumentException("checksum mismatch");
        }

        SnapshotCodec.read(engine, new UnsafeBuffer(bytes), HEADER_LENGTH, length);
        if (engine.lastSequence() != sequence)
        {
            throw new IllegalArgumentException("sequence " + engine.lastSequence() + " is not the recorded " + sequence);
        }
        if (engine.stateHash() != stateHash)
        {
            throw new IllegalArgumentException("state hash differs from the recorded one");
        }
        return engine;
    }

    /**
     * The state hash a snapshot file records, read from its header alone.
     *
     * @param file a snapshot file.
     * @return the recorded hash.
     * @throws IOException if it cannot be read.
     */
    public static long recordedStateHash(final Path file) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            while (header.hasRemaining() && channel.read(header) >= 0)
            {
                // read the whole header
            }
            if (header.hasRemaining() || header.getLong(0) != MAGIC)
            {
                throw new IllegalArgumentException("not a snapshot file");
            }
            return header.getLong(24);
        }
    }

    /**
     * Snapshot files, oldest first.
     *
     * @return their paths.
     * @throws IOException if the directory cannot be read.
     */
    public List<Path> list() throws IOException
    {
        final List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory))
        {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, PREFIX + "*" + SUFFIX))
        {
            for (final Path file : stream)
            {
                files.add(file);
            }
        }
        files.sort((a, b) -> Long.compare(sequenceOf(a), sequenceOf(b)));
        return files;
    }

    /** The sequence a snapshot file is named for. */
    public static long sequenceOf(final Path file)
    {
        final String name = file.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }

    private void prune() throws IOException
    {
        final List<Path> files = list();
        for (int i = 0; i < files.size() - retain; i++)
        {
            Files.deleteIfExists(files.get(i));
        }
    }

    private static String fileName(final long sequence)
    {
        return String.format("%s%020d%s", PREFIX, sequence, SUFFIX);
    }
}
