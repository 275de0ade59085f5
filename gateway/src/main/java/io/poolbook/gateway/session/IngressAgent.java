package io.poolbook.gateway.session;

import com.lmax.disruptor.RingBuffer;
import io.aeron.ControlledFragmentAssembler;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.Header;
import io.poolbook.client.auth.LogonSignature;
import io.poolbook.codecs.CommandWriter;
import io.poolbook.codecs.LogonDecoder;
import io.poolbook.codecs.LogonStatus;
import io.poolbook.codecs.LogoutDecoder;
import io.poolbook.codecs.HeartbeatDecoder;
import io.poolbook.codecs.MessageHeaderDecoder;
import io.poolbook.codecs.RejectReason;
import io.poolbook.codecs.frame.FrameValidator;
import io.poolbook.codecs.frame.FrameVerdict;
import io.poolbook.gateway.auth.KeyRegistry;
import io.poolbook.gateway.node.NodeConfig;
import io.poolbook.gateway.pipeline.InputSlot;
import io.poolbook.gateway.pipeline.JournalHandler;
import io.poolbook.gateway.telemetry.NodeCounters;
import io.poolbook.gateway.telemetry.NodeLog;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.MessageHandler;

import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The ingress thread: polls the ingress subscriptions, and for each message checks framing
 * ({@link FrameValidator}), size, rate and session (logon, account), then either answers it (logon, heartbeat,
 * logout) or claims a slot of the input ring, copies the command in and stamps it with its journal sequence, time
 * and session. Anything refused is counted, logged once per session and reason, answered with a
 * {@code SessionReject} where the session has a reply path, and never reaches the engine.
 * <p>
 * It owns the sessions: logon (Ed25519 over account and nonce, nonce strictly increasing per account), heartbeat
 * timeouts, and cancel-on-disconnect, injected as a journaled {@code CancelOnDisconnect} command when an opted-in
 * session ends for any reason. When the input ring is full it stops taking fragments, so back-pressure reaches the
 * clients through Aeron instead of growing a queue.
 */
public final class IngressAgent implements Agent, ControlledFragmentHandler
{
    private static final int FRAGMENT_LIMIT = 32;
    private static final long TIMEOUT_CHECK_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(10);

    private final NodeConfig config;
    private final RingBuffer<InputSlot> input;
    private final long firstSequence;
    private final KeyRegistry keys;
    private final NonceStore nonces;
    private final JournalHandler journaler;
    private final SessionControl control;
    private final NodeCounters counters;
    private final NodeLog log;
    private final EpochNanoClock epochClock;
    private final NanoClock nanoClock;

    private final ManyToOneConcurrentArrayQueue<Image> lostImages = new ManyToOneConcurrentArrayQueue<>(4096);
    private final Long2ObjectHashMap<Session> sessionsByImage = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Session> sessionsById = new Long2ObjectHashMap<>();
    private final Int2ObjectHashMap<Session> sessionsByAccount = new Int2ObjectHashMap<>();
    private final ArrayList<Session> sessions = new ArrayList<>();
    private final LogonSignature verifier = new LogonSignature();
    private final LogonDecoder logon = new LogonDecoder();
    private final byte[] signature = new byte[LogonDecoder.signatureLength()];
    private final CommandWriter commandWriter = new CommandWriter(new UnsafeBuffer(new byte[256]), 0);
    private final Consumer<Image> onLostImage = this::onLostImage;
    private final MessageHandler onControl = this::onControl;

    private Subscription[] subscriptions = new Subscription[0];
    private ControlledFragmentAssembler[] assemblers = new ControlledFragmentAssembler[0];
    private long nextSessionId;
    private long lastTimestamp;
    private long nowNs;
    private long nextTimeoutCheckNs;
    private int loggedOnCount;
    private boolean sessionLimitLogged;
    private volatile boolean accepting = true;

    /**
     * @param config        the node's settings.
     * @param input         the input ring; this agent is its only producer.
     * @param firstSequence journal sequence of the first command this agent sequences.
     * @param keys          account keys for logon.
     * @param nonces        last accepted logon nonce per account.
     * @param journaler     whose failure makes the gateway refuse new input.
     * @param control       queues to and from egress.
     * @param counters      the node's counters.
     * @param log           the node's log.
     * @param epochClock    stamps commands.
     * @param nanoClock     for timeouts and rates.
     */
    public IngressAgent(
        final NodeConfig config,
        final RingBuffer<InputSlot> input,
        final long firstSequence,
        final KeyRegistry keys,
        final NonceStore nonces,
        final JournalHandler journaler,
        final SessionControl control,
        final NodeCounters counters,
        final NodeLog log,
        final EpochNanoClock epochClock,
        final NanoClock nanoClock)
    {
        if (CommandTemplates.maxCommandLength() > InputSlot.CAPACITY)
        {
            throw new IllegalStateException("the schema's longest command outgrows the input slot");
        }
        this.config = config;
        this.input = input;
        this.firstSequence = firstSequence;
        this.keys = keys;
        this.nonces = nonces;
        this.journaler = journaler;
        this.control = control;
        this.counters = counters;
        this.log = log;
        this.epochClock = epochClock;
        this.nanoClock = nanoClock;
        this.nextSessionId = epochClock.nanoTime() / 1_000_000 * 1000; // milliseconds * 1000: unique across restarts
    }

    /**
     * Sets the subscriptions to poll; call before the agent starts.
     *
     * @param subscriptions ingress subscriptions, made with {@link #onUnavailableImage} as their handler.
     */
    public void subscriptions(final Subscription... subscriptions)
    {
        this.subscriptions = subscriptions.clone();
        this.assemblers = new ControlledFragmentAssembler[subscriptions.length];
        for (int i = 0; i < subscriptions.length; i++)
        {
            assemblers[i] = new ControlledFragmentAssembler(this);
        }
    }

    /** Unavailable-image handler for the ingress subscriptions; runs on the Aeron client's thread. */
    public void onUnavailableImage(final Image image)
    {
        if (!lostImages.offer(image))
        {
            log.warn("lost-image queue full; the session of image " + image.correlationId() + " times out instead");
        }
    }

    /** Stops taking messages: the node is shutting down. Safe from any thread. */
    public void stopAccepting()
    {
        accepting = false;
    }

    public String roleName()
    {
        return "poolbook-ingress";
    }

    /** {@inheritDoc} */
    public int doWork()
    {
        nowNs = nanoClock.nanoTime();
        int work = lostImages.drain(onLostImage);
        work += control.toIngress().read(onControl);
        if (accepting)
        {
            for (int i = 0; i < subscriptions.length; i++)
            {
                work += subscriptions[i].controlledPoll(assemblers[i], FRAGMENT_LIMIT);
            }
        }
        if (nowNs >= nextTimeoutCheckNs)
        {
            nextTimeoutCheckNs = nowNs + TIMEOUT_CHECK_INTERVAL_NS;
            work += checkTimeouts();
        }
        return work;
    }

    /**
     * Ends every session, injecting cancel-on-disconnect where opted in; called on the agent's thread as it closes.
     * Egress is not told: it sends each session its last reports and then a Logout as the node stops.
     */
    public void onClose()
    {
        for (int i = sessions.size() - 1; i >= 0; i--)
        {
            final Session session = sessions.get(i);
            if (session.isLoggedOn() && session.cancelOnDisconnect())
            {
                injectCancelOnDisconnect(session);
                log.info(session + " ends with the node; its orders are cancelled");
            }
        }
    }

    /** {@inheritDoc} */
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final Image image = (Image)header.context();
        return onMessage(image.correlationId(), image.sourceIdentity(), buffer, offset, length);
    }

    /**
     * Takes one whole message from a client connection: what {@link #onFragment} does for each assembled message
     * of an ingress image, callable without a driver (the agent's unit tests do).
     *
     * @param connectionId   identifies the connection (the image's correlation id); a new one starts a session.
     * @param sourceIdentity where the connection comes from, for logs.
     * @param buffer         holding the message.
     * @param offset         of the message's SBE header.
     * @param length         of the message.
     * @return ABORT when the input ring has no room (try the same message again later), else CONTINUE.
     */
    public Action onMessage(
        final long connectionId,
        final String sourceIdentity,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        if (!input.hasAvailableCapacity(2))
        {
            return Action.ABORT;
        }

        final Session session = sessionFor(connectionId, sourceIdentity);
        if (null == session)
        {
            return Action.CONTINUE;
        }
        counters.messagesReceived.incrementRelease();
        session.onReceived(nowNs);

        final int templateId = length >= MessageHeaderDecoder.ENCODED_LENGTH ?
            buffer.getShort(offset + 2, LITTLE_ENDIAN) & 0xFFFF : 0;
        if (!session.tryAcquire(nowNs))
        {
            reject(session, templateId, clientId(templateId, buffer, offset, length), RejectReason.RATE_LIMITED);
            return Action.CONTINUE;
        }
        if (length > config.maxMessageLength())
        {
            reject(session, templateId, 0, RejectReason.MESSAGE_TOO_LARGE);
            return Action.CONTINUE;
        }
        final FrameVerdict verdict = FrameValidator.validate(buffer, offset, length);
        if (FrameVerdict.VALID != verdict)
        {
            reject(session, templateId, 0, verdict.rejectReason());
            return Action.CONTINUE;
        }

        switch (templateId)
        {
            case LogonDecoder.TEMPLATE_ID:
                onLogon(session, buffer, offset);
                break;

            case HeartbeatDecoder.TEMPLATE_ID:
                break;

            case LogoutDecoder.TEMPLATE_ID:
                closeSession(session, RejectReason.NONE, "logged out");
                break;

            default:
                onCommand(session, templateId, buffer, offset, length);
                break;
        }
        return Action.CONTINUE;
    }

    private void onCommand(
        final Session session, final int templateId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!CommandTemplates.isClientCommand(templateId))
        {
            reject(session, templateId, 0, RejectReason.UNKNOWN_TEMPLATE);
            return;
        }
        final long clientId = clientId(templateId, buffer, offset, length);
        if (!session.isLoggedOn())
        {
            reject(session, templateId, clientId, RejectReason.NOT_LOGGED_ON);
            return;
        }
        if (buffer.getInt(offset + CommandTemplates.accountOffset(templateId), LITTLE_ENDIAN) != session.accountId())
        {
            reject(session, templateId, clientId, RejectReason.WRONG_ACCOUNT);
            return;
        }
        if (journaler.hasFailed())
        {
            reject(session, templateId, clientId, RejectReason.STORAGE_UNAVAILABLE);
            return;
        }
        sequence(session.sessionId(), buffer, offset, length);
    }

    private void sequence(final long sessionId, final DirectBuffer buffer, final int offset, final int length)
    {
        final long ringSequence = input.next();
        try
        {
            final long timestamp = Math.max(epochClock.nanoTime(), lastTimestamp);
            lastTimestamp = timestamp;
            input.get(ringSequence).set(firstSequence + ringSequence, timestamp, sessionId, buffer, offset, length);
        }
        finally
        {
            input.publish(ringSequence);
        }
        counters.commandsSequenced.incrementRelease();
    }

    /**
     * Sequences a journaled CancelOnDisconnect for the session's account. Waits for room in the ring (sessions end
     * rarely), but not forever: a pipeline that stopped on a fatal error never drains.
     */
    private void injectCancelOnDisconnect(final Session session)
    {
        if (journaler.hasFailed())
        {
            log.warn(session + ": its cancel-on-disconnect is not sequenced: the journal failed, nothing more is " +
                "durable in this run");
            return;
        }
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (!input.hasAvailableCapacity(1))
        {
            if (System.nanoTime() > deadlineNs)
            {
                log.warn(session + ": no room in the input ring for its cancel-on-disconnect; not sent");
                return;
            }
            Thread.yield();
        }
        final int length = commandWriter.cancelOnDisconnect(session.accountId(), session.sessionId());
        sequence(session.sessionId(), commandWriter.buffer(), 0, length);
    }

    private void onLogon(final Session session, final DirectBuffer buffer, final int offset)
    {
        logon.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, LogonDecoder.BLOCK_LENGTH,
            buffer.getShort(offset + 6, LITTLE_ENDIAN) & 0xFFFF);
        final int accountId = logon.accountId();

        if (!session.isReplyPathOpen())
        {
            final String channel = logon.responseChannel();
            final int streamId = logon.responseStreamId();
            if (!isAcceptableChannel(channel) ||
                streamId == config.ingressStreamId() || streamId == config.marketDataStreamId())
            {
                reject(session, LogonDecoder.TEMPLATE_ID, 0, RejectReason.MALFORMED);
                return;
            }
            if (control.openReplyPath(session.sessionId(), streamId, channel))
            {
                session.replyPathOpened();
            }
        }

        if (session.isLoggedOn())
        {
            reject(session, LogonDecoder.TEMPLATE_ID, 0, RejectReason.ALREADY_LOGGED_ON);
            return;
        }

        final RejectReason reason = checkLogon(accountId, logon.nonce());
        if (RejectReason.NONE != reason)
        {
            counters.onReject(reason);
            if (session.firstTime(reason))
            {
                log.warn(session + ": logon as account " + accountId + " refused: " + reason);
            }
            control.logonResponse(session.sessionId(), accountId, LogonStatus.REJECTED, reason, 0);
            return;
        }

        try
        {
            nonces.onAccepted(accountId, logon.nonce());
        }
        catch (final UncheckedIOException ex)
        {
            counters.storageFailures.incrementRelease();
            counters.onReject(RejectReason.STORAGE_UNAVAILABLE);
            log.error(session + ": logon as account " + accountId + " refused: its nonce cannot be recorded", ex);
            control.logonResponse(session.sessionId(), accountId, LogonStatus.REJECTED,
                RejectReason.STORAGE_UNAVAILABLE, 0);
            return;
        }
        final int requested = logon.heartbeatIntervalMs();
        final int heartbeatIntervalMs = 0 == requested ? config.heartbeatIntervalMs() :
            Math.max(NodeConfig.MIN_HEARTBEAT_INTERVAL_MS, Math.min(NodeConfig.MAX_HEARTBEAT_INTERVAL_MS, requested));
        final boolean cancelOnDisconnect = logon.cancelOnDisconnect() == io.poolbook.codecs.BooleanType.TRUE;
        session.loggedOn(accountId, cancelOnDisconnect,
            TimeUnit.MILLISECONDS.toNanos((long)heartbeatIntervalMs * NodeConfig.HEARTBEAT_TIMEOUT_INTERVALS));
        sessionsByAccount.put(accountId, session);
        loggedOnCount++;
        counters.sessionsLoggedOn.incrementRelease();
        counters.logons.incrementRelease();
        control.logonResponse(session.sessionId(), accountId, LogonStatus.ACCEPTED, RejectReason.NONE,
            heartbeatIntervalMs);
        log.info(session + " logged on (heartbeat " + heartbeatIntervalMs + " ms, cancel-on-disconnect " +
            (cancelOnDisconnect ? "on" : "off") + ")");
    }

    private RejectReason checkLogon(final int accountId, final long nonce)
    {
        if (journaler.hasFailed())
        {
            return RejectReason.STORAGE_UNAVAILABLE;
        }
        final PublicKey key = keys.get(accountId);
        if (null == key)
        {
            return RejectReason.UNKNOWN_ACCOUNT;
        }
        logon.getSignature(signature, 0, signature.length);
        if (!verifier.verify(key, accountId, nonce, signature))
        {
            return RejectReason.BAD_SIGNATURE;
        }
        if (nonce <= nonces.lastNonce(accountId))
        {
            return RejectReason.NONCE_REUSED;
        }
        if (sessionsByAccount.containsKey(accountId))
        {
            return RejectReason.ALREADY_LOGGED_ON;
        }
        if (loggedOnCount >= config.maxSessions())
        {
            return RejectReason.SESSION_LIMIT;
        }
        return RejectReason.NONE;
    }

    private static boolean isAcceptableChannel(final String channel)
    {
        if (!(channel.startsWith("aeron:udp?") || channel.equals("aeron:ipc") || channel.startsWith("aeron:ipc?")))
        {
            return false;
        }
        for (int i = 0; i < channel.length(); i++)
        {
            final char c = channel.charAt(i);
            if (c < 0x21 || c > 0x7E)
            {
                return false;
            }
        }
        return true;
    }

    private static long clientId(final int templateId, final DirectBuffer buffer, final int offset, final int length)
    {
        final int clientIdOffset = CommandTemplates.clientIdOffset(templateId);
        return CommandTemplates.NONE != clientIdOffset && clientIdOffset + 8 <= length ?
            buffer.getLong(offset + clientIdOffset, LITTLE_ENDIAN) : 0;
    }

    private void reject(final Session session, final int templateId, final long clientId, final RejectReason reason)
    {
        counters.onReject(reason);
        if (session.isReplyPathOpen())
        {
            control.sessionReject(session.sessionId(), templateId, reason, clientId);
        }
        if (session.firstTime(reason))
        {
            log.warn(session + ": refused " + reason + " (template " + templateId + ")" +
                (session.isReplyPathOpen() ? "" : "; no reply path, nothing sent"));
        }
    }

    private Session sessionFor(final long imageKey, final String sourceIdentity)
    {
        Session session = sessionsByImage.get(imageKey);
        if (null == session)
        {
            if (sessions.size() >= 2 * config.maxSessions())
            {
                counters.onReject(RejectReason.SESSION_LIMIT);
                if (!sessionLimitLogged)
                {
                    sessionLimitLogged = true;
                    log.warn("connection limit reached: messages from new connections are dropped");
                }
                return null;
            }
            session = new Session(nextSessionId++, imageKey, sourceIdentity, nowNs,
                config.rateLimit(), config.rateBurst());
            sessionsByImage.put(imageKey, session);
            sessionsById.put(session.sessionId(), session);
            sessions.add(session);
        }
        return session;
    }

    private void onLostImage(final Image image)
    {
        onConnectionLost(image.correlationId());
    }

    /**
     * Ends the session of a connection that is gone (its image went unavailable); on the agent's thread.
     *
     * @param connectionId as given to {@link #onMessage}.
     */
    public void onConnectionLost(final long connectionId)
    {
        final Session session = sessionsByImage.get(connectionId);
        if (null != session)
        {
            closeSession(session, RejectReason.NONE, "connection gone");
        }
    }

    private void onControl(final int type, final org.agrona.MutableDirectBuffer buffer, final int index, final int length)
    {
        if (SessionControl.DISCONNECT == type)
        {
            final Session session = sessionsById.get(SessionControl.sessionId(buffer, index));
            if (null != session)
            {
                final RejectReason reason = SessionControl.closeReason(buffer, index);
                closeSession(session, reason, "disconnected by egress: " + reason);
            }
        }
    }

    private int checkTimeouts()
    {
        int closed = 0;
        final long logonTimeoutNs = TimeUnit.MILLISECONDS.toNanos(config.logonTimeoutMs());
        for (int i = sessions.size() - 1; i >= 0; i--)
        {
            final Session session = sessions.get(i);
            if (session.isTimedOut(nowNs))
            {
                closeSession(session, RejectReason.HEARTBEAT_TIMEOUT, "heartbeat timeout");
                closed++;
            }
            else if (!session.isLoggedOn() && nowNs - session.connectedNs() > logonTimeoutNs)
            {
                closeSession(session, RejectReason.NOT_LOGGED_ON, "no logon in time");
                closed++;
            }
        }
        return closed;
    }

    private void closeSession(final Session session, final RejectReason reason, final String why)
    {
        sessionsByImage.remove(session.imageKey());
        sessionsById.remove(session.sessionId());
        sessions.remove(session);
        if (session.isReplyPathOpen())
        {
            control.close(session.sessionId(), reason);
        }
        if (session.isLoggedOn())
        {
            sessionsByAccount.remove(session.accountId());
            loggedOnCount--;
            counters.sessionsLoggedOn.decrementRelease();
            counters.sessionsClosed.incrementRelease();
            if (session.cancelOnDisconnect())
            {
                injectCancelOnDisconnect(session);
            }
            log.info(session + " closed: " + why + (session.cancelOnDisconnect() ? "; its orders are cancelled" : ""));
        }
    }

    /** Sessions logged on now; for tests and the shutdown report. */
    public int loggedOnCount()
    {
        return loggedOnCount;
    }
}
