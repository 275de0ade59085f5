package io.poolbook.gateway.egress;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import org.agrona.DirectBuffer;

/** Reply paths as Aeron exclusive publications of the node's client. */
public final class AeronReplyPaths implements ReplyPaths
{
    private final Aeron aeron;

    /**
     * @param aeron the node's client.
     */
    public AeronReplyPaths(final Aeron aeron)
    {
        this.aeron = aeron;
    }

    /** {@inheritDoc} */
    public long open(final String channel, final int streamId)
    {
        return aeron.asyncAddExclusivePublication(channel, streamId);
    }

    /** {@inheritDoc} */
    public ReplyPath poll(final long registrationId)
    {
        final ExclusivePublication publication = aeron.getExclusivePublication(registrationId);
        return null == publication ? null : new PublicationReplyPath(publication);
    }

    /** {@inheritDoc} */
    public void remove(final long registrationId)
    {
        aeron.asyncRemovePublication(registrationId);
    }

    private static final class PublicationReplyPath implements ReplyPath
    {
        private final ExclusivePublication publication;

        PublicationReplyPath(final ExclusivePublication publication)
        {
            this.publication = publication;
        }

        public long offer(final DirectBuffer buffer, final int offset, final int length)
        {
            return publication.offer(buffer, offset, length);
        }

        public boolean isConnected()
        {
            return publication.isConnected();
        }

        public boolean isClosed()
        {
            return publication.isClosed();
        }

        public void close()
        {
            publication.close();
        }
    }
}
