package io.poolbook.replay.journal;

import io.poolbook.codecs.JournalRecordHeaderEncoder;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The journal's on-disk format, in one place, so that the writer, the reader and recovery agree byte for byte.
 * <h2>Files</h2>
 * A journal is a folder of append-only segment files named by the sequence of their first record, zero-padded to
 * 20 digits so that names sort as numbers: {@code 00000000000000000001.seg}, {@code 00000000000000052225.seg}, ...
 * Naming by first sequence lets a reader find the segment holding any sequence with a binary search over names,
 * without an index file. Other files in the folder (the writer's {@value #LOCK_FILE_NAME}) are ignored.
 * <h2>Segment header (64 bytes, little-endian)</h2>
 * <pre>
 *   0  magic            int64   "PBJRNL01" as ASCII
 *   8  format version   int32   {@value #FORMAT_VERSION}
 *  12  chain interval   int32   records per hash-chain block (see below)
 *  16  first sequence   int64   equals the file name
 *  24  previous hash    32 B    the chain hash this segment continues from (zeros for a journal's first segment)
 *  56  reserved         int32   zero
 *  60  checksum         uint32  CRC32C of bytes 0..59
 * </pre>
 * <h2>Records (8-byte aligned)</h2>
 * A command record is the 32-byte {@code JournalRecordHeader} block of the schema (template 200, encoded with its
 * generated encoder <em>without</em> a message header: sequence, timestamp, sessionId, length, checksum), then the
 * command bytes exactly as the engine consumed them, then zero padding to the next multiple of
 * {@value #RECORD_ALIGNMENT}. The alignment keeps every header's longs aligned for the reader and costs at most seven
 * bytes. One deviation from the schema's description: the checksum is CRC32C over the header's first 28 bytes
 * <em>and</em> the command bytes, not the command bytes alone, so that a flipped bit in the sequence, timestamp,
 * session or length of a record not yet covered by a chain record is caught too.
 * <p>
 * A <b>chain record</b> has the same 32-byte header with {@code length = } {@value #CHAIN_LENGTH_MARKER} (a command
 * is never shorter than one byte, so a negative length cannot be a command), the sequence and timestamp of the
 * record it follows, session 0, and a 32-byte body: the SHA-256 chain hash. Its checksum covers header and hash.
 * <h2>Hash chain</h2>
 * Records are grouped in blocks by sequence: a chain record follows every command record whose sequence is a
 * multiple of the chain interval N. With {@code h0} the first segment's previous hash (zeros),
 * <pre>
 *   h(k) = SHA-256( h(k-1) || every byte of block k's records: headers, commands, padding )
 * </pre>
 * and the <b>journal hash at any sequence S</b> is {@code SHA-256(h(last chain before S) || the record bytes after
 * it up to and including S)}, which is h(k) itself when S closes block k. Because block boundaries depend only on
 * sequences, never on when the node happened to commit, two nodes journaling the same input produce the same
 * hashes. A segment rolls only right after a chain record, once it has reached its configured size, so a block
 * never spans two files and every segment can be verified from its own header.
 */
public final class JournalFormat
{
    /** Suffix of segment files. */
    public static final String SEGMENT_SUFFIX = ".seg";
    /** Digits of the first sequence in a segment's file name. */
    public static final int SEGMENT_NAME_DIGITS = 20;
    /** The writer's lock file, ignored by readers. */
    public static final String LOCK_FILE_NAME = "journal.lock";

    /** "PBJRNL01" read as a little-endian long. */
    public static final long SEGMENT_MAGIC = 0x31304C4E524A4250L;
    /** Version of this layout. */
    public static final int FORMAT_VERSION = 1;

    public static final int SEGMENT_MAGIC_OFFSET = 0;
    public static final int SEGMENT_VERSION_OFFSET = 8;
    public static final int SEGMENT_CHAIN_INTERVAL_OFFSET = 12;
    public static final int SEGMENT_FIRST_SEQUENCE_OFFSET = 16;
    public static final int SEGMENT_PREVIOUS_HASH_OFFSET = 24;
    public static final int SEGMENT_RESERVED_OFFSET = 56;
    public static final int SEGMENT_CHECKSUM_OFFSET = 60;
    /** Bytes before the first record of a segment. */
    public static final int SEGMENT_HEADER_LENGTH = 64;

    /** Length of a record header: the {@code JournalRecordHeader} root block. */
    public static final int RECORD_HEADER_LENGTH = JournalRecordHeaderEncoder.BLOCK_LENGTH;
    /** Bytes of a record header covered by its checksum: everything before the checksum field. */
    public static final int RECORD_CHECKED_HEADER_LENGTH = JournalRecordHeaderEncoder.checksumEncodingOffset();
    public static final int RECORD_SEQUENCE_OFFSET = JournalRecordHeaderEncoder.sequenceEncodingOffset();
    public static final int RECORD_TIMESTAMP_OFFSET = JournalRecordHeaderEncoder.timestampEncodingOffset();
    public static final int RECORD_SESSION_OFFSET = JournalRecordHeaderEncoder.sessionIdEncodingOffset();
    public static final int RECORD_LENGTH_OFFSET = JournalRecordHeaderEncoder.lengthEncodingOffset();
    public static final int RECORD_CHECKSUM_OFFSET = JournalRecordHeaderEncoder.checksumEncodingOffset();
    /** Records start at multiples of this. */
    public static final int RECORD_ALIGNMENT = 8;

    /** Length of a SHA-256 chain hash. */
    public static final int HASH_LENGTH = 32;
    /** The length field of a chain record. */
    public static final int CHAIN_LENGTH_MARKER = -HASH_LENGTH;
    /** Length of a chain record: header and hash. */
    public static final int CHAIN_RECORD_LENGTH = RECORD_HEADER_LENGTH + HASH_LENGTH;

    /** Largest command a record may hold; a bound for readers judging a damaged length field. */
    public static final int MAX_COMMAND_LENGTH = 1 << 20;
    /** Largest segment file: a reader maps whole segments, so they must fit an int-indexed buffer. */
    public static final int MAX_SEGMENT_FILE_LENGTH = Integer.MAX_VALUE & ~(RECORD_ALIGNMENT - 1);

    /** The digest algorithm of the chain. */
    public static final String HASH_ALGORITHM = "SHA-256";

    private static final long[] NO_SEGMENTS = new long[0];

    private JournalFormat()
    {
    }

    /**
     * @param commandLength bytes of the command.
     * @return bytes the record takes in a segment: header, command and padding.
     */
    public static int recordLength(final int commandLength)
    {
        return (RECORD_HEADER_LENGTH + commandLength + RECORD_ALIGNMENT - 1) & -RECORD_ALIGNMENT;
    }

    /**
     * @param firstSequence of the segment.
     * @return its file name.
     */
    public static String segmentFileName(final long firstSequence)
    {
        final String digits = Long.toString(firstSequence);
        final StringBuilder name = new StringBuilder(SEGMENT_NAME_DIGITS + SEGMENT_SUFFIX.length());
        for (int i = digits.length(); i < SEGMENT_NAME_DIGITS; i++)
        {
            name.append('0');
        }
        return name.append(digits).append(SEGMENT_SUFFIX).toString();
    }

    /**
     * @param directory of the journal.
     * @param firstSequence of the segment.
     * @return path of the segment file.
     */
    public static Path segmentPath(final Path directory, final long firstSequence)
    {
        return directory.resolve(segmentFileName(firstSequence));
    }

    /**
     * @param fileName a file name in a journal folder.
     * @return the first sequence it names, or -1 if it is not a segment file name.
     */
    public static long parseSegmentFileName(final String fileName)
    {
        if (fileName.length() != SEGMENT_NAME_DIGITS + SEGMENT_SUFFIX.length() || !fileName.endsWith(SEGMENT_SUFFIX))
        {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < SEGMENT_NAME_DIGITS; i++)
        {
            final int digit = fileName.charAt(i) - '0';
            if (digit < 0 || digit > 9 || value > (Long.MAX_VALUE - digit) / 10)
            {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /**
     * @param directory of the journal; need not exist.
     * @return the first sequences of its segments, ascending.
     */
    public static long[] listSegments(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            return NO_SEGMENTS;
        }
        long[] sequences = new long[16];
        int count = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory))
        {
            for (final Path file : files)
            {
                final long first = parseSegmentFileName(file.getFileName().toString());
                if (first >= 0 && Files.isRegularFile(file))
                {
                    if (count == sequences.length)
                    {
                        sequences = Arrays.copyOf(sequences, count * 2);
                    }
                    sequences[count++] = first;
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list journal folder " + directory, ex);
        }
        final long[] result = Arrays.copyOf(sequences, count);
        Arrays.sort(result);
        return result;
    }

    /**
     * CRC32C of a record as stored in its checksum field: the header's first 28 bytes, then the body.
     *
     * @param crc       scratch checksum, reset here.
     * @param view      a buffer view over the same memory as the record; its position and limit are changed.
     * @param offset    of the record in the view.
     * @param bodyLength bytes of body after the header: the command length, or {@link #HASH_LENGTH} for a chain record.
     * @return the checksum, as the int the header field holds.
     */
    static int recordChecksum(final CRC32C crc, final ByteBuffer view, final int offset, final int bodyLength)
    {
        crc.reset();
        view.limit(offset + RECORD_CHECKED_HEADER_LENGTH).position(offset);
        crc.update(view);
        final int bodyOffset = offset + RECORD_HEADER_LENGTH;
        view.limit(bodyOffset + bodyLength).position(bodyOffset);
        crc.update(view);
        return (int)crc.getValue();
    }

    /**
     * CRC32C of a segment header's first 60 bytes.
     *
     * @param crc  scratch checksum, reset here.
     * @param view a buffer view whose offset 0 is the segment header; its position and limit are changed.
     * @return the checksum, as the int the header field holds.
     */
    static int segmentHeaderChecksum(final CRC32C crc, final ByteBuffer view)
    {
        crc.reset();
        view.limit(SEGMENT_CHECKSUM_OFFSET).position(0);
        crc.update(view);
        return (int)crc.getValue();
    }

    /**
     * @param buffer holding a hash at offset.
     * @param offset of the hash.
     * @param hash   to compare with.
     * @return whether the 32 bytes equal.
     */
    static boolean hashEquals(final DirectBuffer buffer, final int offset, final byte[] hash)
    {
        for (int i = 0; i < HASH_LENGTH; i++)
        {
            if (buffer.getByte(offset + i) != hash[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param hash 32 bytes.
     * @return lower-case hex, for messages.
     */
    static String toHex(final byte[] hash)
    {
        final StringBuilder text = new StringBuilder(hash.length * 2);
        for (final byte b : hash)
        {
            text.append(Character.forDigit((b >>> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return text.toString();
    }
}
