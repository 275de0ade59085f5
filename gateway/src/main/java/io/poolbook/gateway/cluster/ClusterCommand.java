package io.poolbook.gateway.cluster;

import io.poolbook.gateway.cli.ExitCode;
import io.poolbook.gateway.node.EngineHostOptions;
import io.poolbook.gateway.telemetry.NodeLog;
import org.agrona.SystemUtil;
import org.agrona.concurrent.ShutdownSignalBarrier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Paths;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static io.poolbook.gateway.cluster.ClusterMemberConfig.*;

/**
 * {@code poolbook cluster}: runs one member of a Poolbook cluster (media driver, archive, consensus module and the
 * engine's service container) until Ctrl-C, SIGTERM or a cluster shutdown. Every option defaults to its system
 * property ({@code poolbook.cluster.*}, or the node's and journal's for the settings a member shares with a node,
 * {@link EngineHostOptions}), then to the built-in default shown in the help.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Run one member of a replicated Poolbook cluster on Aeron Cluster (Raft): media driver, archive, consensus " +
            "module and the engine as a clustered service. Start every member with the same --members list, " +
            "engine settings and --operator-key; each with its own --member. Member N at host:port uses ports " +
            "port (client ingress), port+1 (consensus), port+2 (log), port+3 (catch-up), port+4 (archive).",
        "The member's folder is a Poolbook data folder: 'poolbook replay verify DIR' audits it. Each option can " +
            "also be set as the system property shown in brackets (POOLBOOK_JAVA_OPTS=-Dpoolbook.cluster.<name>=...); " +
            "the settings a member shares with a node are poolbook.node.* and poolbook.journal.* properties, engine " +
            "settings poolbook.engine.* properties, Aeron tuning aeron.* properties."
    })
public final class ClusterCommand implements Callable<Integer>
{
    /** Longest wait for the mark files a crashed member left to go stale. */
    static final long MARK_FILE_WAIT_S = 30;

    @Option(names = "--member", paramLabel = "N",
        defaultValue = "${sys:" + MEMBER_ID_PROP + ":-0}",
        description = "This member's id: its position in --members, from 0 [" + MEMBER_ID_PROP +
            "] (default: ${DEFAULT-VALUE}).")
    int memberId;

    @Option(names = "--members", paramLabel = "HOST:PORT,...",
        defaultValue = "${sys:" + MEMBERS_PROP + ":-" + MEMBERS_DEFAULT + "}",
        description = "Every member's host and first port, in member order [" + MEMBERS_PROP +
            "] (default: ${DEFAULT-VALUE}).")
    String members;

    @Option(names = "--dir", paramLabel = "DIR",
        defaultValue = "${sys:" + DIR_PROP + ":-}",
        description = "The member's folder: journal, snapshots, settlement, archive and cluster state [" + DIR_PROP +
            "] (default: cluster-member-N).")
    String dir;

    @Option(names = "--aeron-dir", paramLabel = "DIR",
        defaultValue = "${sys:" + AERON_DIR_PROP + ":-}",
        description = "Aeron directory of the member's media driver [" + AERON_DIR_PROP +
            "] (default: Aeron's directory + -cluster-N).")
    String aeronDir;

    @Option(names = "--archive-segment-length", paramLabel = "SIZE",
        defaultValue = "${sys:" + ARCHIVE_SEGMENT_LENGTH_PROP + ":-" + ARCHIVE_SEGMENT_LENGTH_DEFAULT + "}",
        description = "Archive recording segment file length; a power of two >= the term length [" +
            ARCHIVE_SEGMENT_LENGTH_PROP + "] (default: ${DEFAULT-VALUE}).")
    String archiveSegmentLength;

    @Mixin
    EngineHostOptions host = new EngineHostOptions(TERM_LENGTH_DEFAULT, FSYNC_DEFAULT);

    @Option(names = "--heartbeat-interval-ms", paramLabel = "MS",
        defaultValue = "${sys:" + HEARTBEAT_INTERVAL_MS_PROP + ":-" + HEARTBEAT_INTERVAL_MS_DEFAULT + "}",
        description = "Leader heartbeat interval [" + HEARTBEAT_INTERVAL_MS_PROP + "] (default: ${DEFAULT-VALUE}).")
    long heartbeatIntervalMs;

    @Option(names = "--heartbeat-timeout-ms", paramLabel = "MS",
        defaultValue = "${sys:" + HEARTBEAT_TIMEOUT_MS_PROP + ":-" + HEARTBEAT_TIMEOUT_MS_DEFAULT + "}",
        description = "Leader silence before an election; most of the failover time [" + HEARTBEAT_TIMEOUT_MS_PROP +
            "] (default: ${DEFAULT-VALUE}).")
    long heartbeatTimeoutMs;

    @Option(names = "--election-timeout-ms", paramLabel = "MS",
        defaultValue = "${sys:" + ELECTION_TIMEOUT_MS_PROP + ":-" + ELECTION_TIMEOUT_MS_DEFAULT + "}",
        description = "Time an election step waits for votes [" + ELECTION_TIMEOUT_MS_PROP +
            "] (default: ${DEFAULT-VALUE}).")
    long electionTimeoutMs;

    @Option(names = "--session-timeout-ms", paramLabel = "MS",
        defaultValue = "${sys:" + SESSION_TIMEOUT_MS_PROP + ":-" + SESSION_TIMEOUT_MS_DEFAULT + "}",
        description = "A client silent this long is disconnected [" + SESSION_TIMEOUT_MS_PROP +
            "] (default: ${DEFAULT-VALUE}).")
    long sessionTimeoutMs;

    @Option(names = "--engine-snapshot-interval-s", paramLabel = "S",
        defaultValue = "${sys:" + ENGINE_SNAPSHOT_INTERVAL_S_PROP + ":-" + ENGINE_SNAPSHOT_INTERVAL_S_DEFAULT + "}",
        description = "Seconds between cluster snapshots of the engine's state while this member leads; 0 for none " +
            "(take them with Aeron's ClusterTool) [" + ENGINE_SNAPSHOT_INTERVAL_S_PROP +
            "] (default: ${DEFAULT-VALUE}).")
    long engineSnapshotIntervalS;

    /** The old name of --engine-snapshot-interval-s, for one release. */
    @Option(names = "--snapshot-interval-s", paramLabel = "S", hidden = true,
        description = "Deprecated: --engine-snapshot-interval-s.")
    Long deprecatedSnapshotIntervalS;

    @Spec
    CommandSpec spec;

    /**
     * The settings the options give.
     *
     * @return a config, not yet validated.
     */
    public ClusterMemberConfig toConfig()
    {
        final ClusterMemberConfig config = new ClusterMemberConfig()
            .memberId(memberId)
            .members(members)
            .aeronDir(aeronDir)
            .archiveSegmentLength((int)SystemUtil.parseSize(ARCHIVE_SEGMENT_LENGTH_PROP, archiveSegmentLength))
            .heartbeatIntervalMs(heartbeatIntervalMs)
            .heartbeatTimeoutMs(heartbeatTimeoutMs)
            .electionTimeoutMs(electionTimeoutMs)
            .sessionTimeoutMs(sessionTimeoutMs)
            .engineSnapshotIntervalS(EngineHostOptions.renamedFlag(spec, "--snapshot-interval-s",
                deprecatedSnapshotIntervalS, "--engine-snapshot-interval-s", engineSnapshotIntervalS));
        host.applyTo(config);
        if (!dir.isEmpty())
        {
            config.dir(Paths.get(dir));
        }
        return config;
    }

    /** {@inheritDoc} */
    public Integer call()
    {
        final ClusterMemberConfig config;
        try
        {
            config = toConfig().validate();
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("poolbook cluster: " + ex.getMessage());
            return ExitCode.USAGE;
        }

        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            final ClusterNode node;
            try
            {
                node = launch(config, barrier);
            }
            catch (final RuntimeException ex)
            {
                System.err.println("poolbook cluster: cannot start: " + ex);
                return ExitCode.FAILURE;
            }
            System.out.println("poolbook cluster: member " + config.memberId() + " running; Ctrl-C or SIGTERM stops it");
            barrier.await();
            node.close();
        }
        return ExitCode.OK;
    }

    /**
     * Launches the member, waiting out the mark files of a crashed predecessor: Aeron refuses to start on an
     * archive or cluster directory whose mark file was updated within its liveness timeout (about 10 s).
     */
    private static ClusterNode launch(final ClusterMemberConfig config, final ShutdownSignalBarrier barrier)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MARK_FILE_WAIT_S);
        while (true)
        {
            try
            {
                return ClusterNode.launch(config, NodeLog.stdout(), barrier::signal);
            }
            catch (final RuntimeException ex)
            {
                final String message = String.valueOf(ex.getMessage());
                if (!message.contains("active mark file") || System.nanoTime() > deadline)
                {
                    throw ex;
                }
                System.out.println("poolbook cluster: " + message + "; a crashed member's, waiting for it to go stale");
                try
                {
                    Thread.sleep(2_000);
                }
                catch (final InterruptedException interrupted)
                {
                    Thread.currentThread().interrupt();
                    throw ex;
                }
            }
        }
    }
}
