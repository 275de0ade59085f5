package io.poolbook.gateway.chain;

import io.poolbook.replay.settlement.Hex;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * An Ethereum account key: a secp256k1 private key and its address. web3j's crypto module does the curve, the
 * signatures and the transaction encoding ({@link TransactionSender}); this class reads the operator's key file and
 * keeps the key's credentials.
 */
public final class EthKey
{
    private static final BigInteger N = new BigInteger(
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

    private final Credentials credentials;
    private final byte[] address;

    private EthKey(final BigInteger privateKey)
    {
        if (privateKey.signum() <= 0 || privateKey.compareTo(N) >= 0)
        {
            throw new IllegalArgumentException("not a secp256k1 private key (must be in [1, n-1])");
        }
        this.credentials = Credentials.create(ECKeyPair.create(privateKey));
        this.address = Hex.fromHex(credentials.getAddress());
    }

    /**
     * @param hex the 32-byte private key as hex, with or without {@code 0x}.
     * @return the key.
     * @throws IllegalArgumentException if it is not 32 bytes of hex or not a valid key.
     */
    public static EthKey fromHex(final String hex)
    {
        final byte[] bytes = Hex.fromHex(hex.trim());
        if (bytes.length != 32)
        {
            throw new IllegalArgumentException("a private key is 32 bytes of hex, not " + bytes.length);
        }
        return new EthKey(new BigInteger(1, bytes));
    }

    /**
     * @param file holding the private key as hex on its first line (the operator key file).
     * @return the key.
     * @throws IOException if the file cannot be read.
     * @throws IllegalArgumentException naming the file if its content is not a key.
     */
    public static EthKey read(final Path file) throws IOException
    {
        final String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try
        {
            return fromHex(text.lines().findFirst().orElse(""));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(file + ": " + ex.getMessage(), ex);
        }
    }

    /** @return a new random key. */
    public static EthKey generate()
    {
        try
        {
            return new EthKey(Keys.createEcKeyPair().getPrivateKey());
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("cannot generate a secp256k1 key", ex);
        }
    }

    /** @return the 20-byte address. */
    public byte[] address()
    {
        return address.clone();
    }

    /** @return the private key as 64 hex digits with {@code 0x}. */
    public String privateKeyHex()
    {
        return Numeric.toHexStringWithPrefixZeroPadded(credentials.getEcKeyPair().getPrivateKey(), 64);
    }

    Credentials credentials()
    {
        return credentials;
    }
}
