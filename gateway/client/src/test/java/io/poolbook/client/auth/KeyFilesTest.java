package io.poolbook.client.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

import static org.junit.jupiter.api.Assertions.*;

final class KeyFilesTest
{
    @TempDir
    Path dir;

    @Test
    void aKeyFileSignsLogonsItsPublicFileVerifies() throws IOException
    {
        final KeyPair keys = Ed25519Keys.generate();
        final Path file = dir.resolve("trader.key");
        final Path publicFile = KeyFiles.write(keys, file);
        assertEquals(KeyFiles.publicFileOf(file), publicFile);

        final String text = Files.readString(file, StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("-----BEGIN PRIVATE KEY-----\n"), text);
        assertTrue(text.contains("-----BEGIN PUBLIC KEY-----\n"), text);
        assertEquals(Files.readString(publicFile, StandardCharsets.US_ASCII),
            text.substring(text.indexOf("-----BEGIN PUBLIC KEY-----")));

        final byte[] signature = LogonSignature.sign(KeyFiles.readPrivate(file), 3, 99);
        assertTrue(new LogonSignature().verify(KeyFiles.readPublic(publicFile), 3, 99, signature));
        assertEquals(keys.getPublic(), KeyFiles.readPublic(file));
        assertThrows(IOException.class, () -> KeyFiles.write(keys, file), "never overwrites a key");
    }

    @Test
    void aPublicKeyMayBeHex() throws IOException
    {
        final KeyPair keys = Ed25519Keys.generate();
        final Path file = Files.writeString(dir.resolve("operator.hex"), Ed25519Keys.toHex(keys.getPublic()) + "\n");
        assertEquals(keys.getPublic(), KeyFiles.readPublic(file));
        assertThrows(IllegalArgumentException.class, () -> KeyFiles.readPrivate(file));
    }
}
