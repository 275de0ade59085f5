package io.poolbook.client.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 keys in files, as standard PEM that OpenSSL also reads: a key file holds the private key (PKCS#8,
 * {@code PRIVATE KEY}) followed by its public key (X.509 SubjectPublicKeyInfo, {@code PUBLIC KEY}); its
 * {@code .pub} companion holds the public block alone, to hand to a node or an operator without the secret.
 * A public key is also accepted as 64 hex digits, the form {@code --operator-key} takes.
 */
public final class KeyFiles
{
    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";
    private static final Pattern HEX_KEY = Pattern.compile("\\s*([0-9a-fA-F]{64})\\s*");

    private KeyFiles()
    {
    }

    /**
     * Writes a key pair to {@code file} (owner-only permissions where the file system has them) and its public key
     * to {@code file + ".pub"}. Refuses to overwrite either.
     *
     * @param keys an Ed25519 key pair.
     * @param file where the private key goes.
     * @return the public key file written.
     * @throws IOException if a file exists already or cannot be written.
     */
    public static Path write(final KeyPair keys, final Path file) throws IOException
    {
        final Path publicFile = publicFileOf(file);
        if (Files.exists(file) || Files.exists(publicFile))
        {
            throw new IOException((Files.exists(file) ? "it" : publicFile.toString()) + " exists already; not overwritten");
        }
        final String publicPem = pem(PUBLIC, keys.getPublic().getEncoded());
        Files.createFile(file);
        try
        {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        catch (final UnsupportedOperationException ignore)
        {
            // not a POSIX file system: the file keeps its default permissions
        }
        Files.writeString(file, pem(PRIVATE, keys.getPrivate().getEncoded()) + publicPem, StandardCharsets.US_ASCII);
        Files.writeString(publicFile, publicPem, StandardCharsets.US_ASCII);
        return publicFile;
    }

    /** The public key file written beside a key file. */
    public static Path publicFileOf(final Path file)
    {
        return file.resolveSibling(file.getFileName() + ".pub");
    }

    /**
     * @param file a key file written by {@link #write}.
     * @return its private key.
     * @throws IOException if it cannot be read.
     * @throws IllegalArgumentException if it holds no Ed25519 private key.
     */
    public static PrivateKey readPrivate(final Path file) throws IOException
    {
        final byte[] der = block(Files.readString(file, StandardCharsets.US_ASCII), PRIVATE, file);
        try
        {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalArgumentException(file + ": not an Ed25519 private key (" + ex.getMessage() + ")", ex);
        }
    }

    /**
     * @param file a key file, its {@code .pub} companion, or a file holding the raw public key in 64 hex digits.
     * @return the public key.
     * @throws IOException if it cannot be read.
     * @throws IllegalArgumentException if it holds no Ed25519 public key.
     */
    public static PublicKey readPublic(final Path file) throws IOException
    {
        final String text = Files.readString(file, StandardCharsets.US_ASCII);
        final Matcher hex = HEX_KEY.matcher(text);
        if (hex.matches())
        {
            return Ed25519Keys.fromHex(hex.group(1));
        }
        final byte[] der = block(text, PUBLIC, file);
        try
        {
            return KeyFactory.getInstance("Ed25519").generatePublic(new java.security.spec.X509EncodedKeySpec(der));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalArgumentException(file + ": not an Ed25519 public key (" + ex.getMessage() + ")", ex);
        }
    }

    private static String pem(final String type, final byte[] der)
    {
        return "-----BEGIN " + type + "-----\n" +
            Base64.getMimeEncoder(64, new byte[]{ '\n' }).encodeToString(der) +
            "\n-----END " + type + "-----\n";
    }

    private static byte[] block(final String text, final String type, final Path file)
    {
        final String begin = "-----BEGIN " + type + "-----";
        final String end = "-----END " + type + "-----";
        final int from = text.indexOf(begin);
        final int to = from < 0 ? -1 : text.indexOf(end, from);
        if (from < 0 || to < 0)
        {
            throw new IllegalArgumentException(file + ": no " + type + " block (expected a key file from " +
                "'poolbook keygen')");
        }
        try
        {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(file + ": the " + type + " block is not valid base64", ex);
        }
    }
}
