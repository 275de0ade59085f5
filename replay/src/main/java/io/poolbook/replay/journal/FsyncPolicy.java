package io.poolbook.replay.journal;

/**
 * When {@link JournalWriter#commit()} forces written records from the page cache to the device. Writing to the
 * page cache survives a crash of the process; only a forced write survives a crash of the host or a power loss.
 */
public enum FsyncPolicy
{
    /** Every commit that wrote something forces it before returning: nothing acknowledged is ever lost. */
    ALWAYS,

    /**
     * A commit forces only when the last force is at least {@link JournalConfig#fsyncIntervalMs()} old, bounding
     * both the fsync rate and the window of acknowledged records a host crash can lose. Call commit when idle too,
     * so that the last records are forced once the interval has passed.
     */
    INTERVAL_MS,

    /** Never forces, not even on close: the operating system writes the page cache back when it likes. */
    NONE
}
