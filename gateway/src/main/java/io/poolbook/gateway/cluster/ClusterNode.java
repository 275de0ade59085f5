package io.poolbook.gateway.cluster;

import io.aeron.Counter;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusterControl;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.NanosecondClusterClock;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.poolbook.engine.EngineConfig;
import io.poolbook.gateway.telemetry.NodeLog;
import io.poolbook.replay.DataFolder;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One member of a Poolbook cluster in one process: a media driver, an archive, a consensus module (together Aeron's
 * {@link ClusteredMediaDriver}) and a service container running the {@link EngineClusteredService}. Its folder
 * ({@link ClusterMemberConfig#dir()}) is a Poolbook data folder ({@code journal/}, {@code snapshots/},
 * {@code settlement/}, {@code engine.properties}) with Aeron's {@code aeron-archive/} and {@code aeron-cluster/}
 * beside them. Restarting a member on the same folder restores its newest snapshot and replays the log after it,
 * then catches up from the leader.
 */
public final class ClusterNode implements AutoCloseable
{
    /** Sub-folder of the member's folder for the archive (the log and snapshot recordings). */
    public static final String ARCHIVE_DIR = "aeron-archive";
    /** Sub-folder of the member's folder for the consensus module and service container state. */
    public static final String CLUSTER_DIR = "aeron-cluster";

    private final ClusterMemberConfig config;
    private final NodeLog log;
    private final EngineClusteredService service;
    private final ClusteredMediaDriver clusteredMediaDriver;
    private final ClusteredServiceContainer container;
    private final Thread snapshotTimer;
    private final Runnable onTerminate;
    private volatile boolean closed;

    private ClusterNode(final ClusterMemberConfig config, final NodeLog log, final Runnable onTerminate)
    {
        this.config = config.validate();
        this.log = log;
        this.onTerminate = onTerminate;
        final Path dir = config.dir();
        final DataFolder folder = new DataFolder(dir);
        final EngineConfig engineConfig;
        try
        {
            Files.createDirectories(dir);
            engineConfig = folder.engineConfig(config.engineConfig());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot use member folder " + dir, ex);
        }
        final ClusterKeys keys = new ClusterKeys(engineConfig.operatorAccountId(), config.operatorKey());
        service = new EngineClusteredService(config.memberId(), folder, engineConfig, config.journal(), keys, log);

        final ErrorHandler errorHandler = (ex) -> log.error("member " + config.memberId(), ex);
        final String aeronDir = config.aeronDir();
        final String termLength = "term-length=" + config.termLength();
        final String host = config.host();

        final MediaDriver.Context driver = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(config.threadingMode())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .termBufferSparseFile(true)
            .publicationTermBufferLength(config.termLength())
            .ipcTermBufferLength(config.termLength())
            .sharedIdleStrategy(config.idleMode().newIdleStrategy())
            .conductorIdleStrategy(config.idleMode().newIdleStrategy())
            .senderIdleStrategy(config.idleMode().newIdleStrategy())
            .receiverIdleStrategy(config.idleMode().newIdleStrategy())
            .sharedNetworkIdleStrategy(config.idleMode().newIdleStrategy())
            .errorHandler(errorHandler);

        final Archive.Context archive = new Archive.Context()
            .aeronDirectoryName(aeronDir)
            .archiveDir(dir.resolve(ARCHIVE_DIR).toFile())
            .archiveId(config.memberId())
            .controlChannel("aeron:udp?" + termLength + "|endpoint=" +
                config.endpoint(ClusterMemberConfig.ARCHIVE_PORT_OFFSET))
            .localControlChannel("aeron:ipc?" + termLength)
            .controlTermBufferLength(config.termLength())
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .archiveClientContext(new AeronArchive.Context()
                .aeronDirectoryName(aeronDir)
                .controlResponseChannel("aeron:udp?endpoint=" + host + ":0"))
            .recordingEventsEnabled(false)
            .segmentFileLength(config.archiveSegmentLength())
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(() -> config.idleMode().newIdleStrategy())
            .errorHandler(errorHandler);

        final AeronArchive.Context archiveClient = new AeronArchive.Context()
            .aeronDirectoryName(aeronDir)
            .controlRequestChannel(archive.localControlChannel())
            .controlRequestStreamId(archive.localControlStreamId())
            .controlResponseChannel(archive.localControlChannel());

        final File clusterDir = dir.resolve(CLUSTER_DIR).toFile();
        final long heartbeatTimeoutNs = TimeUnit.MILLISECONDS.toNanos(config.heartbeatTimeoutMs());
        final ConsensusModule.Context consensus = new ConsensusModule.Context()
            .aeronDirectoryName(aeronDir)
            .clusterMemberId(config.memberId())
            .clusterMembers(config.clusterMembers())
            .clusterDir(clusterDir)
            .archiveContext(archiveClient.clone())
            .serviceCount(1)
            .ingressChannel("aeron:udp?" + termLength)
            .logChannel("aeron:udp?" + termLength)
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .clusterClock(new NanosecondClusterClock())
            .authenticatorSupplier(() -> new LogonAuthenticator(keys))
            .leaderHeartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(config.heartbeatIntervalMs()))
            .leaderHeartbeatTimeoutNs(heartbeatTimeoutNs)
            .startupCanvassTimeoutNs(2 * heartbeatTimeoutNs)
            .electionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(config.electionTimeoutMs()))
            .sessionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(config.sessionTimeoutMs()))
            .idleStrategySupplier(() -> config.idleMode().newIdleStrategy())
            .terminationHook(this::onTerminate)
            .errorHandler(errorHandler);

        final ClusteredServiceContainer.Context serviceContext = new ClusteredServiceContainer.Context()
            .aeronDirectoryName(aeronDir)
            .archiveContext(archiveClient.clone())
            .clusterDir(clusterDir)
            .clusteredService(service)
            .serviceId(0)
            .idleStrategySupplier(() -> config.idleMode().newIdleStrategy())
            .terminationHook(this::onTerminate)
            .errorHandler(errorHandler);

        ClusteredMediaDriver clusteredMediaDriver = null;
        try
        {
            clusteredMediaDriver = ClusteredMediaDriver.launch(driver, archive, consensus);
            this.clusteredMediaDriver = clusteredMediaDriver;
            this.container = ClusteredServiceContainer.launch(serviceContext);
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.quietClose(clusteredMediaDriver);
            service.close();
            throw ex;
        }

        snapshotTimer = config.engineSnapshotIntervalS() > 0 ?
            startSnapshotTimer(config.engineSnapshotIntervalS()) : null;
        log.info("cluster member " + config.memberId() + " of " + config.memberEndpoints().size() + " up: " +
            config.memberEndpoint() + ", folder " + dir.toAbsolutePath() + ", aeron dir " + aeronDir + ", " +
            config.threadingMode() + " threading, idle " + config.idleMode().name().toLowerCase(java.util.Locale.ROOT) +
            ", term length " + config.termLength() + ", leader heartbeat timeout " + config.heartbeatTimeoutMs() +
            " ms");
    }

    /**
     * Starts a member.
     *
     * @param config      settings.
     * @param log         where the member reports.
     * @param onTerminate run once when the cluster shuts the member down (e.g. {@code ClusterTool shutdown}).
     * @return the running member.
     */
    public static ClusterNode launch(final ClusterMemberConfig config, final NodeLog log, final Runnable onTerminate)
    {
        return new ClusterNode(config, log, onTerminate);
    }

    /** Starts a member that logs to standard output. */
    public static ClusterNode launch(final ClusterMemberConfig config)
    {
        return launch(config, NodeLog.stdout(), () -> {});
    }

    private Thread startSnapshotTimer(final long intervalS)
    {
        final Thread thread = new Thread(() ->
        {
            long lastSnapshotSequence = -1;
            while (!closed)
            {
                try
                {
                    Thread.sleep(TimeUnit.SECONDS.toMillis(intervalS));
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
                final long sequence = service.appliedSequence();
                if (!closed && Cluster.Role.LEADER == role() && sequence != lastSnapshotSequence &&
                    requestSnapshot())
                {
                    lastSnapshotSequence = sequence;
                }
            }
        }, "cluster-snapshot-timer-" + config.memberId());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void onTerminate()
    {
        onTerminate.run();
    }

    /** The member's settings. */
    public ClusterMemberConfig config()
    {
        return config;
    }

    public int memberId()
    {
        return config.memberId();
    }

    /** The engine's service, for its counters and {@link EngineClusteredService#probe()}. */
    public EngineClusteredService service()
    {
        return service;
    }

    /** The consensus module's role for this member. */
    public Cluster.Role role()
    {
        final Counter counter = clusteredMediaDriver.consensusModule().context().clusterNodeRoleCounter();
        return counter.isClosed() ? Cluster.Role.FOLLOWER : Cluster.Role.get(counter.get());
    }

    /** Snapshots this member's consensus module has taken. */
    public long snapshotCount()
    {
        final Counter counter = clusteredMediaDriver.consensusModule().context().snapshotCounter();
        return counter.isClosed() ? 0 : counter.get();
    }

    /**
     * Asks the consensus module for a snapshot of the whole cluster; acted on only by the leader.
     *
     * @return true if the request was taken (no other control action pending).
     */
    public boolean requestSnapshot()
    {
        final AtomicCounter toggle = clusteredMediaDriver.consensusModule().context().controlToggleCounter();
        return ClusterControl.ToggleState.SNAPSHOT.toggle(toggle);
    }

    /** The Aeron directory of the member's driver. */
    public String aeronDirectoryName()
    {
        return config.aeronDir();
    }

    /** The ingress endpoint clients reach this member on. */
    public String ingressEndpoint()
    {
        return config.endpoint(ClusterMemberConfig.INGRESS_PORT_OFFSET);
    }

    /**
     * Stops the member as a crash would look to the others: the service container, then the consensus module,
     * archive and driver, without telling the cluster. Its folder is kept for a restart.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (null != snapshotTimer)
        {
            snapshotTimer.interrupt();
        }
        try
        {
            CloseHelper.closeAll(container, clusteredMediaDriver);
        }
        finally
        {
            service.close();
        }
        log.info("cluster member " + config.memberId() + " stopped");
    }
}
