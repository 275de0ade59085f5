package io.poolbook.gateway.cluster;

import io.aeron.CommonContext;
import io.poolbook.client.cluster.ClusterClientConfig;
import io.poolbook.gateway.node.EngineHostConfig;
import io.poolbook.replay.journal.FsyncPolicy;
import org.agrona.BitUtil;
import org.agrona.SystemUtil;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of one cluster member, in the style of an Aeron context: each has a default read from a
 * {@code poolbook.cluster.*} system property when the config is made, and a fluent setter.
 * <p>
 * Members are listed as {@code host:port,host:port,...}; member N is the N-th (from 0). Each member uses five ports
 * from its own: {@code port} client ingress, {@code port+1} consensus, {@code port+2} log, {@code port+3} catch-up,
 * {@code port+4} archive control. Every member must be given the same list, engine settings and operator key.
 * <p>
 * The settings a member shares with a standalone node (driver threading, term length, idle strategy, operator key,
 * engine and journal settings) are the node's, declared once in {@link EngineHostConfig} and read from the same
 * {@code poolbook.node.*} and {@code poolbook.journal.*} properties; only the term length and the journal's fsync
 * policy default differently, for the reasons given at {@link #TERM_LENGTH_DEFAULT} and {@link #FSYNC_DEFAULT}.
 */
public final class ClusterMemberConfig extends EngineHostConfig<ClusterMemberConfig>
{
    public static final String PREFIX = "poolbook.cluster.";

    public static final String MEMBER_ID_PROP = PREFIX + "member";
    public static final String MEMBERS_PROP = PREFIX + "members";
    public static final String MEMBERS_DEFAULT = ClusterClientConfig.MEMBERS_DEFAULT;
    public static final String DIR_PROP = PREFIX + "dir";
    public static final String AERON_DIR_PROP = PREFIX + "aeronDir";
    /**
     * Smaller than a node's, as every member default suits small machines: a member opens many more publications
     * than a node (consensus, log, catch-up, archive control and replay, an egress per client), each of three terms.
     */
    public static final String TERM_LENGTH_DEFAULT = "64k";
    /** The member's journal is a copy of the cluster log, which is the durable record: not forced by default. */
    public static final FsyncPolicy FSYNC_DEFAULT = FsyncPolicy.NONE;
    public static final String ARCHIVE_SEGMENT_LENGTH_PROP = PREFIX + "archiveSegmentLength";
    public static final String ARCHIVE_SEGMENT_LENGTH_DEFAULT = "16m";
    public static final String HEARTBEAT_INTERVAL_MS_PROP = PREFIX + "heartbeatIntervalMs";
    public static final long HEARTBEAT_INTERVAL_MS_DEFAULT = 100;
    public static final String HEARTBEAT_TIMEOUT_MS_PROP = PREFIX + "heartbeatTimeoutMs";
    public static final long HEARTBEAT_TIMEOUT_MS_DEFAULT = 2_000;
    public static final String ELECTION_TIMEOUT_MS_PROP = PREFIX + "electionTimeoutMs";
    public static final long ELECTION_TIMEOUT_MS_DEFAULT = 1_000;
    public static final String SESSION_TIMEOUT_MS_PROP = PREFIX + "sessionTimeoutMs";
    public static final long SESSION_TIMEOUT_MS_DEFAULT = 10_000;
    public static final String ENGINE_SNAPSHOT_INTERVAL_S_PROP = PREFIX + "engineSnapshotIntervalS";
    public static final long ENGINE_SNAPSHOT_INTERVAL_S_DEFAULT = 0;

    /** Offsets from a member's port. */
    public static final int INGRESS_PORT_OFFSET = 0;
    public static final int CONSENSUS_PORT_OFFSET = 1;
    public static final int LOG_PORT_OFFSET = 2;
    public static final int CATCHUP_PORT_OFFSET = 3;
    public static final int ARCHIVE_PORT_OFFSET = 4;

    private int memberId = Integer.getInteger(MEMBER_ID_PROP, 0);
    private String members = System.getProperty(MEMBERS_PROP, MEMBERS_DEFAULT);
    private String dir = System.getProperty(DIR_PROP, "");
    private String aeronDir = System.getProperty(AERON_DIR_PROP, "");
    private int archiveSegmentLength = SystemUtil.getSizeAsInt(ARCHIVE_SEGMENT_LENGTH_PROP, 16 * 1024 * 1024);
    private long heartbeatIntervalMs = Long.getLong(HEARTBEAT_INTERVAL_MS_PROP, HEARTBEAT_INTERVAL_MS_DEFAULT);
    private long heartbeatTimeoutMs = Long.getLong(HEARTBEAT_TIMEOUT_MS_PROP, HEARTBEAT_TIMEOUT_MS_DEFAULT);
    private long electionTimeoutMs = Long.getLong(ELECTION_TIMEOUT_MS_PROP, ELECTION_TIMEOUT_MS_DEFAULT);
    private long sessionTimeoutMs = Long.getLong(SESSION_TIMEOUT_MS_PROP, SESSION_TIMEOUT_MS_DEFAULT);
    private long engineSnapshotIntervalS = Long.getLong(
        ENGINE_SNAPSHOT_INTERVAL_S_PROP, ENGINE_SNAPSHOT_INTERVAL_S_DEFAULT);

    /** A config of the defaults and the system properties. */
    public ClusterMemberConfig()
    {
        super(TERM_LENGTH_DEFAULT, FSYNC_DEFAULT);
    }

    /**
     * Checks every setting, so that a bad one fails at start-up with its name.
     *
     * @return this.
     */
    public ClusterMemberConfig validate()
    {
        final List<String> hosts = memberEndpoints();
        if (memberId < 0 || memberId >= hosts.size())
        {
            throw new IllegalArgumentException("member " + memberId + " is not in the " + hosts.size() +
                " members " + members);
        }
        validateHost();
        if (!BitUtil.isPowerOfTwo(archiveSegmentLength) || archiveSegmentLength < termLength())
        {
            throw new IllegalArgumentException(ARCHIVE_SEGMENT_LENGTH_PROP +
                " must be a power of two >= the term length: " + archiveSegmentLength);
        }
        if (heartbeatIntervalMs <= 0 || heartbeatTimeoutMs < 2 * heartbeatIntervalMs)
        {
            throw new IllegalArgumentException(HEARTBEAT_TIMEOUT_MS_PROP + " must be at least twice " +
                HEARTBEAT_INTERVAL_MS_PROP + " (> 0): " + heartbeatTimeoutMs + ", " + heartbeatIntervalMs);
        }
        if (electionTimeoutMs <= 0 || sessionTimeoutMs <= 0)
        {
            throw new IllegalArgumentException(ELECTION_TIMEOUT_MS_PROP + " and " + SESSION_TIMEOUT_MS_PROP +
                " must be > 0: " + electionTimeoutMs + ", " + sessionTimeoutMs);
        }
        if (engineSnapshotIntervalS < 0)
        {
            throw new IllegalArgumentException(ENGINE_SNAPSHOT_INTERVAL_S_PROP + " must be >= 0: " +
                engineSnapshotIntervalS);
        }
        return this;
    }

    /**
     * @return each member's {@code host:port}, in member order.
     * @throws IllegalArgumentException if an entry is not host:port.
     */
    public List<String> memberEndpoints()
    {
        final List<String> endpoints = new ArrayList<>();
        for (final String entry : members.split(","))
        {
            final String endpoint = entry.trim();
            if (endpoint.isEmpty())
            {
                continue;
            }
            port(endpoint);
            endpoints.add(endpoint);
        }
        if (endpoints.isEmpty())
        {
            throw new IllegalArgumentException("no cluster members in '" + members + "'");
        }
        return endpoints;
    }

    /**
     * Aeron's cluster members string: {@code id,ingress,consensus,log,catchup,archive|...}.
     *
     * @return the string for {@code ConsensusModule.Context.clusterMembers}.
     */
    public String clusterMembers()
    {
        final List<String> endpoints = memberEndpoints();
        final StringBuilder builder = new StringBuilder();
        for (int id = 0; id < endpoints.size(); id++)
        {
            final String endpoint = endpoints.get(id);
            if (id > 0)
            {
                builder.append('|');
            }
            builder.append(id)
                .append(',').append(endpoint(endpoint, INGRESS_PORT_OFFSET))
                .append(',').append(endpoint(endpoint, CONSENSUS_PORT_OFFSET))
                .append(',').append(endpoint(endpoint, LOG_PORT_OFFSET))
                .append(',').append(endpoint(endpoint, CATCHUP_PORT_OFFSET))
                .append(',').append(endpoint(endpoint, ARCHIVE_PORT_OFFSET));
        }
        return builder.toString();
    }

    /** This member's {@code host:port}. */
    public String memberEndpoint()
    {
        return memberEndpoints().get(memberId);
    }

    /** This member's host. */
    public String host()
    {
        final String endpoint = memberEndpoint();
        return endpoint.substring(0, endpoint.lastIndexOf(':'));
    }

    /** This member's endpoint at a port offset. */
    public String endpoint(final int portOffset)
    {
        return endpoint(memberEndpoint(), portOffset);
    }

    private static String endpoint(final String hostAndPort, final int portOffset)
    {
        final int colon = hostAndPort.lastIndexOf(':');
        return hostAndPort.substring(0, colon) + ':' + (port(hostAndPort) + portOffset);
    }

    private static int port(final String hostAndPort)
    {
        final int colon = hostAndPort.lastIndexOf(':');
        try
        {
            final int port = colon > 0 ? Integer.parseInt(hostAndPort.substring(colon + 1)) : -1;
            if (port < 1 || port + ARCHIVE_PORT_OFFSET > 65535)
            {
                throw new IllegalArgumentException("not host:port with a port in [1, 65531]: " + hostAndPort);
            }
            return port;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("not host:port: " + hostAndPort, ex);
        }
    }

    /** The member's folder: its data folder (journal, snapshots, settlement) with Aeron's archive and cluster. */
    public Path dir()
    {
        return Paths.get(dir.isEmpty() ? "cluster-member-" + memberId : dir);
    }

    public ClusterMemberConfig dir(final Path dir)
    {
        this.dir = dir.toString();
        return this;
    }

    /** Aeron directory of the member's media driver. */
    public String aeronDir()
    {
        return aeronDir.isEmpty() ? CommonContext.getAeronDirectoryName() + "-cluster-" + memberId : aeronDir;
    }

    public ClusterMemberConfig aeronDir(final String aeronDir)
    {
        this.aeronDir = aeronDir;
        return this;
    }

    public int memberId()
    {
        return memberId;
    }

    public ClusterMemberConfig memberId(final int memberId)
    {
        this.memberId = memberId;
        return this;
    }

    public String members()
    {
        return members;
    }

    public ClusterMemberConfig members(final String members)
    {
        this.members = members;
        return this;
    }

    /** Length of the archive's recording segment files. */
    public int archiveSegmentLength()
    {
        return archiveSegmentLength;
    }

    public ClusterMemberConfig archiveSegmentLength(final int archiveSegmentLength)
    {
        this.archiveSegmentLength = archiveSegmentLength;
        return this;
    }

    /** How often the leader tells the followers it is alive. */
    public long heartbeatIntervalMs()
    {
        return heartbeatIntervalMs;
    }

    public ClusterMemberConfig heartbeatIntervalMs(final long heartbeatIntervalMs)
    {
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        return this;
    }

    /** Silence after which followers elect a new leader: the larger part of the failover time. */
    public long heartbeatTimeoutMs()
    {
        return heartbeatTimeoutMs;
    }

    public ClusterMemberConfig heartbeatTimeoutMs(final long heartbeatTimeoutMs)
    {
        this.heartbeatTimeoutMs = heartbeatTimeoutMs;
        return this;
    }

    public long electionTimeoutMs()
    {
        return electionTimeoutMs;
    }

    public ClusterMemberConfig electionTimeoutMs(final long electionTimeoutMs)
    {
        this.electionTimeoutMs = electionTimeoutMs;
        return this;
    }

    /** A client session silent this long (no message, no keep-alive) is closed. */
    public long sessionTimeoutMs()
    {
        return sessionTimeoutMs;
    }

    public ClusterMemberConfig sessionTimeoutMs(final long sessionTimeoutMs)
    {
        this.sessionTimeoutMs = sessionTimeoutMs;
        return this;
    }

    /**
     * Seconds between the cluster snapshots of the engine's state this member asks for while it leads; 0 for none.
     * A node's engine snapshots count commands instead ({@code poolbook.node.engineSnapshotEvery}).
     */
    public long engineSnapshotIntervalS()
    {
        return engineSnapshotIntervalS;
    }

    public ClusterMemberConfig engineSnapshotIntervalS(final long engineSnapshotIntervalS)
    {
        this.engineSnapshotIntervalS = engineSnapshotIntervalS;
        return this;
    }
}
