package io.poolbook.client.cluster;

/**
 * Where a {@link ClusterClient} finds the cluster and how patient it is. The members list is the one the members
 * are started with ({@code host:port,...}); the client reaches each member's ingress on that very port (a member
 * opens its other endpoints on the ports after it) and receives on a port of its own host picked by the system.
 */
public final class ClusterClientConfig
{
    /** The members of a one-member cluster on this host, as {@code poolbook cluster} starts it by default. */
    public static final String MEMBERS_DEFAULT = "127.0.0.1:9000";

    private String members = MEMBERS_DEFAULT;
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

    /**
     * The members' ingress endpoints in the form Aeron's cluster client takes them: {@code 0=host:port,1=...}.
     *
     * @return the string for {@code AeronCluster.Context.ingressEndpoints}.
     * @throws IllegalArgumentException if an entry is not {@code host:port} or there is none.
     */
    public String ingressEndpoints()
    {
        final StringBuilder builder = new StringBuilder();
        int memberId = 0;
        for (final String entry : members.split(","))
        {
            final String endpoint = entry.trim();
            if (endpoint.isEmpty())
            {
                continue;
            }
            final int colon = endpoint.lastIndexOf(':');
            if (colon <= 0 || colon == endpoint.length() - 1)
            {
                throw new IllegalArgumentException("a cluster member is host:port, not '" + endpoint + "'");
            }
            builder.append(memberId > 0 ? "," : "").append(memberId).append('=').append(endpoint);
            memberId++;
        }
        if (0 == memberId)
        {
            throw new IllegalArgumentException("no cluster members in '" + members + "'");
        }
        return builder.toString();
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
