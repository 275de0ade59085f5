package io.poolbook.gateway.egress;

import org.agrona.DirectBuffer;

/**
 * One session's response channel as egress sees it: offer a message, ask whether the client is reading, close it.
 * In a node it is an Aeron exclusive publication ({@link AeronReplyPaths}); the egress agent's unit tests give it
 * one they control. {@link #offer} answers as {@link io.aeron.Publication#offer} does: a new position when sent,
 * or one of {@code Publication}'s negative results.
 */
public interface ReplyPath
{
    long offer(DirectBuffer buffer, int offset, int length);

    boolean isConnected();

    boolean isClosed();

    void close();
}
