package io.poolbook.gateway.cluster;

import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.engine.Engine;
import io.poolbook.engine.account.Account;
import io.poolbook.gateway.auth.KeyRegistry;

import java.security.PublicKey;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a member's {@link LogonAuthenticator} (on the consensus module's thread) needs from its
 * {@link EngineClusteredService} (on the service thread): each account's logon key, as registered in the engine
 * (fed from {@code AccountRegistered} events and from a restored snapshot), the operator's key from the settings,
 * and the highest nonce each account has connected with, learnt from the sessions opened in the log, so that a new
 * leader refuses a replayed connect request its predecessor accepted. Thread-safe.
 */
public final class ClusterKeys
{
    private final KeyRegistry keys = new KeyRegistry();
    private final ConcurrentHashMap<Integer, Long> lastNonces = new ConcurrentHashMap<>();
    private final int operatorAccountId;
    private final PublicKey operatorKey;

    /**
     * @param operatorAccountId the engine's operator account.
     * @param operatorKeyHex    raw Ed25519 key of the operator in hex; empty if the operator cannot connect.
     */
    public ClusterKeys(final int operatorAccountId, final String operatorKeyHex)
    {
        this.operatorAccountId = operatorAccountId;
        this.operatorKey = operatorKeyHex.isEmpty() ? null : Ed25519Keys.fromHex(operatorKeyHex);
        if (null != operatorKey)
        {
            keys.register(operatorAccountId, operatorKey);
        }
    }

    /** Registers the keys of every account in an engine (after a snapshot is restored). */
    public void registerAll(final Engine engine)
    {
        for (int i = 0, size = engine.accounts().size(); i < size; i++)
        {
            final Account account = engine.accounts().atIndex(i);
            register(account.id(), account.publicKey());
        }
    }

    /**
     * Registers an account's raw key; the operator keeps the key from the settings and an all-zero key is none.
     *
     * @param accountId the key logs on for.
     * @param raw       32 bytes.
     */
    public void register(final int accountId, final byte[] raw)
    {
        if (accountId != operatorAccountId || null == operatorKey)
        {
            keys.register(accountId, raw);
        }
    }

    /** The account's key, or null when it has none. */
    public PublicKey key(final int accountId)
    {
        return keys.get(accountId);
    }

    /**
     * Claims a nonce for an account: accepted only if greater than any seen for it.
     *
     * @return true if the nonce was fresh and is now the account's last.
     */
    public boolean claimNonce(final int accountId, final long nonce)
    {
        final long[] accepted = new long[1];
        lastNonces.compute(accountId, (id, last) ->
        {
            if (null == last || nonce > last)
            {
                accepted[0] = 1;
                return nonce;
            }
            return last;
        });
        return 1 == accepted[0];
    }

    /** Records a nonce seen in the log (a session opened on some leader). */
    public void onNonceUsed(final int accountId, final long nonce)
    {
        lastNonces.merge(accountId, nonce, Math::max);
    }

    public int operatorAccountId()
    {
        return operatorAccountId;
    }
}
