package io.poolbook.client.auth;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
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

    /** RFC 8032 section 7.1, test 1: the key a key file's hex names, and what it signs, stay byte for byte. */
    @Test
    void signaturesArePinnedByteForByte() throws Exception
    {
        final PrivateKey key =
            Ed25519Keys.privateKeyFromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        final Signature rfc = Signature.getInstance("Ed25519");
        rfc.initSign(key);
        assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9" +
            "b46bd25bf5f0595bbe24655141438e7a100b", HexFormat.of().formatHex(rfc.sign()));
        assertEquals("e7ed2d73355540d62e49187c39ff74bf9ee0203fd0a80bd4afe2e22aa0cb1663864958b0c4ca2c8bff39981882f9" +
            "28d856a5b0a038c1a81743c90de376a4070f", HexFormat.of().formatHex(LogonSignature.sign(key, 7, 42)));
        assertTrue(new LogonSignature().verify(
            Ed25519Keys.fromHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"), 7, 42,
            LogonSignature.sign(key, 7, 42)));
    }

    @Test
    void noncesOnlyGoUp()
    {
        final long first = LogonSignature.nextNonce();
        assertTrue(LogonSignature.nextNonce() > first);
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
