package io.poolbook.client.cluster;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.cluster.codecs.EventCode;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.aeron.security.CredentialsSupplier;
import io.poolbook.client.auth.LogonSignature;
import io.poolbook.codecs.CommandWriter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.security.PrivateKey;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A client of a Poolbook cluster: an {@link AeronCluster} session authenticated as one account
 * ({@link ClusterCredentials}), sending commands encoded with the codecs' {@link CommandWriter} and handing each
 * message the cluster sends back (engine events and {@code SessionReject}s, SBE with their header) to a
 * {@link FragmentHandler}. Leader changes are Aeron's business: while the cluster elects, sends fail (return false)
 * and {@link #poll()} reconnects to the new leader; a command whose answer never came may or may not have been
 * applied, so the caller decides whether to send it again. Poll-driven and not thread-safe, like Aeron's client.
 *
 * <pre>{@code
 * try (ClusterClient client = ClusterClient.connect(aeron, config, accountId, privateKey, true, listener))
 * {
 *     client.send(client.commands().limit(accountId, 42, marketId, Side.BUY, price, quantity));
 *     while (running) { client.poll(); }
 * }
 * }</pre>
 */
public final class ClusterClient implements AutoCloseable
{
    private final AeronCluster cluster;
    private final ClusterClientConfig config;
    private final CommandWriter commands = new CommandWriter(new UnsafeBuffer(new byte[1024]), 0);
    private final IdleStrategy sendIdle = new YieldingIdleStrategy();
    private final long keepAliveIntervalNs;
    private long lastSentNs;
    private int leaderMemberId;

    private ClusterClient(final AeronCluster cluster, final ClusterClientConfig config, final Listener listener)
    {
        this.cluster = cluster;
        this.config = config;
        this.keepAliveIntervalNs = TimeUnit.MILLISECONDS.toNanos(config.keepAliveIntervalMs());
        this.leaderMemberId = cluster.leaderMemberId();
        this.lastSentNs = System.nanoTime();
        listener.client = this;
    }

    /**
     * Connects to the cluster's leader and authenticates, waiting up to the connect timeout.
     *
     * @param aeron              client of a media driver on this host; not closed by this client.
     * @param config             members and timeouts.
     * @param accountId          to act as.
     * @param key                the account's Ed25519 private key (the operator's for the operator account).
     * @param cancelOnDisconnect cancel the account's orders when its last session closes.
     * @param listener           receives every message the cluster sends this session, during {@link #poll()}.
     * @return a connected client.
     * @throws io.aeron.security.AuthenticationException if the cluster refuses the credentials.
     * @throws io.aeron.exceptions.TimeoutException if no leader answers in time.
     */
    public static ClusterClient connect(
        final Aeron aeron,
        final ClusterClientConfig config,
        final int accountId,
        final PrivateKey key,
        final boolean cancelOnDisconnect,
        final FragmentHandler listener)
    {
        final int flags = cancelOnDisconnect ? ClusterCredentials.CANCEL_ON_DISCONNECT : 0;
        return connect(aeron, config, () -> ClusterCredentials.encode(accountId, LogonSignature.nextNonce(), key, flags),
            listener);
    }

    /**
     * Connects as {@link #connect(Aeron, ClusterClientConfig, int, PrivateKey, boolean, FragmentHandler)} does, with a
     * nonce and signature made elsewhere (see {@link LogonSignature}); good for one connect request only.
     *
     * @return a connected client.
     * @throws io.aeron.security.AuthenticationException if the cluster refuses the credentials.
     * @throws io.aeron.exceptions.TimeoutException if no leader answers in time.
     */
    public static ClusterClient connect(
        final Aeron aeron,
        final ClusterClientConfig config,
        final int accountId,
        final long nonce,
        final byte[] signature,
        final boolean cancelOnDisconnect,
        final FragmentHandler listener)
    {
        final byte[] credentials = ClusterCredentials.encode(
            accountId, nonce, signature, cancelOnDisconnect ? ClusterCredentials.CANCEL_ON_DISCONNECT : 0);
        return connect(aeron, config, () -> credentials, listener);
    }

    private static ClusterClient connect(
        final Aeron aeron,
        final ClusterClientConfig config,
        final Supplier<byte[]> encodedCredentials,
        final FragmentHandler listener)
    {
        final CredentialsSupplier credentials = new CredentialsSupplier()
        {
            public byte[] encodedCredentials()
            {
                return encodedCredentials.get();
            }

            public byte[] onChallenge(final byte[] encodedChallenge)
            {
                return new byte[0];
            }
        };
        final Listener egress = new Listener(listener);
        final String termLength = "term-length=" + config.termLength();
        final AeronCluster cluster = AeronCluster.connect(new AeronCluster.Context()
            .aeron(aeron)
            .ownsAeronClient(false)
            .ingressChannel("aeron:udp?" + termLength)
            .ingressEndpoints(config.ingressEndpoints())
            .egressChannel("aeron:udp?" + termLength + "|endpoint=" + config.localHost() + ":0")
            .egressListener(egress)
            .credentialsSupplier(credentials)
            .messageTimeoutNs(TimeUnit.MILLISECONDS.toNanos(config.connectTimeoutMs()))
            .newLeaderTimeoutNs(TimeUnit.MILLISECONDS.toNanos(config.newLeaderTimeoutMs())));
        return new ClusterClient(cluster, config, egress);
    }

    /** The writer {@link #send(int)} sends from; encode a command, then send its length. */
    public CommandWriter commands()
    {
        return commands;
    }

    /**
     * Sends the command just encoded with {@link #commands()}.
     *
     * @param length the encoder's return value.
     * @return true if sent; false while the cluster elects a leader or stays back-pressured.
     */
    public boolean send(final int length)
    {
        return send(commands.buffer(), commands.offset(), length);
    }

    /**
     * Sends bytes as one session message, retrying up to the send timeout while back-pressured.
     *
     * @return true if sent; false if not connected to a leader (poll and try again) or still back-pressured.
     */
    public boolean send(final DirectBuffer buffer, final int offset, final int length)
    {
        long result = cluster.offer(buffer, offset, length);
        if (result < 0 && (Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result))
        {
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.sendTimeoutMs());
            sendIdle.reset();
            while ((Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result) &&
                System.nanoTime() < deadline)
            {
                sendIdle.idle();
                cluster.pollEgress();
                result = cluster.offer(buffer, offset, length);
            }
        }
        if (result > 0)
        {
            lastSentNs = System.nanoTime();
            return true;
        }
        return false;
    }

    /**
     * Delivers what the cluster sent, follows leader changes and keeps the session alive.
     *
     * @return work done.
     */
    public int poll()
    {
        if (cluster.isClosed())
        {
            return 0;
        }
        final int work = cluster.pollEgress();
        final long nowNs = System.nanoTime();
        if (!cluster.isClosed() && nowNs - lastSentNs >= keepAliveIntervalNs && cluster.sendKeepAlive())
        {
            lastSentNs = nowNs;
        }
        return work;
    }

    /** False once the cluster closed the session or no new leader came in time: connect again to go on. */
    public boolean isOpen()
    {
        return !cluster.isClosed();
    }

    /** The cluster session id: the engine's session for this client's commands. */
    public long sessionId()
    {
        return cluster.clusterSessionId();
    }

    /** The member this client last knew as leader. */
    public int leaderMemberId()
    {
        return leaderMemberId;
    }

    /** The Aeron cluster client underneath. */
    public AeronCluster aeronCluster()
    {
        return cluster;
    }

    /** Closes the session: the cluster sees it close (and cancels orders if asked to at connect). */
    public void close()
    {
        cluster.close();
    }

    private static final class Listener implements EgressListener
    {
        private final FragmentHandler events;
        private ClusterClient client;

        Listener(final FragmentHandler events)
        {
            this.events = events;
        }

        public void onMessage(
            final long clusterSessionId,
            final long timestamp,
            final DirectBuffer buffer,
            final int offset,
            final int length,
            final Header header)
        {
            events.onFragment(buffer, offset, length, header);
        }

        public void onSessionEvent(
            final long correlationId,
            final long clusterSessionId,
            final long leadershipTermId,
            final int leaderMemberId,
            final EventCode code,
            final String detail)
        {
            if (null != client)
            {
                client.leaderMemberId = leaderMemberId;
            }
        }

        public void onNewLeader(
            final long clusterSessionId,
            final long leadershipTermId,
            final int leaderMemberId,
            final String ingressEndpoints)
        {
            if (null != client)
            {
                client.leaderMemberId = leaderMemberId;
            }
        }
    }
}
