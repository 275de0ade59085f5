package io.poolbook.gateway.cli.connect;

import io.poolbook.client.ClientConfig;
import io.poolbook.client.PoolbookClient;
import io.poolbook.client.auth.KeyFiles;
import io.poolbook.codecs.CommandAcceptedDecoder;
import io.poolbook.codecs.CommandRejectedDecoder;
import io.poolbook.codecs.MessageHeaderDecoder;
import io.poolbook.codecs.RejectReason;
import io.poolbook.codecs.SessionRejectDecoder;
import io.poolbook.gateway.cli.ExitCode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One CLI session with a node through the client library: the Aeron connection (a small media driver of the CLI's
 * own over UDP, or the node's over IPC), a {@link PoolbookClient} logged on with the account's key file, and
 * {@link #send} to run one command and print the node's answer. Problems become {@link CliException}s with the
 * exit code the CLI documents: a bad key file is a usage error (2); a node that cannot be reached, or that refuses
 * the logon, is a failure (1).
 */
public final class CliSession implements AutoCloseable
{
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    /** After the answer, how long to keep collecting the rest of the command's events (fills, balances). */
    private static final long LINGER_MS = 150;

    private final NodeTarget target;
    private final PrintStream out;
    private final CliAeron transport;
    private final Responses responses = new Responses();
    private final PoolbookClient client;
    private NodeReference reference;
    private int printed;

    private CliSession(final NodeTarget target, final PrintStream out, final int accountId, final PrivateKey key)
    {
        this.target = target;
        this.out = out;
        CliAeron transport = null;
        PoolbookClient client = null;
        try
        {
            transport = CliAeron.open(target);
            final ClientConfig config = transport.clientConfig();
            try
            {
                client = PoolbookClient.connect(transport.aeron(), config, responses);
            }
            catch (final IllegalStateException ex)
            {
                throw CliException.failed("the node is not reachable at " + transport.describeNode() + " (" +
                    ex.getMessage() + "); is it running?");
            }
            client.logon(accountId, key, false);
            if (!client.awaitLogon(target.timeoutMs))
            {
                final RejectReason reason = client.logonReason();
                throw CliException.failed(RejectReason.NONE == reason ?
                    "the node did not answer the logon of account " + accountId + " in " + target.timeoutMs + " ms" :
                    "the node refused the logon of account " + accountId + ": " + reason + " (" + reason.value() +
                        ")" + (RejectReason.BAD_SIGNATURE == reason ? ": wrong key for this account, or the " +
                        "account is not registered (for the operator: node --operator-key-file)" : ""));
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(client, transport);
            throw ex;
        }
        this.transport = transport;
        this.client = client;
        this.printed = responses.messages().size();
    }

    /**
     * Connects and logs on.
     *
     * @param target    where the node is and the key file.
     * @param accountId to log on as.
     * @param out       where the node's answers are printed.
     * @return the session, logged on.
     */
    public static CliSession logOn(final NodeTarget target, final int accountId, final PrintStream out)
    {
        return new CliSession(target, out, accountId, readKey(target.key));
    }

    /**
     * @param file a key file from {@code poolbook keygen}.
     * @return its private key.
     * @throws CliException (usage) if it is missing or not a key file.
     */
    public static PrivateKey readKey(final Path file)
    {
        if (null == file)
        {
            throw CliException.usage("--key FILE is required: the key file from 'poolbook keygen' to log on with");
        }
        try
        {
            return KeyFiles.readPrivate(file);
        }
        catch (final NoSuchFileException ex)
        {
            throw CliException.usage("key file " + file + " does not exist");
        }
        catch (final IOException ex)
        {
            throw CliException.usage("cannot read key file " + file + ": " + ex.getMessage());
        }
        catch (final IllegalArgumentException ex)
        {
            throw CliException.usage(ex.getMessage());
        }
    }

    /** The logged-on client. */
    public PoolbookClient client()
    {
        return client;
    }

    /** The transport the session runs on (for a market-data subscription). */
    public CliAeron transport()
    {
        return transport;
    }

    /** The node's reference data, read from its status endpoint on first use. */
    public NodeReference reference()
    {
        if (null == reference)
        {
            reference = NodeReference.fetch(target.http, target.timeoutMs);
        }
        return reference;
    }

    /**
     * Sends one command and waits for its answer: the engine's CommandAccepted or CommandRejected for it, a
     * gateway SessionReject, or one of the events that mean it was taken (OrderAccepted for an order, ...). Prints
     * every message the node sent meanwhile as a JSON line, then a summary line.
     *
     * @param what           the command's name for the summary.
     * @param templateId     the command's template id.
     * @param send           sends it; false if it could not be sent.
     * @param takenTemplates events that also mean it was accepted.
     * @return {@link ExitCode#OK} if accepted, {@link ExitCode#FAILURE} if refused or unanswered.
     */
    public int send(final String what, final int templateId, final BooleanSupplier send, final int... takenTemplates)
    {
        return send(what, templateId, 0, send, takenTemplates);
    }

    /**
     * As {@link #send(String, int, BooleanSupplier, int...)}, and once accepted also waits (within the timeout)
     * for an event that follows the acceptance, such as the SettlementBatchCut after a cut's CommandAccepted.
     *
     * @param followedBy template id of the event to wait for after acceptance, 0 for none.
     */
    public int send(
        final String what, final int templateId, final int followedBy, final BooleanSupplier send,
        final int... takenTemplates)
    {
        final int from = responses.messages().size();
        if (!send.getAsBoolean())
        {
            throw CliException.failed("could not send " + what + " to the node (back-pressured or disconnected)");
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(target.timeoutMs);
        final SleepingMillisIdleStrategy idle = new SleepingMillisIdleStrategy(1);
        String verdict = null;
        boolean accepted = false;
        int scanned = from;
        while (null == verdict && System.nanoTime() < deadline)
        {
            idle.idle(client.poll());
            final List<Responses.Message> messages = responses.messages();
            for (; scanned < messages.size() && null == verdict; scanned++)
            {
                final Responses.Message message = messages.get(scanned);
                final int template = message.templateId();
                if (CommandRejectedDecoder.TEMPLATE_ID == template)
                {
                    final CommandRejectedDecoder rejected = new CommandRejectedDecoder()
                        .wrap(message.buffer(), HEADER, CommandRejectedDecoder.BLOCK_LENGTH, MessageHeaderDecoder.SCHEMA_VERSION);
                    if (rejected.refTemplateId() == templateId)
                    {
                        verdict = "rejected: " + rejected.reason() + " (" + rejected.reasonRaw() + ")";
                    }
                }
                else if (SessionRejectDecoder.TEMPLATE_ID == template)
                {
                    final SessionRejectDecoder rejected = new SessionRejectDecoder()
                        .wrap(message.buffer(), HEADER, SessionRejectDecoder.BLOCK_LENGTH, MessageHeaderDecoder.SCHEMA_VERSION);
                    if (rejected.refTemplateId() == templateId)
                    {
                        verdict = "rejected by the gateway: " + rejected.reason() + " (" + rejected.reasonRaw() + ")";
                    }
                }
                else if (CommandAcceptedDecoder.TEMPLATE_ID == template)
                {
                    final CommandAcceptedDecoder acceptedEvent = new CommandAcceptedDecoder()
                        .wrap(message.buffer(), HEADER, CommandAcceptedDecoder.BLOCK_LENGTH, MessageHeaderDecoder.SCHEMA_VERSION);
                    if (acceptedEvent.refTemplateId() == templateId)
                    {
                        verdict = "accepted at sequence " + acceptedEvent.inputSequence();
                        accepted = true;
                    }
                }
                else
                {
                    for (final int taken : takenTemplates)
                    {
                        if (taken == template)
                        {
                            verdict = "accepted";
                            accepted = true;
                            break;
                        }
                    }
                }
            }
        }
        if (accepted && 0 != followedBy)
        {
            while (System.nanoTime() < deadline && responses.messages().subList(from, responses.messages().size())
                .stream().noneMatch((message) -> message.templateId() == followedBy))
            {
                idle.idle(client.poll());
            }
        }
        if (null != verdict)
        {
            final long lingerEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MS);
            while (System.nanoTime() < lingerEnd)
            {
                idle.idle(client.poll());
            }
        }
        printNew();
        if (null == verdict)
        {
            out.println(what + ": no answer from the node in " + target.timeoutMs + " ms");
            return ExitCode.FAILURE;
        }
        out.println(what + " " + verdict);
        return accepted ? ExitCode.OK : ExitCode.FAILURE;
    }

    /** Prints the messages not printed yet, one JSON object a line. */
    public void printNew()
    {
        final List<Responses.Message> messages = responses.messages();
        for (; printed < messages.size(); printed++)
        {
            out.println(messages.get(printed).json());
        }
    }

    /** Every message the node sent this session. */
    public Responses responses()
    {
        return responses;
    }

    /** Logs out and closes the connection and the CLI's media driver. */
    public void close()
    {
        CloseHelper.quietCloseAll(client, transport);
    }
}
