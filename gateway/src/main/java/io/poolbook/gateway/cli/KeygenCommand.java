package io.poolbook.gateway.cli;

import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.client.auth.KeyFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;

/**
 * {@code poolbook keygen --out FILE}: a fresh Ed25519 key pair for the operator or a trader. The key file is what
 * {@code admin --key} and {@code trade --key} sign logons with; its {@code .pub} companion (or the printed hex) is
 * what {@code node --operator-key-file} and {@code admin register-account --public-key} take.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
    description = {
        "Create an Ed25519 key pair: FILE gets the private and public key (PEM, owner-only), FILE.pub the public " +
            "key alone; prints the raw public key in hex.",
        "Exit codes: 0 written, 1 a file exists or cannot be written, 2 bad command line."
    })
public final class KeygenCommand implements Callable<Integer>
{
    @Option(names = "--out", required = true, paramLabel = "FILE",
        description = "Key file to create (refused if it or FILE.pub exists).")
    Path out;

    public Integer call()
    {
        final KeyPair keys = Ed25519Keys.generate();
        try
        {
            final Path publicFile = KeyFiles.write(keys, out);
            System.out.println("private key: " + out + " (keep it secret)");
            System.out.println("public key:  " + publicFile);
            System.out.println(Ed25519Keys.toHex(keys.getPublic()));
            return ExitCode.OK;
        }
        catch (final IOException ex)
        {
            System.err.println("poolbook keygen: cannot write " + out + ": " +
                (ex instanceof java.nio.file.NoSuchFileException ? "its folder does not exist" : ex.getMessage()));
            return ExitCode.FAILURE;
        }
    }
}
