package io.poolbook.gateway.cli;

import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.client.auth.KeyFiles;
import io.poolbook.client.auth.LogonSignature;
import io.poolbook.gateway.node.NodeCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;

import static org.junit.jupiter.api.Assertions.*;

final class KeygenCommandTest
{
    @TempDir
    Path dir;

    @Test
    void writesAKeyPairThatSignsLogonsTheNodeVerifies() throws Exception
    {
        final Path file = dir.resolve("operator.key");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final PrintStream saved = System.out;
        System.setOut(new PrintStream(out, true));
        final int code;
        try
        {
            code = PoolbookCommand.commandLine().execute("keygen", "--out", file.toString());
        }
        finally
        {
            System.setOut(saved);
        }
        assertEquals(ExitCode.OK, code);
        final PrivateKey privateKey = KeyFiles.readPrivate(file);
        final PublicKey publicKey = KeyFiles.readPublic(file);
        assertEquals(publicKey, KeyFiles.readPublic(KeyFiles.publicFileOf(file)));
        assertTrue(out.toString().contains(Ed25519Keys.toHex(publicKey)), out.toString());
        assertFalse(Files.readString(KeyFiles.publicFileOf(file)).contains("PRIVATE"));
        assertTrue(Files.readString(file).startsWith("-----BEGIN PRIVATE KEY-----"));

        final byte[] signature = LogonSignature.sign(privateKey, 7, 99);
        assertTrue(new LogonSignature().verify(publicKey, 7, 99, signature));

        assertEquals(ExitCode.FAILURE, PoolbookCommand.commandLine().execute("keygen", "--out", file.toString()),
            "an existing key is never overwritten");
        assertEquals(ExitCode.FAILURE, PoolbookCommand.commandLine().execute("keygen", "--out",
            dir.resolve("missing/folder.key").toString()));
        assertEquals(ExitCode.USAGE, PoolbookCommand.commandLine().execute("keygen"));
    }

    @Test
    void theNodeTakesTheOperatorKeyFromAKeyFileOrHex() throws Exception
    {
        final Path file = dir.resolve("op.key");
        KeyFiles.write(Ed25519Keys.generate(), file);
        final String hex = Ed25519Keys.toHex(KeyFiles.readPublic(file));
        for (final Path given : new Path[]{ file, KeyFiles.publicFileOf(file) })
        {
            final NodeCommand command = new NodeCommand();
            new CommandLine(command).parseArgs("--operator-key-file", given.toString());
            assertEquals(hex, command.toConfig().operatorKey());
        }
        final Path hexFile = Files.writeString(dir.resolve("hex.txt"), hex + "\n");
        final NodeCommand command = new NodeCommand();
        new CommandLine(command).parseArgs("--operator-key-file", hexFile.toString());
        assertEquals(hex, command.toConfig().operatorKey());

        assertEquals(ExitCode.USAGE, PoolbookCommand.commandLine().execute(
            "node", "--operator-key-file", dir.resolve("nope.key").toString()));
        assertEquals(ExitCode.USAGE, PoolbookCommand.commandLine().execute(
            "node", "--operator-key-file", file.toString(), "--operator-key", hex));
        final Path garbage = Files.writeString(dir.resolve("garbage.key"), "hello");
        assertEquals(ExitCode.USAGE, PoolbookCommand.commandLine().execute(
            "node", "--operator-key-file", garbage.toString()));
    }
}
