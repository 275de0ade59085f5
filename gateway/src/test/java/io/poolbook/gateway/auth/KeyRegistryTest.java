package io.poolbook.gateway.auth;

import io.poolbook.client.auth.Ed25519Keys;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;

import static org.junit.jupiter.api.Assertions.*;

final class KeyRegistryTest
{
    @Test
    void registersRawKeysAndIgnoresTheEnginesZeroKey()
    {
        final KeyPair keys = Ed25519Keys.generate();
        final KeyRegistry registry = new KeyRegistry();
        assertFalse(registry.register(0, new byte[32]), "the engine's zero key is no key");
        assertTrue(registry.register(1, Ed25519Keys.raw(keys.getPublic())));
        assertEquals(keys.getPublic(), registry.get(1));
    }
}
