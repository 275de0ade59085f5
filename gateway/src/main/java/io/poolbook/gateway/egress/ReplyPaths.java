package io.poolbook.gateway.egress;

/**
 * Opens and closes sessions' reply paths without waiting: {@link #open} starts one, {@link #poll} finds it once it
 * is ready, {@link #remove} gives up on one never found. The egress agent calls these on its own thread only.
 */
public interface ReplyPaths
{
    /**
     * Starts opening a reply path.
     *
     * @param channel  the client's response channel.
     * @param streamId its stream.
     * @return an id to poll for it.
     * @throws RuntimeException if the channel cannot be used at all.
     */
    long open(String channel, int streamId);

    /**
     * @param registrationId from {@link #open}.
     * @return the reply path, or null while it is still being opened.
     * @throws RuntimeException if opening it failed.
     */
    ReplyPath poll(long registrationId);

    /**
     * Gives up on a reply path that {@link #poll} never returned.
     *
     * @param registrationId from {@link #open}.
     */
    void remove(long registrationId);
}
