package io.poolbook.client;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.poolbook.client.auth.LogonSignature;
import io.poolbook.codecs.BooleanType;
import io.poolbook.codecs.HeartbeatEncoder;
import io.poolbook.codecs.LogonEncoder;
import io.poolbook.codecs.LogoutEncoder;
import io.poolbook.codecs.MessageHeaderEncoder;
import io.poolbook.codecs.RejectReason;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.security.PrivateKey;
import java.util.concurrent.TimeUnit;

/**
 * A session with one node: an exclusive publication to the node's ingress and a subscription for this session's
 * answers, whose channel and stream the Logon names. The session lives by Logon, Heartbeat and Logout messages.
 */
final class NodeTransport implements ClientTransport
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final ClientConfig config;
    private final ExclusivePublication publication;
    private final Subscription responses;
    private final String responseChannel;
    private final int responseStreamId;
    private final FragmentAssembler assembler;
    private final IdleStrategy sendIdle = new YieldingIdleStrategy();
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[1024]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final LogonEncoder logonEncoder = new LogonEncoder();
    private final LogoutEncoder logoutEncoder = new LogoutEncoder();
    private final HeartbeatEncoder heartbeatEncoder = new HeartbeatEncoder();
    private long lastSentNs;

    private NodeTransport(
        final ClientConfig config,
        final ExclusivePublication publication,
        final Subscription responses,
        final String responseChannel,
        final int responseStreamId,
        final FragmentHandler handler)
    {
        this.config = config;
        this.publication = publication;
        this.responses = responses;
        this.responseChannel = responseChannel;
        this.responseStreamId = responseStreamId;
        this.assembler = new FragmentAssembler(handler);
    }

    /**
     * Opens the response subscription and the publication to the node, and waits until the node's ingress is
     * connected.
     *
     * @throws IllegalStateException if the node cannot be reached in {@link ClientConfig#connectTimeoutMs()}.
     */
    static NodeTransport connect(final Aeron aeron, final ClientConfig config, final FragmentHandler handler)
    {
        final int responseStreamId = config.responseStreamId();
        final Subscription responses = aeron.addSubscription(config.responseChannel(), responseStreamId);
        ExclusivePublication publication = null;
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.connectTimeoutMs());
            final IdleStrategy idle = new SleepingMillisIdleStrategy(1);
            String responseChannel = config.responseChannel();
            if (responseChannel.startsWith("aeron:udp"))
            {
                String endpoint;
                while (null == (endpoint = responses.resolvedEndpoint()))
                {
                    checkDeadline(deadline, "resolving " + config.responseChannel());
                    idle.idle();
                }
                final ChannelUri uri = ChannelUri.parse(responseChannel);
                uri.replaceEndpointWildcardPort(endpoint);
                responseChannel = uri.toString();
            }

            publication = aeron.addExclusivePublication(config.ingressChannel(), config.ingressStreamId());
            // The driver marks a publication connected before it raises its limit: until then an offer is
            // back-pressured, and a Logon sent without retries would be lost. Connected means able to send.
            while (!publication.isConnected() || publication.availableWindow() <= 0)
            {
                checkDeadline(deadline, "connecting to the node at " + config.ingressChannel());
                idle.idle();
            }
            return new NodeTransport(config, publication, responses, responseChannel, responseStreamId, handler);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(publication, responses);
            throw ex;
        }
    }

    private static void checkDeadline(final long deadlineNs, final String what)
    {
        if (System.nanoTime() > deadlineNs)
        {
            throw new IllegalStateException("timed out " + what);
        }
    }

    public boolean logon(final int accountId, final PrivateKey key, final boolean cancelOnDisconnect)
    {
        final long nonce = LogonSignature.nextNonce();
        return logon(accountId, nonce, LogonSignature.sign(key, accountId, nonce), cancelOnDisconnect);
    }

    public boolean logon(final int accountId, final long nonce, final byte[] signature, final boolean cancelOnDisconnect)
    {
        logonEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .accountId(accountId)
            .nonce(nonce)
            .heartbeatIntervalMs(config.heartbeatIntervalMs())
            .cancelOnDisconnect(cancelOnDisconnect ? BooleanType.TRUE : BooleanType.FALSE)
            .putSignature(signature, 0, LogonEncoder.signatureLength())
            .responseStreamId(responseStreamId)
            .responseChannel(responseChannel);
        return offer(sendBuffer, 0, HEADER + logonEncoder.encodedLength());
    }

    public boolean offer(final DirectBuffer buffer, final int offset, final int length)
    {
        long result = publication.offer(buffer, offset, length);
        if (result < 0)
        {
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.sendTimeoutMs());
            sendIdle.reset();
            while ((Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result) &&
                System.nanoTime() < deadline)
            {
                sendIdle.idle();
                result = publication.offer(buffer, offset, length);
            }
        }
        if (result > 0)
        {
            lastSentNs = System.nanoTime();
            return true;
        }
        return false;
    }

    public int poll()
    {
        return responses.poll(assembler, 16);
    }

    public void keepAlive(final long sessionId, final long heartbeatIntervalNs)
    {
        if (System.nanoTime() - lastSentNs >= heartbeatIntervalNs)
        {
            heartbeatEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder).sessionId(sessionId)
                .timestamp(System.currentTimeMillis() * 1_000_000L);
            offer(sendBuffer, 0, HEADER + heartbeatEncoder.encodedLength());
        }
    }

    public void logout(final long sessionId)
    {
        logoutEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder).sessionId(sessionId).reason(RejectReason.NONE);
        offer(sendBuffer, 0, HEADER + logoutEncoder.encodedLength());
    }

    public String responseChannel()
    {
        return responseChannel;
    }

    public void close()
    {
        CloseHelper.quietCloseAll(publication, responses);
    }
}
