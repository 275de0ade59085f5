package io.poolbook.gateway.cluster;

import io.aeron.Aeron;
import io.aeron.cluster.service.Cluster;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.client.cluster.ClusterClientConfig;
import io.poolbook.gateway.pipeline.IdleMode;
import io.poolbook.gateway.telemetry.NodeLog;
import io.poolbook.replay.journal.FsyncPolicy;
import org.agrona.CloseHelper;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A small cluster for tests on a small machine, in place of Aeron's TestCluster (not on Maven Central): members on
 * 127.0.0.1 with ports picked at random, each with its own Aeron directory and folder under the test's temporary
 * folder, 64 KiB terms, shared-mode drivers, sleeping idle strategies and a short leader heartbeat timeout; plus a
 * media driver and Aeron client for the test's cluster clients. Members can be stopped (as if crashed) and started
 * again on their folders.
 */
final class ClusterHarness implements AutoCloseable
{
    static final KeyPair OPERATOR_KEYS = Ed25519Keys.generate();
    static final long HEARTBEAT_TIMEOUT_MS = 1_000;

    final Path root;
    final String members;
    final ClusterNode[] nodes;
    final MediaDriver clientDriver;
    final Aeron aeron;

    ClusterHarness(final Path root, final int memberCount)
    {
        this.root = root;
        // Below Linux's ephemeral range (32768 and up), where the ":0" endpoints of replication and clients bind.
        final int basePort = 20_000 + 10 * ThreadLocalRandom.current().nextInt(0, 1_200);
        final StringBuilder list = new StringBuilder();
        for (int i = 0; i < memberCount; i++)
        {
            list.append(i > 0 ? "," : "").append("127.0.0.1:").append(basePort + 10 * i);
        }
        this.members = list.toString();
        this.nodes = new ClusterNode[memberCount];
        final String clientAeronDir = root.resolve("aeron-client").toString();
        this.clientDriver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(clientAeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .termBufferSparseFile(true)
            .publicationTermBufferLength(64 * 1024)
            .ipcTermBufferLength(64 * 1024)
            .sharedIdleStrategy(new SleepingMillisIdleStrategy(1)));
        this.aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(clientAeronDir));
    }

    ClusterMemberConfig config(final int memberId)
    {
        final ClusterMemberConfig config = new ClusterMemberConfig()
            .memberId(memberId)
            .members(members)
            .dir(root.resolve("member-" + memberId))
            .aeronDir(root.resolve("aeron-" + memberId).toString())
            .threadingMode(ThreadingMode.SHARED)
            .termLength(64 * 1024)
            .archiveSegmentLength(1024 * 1024)
            .idleMode(IdleMode.SLEEP)
            .heartbeatIntervalMs(100)
            .heartbeatTimeoutMs(HEARTBEAT_TIMEOUT_MS)
            .electionTimeoutMs(500)
            .sessionTimeoutMs(10_000)
            .operatorKey(Ed25519Keys.toHex(OPERATOR_KEYS.getPublic()));
        config.journal().fsyncPolicy(FsyncPolicy.NONE);
        return config;
    }

    ClusterNode start(final int memberId)
    {
        nodes[memberId] = ClusterNode.launch(config(memberId), new NodeLog(System.out, false), () -> {});
        return nodes[memberId];
    }

    void startAll()
    {
        for (int i = 0; i < nodes.length; i++)
        {
            start(i);
        }
    }

    /** Stops a member as a crash would look to the others; its folder stays. */
    void kill(final int memberId)
    {
        final ClusterNode node = nodes[memberId];
        nodes[memberId] = null;
        node.close();
    }

    ClusterClientConfig clientConfig()
    {
        return new ClusterClientConfig()
            .members(members)
            .localHost("127.0.0.1")
            .connectTimeoutMs(10_000)
            .newLeaderTimeoutMs(20_000)
            .keepAliveIntervalMs(500);
    }

    /** The running member that leads, waiting for an election to settle. */
    ClusterNode awaitLeader(final long timeoutMs)
    {
        final ClusterNode[] leader = new ClusterNode[1];
        await("a leader", timeoutMs, () ->
        {
            for (final ClusterNode node : nodes)
            {
                if (null != node && Cluster.Role.LEADER == node.role() &&
                    Cluster.Role.LEADER == node.service().role())
                {
                    leader[0] = node;
                    return true;
                }
            }
            return false;
        });
        return leader[0];
    }

    static void await(final String what, final long timeoutMs, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            sleep(5);
        }
    }

    static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    public void close()
    {
        for (int i = nodes.length - 1; i >= 0; i--)
        {
            if (null != nodes[i])
            {
                CloseHelper.quietClose(nodes[i]);
                nodes[i] = null;
            }
        }
        CloseHelper.quietCloseAll(aeron, clientDriver);
    }
}
