package io.poolbook.gateway.node;

import io.aeron.driver.ThreadingMode;
import io.poolbook.engine.EngineConfig;
import io.poolbook.gateway.pipeline.IdleMode;
import io.poolbook.replay.DeprecatedProperties;
import io.poolbook.replay.journal.FsyncPolicy;
import io.poolbook.replay.journal.JournalConfig;
import org.agrona.SystemUtil;

import java.util.Locale;

/**
 * The settings every process that runs the engine has, a standalone node ({@link NodeConfig}) or a cluster member
 * ({@code ClusterMemberConfig}), declared once: its media driver's threading mode, term length and idle strategy,
 * the operator's key, the engine's settings and the journal's. Both read the same properties ({@code poolbook.node.*},
 * {@code poolbook.journal.*}, {@code poolbook.engine.*}); a subclass gives the defaults that differ for a reason.
 * Renamed properties are applied first ({@link DeprecatedProperties}).
 *
 * @param <T> the config type, so that the fluent setters return it.
 */
public abstract class EngineHostConfig<T extends EngineHostConfig<T>>
{
    public static final String THREADING_MODE_PROP = NodeConfig.PREFIX + "threadingMode";
    public static final String THREADING_MODE_DEFAULT = "SHARED";
    public static final String TERM_LENGTH_PROP = NodeConfig.PREFIX + "termLength";
    public static final String IDLE_PROP = NodeConfig.PREFIX + "idle";
    public static final String IDLE_DEFAULT = "backoff";
    public static final String OPERATOR_KEY_PROP = NodeConfig.PREFIX + "operatorKey";
    /** Smallest term length accepted; Aeron's minimum. */
    public static final int TERM_LENGTH_MIN = 64 * 1024;

    {
        DeprecatedProperties.apply();
    }

    private ThreadingMode threadingMode = parseThreadingMode(
        System.getProperty(THREADING_MODE_PROP, THREADING_MODE_DEFAULT));
    private int termLength;
    private IdleMode idleMode = IdleMode.parse(System.getProperty(IDLE_PROP, IDLE_DEFAULT));
    private String operatorKey = System.getProperty(OPERATOR_KEY_PROP, "");
    private EngineConfig engineConfig = new EngineConfig();
    private final JournalConfig journal = new JournalConfig();

    /**
     * @param termLengthDefault term length when {@value #TERM_LENGTH_PROP} is not set, with Agrona's size suffixes.
     * @param fsyncDefault      journal fsync policy when {@value JournalConfig#FSYNC_PROP} is not set.
     */
    protected EngineHostConfig(final String termLengthDefault, final FsyncPolicy fsyncDefault)
    {
        termLength = (int)SystemUtil.parseSize(
            TERM_LENGTH_PROP, System.getProperty(TERM_LENGTH_PROP, termLengthDefault));
        if (null == System.getProperty(JournalConfig.FSYNC_PROP))
        {
            journal.fsyncPolicy(fsyncDefault);
        }
    }

    /**
     * @param value SHARED, SHARED_NETWORK or DEDICATED, in any case.
     * @return the mode.
     * @throws IllegalArgumentException naming {@value #THREADING_MODE_PROP} if it is none of them.
     */
    public static ThreadingMode parseThreadingMode(final String value)
    {
        try
        {
            return ThreadingMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(
                THREADING_MODE_PROP + " must be SHARED, SHARED_NETWORK or DEDICATED: " + value, ex);
        }
    }

    /**
     * Checks the shared settings, so that a bad one fails at start-up with its name.
     *
     * @throws IllegalArgumentException naming the first bad setting.
     */
    protected void validateHost()
    {
        if (null == threadingMode || null == idleMode)
        {
            throw new IllegalArgumentException(THREADING_MODE_PROP + " and " + IDLE_PROP + " must be set");
        }
        if (termLength < TERM_LENGTH_MIN || Integer.bitCount(termLength) != 1)
        {
            throw new IllegalArgumentException(
                TERM_LENGTH_PROP + " must be a power of two of at least 64k: " + termLength);
        }
        if (!operatorKey.isEmpty() && !operatorKey.matches("[0-9a-fA-F]{64}"))
        {
            throw new IllegalArgumentException(OPERATOR_KEY_PROP + " must be 64 hex digits (a raw Ed25519 public key)");
        }
        journal.validate();
    }

    @SuppressWarnings("unchecked")
    private T self()
    {
        return (T)this;
    }

    /** Threading mode of the media driver: SHARED (one thread), SHARED_NETWORK or DEDICATED. */
    public ThreadingMode threadingMode()
    {
        return threadingMode;
    }

    public T threadingMode(final ThreadingMode threadingMode)
    {
        this.threadingMode = threadingMode;
        return self();
    }

    /** Term length of every publication the process opens, and of its media driver's. */
    public int termLength()
    {
        return termLength;
    }

    public T termLength(final int termLength)
    {
        this.termLength = termLength;
        return self();
    }

    /** How the process's threads and agents wait when they have no work. */
    public IdleMode idleMode()
    {
        return idleMode;
    }

    public T idleMode(final IdleMode idleMode)
    {
        this.idleMode = idleMode;
        return self();
    }

    /** The operator account's raw Ed25519 public key in hex; empty leaves the operator unable to log on. */
    public String operatorKey()
    {
        return operatorKey;
    }

    public T operatorKey(final String operatorKey)
    {
        this.operatorKey = operatorKey;
        return self();
    }

    /** The engine's settings (from {@code poolbook.engine.*} properties by default); a data folder keeps its own. */
    public EngineConfig engineConfig()
    {
        return engineConfig;
    }

    public T engineConfig(final EngineConfig engineConfig)
    {
        this.engineConfig = engineConfig;
        return self();
    }

    /**
     * The journal's settings: fsync policy and interval, segment size, chain interval, buffer length. Its directory
     * is always the data folder's {@code journal/}, set when the journal is opened.
     */
    public JournalConfig journal()
    {
        return journal;
    }
}
