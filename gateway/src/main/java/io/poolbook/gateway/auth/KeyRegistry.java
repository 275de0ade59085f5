package io.poolbook.gateway.auth;

import io.poolbook.client.auth.Ed25519Keys;
import java.security.PublicKey;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Ed25519 key each account logs on with. Fed from the engine: its accounts after start-up replay, then every
 * {@code AccountRegistered} event once it is durable (by the egress thread); read by the ingress thread at logon.
 * The operator's key comes from the node's settings instead, because the engine registers the operator without one.
 * Logons are rare, so a concurrent map is the simple, safe choice here; nothing on the order path touches it.
 */
public final class KeyRegistry
{
    private final ConcurrentHashMap<Integer, PublicKey> keys = new ConcurrentHashMap<>();

    /**
     * Registers or replaces an account's key; an all-zero key (no key) is ignored.
     *
     * @param accountId the key logs on for.
     * @param raw       32-byte Ed25519 public key.
     * @return true if a key was registered.
     */
    public boolean register(final int accountId, final byte[] raw)
    {
        if (Ed25519Keys.isZero(raw))
        {
            return false;
        }
        try
        {
            keys.put(accountId, Ed25519Keys.publicKey(raw));
            return true;
        }
        catch (final IllegalArgumentException ex)
        {
            return false;
        }
    }

    public void register(final int accountId, final PublicKey key)
    {
        keys.put(accountId, key);
    }

    /** The account's key, or null when it has none. */
    public PublicKey get(final int accountId)
    {
        return keys.get(accountId);
    }

    public int size()
    {
        return keys.size();
    }
}
