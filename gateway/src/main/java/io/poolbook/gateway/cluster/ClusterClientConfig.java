package io.poolbook.gateway.cluster;

/**
 * Where a {@link ClusterClient} finds the cluster and how patient it is. The members list is the one the members
 * are started with ({@code host:port,...}); the client reaches each member's ingress on its port and receives on
 * a port of its own host picked by the system.
 */
public final class ClusterClientConfig
{
    private String members = ClusterMemberConfig.MEMBERS_DEFAULT;
    private String localHost = "localhost";
    private int termLength = 64 * 1024;
    private long connectTimeoutMs = 10_000;
    private long newLeaderTimeoutMs = 15_000;
    private long sendTimeoutMs = 1_000;
    private long keepAliveIntervalMs = 1_000;

    /** The cluster's members, {@code host:port,...} in member order. */
    public String members()
    {
        return members;
    }

    public ClusterClientConfig members(final String members)
    {
        this.members = members;
        return this;
    }

    /** The address of this client's host that the members can send responses to. */
    public String localHost()
    {
        return localHost;
    }

    public ClusterClientConfig localHost(final String localHost)
    {
        this.localHost = localHost;
        return this;
    }

    /** Term length of the client's ingress publication and of the egress asked for. */
    public int termLength()
    {
        return termLength;
    }

    public ClusterClientConfig termLength(final int termLength)
    {
        this.termLength = termLength;
        return this;
    }

    /** How long connecting (and each step of it) may take. */
    public long connectTimeoutMs()
    {
        return connectTimeoutMs;
    }

    public ClusterClientConfig connectTimeoutMs(final long connectTimeoutMs)
    {
        this.connectTimeoutMs = connectTimeoutMs;
        return this;
    }

    /** How long to wait for a new leader after losing the old one before the client closes. */
    public long newLeaderTimeoutMs()
    {
        return newLeaderTimeoutMs;
    }

    public ClusterClientConfig newLeaderTimeoutMs(final long newLeaderTimeoutMs)
    {
        this.newLeaderTimeoutMs = newLeaderTimeoutMs;
        return this;
    }

    /** How long a send retries while back-pressured before it gives up and returns false. */
    public long sendTimeoutMs()
    {
        return sendTimeoutMs;
    }

    public ClusterClientConfig sendTimeoutMs(final long sendTimeoutMs)
    {
        this.sendTimeoutMs = sendTimeoutMs;
        return this;
    }

    /** Keep-alive period while the client sends nothing; well under the members' session timeout. */
    public long keepAliveIntervalMs()
    {
        return keepAliveIntervalMs;
    }

    public ClusterClientConfig keepAliveIntervalMs(final long keepAliveIntervalMs)
    {
        this.keepAliveIntervalMs = keepAliveIntervalMs;
        return this;
    }
}
