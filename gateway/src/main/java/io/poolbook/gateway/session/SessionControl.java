package io.poolbook.gateway.session;

import io.poolbook.codecs.LogonStatus;
import io.poolbook.codecs.RejectReason;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The two small queues between the ingress thread, which owns sessions, and the egress thread, which owns their
 * response publications: to egress go "open a reply path", "logon answered", "reject this message" and "close";
 * back to ingress goes "disconnect" when egress gives up on a client (slow consumer, gone). Both are Agrona
 * one-to-one ring buffers of fixed-layout messages, so nothing is allocated per message.
 */
public final class SessionControl
{
    /** Reply path for a session: (sessionId int64, streamId int32, channel ASCII with int32 length). */
    public static final int OPEN_REPLY_PATH = 1;
    /** (sessionId int64, accountId int32, status uint8, reason uint16, heartbeatIntervalMs int32). */
    public static final int LOGON_RESPONSE = 2;
    /** (sessionId int64, refTemplateId int32, reason uint16, clientId int64). */
    public static final int SESSION_REJECT = 3;
    /** (sessionId int64, reason uint16): send a Logout with the reason (unless NONE) and close the reply path. */
    public static final int CLOSE = 4;
    /** To ingress, (sessionId int64, reason uint16): egress dropped the session. */
    public static final int DISCONNECT = 5;

    private static final int CAPACITY = 256 * 1024;
    private static final long FULL_RETRY_NS = 1_000_000_000L;

    private final RingBuffer toEgress = newRing();
    private final RingBuffer toIngress = newRing();

    private static RingBuffer newRing()
    {
        return new OneToOneRingBuffer(
            new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /** Messages for the egress thread. */
    public RingBuffer toEgress()
    {
        return toEgress;
    }

    /** Messages for the ingress thread. */
    public RingBuffer toIngress()
    {
        return toIngress;
    }

    /**
     * From ingress: where a session's responses go.
     *
     * @return false if the queue stayed full.
     */
    public boolean openReplyPath(final long sessionId, final int streamId, final String channel)
    {
        final byte[] bytes = channel.getBytes(StandardCharsets.US_ASCII);
        final int index = claim(toEgress, OPEN_REPLY_PATH, 8 + 4 + 4 + bytes.length);
        if (index < 0)
        {
            return false;
        }
        final AtomicBuffer buffer = toEgress.buffer();
        buffer.putLong(index, sessionId, LITTLE_ENDIAN);
        buffer.putInt(index + 8, streamId, LITTLE_ENDIAN);
        buffer.putInt(index + 12, bytes.length, LITTLE_ENDIAN);
        buffer.putBytes(index + 16, bytes);
        toEgress.commit(index);
        return true;
    }

    /** From ingress: the answer to a logon. */
    public boolean logonResponse(
        final long sessionId,
        final int accountId,
        final LogonStatus status,
        final RejectReason reason,
        final int heartbeatIntervalMs)
    {
        final int index = claim(toEgress, LOGON_RESPONSE, 8 + 4 + 1 + 2 + 4);
        if (index < 0)
        {
            return false;
        }
        final AtomicBuffer buffer = toEgress.buffer();
        buffer.putLong(index, sessionId, LITTLE_ENDIAN);
        buffer.putInt(index + 8, accountId, LITTLE_ENDIAN);
        buffer.putByte(index + 12, (byte)status.value());
        buffer.putShort(index + 13, (short)reason.value(), LITTLE_ENDIAN);
        buffer.putInt(index + 15, heartbeatIntervalMs, LITTLE_ENDIAN);
        toEgress.commit(index);
        return true;
    }

    /** From ingress: a message refused before the engine. Dropped, not retried, when the queue is full. */
    public boolean sessionReject(
        final long sessionId, final int refTemplateId, final RejectReason reason, final long clientId)
    {
        final int index = toEgress.tryClaim(SESSION_REJECT, 8 + 4 + 2 + 8);
        if (index < 0)
        {
            return false;
        }
        final AtomicBuffer buffer = toEgress.buffer();
        buffer.putLong(index, sessionId, LITTLE_ENDIAN);
        buffer.putInt(index + 8, refTemplateId, LITTLE_ENDIAN);
        buffer.putShort(index + 12, (short)reason.value(), LITTLE_ENDIAN);
        buffer.putLong(index + 14, clientId, LITTLE_ENDIAN);
        toEgress.commit(index);
        return true;
    }

    /** From ingress: the session is over. */
    public boolean close(final long sessionId, final RejectReason reason)
    {
        return putSessionAndReason(toEgress, CLOSE, sessionId, reason);
    }

    /** From egress: the session was dropped. */
    public boolean disconnect(final long sessionId, final RejectReason reason)
    {
        return putSessionAndReason(toIngress, DISCONNECT, sessionId, reason);
    }

    private static boolean putSessionAndReason(
        final RingBuffer ring, final int type, final long sessionId, final RejectReason reason)
    {
        final int index = claim(ring, type, 8 + 2);
        if (index < 0)
        {
            return false;
        }
        ring.buffer().putLong(index, sessionId, LITTLE_ENDIAN);
        ring.buffer().putShort(index + 8, (short)reason.value(), LITTLE_ENDIAN);
        ring.commit(index);
        return true;
    }

    /** Claims space, waiting up to a second for the other thread to drain a full queue; -1 if it never does. */
    private static int claim(final RingBuffer ring, final int type, final int length)
    {
        int index = ring.tryClaim(type, length);
        if (index < 0)
        {
            final long deadline = System.nanoTime() + FULL_RETRY_NS;
            while (index < 0 && System.nanoTime() < deadline)
            {
                Thread.yield();
                index = ring.tryClaim(type, length);
            }
        }
        return index;
    }

    /** Session id of a message of any type. */
    public static long sessionId(final org.agrona.DirectBuffer buffer, final int index)
    {
        return buffer.getLong(index, LITTLE_ENDIAN);
    }

    /** Reason of a CLOSE or DISCONNECT message. */
    public static RejectReason closeReason(final org.agrona.DirectBuffer buffer, final int index)
    {
        return RejectReason.get(buffer.getShort(index + 8, LITTLE_ENDIAN) & 0xFFFF);
    }
    /** Stream id of an OPEN_REPLY_PATH message. */
    public static int replyStreamId(final org.agrona.DirectBuffer buffer, final int index)
    {
        return buffer.getInt(index + 8, LITTLE_ENDIAN);
    }

    /** Channel of an OPEN_REPLY_PATH message; allocates, as opening a publication does anyway. */
    public static String replyChannel(final org.agrona.DirectBuffer buffer, final int index)
    {
        final byte[] bytes = new byte[buffer.getInt(index + 12, LITTLE_ENDIAN)];
        buffer.getBytes(index + 16, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** Account of a LOGON_RESPONSE message. */
    public static int logonAccountId(final org.agrona.DirectBuffer buffer, final int index)
    {
        return buffer.getInt(index + 8, LITTLE_ENDIAN);
    }

    /** Status of a LOGON_RESPONSE message. */
    public static LogonStatus logonStatus(final org.agrona.DirectBuffer buffer, final int index)
    {
        return LogonStatus.get((short)(buffer.getByte(index + 12) & 0xFF));
    }

    /** Reason of a LOGON_RESPONSE message. */
    public static RejectReason logonReason(final org.agrona.DirectBuffer buffer, final int index)
    {
        return RejectReason.get(buffer.getShort(index + 13, LITTLE_ENDIAN) & 0xFFFF);
    }

    /** Heartbeat interval of a LOGON_RESPONSE message. */
    public static int logonHeartbeatIntervalMs(final org.agrona.DirectBuffer buffer, final int index)
    {
        return buffer.getInt(index + 15, LITTLE_ENDIAN);
    }

    /** Template of the refused message in a SESSION_REJECT message. */
    public static int rejectTemplateId(final org.agrona.DirectBuffer buffer, final int index)
    {
        return buffer.getInt(index + 8, LITTLE_ENDIAN);
    }

    /** Reason of a SESSION_REJECT message. */
    public static RejectReason rejectReason(final org.agrona.DirectBuffer buffer, final int index)
    {
        return RejectReason.get(buffer.getShort(index + 12, LITTLE_ENDIAN) & 0xFFFF);
    }

    /** Client id of a SESSION_REJECT message. */
    public static long rejectClientId(final org.agrona.DirectBuffer buffer, final int index)
    {
        return buffer.getLong(index + 14, LITTLE_ENDIAN);
    }
}
