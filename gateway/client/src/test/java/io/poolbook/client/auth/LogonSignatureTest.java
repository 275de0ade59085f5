package io.poolbook.client.auth;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.*;

final class LogonSignatureTest
{
    @Test
    void theSignedPayloadIsAccountThenNonceLittleEndian()
    {
        final byte[] payload = new byte[LogonSignature.PAYLOAD_LENGTH];
        LogonSignature.payload(0x01020304, 0x1112131415161718L, payload);
        assertEquals("040302011817161514131211", HexFormat.of().formatHex(payload));
    }

    @Test
    void aSignatureVerifiesOnlyForItsKeyAccountAndNonce()
    {
        final KeyPair keys = Ed25519Keys.generate();
        final KeyPair other = Ed25519Keys.generate();
        final byte[] signature = LogonSignature.sign(keys.getPrivate(), 7, 42);
        final LogonSignature verifier = new LogonSignature();
        final byte[] raw = Ed25519Keys.raw(keys.getPublic());

        assertTrue(verifier.verify(Ed25519Keys.publicKey(raw), 7, 42, signature));
        assertFalse(verifier.verify(other.getPublic(), 7, 42, signature));
        assertFalse(verifier.verify(keys.getPublic(), 8, 42, signature));
        assertFalse(verifier.verify(keys.getPublic(), 7, 43, signature));
        signature[10] ^= 1;
        assertFalse(verifier.verify(keys.getPublic(), 7, 42, signature));
        assertFalse(verifier.verify(keys.getPublic(), 7, 42, new byte[3]), "never throws");
    }

    @Test
    void rawKeysRoundTripThroughHex()
    {
        final KeyPair keys = Ed25519Keys.generate();
        final String hex = Ed25519Keys.toHex(keys.getPublic());
        assertEquals(64, hex.length());
        assertEquals(keys.getPublic(), Ed25519Keys.fromHex(hex));
        assertTrue(Ed25519Keys.isZero(new byte[32]));
    }
}
