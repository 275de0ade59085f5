package io.poolbook.gateway.session;

import org.agrona.collections.Long2LongHashMap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The last logon nonce accepted for each account, kept in a small file of the data folder so that a signed Logon
 * captured before a restart cannot be replayed after it. An append-only file of 12-byte records (accountId int32,
 * nonce int64, little-endian), loaded and compacted at start-up; each accepted logon appends one record, written to
 * the page cache (it survives a crash of the process; logons are rare, so a host crash losing the last few is the
 * accepted risk). Used by the ingress thread only.
 */
public final class NonceStore implements AutoCloseable
{
    /** File name in the data folder. */
    public static final String FILE_NAME = "logon-nonces";
    /** Value for an account with no accepted logon. */
    public static final long NO_NONCE = Long.MIN_VALUE;

    private static final int RECORD_LENGTH = 12;

    private final Long2LongHashMap lastNonces = new Long2LongHashMap(NO_NONCE);
    private final ByteBuffer record = ByteBuffer.allocate(RECORD_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private final FileChannel channel;

    /**
     * Loads the nonces in a data folder and opens the file for appending, compacted to one record per account.
     *
     * @param dataDir the node's data folder.
     */
    public NonceStore(final Path dataDir)
    {
        final Path file = dataDir.resolve(FILE_NAME);
        try
        {
            if (Files.exists(file))
            {
                final ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
                while (bytes.remaining() >= RECORD_LENGTH)
                {
                    final int accountId = bytes.getInt();
                    final long nonce = bytes.getLong();
                    if (nonce > lastNonces.get(accountId))
                    {
                        lastNonces.put(accountId, nonce);
                    }
                }
            }
            final Path compacted = dataDir.resolve(FILE_NAME + ".tmp");
            try (FileChannel out = FileChannel.open(compacted, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))
            {
                final Long2LongHashMap.EntryIterator entries = lastNonces.entrySet().iterator();
                while (entries.hasNext())
                {
                    entries.next();
                    write(out, (int)entries.getLongKey(), entries.getLongValue());
                }
                out.force(true);
            }
            Files.move(compacted, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open the logon nonces in " + dataDir, ex);
        }
    }

    /** The last nonce accepted for the account, or {@link #NO_NONCE}. */
    public long lastNonce(final int accountId)
    {
        return lastNonces.get(accountId);
    }

    /**
     * Records an accepted logon's nonce.
     *
     * @param accountId logged on.
     * @param nonce     greater than {@link #lastNonce(int)}.
     */
    public void onAccepted(final int accountId, final long nonce)
    {
        lastNonces.put(accountId, nonce);
        try
        {
            write(channel, accountId, nonce);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot record a logon nonce", ex);
        }
    }

    private void write(final FileChannel out, final int accountId, final long nonce) throws IOException
    {
        record.clear();
        record.putInt(accountId).putLong(nonce).flip();
        while (record.hasRemaining())
        {
            out.write(record);
        }
    }

    /** Accounts with a recorded nonce. */
    public int size()
    {
        return lastNonces.size();
    }

    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
