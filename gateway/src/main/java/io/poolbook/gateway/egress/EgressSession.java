package io.poolbook.gateway.egress;

import io.aeron.Publication;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableRingBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The egress side of one session: the reply path to the client's response channel, and a bounded queue
 * of responses the publication could not take at once. Responses keep their order: while anything is queued, new
 * ones queue behind it. A session whose queue overflows, or stays non-empty beyond the slow-consumer timeout, is
 * dropped by the {@link EgressAgent}; so one slow client costs a bounded amount of memory and never stalls the
 * others. Owned by the egress thread.
 */
final class EgressSession implements ExpandableRingBuffer.MessageConsumer
{
    /** What {@link #send} and {@link #flush} found. */
    enum Outcome
    {
        OK,
        SLOW_CONSUMER,
        GONE
    }

    private final long sessionId;
    private final String channel;
    private final int streamId;
    private final long registrationId;
    private final long connectDeadlineNs;
    private final ExpandableRingBuffer pending;
    private ReplyPath publication;
    private boolean connected;
    private int accountId = -1;
    private long heartbeatIntervalNs = Long.MAX_VALUE;
    private long lastSentNs;
    private long backPressuredSinceNs;
    private long lastResult;

    EgressSession(
        final long sessionId,
        final String channel,
        final int streamId,
        final long registrationId,
        final long connectDeadlineNs,
        final int maxPendingBytes)
    {
        this.sessionId = sessionId;
        this.channel = channel;
        this.streamId = streamId;
        this.registrationId = registrationId;
        this.connectDeadlineNs = connectDeadlineNs;
        this.pending = new ExpandableRingBuffer(0, maxPendingBytes, false);
    }

    long sessionId()
    {
        return sessionId;
    }

    String channel()
    {
        return channel;
    }

    int streamId()
    {
        return streamId;
    }

    long registrationId()
    {
        return registrationId;
    }

    long connectDeadlineNs()
    {
        return connectDeadlineNs;
    }

    int accountId()
    {
        return accountId;
    }

    void loggedOn(final int accountId, final long heartbeatIntervalNs)
    {
        this.accountId = accountId;
        this.heartbeatIntervalNs = heartbeatIntervalNs;
    }

    ReplyPath publication()
    {
        return publication;
    }

    void publication(final ReplyPath publication)
    {
        this.publication = publication;
    }

    boolean isConnected()
    {
        return connected;
    }

    void connected(final long nowNs)
    {
        connected = true;
        lastSentNs = nowNs;
    }

    boolean hasPending()
    {
        return !pending.isEmpty();
    }

    long backPressuredSinceNs()
    {
        return backPressuredSinceNs;
    }

    boolean isHeartbeatDue(final long nowNs)
    {
        return connected && nowNs - lastSentNs >= heartbeatIntervalNs;
    }

    /**
     * Sends one response, or queues it behind earlier ones.
     *
     * @return OK if sent or queued; SLOW_CONSUMER if the queue is full; GONE if the client is gone.
     */
    Outcome send(final DirectBuffer buffer, final int offset, final int length, final long nowNs)
    {
        if (connected && pending.isEmpty())
        {
            final long result = publication.offer(buffer, offset, length);
            if (result > 0)
            {
                lastSentNs = nowNs;
                return Outcome.OK;
            }
            if (Publication.BACK_PRESSURED != result && Publication.ADMIN_ACTION != result)
            {
                lastResult = result;
                return Outcome.GONE;
            }
            backPressuredSinceNs = nowNs;
        }
        return pending.append(buffer, offset, length) ? Outcome.OK : Outcome.SLOW_CONSUMER;
    }

    /**
     * Sends what is queued, as far as the publication takes it.
     *
     * @return GONE if the publication can no longer send, else OK.
     */
    Outcome flush(final long nowNs)
    {
        if (!connected || pending.isEmpty())
        {
            return Outcome.OK;
        }
        lastResult = 1;
        pending.consume(this, Integer.MAX_VALUE);
        if (pending.isEmpty())
        {
            backPressuredSinceNs = 0;
            lastSentNs = nowNs;
        }
        else if (0 == backPressuredSinceNs)
        {
            backPressuredSinceNs = nowNs;
        }
        return lastResult > 0 || Publication.BACK_PRESSURED == lastResult || Publication.ADMIN_ACTION == lastResult ?
            Outcome.OK : Outcome.GONE;
    }

    /** {@inheritDoc} */
    public boolean onMessage(final MutableDirectBuffer buffer, final int offset, final int length, final int headOffset)
    {
        lastResult = publication.offer(buffer, offset, length);
        return lastResult > 0;
    }

    /** Result of the last failed offer, for the log. */
    String lastError()
    {
        return Publication.errorString(lastResult);
    }

    /** Bytes queued. */
    int pendingBytes()
    {
        return pending.size();
    }
}
