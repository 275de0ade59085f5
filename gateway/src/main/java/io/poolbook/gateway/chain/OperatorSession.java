package io.poolbook.gateway.chain;

import io.aeron.Aeron;
import io.poolbook.client.ClientConfig;
import io.poolbook.client.ClientListener;
import io.poolbook.client.PoolbookClient;
import io.poolbook.codecs.CommandAcceptedDecoder;
import io.poolbook.codecs.CommandRejectedDecoder;
import io.poolbook.codecs.DepositDecoder;

import java.security.PrivateKey;

/**
 * The bridge's operator session with the node: logs on with the operator's Ed25519 key only while it has deposits
 * to credit, sends one Deposit at a time waiting for the engine's answer, and logs off once the range is done, so
 * that the operator's own session (admin commands, batch cuts) can log on in between: the node allows one session
 * per account. While the operator is logged on elsewhere, crediting waits and retries. Used from the deposit thread
 * only.
 */
final class OperatorSession implements ClientListener, AutoCloseable
{
    private final Aeron aeron;
    private final ClientConfig config;
    private final int operatorAccountId;
    private final PrivateKey key;
    private final long timeoutMs;
    private PoolbookClient client;
    private String answer;

    OperatorSession(final Aeron aeron, final ClientConfig config, final int operatorAccountId, final PrivateKey key,
        final long timeoutMs)
    {
        this.aeron = aeron;
        this.config = config;
        this.operatorAccountId = operatorAccountId;
        this.key = key;
        this.timeoutMs = timeoutMs;
    }

    private void open()
    {
        if (null != client && client.isLoggedOn())
        {
            return;
        }
        release();
        client = PoolbookClient.connect(aeron, config, this);
        client.logon(operatorAccountId, key, false);
        if (!client.awaitLogon(timeoutMs))
        {
            final String reason = String.valueOf(client.logonReason());
            release();
            throw new IllegalStateException("the bridge could not log on to the node as the operator (account " +
                operatorAccountId + "): " + reason + ("ALREADY_LOGGED_ON".equals(reason) ? "; deposits wait " +
                "until the operator's other session logs off" : ""));
        }
    }

    /** Logs off, if logged on. */
    void release()
    {
        if (null != client)
        {
            client.close();
            client = null;
        }
    }

    /**
     * Sends a Deposit and waits for the engine's answer.
     *
     * @return null when accepted, otherwise the reject reason.
     * @throws IllegalStateException when the node does not answer in time.
     */
    String deposit(final int accountId, final int assetId, final long amount, final byte[] chainReference)
    {
        open();
        answer = null;
        final long deadline = System.currentTimeMillis() + timeoutMs;
        while (!client.deposit(accountId, assetId, amount, chainReference))
        {
            awaitOrFail(deadline, "send the deposit");
            client.poll();
        }
        while (null == answer)
        {
            awaitOrFail(deadline, "answer the deposit");
            if (0 == client.poll())
            {
                Thread.onSpinWait();
            }
        }
        return answer.isEmpty() ? null : answer;
    }

    /** Keeps the session alive (heartbeats) between deposits. */
    void poll()
    {
        if (null != client)
        {
            client.poll();
        }
    }

    public void onCommandAccepted(final CommandAcceptedDecoder event)
    {
        if (event.refTemplateId() == DepositDecoder.TEMPLATE_ID)
        {
            answer = "";
        }
    }

    public void onCommandRejected(final CommandRejectedDecoder event)
    {
        if (event.refTemplateId() == DepositDecoder.TEMPLATE_ID)
        {
            answer = String.valueOf(event.reason());
        }
    }

    public void close()
    {
        release();
    }

    private void awaitOrFail(final long deadline, final String what)
    {
        if (!client.isLoggedOn())
        {
            throw new IllegalStateException("the operator session ended (" + client.logoutReason() + ")");
        }
        if (System.currentTimeMillis() > deadline)
        {
            throw new IllegalStateException("the node did not " + what + " within " + timeoutMs + " ms");
        }
    }
}
