package io.poolbook.gateway.cluster;

import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.poolbook.client.cluster.ClusterClient;
import io.poolbook.codecs.*;
import org.agrona.DirectBuffer;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ClusterClient} for tests: sends one command at a time and waits (polling every client of the test) for
 * the event that answers it, keeping what each acknowledged command was: its bytes, the sequence the engine gave
 * it and the session, so the test can find it in the journal of record afterwards.
 */
final class TestTrader implements FragmentHandler, AutoCloseable
{
    /** An acknowledged command. */
    record Ack(long sequence, long sessionId, byte[] command, boolean accepted)
    {
    }

    final String name;
    final int accountId;
    final ClusterClient client;
    final List<Ack> acks = new ArrayList<>();
    final List<RejectReason> sessionRejects = new ArrayList<>();
    long fills;
    long cancels;
    long unanswered;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final OrderAcceptedDecoder orderAccepted = new OrderAcceptedDecoder();
    private final CommandAcceptedDecoder commandAccepted = new CommandAcceptedDecoder();
    private final CommandRejectedDecoder commandRejected = new CommandRejectedDecoder();
    private final SessionRejectDecoder sessionReject = new SessionRejectDecoder();
    private final OrderCancelledDecoder orderCancelled = new OrderCancelledDecoder();
    private int awaitedTemplateId = -1;
    private long awaitedClientId;
    private long answerSequence;
    private boolean answered;
    private boolean answerAccepted;

    TestTrader(final String name, final ClusterHarness harness, final int accountId, final KeyPair keys)
    {
        this(name, harness, accountId, keys, false);
    }

    TestTrader(
        final String name,
        final ClusterHarness harness,
        final int accountId,
        final KeyPair keys,
        final boolean cancelOnDisconnect)
    {
        this.name = name;
        this.accountId = accountId;
        this.client = ClusterClient.connect(harness.aeron, harness.clientConfig(), accountId, keys.getPrivate(),
            cancelOnDisconnect, this);
    }

    /**
     * Sends the command just encoded in {@code client.commands()} and waits for its answer.
     *
     * @param length     of the command.
     * @param templateId of the command.
     * @param clientId   the command's correlation id (client order id), or for admin commands the id its
     *                   {@code CommandAccepted} carries.
     * @param timeoutMs  longest wait.
     * @param others     polled while waiting, to keep their sessions alive.
     * @return the acknowledgement, or null if none came (not sent, lost with a leader, or the leader changed).
     */
    Ack sendAndAwait(
        final int length, final int templateId, final long clientId, final long timeoutMs, final TestTrader... others)
    {
        final byte[] command = new byte[length];
        client.commands().buffer().getBytes(client.commands().offset(), command);
        final int leaderBefore = client.leaderMemberId();
        awaitedTemplateId = templateId;
        awaitedClientId = clientId;
        answered = false;
        try
        {
            if (!client.send(length))
            {
                unanswered++;
                pollAll(others);
                ClusterHarness.sleep(1);
                return null;
            }
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (!answered && System.nanoTime() < deadline && client.leaderMemberId() == leaderBefore)
            {
                if (0 == pollAll(others))
                {
                    ClusterHarness.sleep(1);
                }
            }
            if (!answered)
            {
                unanswered++;
                return null;
            }
            final Ack ack = new Ack(answerSequence, client.sessionId(), command, answerAccepted);
            acks.add(ack);
            return ack;
        }
        finally
        {
            awaitedTemplateId = -1;
        }
    }

    /** Sends and waits, and fails unless the engine accepted the command. */
    Ack sendAccepted(final int length, final int templateId, final long clientId, final TestTrader... others)
    {
        final Ack ack = sendAndAwait(length, templateId, clientId, 10_000, others);
        if (null == ack || !ack.accepted())
        {
            throw new AssertionError(name + ": command " + templateId + "/" + clientId + " not accepted: " + ack +
                ", session rejects " + sessionRejects);
        }
        return ack;
    }

    int pollAll(final TestTrader... others)
    {
        int work = client.poll();
        for (final TestTrader other : others)
        {
            work += other.client.poll();
        }
        return work;
    }

    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header fragmentHeader)
    {
        header.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (header.templateId())
        {
            case OrderAcceptedDecoder.TEMPLATE_ID:
                orderAccepted.wrap(buffer, body, header.blockLength(), header.version());
                if (NewOrderDecoder.TEMPLATE_ID == awaitedTemplateId &&
                    orderAccepted.clientOrderId() == awaitedClientId)
                {
                    answer(orderAccepted.inputSequence(), true);
                }
                break;

            case CommandAcceptedDecoder.TEMPLATE_ID:
                commandAccepted.wrap(buffer, body, header.blockLength(), header.version());
                if (commandAccepted.refTemplateId() == awaitedTemplateId &&
                    commandAccepted.clientId() == awaitedClientId)
                {
                    answer(commandAccepted.inputSequence(), true);
                }
                break;

            case CommandRejectedDecoder.TEMPLATE_ID:
                commandRejected.wrap(buffer, body, header.blockLength(), header.version());
                if (commandRejected.refTemplateId() == awaitedTemplateId &&
                    commandRejected.clientId() == awaitedClientId)
                {
                    answer(commandRejected.inputSequence(), false);
                }
                break;

            case SessionRejectDecoder.TEMPLATE_ID:
                sessionReject.wrap(buffer, body, header.blockLength(), header.version());
                sessionRejects.add(sessionReject.reason());
                break;

            case FillDecoder.TEMPLATE_ID:
                fills++;
                break;

            case OrderCancelledDecoder.TEMPLATE_ID:
                orderCancelled.wrap(buffer, body, header.blockLength(), header.version());
                cancels++;
                break;

            default:
                break;
        }
    }

    private void answer(final long sequence, final boolean accepted)
    {
        answered = true;
        answerSequence = sequence;
        answerAccepted = accepted;
    }

    public void close()
    {
        client.close();
    }
}
