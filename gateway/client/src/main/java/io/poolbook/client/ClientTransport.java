package io.poolbook.client;

import org.agrona.DirectBuffer;

import java.security.PrivateKey;

/**
 * How a {@link PoolbookClient} reaches Poolbook: a session's way in and its way back, whatever carries them. A node
 * takes a Logon message over an Aeron publication and answers on a subscription of the client's; a cluster is
 * reached through Aeron Cluster's client, which authenticates the session when it connects. Either way the client
 * sees the same thing: it logs on, offers commands, and polls the answers (a {@code LogonResponse} first), each
 * handed, header included, to the handler the transport was opened with. Not thread-safe: the client's thread only.
 */
public interface ClientTransport extends AutoCloseable
{
    /**
     * Starts a session, signed with the account's key over a fresh nonce.
     *
     * @param accountId          to log on as.
     * @param key                the account's Ed25519 private key.
     * @param cancelOnDisconnect whether the account's orders are cancelled when this session ends.
     * @return true if the logon went out; its answer, a {@code LogonResponse}, comes to the handler, during this
     * call or a later {@link #poll()}.
     */
    boolean logon(int accountId, PrivateKey key, boolean cancelOnDisconnect);

    /**
     * Starts a session with a nonce and signature made elsewhere (see {@code LogonSignature}).
     *
     * @return true if the logon went out; its answer comes as for {@link #logon(int, PrivateKey, boolean)}.
     */
    boolean logon(int accountId, long nonce, byte[] signature, boolean cancelOnDisconnect);

    /**
     * Offers one message as it is, retrying while back-pressured up to {@link ClientConfig#sendTimeoutMs()}.
     *
     * @return true if sent; false if not connected or still back-pressured.
     */
    boolean offer(DirectBuffer buffer, int offset, int length);

    /**
     * Hands what arrived to the handler.
     *
     * @return work done.
     */
    int poll();

    /**
     * Keeps a logged-on session alive: called on every poll of a logged-on client; sends a heartbeat when nothing
     * went out for the interval the other side asked for (a transport that keeps itself alive does nothing).
     *
     * @param sessionId           the session given at logon.
     * @param heartbeatIntervalNs the interval given at logon.
     */
    void keepAlive(long sessionId, long heartbeatIntervalNs);

    /** Ends a logged-on session in order, before {@link #close()}; a transport whose close ends it does nothing. */
    void logout(long sessionId);

    /** Where the other side sends this session's answers, as the logon named it; empty if the transport names none. */
    String responseChannel();

    /** Releases the transport's publications and subscriptions; the Aeron client stays the caller's. */
    void close();
}
