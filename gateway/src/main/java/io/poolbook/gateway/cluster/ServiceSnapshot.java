package io.poolbook.gateway.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.cluster.client.ClusterException;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The clustered service's part of a cluster snapshot: the engine's own snapshot bytes ({@code SnapshotCodec}) cut
 * into chunks on the snapshot publication, with what the service keeps beside the engine. Messages, little-endian:
 * <pre>
 *   BEGIN  type=1, version, engine snapshot length, engine state hash, last sequence, last timestamp,
 *          previous settlement batch hash (32 bytes)
 *   CHUNK  type=2, up to {@link #CHUNK_LENGTH} bytes of the engine snapshot
 *   END    type=3, the number of chunks
 * </pre>
 * {@link Loader} reassembles them from the snapshot image; a missing, extra or short part is an error, so a
 * damaged snapshot never restores a partial engine.
 */
public final class ServiceSnapshot
{
    public static final int BEGIN = 1;
    public static final int CHUNK = 2;
    public static final int END = 3;
    public static final int VERSION = 1;
    /** Bytes of engine snapshot per message: well under the snapshot publication's largest message. */
    public static final int CHUNK_LENGTH = 4096;
    public static final int BATCH_HASH_LENGTH = 32;

    private static final int BEGIN_LENGTH = 4 + 4 + 4 + 8 + 8 + 8 + BATCH_HASH_LENGTH;

    private final UnsafeBuffer message = new UnsafeBuffer(new byte[4 + CHUNK_LENGTH]);

    /**
     * Writes a snapshot, retrying while the publication is back-pressured.
     *
     * @param publication   the snapshot publication the container gave the service.
     * @param idle          to wait with while back-pressured.
     * @param engineBytes   the engine's snapshot, from offset 0.
     * @param engineLength  its length.
     * @param stateHash     the engine's state hash, checked on restore.
     * @param lastSequence  the engine's last sequence.
     * @param lastTimestamp the last command timestamp the service applied.
     * @param lastBatchHash the hash of the last settlement batch (genesis if none).
     * @throws ClusterException if the publication is closed or fails.
     */
    public void write(
        final ExclusivePublication publication,
        final IdleStrategy idle,
        final DirectBuffer engineBytes,
        final int engineLength,
        final long stateHash,
        final long lastSequence,
        final long lastTimestamp,
        final byte[] lastBatchHash)
    {
        message.putInt(0, BEGIN, LITTLE_ENDIAN);
        message.putInt(4, VERSION, LITTLE_ENDIAN);
        message.putInt(8, engineLength, LITTLE_ENDIAN);
        message.putLong(12, stateHash, LITTLE_ENDIAN);
        message.putLong(20, lastSequence, LITTLE_ENDIAN);
        message.putLong(28, lastTimestamp, LITTLE_ENDIAN);
        message.putBytes(36, lastBatchHash, 0, BATCH_HASH_LENGTH);
        offer(publication, idle, BEGIN_LENGTH);

        int chunks = 0;
        for (int position = 0; position < engineLength; position += CHUNK_LENGTH)
        {
            final int length = Math.min(CHUNK_LENGTH, engineLength - position);
            message.putInt(0, CHUNK, LITTLE_ENDIAN);
            message.putBytes(4, engineBytes, position, length);
            offer(publication, idle, 4 + length);
            chunks++;
        }

        message.putInt(0, END, LITTLE_ENDIAN);
        message.putInt(4, chunks, LITTLE_ENDIAN);
        offer(publication, idle, 8);
    }

    private void offer(final ExclusivePublication publication, final IdleStrategy idle, final int length)
    {
        idle.reset();
        while (true)
        {
            final long result = publication.offer(message, 0, length);
            if (result > 0)
            {
                return;
            }
            if (Publication.BACK_PRESSURED != result && Publication.ADMIN_ACTION != result)
            {
                throw new ClusterException("cannot write the engine snapshot: " + Publication.errorString(result));
            }
            idle.idle();
        }
    }

    /**
     * Reassembles a snapshot from the image the container hands {@code onStart}.
     */
    public static final class Loader
    {
        private final ExpandableArrayBuffer engineBytes = new ExpandableArrayBuffer(64 * 1024);
        private final FragmentAssembler assembler = new FragmentAssembler(this::onMessage);
        private final byte[] lastBatchHash = new byte[BATCH_HASH_LENGTH];
        private boolean begun;
        private boolean done;
        private int expectedLength;
        private int length;
        private int chunks;
        private long stateHash;
        private long lastSequence;
        private long lastTimestamp;

        /**
         * Reads the service's messages until their end.
         *
         * @param image the snapshot image.
         * @param idle  to wait with when nothing arrives.
         * @return this, holding the snapshot.
         * @throws ClusterException if the snapshot is damaged or ends early.
         */
        public Loader load(final Image image, final IdleStrategy idle)
        {
            idle.reset();
            while (!done)
            {
                final int fragments = image.poll(assembler, 16);
                if (0 == fragments && !done && image.isClosed())
                {
                    throw new ClusterException("snapshot ended before the engine's part was complete");
                }
                idle.idle(fragments);
            }
            return this;
        }

        private void onMessage(final DirectBuffer buffer, final int offset, final int messageLength, final Header header)
        {
            if (done)
            {
                return;
            }
            final int type = buffer.getInt(offset, LITTLE_ENDIAN);
            switch (type)
            {
                case BEGIN:
                    if (begun || buffer.getInt(offset + 4, LITTLE_ENDIAN) != VERSION)
                    {
                        throw new ClusterException("not an engine snapshot of version " + VERSION);
                    }
                    begun = true;
                    expectedLength = buffer.getInt(offset + 8, LITTLE_ENDIAN);
                    stateHash = buffer.getLong(offset + 12, LITTLE_ENDIAN);
                    lastSequence = buffer.getLong(offset + 20, LITTLE_ENDIAN);
                    lastTimestamp = buffer.getLong(offset + 28, LITTLE_ENDIAN);
                    buffer.getBytes(offset + 36, lastBatchHash);
                    break;

                case CHUNK:
                    if (!begun)
                    {
                        throw new ClusterException("engine snapshot chunk before its start");
                    }
                    engineBytes.putBytes(length, buffer, offset + 4, messageLength - 4);
                    length += messageLength - 4;
                    chunks++;
                    break;

                case END:
                    if (!begun || buffer.getInt(offset + 4, LITTLE_ENDIAN) != chunks || length != expectedLength)
                    {
                        throw new ClusterException("engine snapshot incomplete: " + length + " of " + expectedLength +
                            " bytes in " + chunks + " chunks");
                    }
                    done = true;
                    break;

                default:
                    throw new ClusterException("unknown engine snapshot message type " + type);
            }
        }

        /** The engine's snapshot bytes, from offset 0. */
        public DirectBuffer engineBytes()
        {
            return engineBytes;
        }

        public int engineLength()
        {
            return length;
        }

        public long stateHash()
        {
            return stateHash;
        }

        public long lastSequence()
        {
            return lastSequence;
        }

        public long lastTimestamp()
        {
            return lastTimestamp;
        }

        public byte[] lastBatchHash()
        {
            return lastBatchHash.clone();
        }
    }
}
