package io.poolbook.replay.journal;

import io.poolbook.codecs.JournalRecordHeaderEncoder;
import io.poolbook.engine.CommandHandler;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32C;

import static io.poolbook.replay.journal.JournalFormat.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Appends sequenced commands to the journal (format: {@link JournalFormat}) with group commit: {@link #append}
 * stages records in a direct buffer, {@link #commit()} writes them to the segment file and forces them per the
 * {@link FsyncPolicy}. The node calls commit once per batch taken from its input ring and acknowledges nothing of
 * the batch before it returns. Allocation-free in steady state: one direct buffer, one CRC32C, one SHA-256 digest,
 * {@link FileChannel} writes from the direct buffer; only a segment roll allocates (a path and a channel).
 * <h2>Recovery on open</h2>
 * The last segment is scanned. Damage at its end with nothing good after it (a partial header, a length past the
 * end of the file, a CRC32C mismatch, non-zero padding, a torn segment header) is what a crash leaves: it is cut back
 * to the last good record and described by {@link #recovery()}. Anything else (a bad record followed by good ones,
 * a sequence gap, a broken chain, a segment not continuing its predecessor) throws
 * {@link JournalCorruptionException} naming the sequence, and nothing is changed. If the last good record closes a
 * chain block whose chain record was cut, the chain record is written again. Appends then continue the sequence.
 * <h2>Hash chain: SHA-256 per block of N records, not per record</h2>
 * A 64- or 128-bit chained hash (xxHash, CRC) is not tamper-evident: an adversary who edits a record can find a
 * colliding edit or simply recompute it. SHA-256 (the JDK's, with its SHA-NI intrinsic; faster here than SHA-512/256)
 * is. Measured on this project's 2-core EPYC host (JDK 17, 64-byte commands, 96-byte records): SHA-256 with a
 * finalisation per record costs about 200 ns a record on its own, and the journal with a chain record after every
 * record writes 2.7 M records/s ({@code JournalWriteBenchmark}, {@code chainInterval=1}); hashing blocks streams
 * records at about 1.5 GB/s (about 60 ns each) with one finalisation per block: 5.4 M records/s at 64 records a
 * block, 5.75 M at 1024. So a chain record follows every N-th sequence ({@link JournalConfig#chainInterval()},
 * default 1024: a chain record costs 0.07% of the bytes, and the journal hash at any sequence needs at most one
 * block, about 100 KB, hashed on demand). Blocks are cut by sequence, not by
 * commit, so the hash at a sequence never depends on how the node happened to batch. The hash at any sequence is
 * still defined and obtainable ({@link #journalHash}, {@link JournalReader#hashAt}), so a settlement batch can
 * commit to exactly its last record. The chain makes changing, dropping or reordering any chained record
 * detectable from the files alone; an adversary who can rewrite files can still rewrite the whole tail after an
 * edit, which only a hash published elsewhere (a settlement batch on chain) exposes.
 * <h2>Durability</h2>
 * {@link FsyncPolicy#ALWAYS}: each commit that wrote bytes ends with {@code fdatasync}. {@link FsyncPolicy#INTERVAL_MS}:
 * a commit forces only if the last force is older than the interval. {@link FsyncPolicy#NONE}: never. With any
 * policy but NONE, a segment is forced before it is closed on roll and a new segment's directory entry is forced.
 * <p>
 * <h2>Write failures</h2>
 * A write, force or segment roll that fails (a full disk, a file system gone read-only) leaves the segment's end in
 * an unknown state: part of the staged bytes may have reached the file. The writer then fails for good: every later
 * call throws {@link IllegalStateException} naming the first failure, {@link #close()} writes nothing more and only
 * releases the files, and what is in the file is recovered on the next open like a crash's torn tail. What
 * {@link #durableSequence()} reported before the failure stays durable.
 * <p>
 * One writer per journal folder (a file lock guards it); not thread-safe: call it from the journaling thread only.
 * It is a {@link CommandHandler}, so a driver can feed it like the engine.
 */
public final class JournalWriter implements CommandHandler, AutoCloseable
{
    /** Sequence meaning "none": sequences start at 1. */
    public static final long NO_SEQUENCE = 0;

    private final Path directory;
    private final FsyncPolicy fsyncPolicy;
    private final long fsyncIntervalNs;
    private final int segmentSize;
    private final int chainInterval;
    private final int maxCommandLength;

    private final ByteBuffer byteBuffer;
    private final UnsafeBuffer buffer;
    private final ByteBuffer view;
    private final JournalRecordHeaderEncoder headerEncoder = new JournalRecordHeaderEncoder();
    private final CRC32C crc = new CRC32C();
    private final MessageDigest digest = SegmentScanner.newDigest();
    private final byte[] chainHash = new byte[HASH_LENGTH];

    private final FileChannel lockChannel;
    private final FileLock lock;
    private TailReport recovery;

    private FileChannel channel;
    private Path segmentPath;
    private long segmentFirstSequence = NO_SEQUENCE;
    private long fileLength;
    private int position;
    private int hashedUpTo;
    private boolean rollPending;
    private boolean blockOpen;

    private long nextSequence = NO_SEQUENCE;
    private long lastSequence = NO_SEQUENCE;
    private long lastTimestamp;
    private long writtenSequence = NO_SEQUENCE;
    private long durableSequence = NO_SEQUENCE;
    private boolean unsynced;
    private long lastSyncNs;
    private long syncCount;
    private boolean closed;
    private IOException writeFailure;

    /**
     * Opens the journal in {@link JournalConfig#directory()}, creating the folder if needed, and recovers its tail.
     *
     * @param config settings; validated here.
     * @throws JournalCorruptionException if the last segment is corrupt beyond a torn tail.
     * @throws IllegalStateException if another writer holds the journal.
     */
    public JournalWriter(final JournalConfig config)
    {
        config.validate();
        directory = config.directory();
        fsyncPolicy = config.fsyncPolicy();
        fsyncIntervalNs = config.fsyncIntervalMs() * 1_000_000L;
        segmentSize = config.segmentSize();
        lastSyncNs = System.nanoTime() - fsyncIntervalNs;

        byteBuffer = BufferUtil.allocateDirectAligned(config.bufferLength(), 64);
        buffer = new UnsafeBuffer(byteBuffer);
        view = byteBuffer.duplicate();
        maxCommandLength = Math.min(
            MAX_COMMAND_LENGTH,
            config.bufferLength() - SEGMENT_HEADER_LENGTH - RECORD_HEADER_LENGTH - CHAIN_RECORD_LENGTH - RECORD_ALIGNMENT);

        FileChannel lockChannel = null;
        try
        {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(
                directory.resolve(LOCK_FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try
            {
                lock = lockChannel.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                lock = null;
            }
            if (null == lock)
            {
                throw new IllegalStateException("journal " + directory + " is open in another writer");
            }
            this.lockChannel = lockChannel;
            this.lock = lock;
            chainInterval = recover(new SegmentScanner(), config.chainInterval());
        }
        catch (final IOException ex)
        {
            closeQuietly(channel);
            closeQuietly(lockChannel);
            throw new UncheckedIOException("cannot open journal " + directory, ex);
        }
        catch (final RuntimeException ex)
        {
            closeQuietly(channel);
            closeQuietly(lockChannel);
            throw ex;
        }
    }

    private int recover(final SegmentScanner scanner, final int configuredChainInterval) throws IOException
    {
        final long[] segments = listSegments(directory);
        Path tornSegment = null;
        for (int index = segments.length - 1; index >= 0; index--)
        {
            final Path path = segmentPath(directory, segments[index]);
            scanner.reset(true);
            scanner.map(path, true);
            final int end;
            final boolean tailCut;
            try
            {
                if (SegmentScanner.TAIL_DAMAGED == scanner.checkSegmentHeader(segments[index], false))
                {
                    if (null != tornSegment)
                    {
                        throw new JournalCorruptionException("the last two segments have torn headers", segments[index],
                            path, 0);
                    }
                    // Removed only once the segment before it is found to end right where its name says it starts.
                    tornSegment = path;
                    recovery = new TailReport(path, 0, scanner.length(),
                        index > 0 ? segments[index] - 1 : NO_SEQUENCE, TailDamage.SEGMENT_HEADER, true);
                    if (0 == index)
                    {
                        scanner.unmap();
                        deleteTornSegment(tornSegment);
                    }
                    continue;
                }
                if (index > 0)
                {
                    SegmentScanner.checkLink(segmentPath(directory, segments[index - 1]), segments[index], path,
                        scanner.segmentPreviousHash());
                }
                // The last segment's chain is verified as it is scanned: its blocks must be hashed here anyway.
                tailCut = SegmentScanner.TAIL_DAMAGED == scanner.scan(null, 0, Long.MAX_VALUE);
                end = scanner.goodEnd();
                System.arraycopy(scanner.chainHash(), 0, chainHash, 0, HASH_LENGTH);
                digest.reset();
                digest.update(chainHash);
                scanner.updateDigest(digest, scanner.tailStart(), end);
                if (null != tornSegment)
                {
                    if (tailCut || scanner.expectedSequence() != segments[index + 1])
                    {
                        throw new JournalCorruptionException("the last segment's header is torn and the segment " +
                            "before it ends at sequence " + scanner.lastSequence() + ", not where the torn one's name " +
                            "says it starts (" + segments[index + 1] + "): records are missing, not torn",
                            scanner.expectedSequence(), tornSegment, 0);
                    }
                }
                else if (tailCut)
                {
                    recovery = new TailReport(path, end, scanner.length() - end, scanner.lastSequence(),
                        scanner.tailDamage(), true);
                }
            }
            finally
            {
                scanner.unmap();
            }
            if (null != tornSegment)
            {
                deleteTornSegment(tornSegment);
            }

            channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.READ);
            if (tailCut)
            {
                channel.truncate(end);
                if (FsyncPolicy.NONE != fsyncPolicy)
                {
                    channel.force(true);
                }
            }
            channel.position(end);
            segmentPath = path;
            segmentFirstSequence = segments[index];
            fileLength = end;
            lastSequence = scanner.lastSequence();
            lastTimestamp = scanner.lastTimestamp();
            nextSequence = scanner.expectedSequence();
            writtenSequence = lastSequence;
            durableSequence = lastSequence;
            blockOpen = scanner.tailStart() < end;
            rollPending = !blockOpen && end > SEGMENT_HEADER_LENGTH && end >= segmentSize;
            if (scanner.chainDue())
            {
                appendChainRecord();
                commit();
            }
            return scanner.chainInterval();
        }

        Arrays.fill(chainHash, (byte)0);
        digest.reset();
        digest.update(chainHash);
        return configuredChainInterval;
    }

    /**
     * Stages one record. Nothing reaches the file before {@link #commit()} unless the staging buffer fills.
     *
     * @param sequence  must be the last sequence + 1; any positive sequence for an empty journal.
     * @param timestamp sequencer time of the command.
     * @param sessionId session the command came from.
     * @param src       holding the command bytes.
     * @param offset    of the command in {@code src}.
     * @param length    of the command, from 1 to {@link #maxCommandLength()}.
     * @return the record's offset in its segment file ({@link #segmentFirstSequence()} names the segment).
     * @throws IllegalArgumentException if the sequence does not follow or the length is out of range.
     */
    public long append(
        final long sequence,
        final long timestamp,
        final long sessionId,
        final DirectBuffer src,
        final int offset,
        final int length)
    {
        if (length < 1 || length > maxCommandLength)
        {
            throw new IllegalArgumentException("command length " + length + " not in [1, " + maxCommandLength + "]");
        }
        if (NO_SEQUENCE == nextSequence ? sequence < 1 : sequence != nextSequence)
        {
            throw new IllegalArgumentException("sequence " + sequence + " appended where " +
                (NO_SEQUENCE == nextSequence ? "a positive sequence" : Long.toString(nextSequence)) + " is due");
        }
        ensureOpen();

        if (null == channel || rollPending)
        {
            rollTo(sequence);
        }
        final int recordLength = recordLength(length);
        if (position + recordLength + CHAIN_RECORD_LENGTH > byteBuffer.capacity())
        {
            flush();
        }
        if (fileLength + position + recordLength + CHAIN_RECORD_LENGTH > MAX_SEGMENT_FILE_LENGTH)
        {
            throw new IllegalStateException("a chain block outgrows a segment file: lower the chain interval");
        }

        final int recordOffset = position;
        headerEncoder.wrap(buffer, recordOffset)
            .sequence(sequence)
            .timestamp(timestamp)
            .sessionId(sessionId)
            .length(length);
        final int bodyOffset = recordOffset + RECORD_HEADER_LENGTH;
        buffer.putBytes(bodyOffset, src, offset, length);
        for (int i = bodyOffset + length, end = recordOffset + recordLength; i < end; i++)
        {
            buffer.putByte(i, (byte)0);
        }
        buffer.putInt(recordOffset + RECORD_CHECKSUM_OFFSET, recordChecksum(crc, view, recordOffset, length), LITTLE_ENDIAN);

        position = recordOffset + recordLength;
        lastSequence = sequence;
        lastTimestamp = timestamp;
        nextSequence = sequence + 1;
        blockOpen = true;
        if (0 == sequence % chainInterval)
        {
            appendChainRecord();
        }
        return fileLength + recordOffset;
    }

    /**
     * {@link CommandHandler} form of {@link #append}.
     */
    public void onCommand(
        final long sequence,
        final long timestamp,
        final long sessionId,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        append(sequence, timestamp, sessionId, buffer, offset, length);
    }

    /**
     * Group commit: writes every staged record to the segment file, then forces it if the policy says so now.
     * Call it once per batch, and when idle under {@link FsyncPolicy#INTERVAL_MS} so the last batch gets forced.
     *
     * @return the last sequence written to the file; durable if {@link #durableSequence()} says so.
     */
    public long commit()
    {
        ensureOpen();
        flush();
        if (unsynced)
        {
            if (FsyncPolicy.ALWAYS == fsyncPolicy ||
                (FsyncPolicy.INTERVAL_MS == fsyncPolicy && System.nanoTime() - lastSyncNs >= fsyncIntervalNs))
            {
                sync();
            }
        }
        return writtenSequence;
    }

    /**
     * Writes staged records and forces the segment file now, whatever the policy.
     */
    public void sync()
    {
        ensureOpen();
        flush();
        if (unsynced)
        {
            try
            {
                channel.force(false);
            }
            catch (final IOException ex)
            {
                throw failed("cannot force journal segment " + segmentPath, ex);
            }
            unsynced = false;
            durableSequence = writtenSequence;
            lastSyncNs = System.nanoTime();
            syncCount++;
        }
    }

    /**
     * The journal hash through the last appended record (see {@link JournalFormat}): the chain hash itself when
     * that record closes a block, otherwise the block's running digest finished on a copy. The copy allocates; this
     * is for a settlement cut or a test, not for every record.
     *
     * @param dst    receives 32 bytes.
     * @param offset in {@code dst}.
     */
    public void journalHash(final byte[] dst, final int offset)
    {
        if (!blockOpen)
        {
            System.arraycopy(chainHash, 0, dst, offset, HASH_LENGTH);
            return;
        }
        try
        {
            final MessageDigest copy = (MessageDigest)digest.clone();
            updateDigest(copy, hashedUpTo, position);
            final byte[] hash = copy.digest();
            System.arraycopy(hash, 0, dst, offset, HASH_LENGTH);
        }
        catch (final CloneNotSupportedException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Last sequence appended, {@link #NO_SEQUENCE} if none. */
    public long lastSequence()
    {
        return lastSequence;
    }

    /** Last sequence written to the file (in the page cache at least). */
    public long writtenSequence()
    {
        return writtenSequence;
    }

    /** Last sequence forced to the device by this writer, or found on open. */
    public long durableSequence()
    {
        return durableSequence;
    }

    /** Forces done so far. */
    public long syncCount()
    {
        return syncCount;
    }

    /** The torn tail cut on open, or null if the journal was clean. */
    public TailReport recovery()
    {
        return recovery;
    }

    /** Records per chain block: the journal's own, for an existing journal. */
    public int chainInterval()
    {
        return chainInterval;
    }

    /** Largest command {@link #append} takes with this buffer length. */
    public int maxCommandLength()
    {
        return maxCommandLength;
    }

    public Path directory()
    {
        return directory;
    }

    /** First sequence of the segment being written, {@link #NO_SEQUENCE} before the first. */
    public long segmentFirstSequence()
    {
        return segmentFirstSequence;
    }

    /**
     * Writes what is staged, forces it unless the policy is {@link FsyncPolicy#NONE}, and releases the journal.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        try
        {
            if (null != channel && null == writeFailure)
            {
                flush();
                if (FsyncPolicy.NONE != fsyncPolicy)
                {
                    sync();
                }
            }
        }
        finally
        {
            closed = true;
            closeQuietly(channel);
            try
            {
                lock.release();
            }
            catch (final IOException ignore)
            {
                // the channel's close releases it anyway
            }
            closeQuietly(lockChannel);
        }
    }

    private void appendChainRecord()
    {
        if (position + CHAIN_RECORD_LENGTH > byteBuffer.capacity())
        {
            flush();
        }
        updateDigest(digest, hashedUpTo, position);
        SegmentScanner.digestInto(digest, chainHash);

        final int recordOffset = position;
        headerEncoder.wrap(buffer, recordOffset)
            .sequence(lastSequence)
            .timestamp(lastTimestamp)
            .sessionId(0)
            .length(CHAIN_LENGTH_MARKER);
        buffer.putBytes(recordOffset + RECORD_HEADER_LENGTH, chainHash);
        buffer.putInt(
            recordOffset + RECORD_CHECKSUM_OFFSET, recordChecksum(crc, view, recordOffset, HASH_LENGTH), LITTLE_ENDIAN);
        position = recordOffset + CHAIN_RECORD_LENGTH;

        digest.update(chainHash);
        hashedUpTo = position;
        blockOpen = false;
        rollPending = fileLength + position >= segmentSize;
    }

    private void rollTo(final long firstSequence)
    {
        try
        {
            if (null != channel)
            {
                flush();
                if (FsyncPolicy.NONE != fsyncPolicy)
                {
                    sync();
                }
                channel.close();
                channel = null;
            }
            final Path path = segmentPath(directory, firstSequence);
            channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            if (FsyncPolicy.NONE != fsyncPolicy)
            {
                forceDirectory();
            }
            segmentPath = path;
            segmentFirstSequence = firstSequence;
            fileLength = 0;
            rollPending = false;
        }
        catch (final IOException ex)
        {
            throw failed("cannot roll journal to a new segment at sequence " + firstSequence, ex);
        }

        buffer.putLong(SEGMENT_MAGIC_OFFSET, SEGMENT_MAGIC, LITTLE_ENDIAN);
        buffer.putInt(SEGMENT_VERSION_OFFSET, FORMAT_VERSION, LITTLE_ENDIAN);
        buffer.putInt(SEGMENT_CHAIN_INTERVAL_OFFSET, chainInterval, LITTLE_ENDIAN);
        buffer.putLong(SEGMENT_FIRST_SEQUENCE_OFFSET, firstSequence, LITTLE_ENDIAN);
        buffer.putBytes(SEGMENT_PREVIOUS_HASH_OFFSET, chainHash);
        buffer.putInt(SEGMENT_RESERVED_OFFSET, 0, LITTLE_ENDIAN);
        buffer.putInt(SEGMENT_CHECKSUM_OFFSET, segmentHeaderChecksum(crc, view), LITTLE_ENDIAN);
        position = SEGMENT_HEADER_LENGTH;
        hashedUpTo = SEGMENT_HEADER_LENGTH;
    }

    private void flush()
    {
        if (0 == position)
        {
            return;
        }
        updateDigest(digest, hashedUpTo, position);
        view.limit(position).position(0);
        try
        {
            do
            {
                channel.write(view);
            }
            while (view.hasRemaining());
        }
        catch (final IOException ex)
        {
            throw failed("cannot write journal segment " + segmentPath, ex);
        }
        fileLength += position;
        position = 0;
        hashedUpTo = 0;
        unsynced = true;
        writtenSequence = lastSequence;
    }

    private void updateDigest(final MessageDigest target, final int from, final int to)
    {
        if (to > from)
        {
            view.limit(to).position(from);
            target.update(view);
        }
    }

    private void deleteTornSegment(final Path segment) throws IOException
    {
        Files.delete(segment);
        if (FsyncPolicy.NONE != fsyncPolicy)
        {
            forceDirectory();
        }
    }

    private void forceDirectory() throws IOException
    {
        try (FileChannel directoryChannel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            directoryChannel.force(true);
        }
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("journal writer closed");
        }
        if (null != writeFailure)
        {
            throw new IllegalStateException("journal writer failed at sequence " + writtenSequence + ": " +
                writeFailure.getMessage(), writeFailure);
        }
    }

    private UncheckedIOException failed(final String what, final IOException ex)
    {
        writeFailure = ex;
        return new UncheckedIOException(what + " after sequence " + durableSequence + " (" + ex.getMessage() + ")", ex);
    }

    /** True once a write, force or roll failed: the writer takes nothing more (see the class comment). */
    public boolean hasFailed()
    {
        return null != writeFailure;
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (null != channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // closing after a failure: the first failure is the one to report
            }
        }
    }
}
