package io.poolbook.client;

import io.aeron.Aeron;
import io.aeron.logbuffer.FragmentHandler;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Where a {@link PoolbookClient} sends commands and receives its responses. Defaults suit a client on the node's
 * host over IPC; for UDP set the node's ingress endpoint and a local response endpoint (port 0 picks a free port).
 */
public final class ClientConfig
{
    private String ingressChannel = "aeron:ipc";
    private int ingressStreamId = 1001;
    private String responseChannel = "aeron:ipc";
    private int responseStreamId = 0;
    private int heartbeatIntervalMs = 1000;
    private long connectTimeoutMs = 5_000;
    private long sendTimeoutMs = 1_000;
    private String clusterMembers = "";
    private String clusterLocalHost = "127.0.0.1";

    /** A client of a node over IPC on the same media driver. */
    public static ClientConfig ipc()
    {
        return new ClientConfig();
    }

    /**
     * A client of a node over UDP.
     *
     * @param nodeEndpoint host:port of the node's ingress.
     * @param localHost    address this client receives its responses on (a free port is picked).
     * @return the config.
     */
    public static ClientConfig udp(final String nodeEndpoint, final String localHost)
    {
        return new ClientConfig()
            .ingressChannel("aeron:udp?endpoint=" + nodeEndpoint)
            .responseChannel("aeron:udp?endpoint=" + localHost + ":0");
    }

    /**
     * A client of an Aeron Cluster of Poolbook members instead of a single node: the same client API, switched by
     * this one setting.
     *
     * @param members   the members' host:port list, as given to {@code poolbook cluster --members}.
     * @param localHost address this client receives the cluster's egress on.
     * @return the config.
     */
    public static ClientConfig cluster(final String members, final String localHost)
    {
        final ClientConfig config = new ClientConfig();
        config.clusterMembers = members;
        config.clusterLocalHost = localHost;
        return config;
    }

    /** Does this client talk to a cluster (see {@link #cluster}) rather than a node? */
    public boolean isCluster()
    {
        return !clusterMembers.isEmpty();
    }

    /**
     * Opens the transport this config describes: a node's publication and subscription, or (for {@link #cluster}) a
     * cluster client that connects at logon.
     *
     * @param aeron   client of a media driver that reaches the node or the cluster.
     * @param handler receives each message that arrives, header included.
     * @return the transport, connected to a node; a cluster's connects at logon.
     */
    ClientTransport openTransport(final Aeron aeron, final FragmentHandler handler)
    {
        return isCluster() ? new ClusterTransport(aeron, this, handler) : NodeTransport.connect(aeron, this, handler);
    }

    public String clusterMembers()
    {
        return clusterMembers;
    }

    public String clusterLocalHost()
    {
        return clusterLocalHost;
    }

    public String ingressChannel()
    {
        return ingressChannel;
    }

    public ClientConfig ingressChannel(final String ingressChannel)
    {
        this.ingressChannel = ingressChannel;
        return this;
    }

    public int ingressStreamId()
    {
        return ingressStreamId;
    }

    public ClientConfig ingressStreamId(final int ingressStreamId)
    {
        this.ingressStreamId = ingressStreamId;
        return this;
    }

    /** Channel this client receives on; a UDP endpoint with port 0 is resolved to the port bound. */
    public String responseChannel()
    {
        return responseChannel;
    }

    public ClientConfig responseChannel(final String responseChannel)
    {
        this.responseChannel = responseChannel;
        return this;
    }

    /** Stream id this client receives on; 0 picks a random one (each IPC client needs its own). */
    public int responseStreamId()
    {
        return 0 != responseStreamId ? responseStreamId : ThreadLocalRandom.current().nextInt(10_000, 1 << 30);
    }

    public ClientConfig responseStreamId(final int responseStreamId)
    {
        this.responseStreamId = responseStreamId;
        return this;
    }

    /** Heartbeat interval asked for at logon; the node answers with the one it uses. */
    public int heartbeatIntervalMs()
    {
        return heartbeatIntervalMs;
    }

    public ClientConfig heartbeatIntervalMs(final int heartbeatIntervalMs)
    {
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        return this;
    }

    /** How long {@link PoolbookClient#connect} waits for the node. */
    public long connectTimeoutMs()
    {
        return connectTimeoutMs;
    }

    public ClientConfig connectTimeoutMs(final long connectTimeoutMs)
    {
        this.connectTimeoutMs = connectTimeoutMs;
        return this;
    }

    /** How long a send retries while the node back-pressures before it gives up and returns false. */
    public long sendTimeoutMs()
    {
        return sendTimeoutMs;
    }

    public ClientConfig sendTimeoutMs(final long sendTimeoutMs)
    {
        this.sendTimeoutMs = sendTimeoutMs;
        return this;
    }
}
