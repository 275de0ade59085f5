package io.poolbook.gateway.cluster;

import io.aeron.CommonContext;
import io.aeron.driver.ThreadingMode;
import io.poolbook.client.cluster.ClusterClientConfig;
import io.poolbook.engine.EngineConfig;
import io.poolbook.gateway.pipeline.IdleMode;
import io.poolbook.replay.journal.JournalConfig;
import org.agrona.BitUtil;
import org.agrona.SystemUtil;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Settings of one cluster member, in the style of an Aeron context: each has a default read from a
 * {@code poolbook.cluster.*} system property when the config is made, and a fluent setter.
 * <p>
 * Members are listed as {@code host:port,host:port,...}; member N is the N-th (from 0). Each member uses five ports
 * from its own: {@code port} client ingress, {@code port+1} consensus, {@code port+2} log, {@code port+3} catch-up,
 * {@code port+4} archive control. Every member must be given the same list, engine settings and operator key.
 */
public final class ClusterMemberConfig
{
    public static final String PREFIX = "poolbook.cluster.";

    public static final String MEMBER_ID_PROP = PREFIX + "member";
    public static final String MEMBERS_PROP = PREFIX + "members";
    public static final String MEMBERS_DEFAULT = ClusterClientConfig.MEMBERS_DEFAULT;
    public static final String DIR_PROP = PREFIX + "dir";
    public static final String AERON_DIR_PROP = PREFIX + "aeronDir";
    public static final String THREADING_MODE_PROP = PREFIX + "threadingMode";
    public static final String THREADING_MODE_DEFAULT = "SHARED";
    public static final String TERM_LENGTH_PROP = PREFIX + "termLength";
    public static final String TERM_LENGTH_DEFAULT = "64k";
    public static final String ARCHIVE_SEGMENT_LENGTH_PROP = PREFIX + "archiveSegmentLength";
    public static final String ARCHIVE_SEGMENT_LENGTH_DEFAULT = "16m";
    public static final String IDLE_PROP = PREFIX + "idle";
    public static final String IDLE_DEFAULT = "backoff";
    public static final String HEARTBEAT_INTERVAL_MS_PROP = PREFIX + "heartbeatIntervalMs";
    public static final long HEARTBEAT_INTERVAL_MS_DEFAULT = 100;
    public static final String HEARTBEAT_TIMEOUT_MS_PROP = PREFIX + "heartbeatTimeoutMs";
    public static final long HEARTBEAT_TIMEOUT_MS_DEFAULT = 2_000;
    public static final String ELECTION_TIMEOUT_MS_PROP = PREFIX + "electionTimeoutMs";
    public static final long ELECTION_TIMEOUT_MS_DEFAULT = 1_000;
    public static final String SESSION_TIMEOUT_MS_PROP = PREFIX + "sessionTimeoutMs";
    public static final long SESSION_TIMEOUT_MS_DEFAULT = 10_000;
    public static final String SNAPSHOT_INTERVAL_S_PROP = PREFIX + "snapshotIntervalS";
    public static final long SNAPSHOT_INTERVAL_S_DEFAULT = 0;
    public static final String OPERATOR_KEY_PROP = PREFIX + "operatorKey";
    public static final String FSYNC_PROP = PREFIX + "fsync";
    public static final String FSYNC_DEFAULT = "none";

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
    private ThreadingMode threadingMode =
        ThreadingMode.valueOf(System.getProperty(THREADING_MODE_PROP, THREADING_MODE_DEFAULT).toUpperCase(Locale.ROOT));
    private int termLength = SystemUtil.getSizeAsInt(TERM_LENGTH_PROP, 64 * 1024);
    private int archiveSegmentLength = SystemUtil.getSizeAsInt(ARCHIVE_SEGMENT_LENGTH_PROP, 16 * 1024 * 1024);
    private IdleMode idleMode = IdleMode.parse(System.getProperty(IDLE_PROP, IDLE_DEFAULT));
    private long heartbeatIntervalMs = Long.getLong(HEARTBEAT_INTERVAL_MS_PROP, HEARTBEAT_INTERVAL_MS_DEFAULT);
    private long heartbeatTimeoutMs = Long.getLong(HEARTBEAT_TIMEOUT_MS_PROP, HEARTBEAT_TIMEOUT_MS_DEFAULT);
    private long electionTimeoutMs = Long.getLong(ELECTION_TIMEOUT_MS_PROP, ELECTION_TIMEOUT_MS_DEFAULT);
    private long sessionTimeoutMs = Long.getLong(SESSION_TIMEOUT_MS_PROP, SESSION_TIMEOUT_MS_DEFAULT);
    private long snapshotIntervalS = Long.getLong(SNAPSHOT_INTERVAL_S_PROP, SNAPSHOT_INTERVAL_S_DEFAULT);
    private String operatorKey = System.getProperty(OPERATOR_KEY_PROP, "");
    private String fsync = System.getProperty(FSYNC_PROP, FSYNC_DEFAULT);
    private EngineConfig engineConfig = new EngineConfig();

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
        if (!BitUtil.isPowerOfTwo(termLength) || termLength < 64 * 1024)
        {
            throw new IllegalArgumentException(TERM_LENGTH_PROP + " must be a power of two >= 64k: " + termLength);
        }
        if (!BitUtil.isPowerOfTwo(archiveSegmentLength) || archiveSegmentLength < termLength)
        {
            throw new IllegalArgumentException(ARCHIVE_SEGMENT_LENGTH_PROP +
                " must be a power of two >= the term length: " + archiveSegmentLength);
        }
        if (heartbeatIntervalMs <= 0 || heartbeatTimeoutMs < 2 * heartbeatIntervalMs)
        {
            throw new IllegalArgumentException(HEARTBEAT_TIMEOUT_MS_PROP + " must be at least twice " +
                HEARTBEAT_INTERVAL_MS_PROP + " (> 0): " + heartbeatTimeoutMs + ", " + heartbeatIntervalMs);
        }
        if (electionTimeoutMs <= 0 || sessionTimeoutMs <= 0 || snapshotIntervalS < 0)
        {
            throw new IllegalArgumentException("timeouts must be > 0 and the snapshot interval >= 0");
        }
        JournalConfig.parseFsyncPolicy(fsync);
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

    public ThreadingMode threadingMode()
    {
        return threadingMode;
    }

    public ClusterMemberConfig threadingMode(final ThreadingMode threadingMode)
    {
        this.threadingMode = threadingMode;
        return this;
    }

    /** Term length of every publication: channels, IPC and the cluster log. */
    public int termLength()
    {
        return termLength;
    }

    public ClusterMemberConfig termLength(final int termLength)
    {
        this.termLength = termLength;
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

    public IdleMode idleMode()
    {
        return idleMode;
    }

    public ClusterMemberConfig idleMode(final IdleMode idleMode)
    {
        this.idleMode = idleMode;
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

    /** Seconds between snapshots this member asks for while it leads; 0 for none. */
    public long snapshotIntervalS()
    {
        return snapshotIntervalS;
    }

    public ClusterMemberConfig snapshotIntervalS(final long snapshotIntervalS)
    {
        this.snapshotIntervalS = snapshotIntervalS;
        return this;
    }

    /** Raw Ed25519 public key of the operator account in hex; empty: the operator cannot connect. */
    public String operatorKey()
    {
        return operatorKey;
    }

    public ClusterMemberConfig operatorKey(final String operatorKey)
    {
        this.operatorKey = operatorKey;
        return this;
    }

    /** Fsync policy of the member journal: none, interval_ms or always. */
    public String fsync()
    {
        return fsync;
    }

    public ClusterMemberConfig fsync(final String fsync)
    {
        this.fsync = fsync;
        return this;
    }

    /** Proposed engine settings; a data folder that records some keeps those. */
    public EngineConfig engineConfig()
    {
        return engineConfig;
    }

    public ClusterMemberConfig engineConfig(final EngineConfig engineConfig)
    {
        this.engineConfig = engineConfig;
        return this;
    }
}
