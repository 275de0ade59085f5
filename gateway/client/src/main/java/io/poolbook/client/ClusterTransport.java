package io.poolbook.client;

import io.aeron.Aeron;
import io.aeron.exceptions.AeronException;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.security.AuthenticationException;
import io.poolbook.client.cluster.ClusterClient;
import io.poolbook.client.cluster.ClusterClientConfig;
import io.poolbook.codecs.LogonResponseEncoder;
import io.poolbook.codecs.LogonStatus;
import io.poolbook.codecs.MessageHeaderEncoder;
import io.poolbook.codecs.RejectReason;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.security.PrivateKey;
import java.util.function.Supplier;

/**
 * A session with a cluster of Poolbook members through Aeron Cluster's client ({@link ClusterClient}). Logon is the
 * authenticated connect: its outcome reaches the handler as a {@code LogonResponse}, as a node would answer, so the
 * client above cannot tell the two apart. The cluster client keeps the session alive and follows leader changes
 * itself, and closing it ends the session. Needs aeron-cluster on the class path, which poolbook-client leaves
 * optional.
 */
final class ClusterTransport implements ClientTransport
{
    private final Aeron aeron;
    private final ClientConfig config;
    private final FragmentHandler handler;
    private final UnsafeBuffer answerBuffer = new UnsafeBuffer(new byte[64]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final LogonResponseEncoder logonResponse = new LogonResponseEncoder();
    private ClusterClient client;

    ClusterTransport(final Aeron aeron, final ClientConfig config, final FragmentHandler handler)
    {
        this.aeron = aeron;
        this.config = config;
        this.handler = handler;
    }

    public boolean logon(final int accountId, final PrivateKey key, final boolean cancelOnDisconnect)
    {
        return connect(accountId,
            () -> ClusterClient.connect(aeron, clusterConfig(), accountId, key, cancelOnDisconnect, handler));
    }

    public boolean logon(final int accountId, final long nonce, final byte[] signature, final boolean cancelOnDisconnect)
    {
        return connect(accountId, () ->
            ClusterClient.connect(aeron, clusterConfig(), accountId, nonce, signature, cancelOnDisconnect, handler));
    }

    private ClusterClientConfig clusterConfig()
    {
        return new ClusterClientConfig()
            .members(config.clusterMembers())
            .localHost(config.clusterLocalHost())
            .connectTimeoutMs(config.connectTimeoutMs())
            .sendTimeoutMs(config.sendTimeoutMs());
    }

    /** Connects (again, if it was), then answers the logon as a node would. */
    private boolean connect(final int accountId, final Supplier<ClusterClient> connect)
    {
        CloseHelper.quietClose(client);
        client = null;
        logonResponse.wrapAndApplyHeader(answerBuffer, 0, headerEncoder)
            .accountId(accountId)
            .heartbeatIntervalMs(config.heartbeatIntervalMs());
        try
        {
            client = connect.get();
            logonResponse.sessionId(client.sessionId()).status(LogonStatus.ACCEPTED).reason(RejectReason.NONE);
        }
        catch (final AuthenticationException ex)
        {
            logonResponse.sessionId(0).status(LogonStatus.REJECTED).reason(RejectReason.BAD_SIGNATURE);
        }
        catch (final AeronException ex)
        {
            logonResponse.sessionId(0).status(LogonStatus.REJECTED).reason(RejectReason.NODE_UNAVAILABLE);
        }
        handler.onFragment(
            answerBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + logonResponse.encodedLength(), null);
        return true;
    }

    public boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        return null != client && client.send(buffer, offset, length);
    }

    public int poll()
    {
        return null == client ? 0 : client.poll();
    }

    public void keepAlive(final long sessionId, final long heartbeatIntervalNs)
    {
        // the cluster client sends its keep-alives during poll
    }

    public void logout(final long sessionId)
    {
        // closing the cluster session is its logout
    }

    public String responseChannel()
    {
        return "";
    }

    public void close()
    {
        CloseHelper.quietClose(client);
    }
}
