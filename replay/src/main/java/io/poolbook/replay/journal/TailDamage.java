package io.poolbook.replay.journal;

/**
 * What was wrong with the bytes at the end of a journal's last segment, after its last good record: the marks of a
 * write cut short by a crash. Damage of these kinds with a good record after it is not a torn tail but corruption,
 * reported by {@link JournalCorruptionException} instead.
 */
public enum TailDamage
{
    /** The last segment's own header is short or does not check out, and no record follows it. */
    SEGMENT_HEADER,
    /** Fewer bytes than a record header. */
    PARTIAL_HEADER,
    /** A length field no record can have. */
    BAD_LENGTH,
    /** The record's length runs past the end of the file. */
    LENGTH_PAST_END,
    /** The record's CRC32C does not match its bytes. */
    CHECKSUM_MISMATCH,
    /** The padding after the command is not zero. */
    NONZERO_PADDING
}
