package io.poolbook.replay.journal;

import io.poolbook.replay.DeprecatedProperties;
import org.agrona.SystemUtil;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * Settings of a journal, in the style of an Aeron context: each has a default read from a {@code poolbook.journal.*}
 * system property when the config is made, and a fluent setter. Sizes accept Agrona's suffixes ({@code 64k},
 * {@code 128m}, {@code 1g}). Names renamed in an earlier release still work for now ({@link DeprecatedProperties}).
 * <table>
 * <caption>Properties</caption>
 * <tr><th>property</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@value #DIRECTORY_PROP}</td><td>{@value #DIRECTORY_DEFAULT}</td><td>folder of the segment files</td></tr>
 * <tr><td>{@value #SEGMENT_SIZE_PROP}</td><td>128m</td><td>a segment rolls at the first chain record at or past it</td></tr>
 * <tr><td>{@value #FSYNC_PROP}</td><td>always</td><td>{@code always}, {@code interval_ms} or {@code none}</td></tr>
 * <tr><td>{@value #FSYNC_INTERVAL_MS_PROP}</td><td>{@value #FSYNC_INTERVAL_MS_DEFAULT}</td><td>for {@code interval_ms}</td></tr>
 * <tr><td>{@value #CHAIN_INTERVAL_PROP}</td><td>{@value #CHAIN_INTERVAL_DEFAULT}</td><td>records per hash-chain block</td></tr>
 * <tr><td>{@value #BUFFER_LENGTH_PROP}</td><td>1m</td><td>writer's staging buffer; bounds the largest command</td></tr>
 * </table>
 * The chain interval applies to a new journal only: an existing journal keeps the interval its segment headers
 * record, so that a changed property never breaks its chain.
 */
public final class JournalConfig
{
    public static final String PREFIX = "poolbook.journal.";

    public static final String DIRECTORY_PROP = PREFIX + "dir";
    public static final String DIRECTORY_DEFAULT = "journal";

    public static final String SEGMENT_SIZE_PROP = PREFIX + "segmentSize";
    public static final int SEGMENT_SIZE_DEFAULT = 128 * 1024 * 1024;
    /** Smallest segment size accepted; tests use it to roll often. */
    public static final int SEGMENT_SIZE_MIN = 4 * 1024;
    /** Largest segment size accepted, leaving room under {@link JournalFormat#MAX_SEGMENT_FILE_LENGTH} for a block. */
    public static final int SEGMENT_SIZE_MAX = 1024 * 1024 * 1024;

    public static final String FSYNC_PROP = PREFIX + "fsync";
    public static final FsyncPolicy FSYNC_DEFAULT = FsyncPolicy.ALWAYS;

    public static final String FSYNC_INTERVAL_MS_PROP = PREFIX + "fsyncIntervalMs";
    public static final long FSYNC_INTERVAL_MS_DEFAULT = 10;

    public static final String CHAIN_INTERVAL_PROP = PREFIX + "chainInterval";
    /** Chosen by measurement: see {@link JournalWriter}. */
    public static final int CHAIN_INTERVAL_DEFAULT = 1024;
    public static final int CHAIN_INTERVAL_MAX = 1 << 20;

    public static final String BUFFER_LENGTH_PROP = PREFIX + "bufferLength";
    public static final int BUFFER_LENGTH_DEFAULT = 1024 * 1024;
    public static final int BUFFER_LENGTH_MIN = 64 * 1024;
    public static final int BUFFER_LENGTH_MAX = 64 * 1024 * 1024;

    {
        DeprecatedProperties.apply();
    }

    private Path directory = Paths.get(System.getProperty(DIRECTORY_PROP, DIRECTORY_DEFAULT));
    private int segmentSize = SystemUtil.getSizeAsInt(SEGMENT_SIZE_PROP, SEGMENT_SIZE_DEFAULT);
    private FsyncPolicy fsyncPolicy = parseFsyncPolicy(System.getProperty(FSYNC_PROP));
    private long fsyncIntervalMs = Long.getLong(FSYNC_INTERVAL_MS_PROP, FSYNC_INTERVAL_MS_DEFAULT);
    private int chainInterval = Integer.getInteger(CHAIN_INTERVAL_PROP, CHAIN_INTERVAL_DEFAULT);
    private int bufferLength = SystemUtil.getSizeAsInt(BUFFER_LENGTH_PROP, BUFFER_LENGTH_DEFAULT);

    /**
     * @param value of {@value #FSYNC_PROP}: {@code always}, {@code interval_ms} (or {@code interval}), {@code none},
     *              in any case; null for the default.
     * @return the policy.
     */
    public static FsyncPolicy parseFsyncPolicy(final String value)
    {
        if (null == value)
        {
            return FSYNC_DEFAULT;
        }
        switch (value.trim().toLowerCase(Locale.ROOT))
        {
            case "always":
                return FsyncPolicy.ALWAYS;
            case "interval":
            case "interval_ms":
                return FsyncPolicy.INTERVAL_MS;
            case "none":
                return FsyncPolicy.NONE;
            default:
                throw new IllegalArgumentException(FSYNC_PROP + " must be always, interval_ms or none: " + value);
        }
    }

    /**
     * Checks every setting, so that a bad one fails at start-up with its name.
     *
     * @return this.
     */
    public JournalConfig validate()
    {
        if (null == directory)
        {
            throw new IllegalArgumentException("journal directory not set");
        }
        if (segmentSize < SEGMENT_SIZE_MIN || segmentSize > SEGMENT_SIZE_MAX)
        {
            throw new IllegalArgumentException(
                SEGMENT_SIZE_PROP + " must be in [" + SEGMENT_SIZE_MIN + ", " + SEGMENT_SIZE_MAX + "]: " + segmentSize);
        }
        if (null == fsyncPolicy)
        {
            throw new IllegalArgumentException("fsync policy not set");
        }
        if (fsyncIntervalMs < 0)
        {
            throw new IllegalArgumentException(FSYNC_INTERVAL_MS_PROP + " must be >= 0: " + fsyncIntervalMs);
        }
        if (chainInterval < 1 || chainInterval > CHAIN_INTERVAL_MAX)
        {
            throw new IllegalArgumentException(
                CHAIN_INTERVAL_PROP + " must be in [1, " + CHAIN_INTERVAL_MAX + "]: " + chainInterval);
        }
        if (bufferLength < BUFFER_LENGTH_MIN || bufferLength > BUFFER_LENGTH_MAX)
        {
            throw new IllegalArgumentException(
                BUFFER_LENGTH_PROP + " must be in [" + BUFFER_LENGTH_MIN + ", " + BUFFER_LENGTH_MAX + "]: " + bufferLength);
        }
        return this;
    }

    public Path directory()
    {
        return directory;
    }

    public JournalConfig directory(final Path directory)
    {
        this.directory = directory;
        return this;
    }

    public int segmentSize()
    {
        return segmentSize;
    }

    public JournalConfig segmentSize(final int segmentSize)
    {
        this.segmentSize = segmentSize;
        return this;
    }

    public FsyncPolicy fsyncPolicy()
    {
        return fsyncPolicy;
    }

    public JournalConfig fsyncPolicy(final FsyncPolicy fsyncPolicy)
    {
        this.fsyncPolicy = fsyncPolicy;
        return this;
    }

    /** Minimum milliseconds between forces under {@link FsyncPolicy#INTERVAL_MS}. */
    public long fsyncIntervalMs()
    {
        return fsyncIntervalMs;
    }

    public JournalConfig fsyncIntervalMs(final long fsyncIntervalMs)
    {
        this.fsyncIntervalMs = fsyncIntervalMs;
        return this;
    }

    /**
     * Selects {@link FsyncPolicy#INTERVAL_MS} with its interval in one call.
     *
     * @param intervalMs minimum milliseconds between forces.
     * @return this.
     */
    public JournalConfig fsyncEvery(final long intervalMs)
    {
        this.fsyncPolicy = FsyncPolicy.INTERVAL_MS;
        this.fsyncIntervalMs = intervalMs;
        return this;
    }

    /** Records per hash-chain block of a new journal. */
    public int chainInterval()
    {
        return chainInterval;
    }

    public JournalConfig chainInterval(final int chainInterval)
    {
        this.chainInterval = chainInterval;
        return this;
    }

    /** Bytes of the writer's direct staging buffer; records are written to the file when it fills or on commit. */
    public int bufferLength()
    {
        return bufferLength;
    }

    public JournalConfig bufferLength(final int bufferLength)
    {
        this.bufferLength = bufferLength;
        return this;
    }

    public String toString()
    {
        return "JournalConfig{directory=" + directory +
            ", segmentSize=" + segmentSize +
            ", fsyncPolicy=" + fsyncPolicy +
            ", fsyncIntervalMs=" + fsyncIntervalMs +
            ", chainInterval=" + chainInterval +
            ", bufferLength=" + bufferLength + '}';
    }
}
