package io.poolbook.gateway.cluster;

import io.aeron.security.Authenticator;
import io.aeron.security.SessionProxy;
import io.poolbook.client.auth.LogonSignature;
import io.poolbook.client.cluster.ClusterCredentials;
import org.agrona.collections.Long2ObjectHashMap;

import java.security.PublicKey;

/**
 * Authenticates cluster sessions on the consensus module (Aeron calls it on the leader, on the consensus module's
 * thread): the connect request's credentials ({@link ClusterCredentials}) must carry a signature by the account's
 * registered Ed25519 key over {@code accountId || nonce}, with a nonce greater than any the account used before.
 * An accepted session's principal names its account; the clustered service then refuses every command whose
 * account is another. Nothing else is challenged.
 */
public final class LogonAuthenticator implements Authenticator
{
    private final ClusterKeys keys;
    private final LogonSignature signatures = new LogonSignature();
    private final Long2ObjectHashMap<byte[]> principalBySessionId = new Long2ObjectHashMap<>();

    /**
     * @param keys shared with the member's clustered service.
     */
    public LogonAuthenticator(final ClusterKeys keys)
    {
        this.keys = keys;
    }

    /** {@inheritDoc} */
    public void onConnectRequest(final long sessionId, final byte[] encodedCredentials, final long nowMs)
    {
        principalBySessionId.remove(sessionId);
        if (!ClusterCredentials.isCredentials(encodedCredentials))
        {
            return;
        }
        final int accountId = ClusterCredentials.accountId(encodedCredentials);
        final long nonce = ClusterCredentials.nonce(encodedCredentials);
        final PublicKey key = keys.key(accountId);
        if (null != key &&
            signatures.verify(key, accountId, nonce, ClusterCredentials.signature(encodedCredentials)) &&
            keys.claimNonce(accountId, nonce))
        {
            principalBySessionId.put(sessionId, ClusterCredentials.principal(
                accountId, nonce, ClusterCredentials.credentialFlags(encodedCredentials)));
        }
    }

    /** {@inheritDoc} */
    public void onChallengeResponse(final long sessionId, final byte[] encodedCredentials, final long nowMs)
    {
    }

    /** {@inheritDoc} */
    public void onConnectedSession(final SessionProxy sessionProxy, final long nowMs)
    {
        final byte[] principal = principalBySessionId.remove(sessionProxy.sessionId());
        if (null == principal)
        {
            sessionProxy.reject();
        }
        else
        {
            sessionProxy.authenticate(principal);
        }
    }

    /** {@inheritDoc} */
    public void onChallengedSession(final SessionProxy sessionProxy, final long nowMs)
    {
        principalBySessionId.remove(sessionProxy.sessionId());
        sessionProxy.reject();
    }
}
