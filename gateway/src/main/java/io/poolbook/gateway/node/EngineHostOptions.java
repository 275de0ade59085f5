package io.poolbook.gateway.node;

import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.client.auth.KeyFiles;
import io.poolbook.gateway.pipeline.IdleMode;
import io.poolbook.replay.journal.FsyncPolicy;
import io.poolbook.replay.journal.JournalConfig;
import org.agrona.SystemUtil;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.Locale;

import static io.poolbook.gateway.node.EngineHostConfig.*;

/**
 * The options of {@code poolbook node} and {@code poolbook cluster} for the settings of {@link EngineHostConfig}:
 * media driver threading, term length, idle strategy, operator key and the journal's fsync policy. A picocli mixin;
 * each option defaults to its system property, then to the command's default (the term length and the fsync policy
 * differ between a node and a cluster member).
 */
public final class EngineHostOptions
{
    /** Only an option: the key file is read into {@value EngineHostConfig#OPERATOR_KEY_PROP}. */
    public static final String OPERATOR_KEY_FILE_PROP = NodeConfig.PREFIX + "operatorKeyFile";

    @Option(names = "--threading-mode", paramLabel = "MODE",
        defaultValue = "${sys:" + THREADING_MODE_PROP + ":-" + THREADING_MODE_DEFAULT + "}",
        description = "Media driver threads: SHARED (one thread, small machines), SHARED_NETWORK or DEDICATED; a " +
            "node in the compact layout runs its embedded driver on its own thread [" + THREADING_MODE_PROP +
            "] (default: ${DEFAULT-VALUE}).")
    String threadingMode;

    @Option(names = "--term-length", paramLabel = "SIZE",
        description = "Term length of every publication (and of a cluster member's log), a power of two >= 64k [" +
            TERM_LENGTH_PROP + "] (default: ${DEFAULT-VALUE}).")
    String termLength;

    @Option(names = "--idle", paramLabel = "MODE",
        defaultValue = "${sys:" + IDLE_PROP + ":-" + IDLE_DEFAULT + "}",
        description = "How threads and agents wait: busy-spin (dedicated cores), yield, backoff (shared cores) or " +
            "sleep [" + IDLE_PROP + "] (default: ${DEFAULT-VALUE}).")
    String idle;

    @Option(names = "--operator-key", paramLabel = "HEX",
        defaultValue = "${sys:" + OPERATOR_KEY_PROP + ":-}",
        description = "Raw Ed25519 public key (64 hex digits) the operator account logs on with, the same on every " +
            "cluster member; without it the operator cannot log on [" + OPERATOR_KEY_PROP + "].")
    String operatorKey;

    @Option(names = "--operator-key-file", paramLabel = "FILE",
        defaultValue = "${sys:" + OPERATOR_KEY_FILE_PROP + ":-}",
        description = "The operator's public key from a file instead: a key file or FILE.pub from " +
            "'poolbook keygen', or 64 hex digits [" + OPERATOR_KEY_FILE_PROP + "].")
    String operatorKeyFile;

    @Option(names = "--fsync", paramLabel = "POLICY",
        description = "Journal fsync policy: always, interval_ms or none [" + JournalConfig.FSYNC_PROP +
            "] (default: ${DEFAULT-VALUE}).")
    String fsync;

    @Option(names = "--fsync-interval-ms", paramLabel = "MS",
        defaultValue = "${sys:" + JournalConfig.FSYNC_INTERVAL_MS_PROP + ":-" +
            JournalConfig.FSYNC_INTERVAL_MS_DEFAULT + "}",
        description = "Least time between forces under interval_ms [" + JournalConfig.FSYNC_INTERVAL_MS_PROP +
            "] (default: ${DEFAULT-VALUE}).")
    long fsyncIntervalMs;

    /**
     * @param termLengthDefault the command's term length when {@value EngineHostConfig#TERM_LENGTH_PROP} is not set.
     * @param fsyncDefault      the command's fsync policy when {@value JournalConfig#FSYNC_PROP} is not set.
     */
    public EngineHostOptions(final String termLengthDefault, final FsyncPolicy fsyncDefault)
    {
        termLength = System.getProperty(TERM_LENGTH_PROP, termLengthDefault);
        fsync = System.getProperty(JournalConfig.FSYNC_PROP, fsyncDefault.name().toLowerCase(Locale.ROOT));
    }

    /**
     * Sets the options on a config.
     *
     * @param config a node's or a cluster member's config.
     * @throws IllegalArgumentException naming the setting, if an option cannot be parsed or the key file read.
     */
    public void applyTo(final EngineHostConfig<?> config)
    {
        config.threadingMode(parseThreadingMode(threadingMode))
            .termLength((int)SystemUtil.parseSize(TERM_LENGTH_PROP, termLength))
            .idleMode(IdleMode.parse(idle))
            .operatorKey(operatorKeyHex());
        config.journal()
            .fsyncPolicy(JournalConfig.parseFsyncPolicy(fsync))
            .fsyncIntervalMs(fsyncIntervalMs);
    }

    private String operatorKeyHex()
    {
        if (operatorKeyFile.isEmpty())
        {
            return operatorKey;
        }
        if (!operatorKey.isEmpty())
        {
            throw new IllegalArgumentException("give --operator-key or --operator-key-file, not both");
        }
        try
        {
            return Ed25519Keys.toHex(KeyFiles.readPublic(Paths.get(operatorKeyFile)));
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException(OPERATOR_KEY_FILE_PROP + " cannot read " + operatorKeyFile + ": " + ex);
        }
    }

    /**
     * The value of a renamed flag, which keeps its old name for a release as a hidden option: the new flag's if it
     * was given (or if neither was), else the old flag's, with a warning naming both.
     *
     * @param spec     the command, parsed.
     * @param oldFlag  the old name of the flag.
     * @param oldValue the old flag's value; null if it was not given.
     * @param newFlag  the new name of the flag.
     * @param newValue the new flag's value, or its default.
     * @param <V>      the value type.
     * @return the value to use.
     */
    public static <V> V renamedFlag(
        final CommandSpec spec, final String oldFlag, final V oldValue, final String newFlag, final V newValue)
    {
        if (null == oldValue)
        {
            return newValue;
        }
        final ParseResult parsed = null == spec ? null : spec.commandLine().getParseResult();
        if (null != parsed && parsed.hasMatchedOption(newFlag))
        {
            System.err.println(
                "poolbook: warning: " + oldFlag + " is deprecated and ignored: " + newFlag + " is given");
            return newValue;
        }
        System.err.println("poolbook: warning: " + oldFlag + " is deprecated, use " + newFlag);
        return oldValue;
    }
}
