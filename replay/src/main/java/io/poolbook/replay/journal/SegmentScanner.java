package io.poolbook.replay.journal;

import io.poolbook.engine.CommandHandler;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.zip.CRC32C;

import static io.poolbook.replay.journal.JournalFormat.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Walks segments mapped read-only, checking every record, and classifies what it finds: a clean end, a torn tail
 * (damage at the end of the last segment with nothing good after it) or corruption (thrown). Shared by recovery in
 * {@link JournalWriter} and by {@link JournalReader} so that both judge a journal the same way.
 * <p>
 * It works a block at a time, in two passes over memory that is by then in cache: the first checks every record
 * of the block (length, CRC32C, padding, sequence) and the chain record that closes it (placement and, when
 * verifying, SHA-256), the second hands the block's commands to the handler. So a handler never sees a command of a
 * block whose chain fails; commands after the last chain record have only their CRC32C to vouch for them.
 * <p>
 * State (expected sequence, chain hash) carries from one segment to the next of a pass. Not thread-safe.
 */
final class SegmentScanner
{
    static final int END = 0;
    static final int TAIL_DAMAGED = 1;
    static final int STOPPED = 2;

    private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);

    private final CRC32C crc = new CRC32C();
    private final MessageDigest digest = newDigest();
    private final UnsafeBuffer buffer = new UnsafeBuffer(EMPTY);
    private final byte[] computedHash = new byte[HASH_LENGTH];
    private final byte[] chainHash = new byte[HASH_LENGTH];
    private final byte[] blockPreviousHash = new byte[HASH_LENGTH];
    private final byte[] deliveredHash = new byte[HASH_LENGTH];

    private boolean verifyChain = true;

    private MappedByteBuffer mapping;
    private ByteBuffer view = EMPTY;
    private int length;
    private Path path;
    private boolean lastSegment;

    private int chainInterval;
    private long expectedSequence;
    private long lastSequence;
    private long lastTimestamp;
    private boolean chainDue;
    private long chainRecords;

    private int blockStart;
    private long blockFirstSequence;
    private int blockChainOffset;
    private int goodEnd;
    private TailDamage tailDamage;

    private long delivered;
    private long deliveredSequence;
    private int deliveredRecordEnd;
    private boolean deliveredInBlock;
    private boolean deliveredHashValid = true;

    static MessageDigest newDigest()
    {
        try
        {
            return MessageDigest.getInstance(HASH_ALGORITHM);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(HASH_ALGORITHM + " is missing from this JDK", ex);
        }
    }

    static void digestInto(final MessageDigest digest, final byte[] hash)
    {
        try
        {
            digest.digest(hash, 0, HASH_LENGTH);
        }
        catch (final DigestException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Forgets everything of an earlier pass.
     *
     * @param verifyChain whether chain records are checked against the SHA-256 of their blocks.
     */
    void reset(final boolean verifyChain)
    {
        this.verifyChain = verifyChain;
        chainInterval = 0;
        expectedSequence = 0;
        lastSequence = 0;
        lastTimestamp = 0;
        chainDue = false;
        chainRecords = 0;
        tailDamage = null;
        delivered = 0;
        deliveredSequence = 0;
        deliveredInBlock = false;
        deliveredHashValid = true;
        Arrays.fill(chainHash, (byte)0);
        Arrays.fill(deliveredHash, (byte)0);
    }

    /**
     * Maps a whole segment read-only. {@link #unmap()} must follow.
     *
     * @param path        of the segment.
     * @param lastSegment whether it is the journal's last, where damage may be a torn tail.
     */
    void map(final Path path, final boolean lastSegment)
    {
        this.path = path;
        this.lastSegment = lastSegment;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size > MAX_SEGMENT_FILE_LENGTH)
            {
                throw new JournalCorruptionException("segment longer than any writer makes: " + size, 0, path, 0);
            }
            length = (int)size;
            if (length > 0)
            {
                mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, length);
                view = mapping.duplicate();
                buffer.wrap(mapping);
            }
            else
            {
                mapping = null;
                view = EMPTY;
                buffer.wrap(EMPTY);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot map journal segment " + path, ex);
        }
    }

    void unmap()
    {
        buffer.wrap(EMPTY);
        view = EMPTY;
        if (null != mapping)
        {
            IoUtil.unmap(mapping);
            mapping = null;
        }
    }

    /**
     * Checks the mapped segment's header.
     *
     * @param nameSequence   the first sequence its file name gives.
     * @param continuesPass  whether a segment before it was scanned in this pass, so that it must continue that
     *                       segment's sequence and chain; otherwise the header's values start the pass.
     * @return {@link #END} if good, {@link #TAIL_DAMAGED} if it is the last segment, its header is torn and no record
     * follows.
     */
    int checkSegmentHeader(final long nameSequence, final boolean continuesPass)
    {
        blockStart = SEGMENT_HEADER_LENGTH;
        blockChainOffset = -1;
        goodEnd = SEGMENT_HEADER_LENGTH;
        if (length < SEGMENT_HEADER_LENGTH ||
            buffer.getLong(SEGMENT_MAGIC_OFFSET, LITTLE_ENDIAN) != SEGMENT_MAGIC ||
            buffer.getInt(SEGMENT_CHECKSUM_OFFSET, LITTLE_ENDIAN) != segmentHeaderChecksum(crc, view))
        {
            if (lastSegment && !validRecordFrom(SEGMENT_HEADER_LENGTH))
            {
                if (continuesPass && nameSequence != expectedSequence)
                {
                    // A segment is only created once its predecessor ends at the sequence before its name: records
                    // between are missing, not torn.
                    throw corrupt("torn segment header, and its name says it starts at sequence " + nameSequence +
                        " where the previous segment ends at " + lastSequence, expectedSequence, 0);
                }
                goodEnd = 0;
                blockStart = 0;
                tailDamage = TailDamage.SEGMENT_HEADER;
                return TAIL_DAMAGED;
            }
            throw corrupt("segment header damaged", nameSequence, 0);
        }

        final int version = buffer.getInt(SEGMENT_VERSION_OFFSET, LITTLE_ENDIAN);
        if (version != FORMAT_VERSION)
        {
            throw corrupt("segment format version " + version + ", this build reads " + FORMAT_VERSION, nameSequence, 0);
        }
        final long firstSequence = buffer.getLong(SEGMENT_FIRST_SEQUENCE_OFFSET, LITTLE_ENDIAN);
        if (firstSequence != nameSequence)
        {
            throw corrupt("header says first sequence " + firstSequence + ", file name says " + nameSequence,
                nameSequence, 0);
        }
        final int interval = buffer.getInt(SEGMENT_CHAIN_INTERVAL_OFFSET, LITTLE_ENDIAN);
        if (interval < 1 || (chainInterval != 0 && interval != chainInterval))
        {
            throw corrupt("chain interval " + interval + " where the journal has " + chainInterval, nameSequence, 0);
        }
        chainInterval = interval;

        if (continuesPass)
        {
            if (firstSequence != expectedSequence)
            {
                throw corrupt("segment starts at sequence " + firstSequence + ", previous segment ends at " +
                    lastSequence, expectedSequence, 0);
            }
            if (!hashEquals(buffer, SEGMENT_PREVIOUS_HASH_OFFSET, chainHash))
            {
                throw corrupt("segment's previous hash is not the previous segment's last chain hash",
                    firstSequence, SEGMENT_PREVIOUS_HASH_OFFSET);
            }
        }
        else
        {
            expectedSequence = firstSequence;
            lastSequence = firstSequence - 1;
            lastTimestamp = 0;
            chainDue = false;
            buffer.getBytes(SEGMENT_PREVIOUS_HASH_OFFSET, chainHash);
        }
        return END;
    }

    /**
     * Walks the mapped segment's records after its header.
     *
     * @param handler       given commands from {@code fromSequence} to {@code toSequence}; null to only check.
     * @param fromSequence  first sequence to hand over.
     * @param toSequence    last sequence to hand over; the scan stops after it.
     * @return {@link #END}, {@link #TAIL_DAMAGED} or {@link #STOPPED}.
     */
    int scan(final CommandHandler handler, final long fromSequence, final long toSequence)
    {
        int position = SEGMENT_HEADER_LENGTH;
        while (true)
        {
            final int end = validateBlock(position);
            if (null != handler && end > position)
            {
                if (deliver(handler, position, end, fromSequence, toSequence))
                {
                    return STOPPED;
                }
                if (deliveredInBlock && blockChainOffset >= 0)
                {
                    System.arraycopy(chainHash, 0, deliveredHash, 0, HASH_LENGTH);
                    deliveredHashValid = true;
                }
            }
            if (null != tailDamage)
            {
                return TAIL_DAMAGED;
            }
            if (end == length)
            {
                if (!lastSegment && blockChainOffset < 0)
                {
                    throw corrupt("segment ends without a chain record after its last record", expectedSequence, end);
                }
                return END;
            }
            position = end;
        }
    }

    private int validateBlock(final int start)
    {
        final UnsafeBuffer buffer = this.buffer;
        blockStart = start;
        blockFirstSequence = expectedSequence;
        blockChainOffset = -1;
        System.arraycopy(chainHash, 0, blockPreviousHash, 0, HASH_LENGTH);

        int position = start;
        while (true)
        {
            final int remaining = length - position;
            if (0 == remaining)
            {
                goodEnd = position;
                return position;
            }
            if (remaining < RECORD_HEADER_LENGTH)
            {
                return damageAt(TailDamage.PARTIAL_HEADER, position);
            }

            final int commandLength = buffer.getInt(position + RECORD_LENGTH_OFFSET, LITTLE_ENDIAN);
            if (CHAIN_LENGTH_MARKER == commandLength)
            {
                if (remaining < CHAIN_RECORD_LENGTH)
                {
                    return damageAt(TailDamage.LENGTH_PAST_END, position);
                }
                if (buffer.getInt(position + RECORD_CHECKSUM_OFFSET, LITTLE_ENDIAN) !=
                    recordChecksum(crc, view, position, HASH_LENGTH))
                {
                    return damageAt(TailDamage.CHECKSUM_MISMATCH, position);
                }
                checkChainRecord(start, position);
                position += CHAIN_RECORD_LENGTH;
                goodEnd = position;
                return position;
            }

            if (commandLength < 1 || commandLength > MAX_COMMAND_LENGTH)
            {
                return damageAt(TailDamage.BAD_LENGTH, position);
            }
            final int recordLength = recordLength(commandLength);
            if (recordLength > remaining)
            {
                return damageAt(TailDamage.LENGTH_PAST_END, position);
            }
            if (buffer.getInt(position + RECORD_CHECKSUM_OFFSET, LITTLE_ENDIAN) !=
                recordChecksum(crc, view, position, commandLength))
            {
                return damageAt(TailDamage.CHECKSUM_MISMATCH, position);
            }
            for (int i = position + RECORD_HEADER_LENGTH + commandLength, end = position + recordLength; i < end; i++)
            {
                if (0 != buffer.getByte(i))
                {
                    return damageAt(TailDamage.NONZERO_PADDING, position);
                }
            }

            final long sequence = buffer.getLong(position + RECORD_SEQUENCE_OFFSET, LITTLE_ENDIAN);
            if (chainDue)
            {
                throw corrupt("no chain record after sequence " + lastSequence + ", where one is due",
                    lastSequence, position);
            }
            if (sequence != expectedSequence)
            {
                throw corrupt((sequence < expectedSequence ? "out of order: found sequence " : "gap: found sequence ") +
                    sequence + " where " + expectedSequence + " is due", expectedSequence, position);
            }
            lastSequence = sequence;
            lastTimestamp = buffer.getLong(position + RECORD_TIMESTAMP_OFFSET, LITTLE_ENDIAN);
            expectedSequence = sequence + 1;
            chainDue = 0 == sequence % chainInterval;
            position += recordLength;
            goodEnd = position;
        }
    }

    private void checkChainRecord(final int start, final int position)
    {
        final long sequence = buffer.getLong(position + RECORD_SEQUENCE_OFFSET, LITTLE_ENDIAN);
        if (!chainDue ||
            sequence != lastSequence ||
            buffer.getLong(position + RECORD_TIMESTAMP_OFFSET, LITTLE_ENDIAN) != lastTimestamp ||
            buffer.getLong(position + RECORD_SESSION_OFFSET, LITTLE_ENDIAN) != 0)
        {
            throw corrupt("chain record for sequence " + sequence + " where none is due", expectedSequence, position);
        }
        if (verifyChain)
        {
            digest.update(blockPreviousHash);
            updateDigest(digest, start, position);
            digestInto(digest, computedHash);
            if (!hashEquals(buffer, position + RECORD_HEADER_LENGTH, computedHash))
            {
                throw corrupt("hash chain broken: records " + blockFirstSequence + ".." + sequence +
                    " do not hash to their chain record", sequence, position);
            }
        }
        buffer.getBytes(position + RECORD_HEADER_LENGTH, chainHash);
        chainDue = false;
        chainRecords++;
        blockChainOffset = position;
    }

    private int damageAt(final TailDamage damage, final int position)
    {
        if (!lastSegment || validRecordFrom(position + RECORD_ALIGNMENT))
        {
            throw corrupt(damage + " with good records after it", expectedSequence, position);
        }
        tailDamage = damage;
        goodEnd = position;
        return position;
    }

    /**
     * Looks for any record whose checksum holds at or after an offset: the sign that damage before it is not a
     * torn tail. Only runs on damage, never on a good journal.
     */
    private boolean validRecordFrom(final int from)
    {
        for (int position = from; position + RECORD_HEADER_LENGTH <= length; position += RECORD_ALIGNMENT)
        {
            final int commandLength = buffer.getInt(position + RECORD_LENGTH_OFFSET, LITTLE_ENDIAN);
            final int bodyLength;
            final int recordLength;
            if (CHAIN_LENGTH_MARKER == commandLength)
            {
                bodyLength = HASH_LENGTH;
                recordLength = CHAIN_RECORD_LENGTH;
            }
            else if (commandLength >= 1 && commandLength <= MAX_COMMAND_LENGTH)
            {
                bodyLength = commandLength;
                recordLength = recordLength(commandLength);
            }
            else
            {
                continue;
            }
            if (recordLength <= length - position &&
                buffer.getInt(position + RECORD_CHECKSUM_OFFSET, LITTLE_ENDIAN) ==
                recordChecksum(crc, view, position, bodyLength))
            {
                return true;
            }
        }
        return false;
    }

    private boolean deliver(
        final CommandHandler handler, final int start, final int end, final long fromSequence, final long toSequence)
    {
        final UnsafeBuffer buffer = this.buffer;
        deliveredInBlock = false;
        int position = start;
        while (position < end)
        {
            final int commandLength = buffer.getInt(position + RECORD_LENGTH_OFFSET, LITTLE_ENDIAN);
            if (CHAIN_LENGTH_MARKER == commandLength)
            {
                position += CHAIN_RECORD_LENGTH;
                continue;
            }
            final int recordLength = recordLength(commandLength);
            final long sequence = buffer.getLong(position + RECORD_SEQUENCE_OFFSET, LITTLE_ENDIAN);
            if (sequence >= fromSequence)
            {
                deliveredInBlock = true;
                deliveredHashValid = false;
                deliveredSequence = sequence;
                deliveredRecordEnd = position + recordLength;
                delivered++;
                handler.onCommand(
                    sequence,
                    buffer.getLong(position + RECORD_TIMESTAMP_OFFSET, LITTLE_ENDIAN),
                    buffer.getLong(position + RECORD_SESSION_OFFSET, LITTLE_ENDIAN),
                    buffer,
                    position + RECORD_HEADER_LENGTH,
                    commandLength);
                if (sequence >= toSequence)
                {
                    return true;
                }
            }
            position += recordLength;
        }
        return false;
    }

    /**
     * The journal hash through the last command handed over; computed from the mapped block if not yet known, so
     * it must be called (or {@link #settleDeliveredHash()}) before {@link #unmap()}.
     */
    void deliveredHash(final byte[] dst, final int offset)
    {
        settleDeliveredHash();
        System.arraycopy(deliveredHash, 0, dst, offset, HASH_LENGTH);
    }

    void settleDeliveredHash()
    {
        if (!deliveredHashValid)
        {
            digest.update(blockPreviousHash);
            updateDigest(digest, blockStart, deliveredRecordEnd);
            digestInto(digest, deliveredHash);
            deliveredHashValid = true;
        }
    }

    /**
     * The journal hash through one sequence of the mapped segment, whose header has been checked to start a pass:
     * walks the record headers to the block holding it, checks that block's records, and hashes them on to the
     * chain hash before the block. Chain records before that block are taken as they are.
     *
     * @return whether the sequence was found in a good record.
     */
    boolean hashAt(final long sequence, final byte[] dst, final int offset)
    {
        final UnsafeBuffer buffer = this.buffer;
        int start = SEGMENT_HEADER_LENGTH;
        int position = start;
        while (position + RECORD_HEADER_LENGTH <= length)
        {
            final int commandLength = buffer.getInt(position + RECORD_LENGTH_OFFSET, LITTLE_ENDIAN);
            if (CHAIN_LENGTH_MARKER == commandLength)
            {
                if (position + CHAIN_RECORD_LENGTH > length ||
                    buffer.getInt(position + RECORD_CHECKSUM_OFFSET, LITTLE_ENDIAN) !=
                    recordChecksum(crc, view, position, HASH_LENGTH))
                {
                    return false;
                }
                buffer.getBytes(position + RECORD_HEADER_LENGTH, chainHash);
                position += CHAIN_RECORD_LENGTH;
                start = position;
                continue;
            }
            if (commandLength < 1 || commandLength > MAX_COMMAND_LENGTH)
            {
                return false;
            }
            final int recordLength = recordLength(commandLength);
            if (recordLength > length - position)
            {
                return false;
            }
            final long recordSequence = buffer.getLong(position + RECORD_SEQUENCE_OFFSET, LITTLE_ENDIAN);
            if (recordSequence > sequence)
            {
                return false;
            }
            if (recordSequence == sequence)
            {
                return hashBlockThrough(start, position + recordLength, dst, offset);
            }
            position += recordLength;
        }
        return false;
    }

    private boolean hashBlockThrough(final int start, final int end, final byte[] dst, final int offset)
    {
        for (int position = start; position < end; )
        {
            final int commandLength = buffer.getInt(position + RECORD_LENGTH_OFFSET, LITTLE_ENDIAN);
            if (buffer.getInt(position + RECORD_CHECKSUM_OFFSET, LITTLE_ENDIAN) !=
                recordChecksum(crc, view, position, commandLength))
            {
                return false;
            }
            position += recordLength(commandLength);
        }
        digest.update(chainHash);
        updateDigest(digest, start, end);
        digestInto(digest, computedHash);
        System.arraycopy(computedHash, 0, dst, offset, HASH_LENGTH);
        return true;
    }

    /**
     * Feeds mapped bytes to a digest.
     */
    void updateDigest(final MessageDigest target, final int from, final int to)
    {
        if (to > from)
        {
            view.limit(to).position(from);
            target.update(view);
        }
    }

    private JournalCorruptionException corrupt(final String reason, final long sequence, final long offset)
    {
        return new JournalCorruptionException(reason, sequence, path, offset);
    }

    /**
     * Checks that a segment's predecessor ends with the chain record its header continues from, reading only the
     * predecessor's last 64 bytes.
     *
     * @param previous      path of the segment before.
     * @param firstSequence of the segment after it.
     * @param segment       path of the segment after it, for the message.
     * @param previousHash  the later segment's previous-hash field.
     */
    static void checkLink(final Path previous, final long firstSequence, final Path segment, final byte[] previousHash)
    {
        final ByteBuffer tail = ByteBuffer.allocate(CHAIN_RECORD_LENGTH).order(LITTLE_ENDIAN);
        long size = 0;
        try (FileChannel channel = FileChannel.open(previous, StandardOpenOption.READ))
        {
            size = channel.size();
            if (size >= SEGMENT_HEADER_LENGTH + CHAIN_RECORD_LENGTH)
            {
                channel.read(tail, size - CHAIN_RECORD_LENGTH);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read journal segment " + previous, ex);
        }
        final UnsafeBuffer record = new UnsafeBuffer(tail.array());
        final CRC32C crc = new CRC32C();
        crc.update(tail.array(), 0, RECORD_CHECKED_HEADER_LENGTH);
        crc.update(tail.array(), RECORD_HEADER_LENGTH, HASH_LENGTH);
        if (tail.position() != CHAIN_RECORD_LENGTH ||
            record.getInt(RECORD_LENGTH_OFFSET, LITTLE_ENDIAN) != CHAIN_LENGTH_MARKER ||
            record.getInt(RECORD_CHECKSUM_OFFSET, LITTLE_ENDIAN) != (int)crc.getValue() ||
            record.getLong(RECORD_SEQUENCE_OFFSET, LITTLE_ENDIAN) != firstSequence - 1 ||
            !hashEquals(record, RECORD_HEADER_LENGTH, previousHash))
        {
            throw new JournalCorruptionException(
                "does not continue the chain record at the end of " + previous, firstSequence, segment, 0);
        }
    }

    int chainInterval()
    {
        return chainInterval;
    }

    long expectedSequence()
    {
        return expectedSequence;
    }

    long lastSequence()
    {
        return lastSequence;
    }

    long lastTimestamp()
    {
        return lastTimestamp;
    }

    boolean chainDue()
    {
        return chainDue;
    }

    long chainRecords()
    {
        return chainRecords;
    }

    /** The chain hash of the last chain record passed, or of the segment header before any. */
    byte[] chainHash()
    {
        return chainHash;
    }

    /** Start of the bytes after the last chain record (or segment header), up to {@link #goodEnd()}. */
    int tailStart()
    {
        return blockChainOffset >= 0 ? goodEnd : blockStart;
    }

    /** End of the last good record or header. */
    int goodEnd()
    {
        return goodEnd;
    }

    int length()
    {
        return length;
    }

    TailDamage tailDamage()
    {
        return tailDamage;
    }

    long delivered()
    {
        return delivered;
    }

    long deliveredSequence()
    {
        return deliveredSequence;
    }

    /** The segment's previous-hash field, copied out. */
    byte[] segmentPreviousHash()
    {
        final byte[] hash = new byte[HASH_LENGTH];
        buffer.getBytes(SEGMENT_PREVIOUS_HASH_OFFSET, hash);
        return hash;
    }
}
