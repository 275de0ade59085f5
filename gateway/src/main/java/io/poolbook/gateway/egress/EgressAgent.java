package io.poolbook.gateway.egress;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.poolbook.codecs.AccountRegisteredDecoder;
import io.poolbook.codecs.CommandRejectedDecoder;
import io.poolbook.codecs.HeartbeatEncoder;
import io.poolbook.codecs.LogonResponseEncoder;
import io.poolbook.codecs.LogonStatus;
import io.poolbook.codecs.LogoutEncoder;
import io.poolbook.codecs.MessageHeaderEncoder;
import io.poolbook.codecs.RejectReason;
import io.poolbook.codecs.SessionRejectEncoder;
import io.poolbook.gateway.auth.KeyRegistry;
import io.poolbook.gateway.marketdata.MarketDataPublisher;
import io.poolbook.gateway.node.NodeConfig;
import io.poolbook.gateway.pipeline.OutputSlot;
import io.poolbook.gateway.session.SessionControl;
import io.poolbook.gateway.telemetry.NodeCounters;
import io.poolbook.gateway.telemetry.NodeLog;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The egress thread: takes the engine's events from the output ring, but only those whose command the journaler
 * has made durable ({@code event.inputSequence <= journaler's durable sequence}), so nothing leaves the node
 * before its input would survive a crash. Each event goes to the session of the account it concerns (reports), the
 * operator's session (reference data, settlement) or the market-data feed. It also owns every session's response
 * publication: it opens it when ingress asks, answers logons once the client's channel is connected, sends
 * rejects, heartbeats and logouts, and drops a client whose responses back up beyond the bounds
 * (SLOW_CONSUMER), telling ingress so that its session ends (and cancel-on-disconnect applies).
 * <p>
 * Every offer is non-blocking: a back-pressured session queues in its own bounded buffer, so the output ring keeps
 * draining and neither the engine nor other clients wait on one slow reader.
 */
public final class EgressAgent implements Agent
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int EVENT_BATCH_LIMIT = 256;
    private static final long SWEEP_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final NodeConfig config;
    private final ReplyPaths replyPaths;
    private final RingBuffer<OutputSlot> output;
    private io.poolbook.engine.EventListener durableEvents = (buffer, offset, length) -> { };
    private final Sequence durableSequence;
    private final Sequence sequence = new Sequence(RingBuffer.INITIAL_CURSOR_VALUE);
    private final KeyRegistry keys;
    private final SessionControl control;
    private final MarketDataPublisher marketData;
    private final NodeCounters counters;
    private final NodeLog log;
    private final NanoClock nanoClock;
    private final EpochNanoClock epochClock;
    private final int operatorAccountId;

    private final Long2ObjectHashMap<EgressSession> sessionsById = new Long2ObjectHashMap<>();
    private final Int2ObjectHashMap<EgressSession> sessionsByAccount = new Int2ObjectHashMap<>();
    private final ArrayList<EgressSession> sessions = new ArrayList<>();
    private final MessageHandler onControl = this::onControl;

    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[128]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final LogonResponseEncoder logonResponse = new LogonResponseEncoder();
    private final SessionRejectEncoder sessionReject = new SessionRejectEncoder();
    private final LogoutEncoder logout = new LogoutEncoder();
    private final HeartbeatEncoder heartbeat = new HeartbeatEncoder();
    private final byte[] keyBytes = new byte[AccountRegisteredDecoder.publicKeyLength()];

    private long nowNs;
    private long nextSweepNs;
    private boolean sweepNeeded;

    /**
     * @param config            the node's settings.
     * @param replyPaths        opens the sessions' response channels.
     * @param output            the output ring; this agent is its only consumer.
     * @param durableSequence   the journaler's durable sequence.
     * @param keys              fed from AccountRegistered events.
     * @param control           queues to and from ingress.
     * @param marketData        the feed.
     * @param counters          the node's counters.
     * @param log               the node's log.
     * @param nanoClock         for timeouts.
     * @param epochClock        for heartbeat timestamps.
     * @param operatorAccountId receives reference-data and settlement events.
     */
    public EgressAgent(
        final NodeConfig config,
        final ReplyPaths replyPaths,
        final RingBuffer<OutputSlot> output,
        final Sequence durableSequence,
        final KeyRegistry keys,
        final SessionControl control,
        final MarketDataPublisher marketData,
        final NodeCounters counters,
        final NodeLog log,
        final NanoClock nanoClock,
        final EpochNanoClock epochClock,
        final int operatorAccountId)
    {
        this.config = config;
        this.replyPaths = replyPaths;
        this.output = output;
        this.durableSequence = durableSequence;
        this.keys = keys;
        this.control = control;
        this.marketData = marketData;
        this.counters = counters;
        this.log = log;
        this.nanoClock = nanoClock;
        this.epochClock = epochClock;
        this.operatorAccountId = operatorAccountId;
        output.addGatingSequences(sequence);
    }

    public String roleName()
    {
        return "poolbook-egress";
    }

    /** {@inheritDoc} */
    public int doWork()
    {
        int work = pollControl();
        work += pollOutput();
        if (sweepNeeded || nowNs >= nextSweepNs)
        {
            nextSweepNs = nowNs + SWEEP_INTERVAL_NS;
            work += sweepSessions();
        }
        work += marketData.onDutyCycle(nowNs);
        return work;
    }

    /** True when every event the engine has emitted so far has been handled. */
    public boolean isDrained()
    {
        return sequence.get() >= output.getCursor();
    }

    /**
     * True when the next event waits for a command the journal has not made durable: after a journal failure, for
     * good.
     */
    public boolean isHeldBack()
    {
        final long next = sequence.get() + 1;
        return next <= output.getCursor() && output.get(next).inputSequence() > durableSequence.get();
    }

    /** Sends a Logout to every session and closes the reply paths. */
    public void onClose()
    {
        for (int i = sessions.size() - 1; i >= 0; i--)
        {
            final EgressSession session = sessions.get(i);
            session.flush(nowNs);
            sendLogout(session, RejectReason.NODE_UNAVAILABLE);
            release(session);
        }
    }

    private int pollOutput()
    {
        final long next = sequence.get() + 1;
        final long available = Math.min(output.getCursor(), next + EVENT_BATCH_LIMIT - 1);
        if (next > available)
        {
            return 0;
        }
        long durable = durableSequence.get();
        long processed = next - 1;
        for (long s = next; s <= available; s++)
        {
            final OutputSlot slot = output.get(s);
            if (slot.inputSequence() > durable)
            {
                durable = durableSequence.get();
                if (slot.inputSequence() > durable)
                {
                    break;
                }
            }
            onEvent(slot);
            processed = s;
        }
        sequence.set(processed);
        return (int)(processed - next + 1);
    }

    /**
     * Also gives every durable event to this listener, on the egress thread, before it is sent; the node's
     * settlement recorder, for one.
     *
     * @param listener told each event once its command is durable.
     */
    public void durableEvents(final io.poolbook.engine.EventListener listener)
    {
        this.durableEvents = listener;
    }

    private void onEvent(final OutputSlot slot)
    {
        onDurableEvent(slot.inputSequence(), slot.sessionId(), slot.buffer(), 0, slot.length());
    }

    /**
     * Sends one event whose command is durable: to its account's session, the operator's or the feed, after the
     * durable-event listener. The output ring's events come here; the compact layout, which applies only durable
     * commands, gives the engine's events here directly (see {@link #pollControl()} for the order that needs).
     *
     * @param inputSequence journal sequence of the command that caused it.
     * @param sessionId     session of that command.
     * @param buffer        holding the event; read before this returns, never kept.
     * @param offset        of its SBE header.
     * @param length        of the event.
     */
    public void onDurableEvent(
        final long inputSequence, final long sessionId, final DirectBuffer buffer, final int offset, final int length)
    {
        counters.eventsReleased.incrementRelease();
        final int templateId = buffer.getShort(offset + 2, LITTLE_ENDIAN) & 0xFFFF;
        durableEvents.onEvent(buffer, offset, length);
        if (marketData.onEvent(templateId, buffer, offset, length, inputSequence))
        {
            return;
        }

        final int route = EventRoutes.route(templateId);
        if (EventRoutes.NONE == route)
        {
            return;
        }
        if (AccountRegisteredDecoder.TEMPLATE_ID == templateId)
        {
            buffer.getBytes(offset + HEADER + AccountRegisteredDecoder.publicKeyEncodingOffset(), keyBytes);
            keys.register(buffer.getInt(offset + HEADER + AccountRegisteredDecoder.accountIdEncodingOffset(),
                LITTLE_ENDIAN), keyBytes);
        }

        EgressSession session = null;
        if (CommandRejectedDecoder.TEMPLATE_ID == templateId)
        {
            session = sessionsById.get(sessionId);
        }
        if (null == session)
        {
            final int accountId = EventRoutes.OPERATOR == route ?
                operatorAccountId : buffer.getInt(offset + route, LITTLE_ENDIAN);
            session = sessionsByAccount.get(accountId);
        }
        if (null != session)
        {
            send(session, buffer, offset, length);
        }
    }

    /**
     * Takes what ingress queued (reply paths to open, logon answers, rejects, closes). {@link #doWork()} does this
     * first; the compact layout also does it between ingress and the engine, so that a session ingress just logged
     * on is known here before the engine's events for it arrive through {@link #onDurableEvent}.
     *
     * @return messages taken.
     */
    public int pollControl()
    {
        nowNs = nanoClock.nanoTime();
        return control.toEgress().read(onControl, 64);
    }

    private void onControl(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long sessionId = SessionControl.sessionId(buffer, index);
        switch (type)
        {
            case SessionControl.OPEN_REPLY_PATH:
                openReplyPath(sessionId, SessionControl.replyStreamId(buffer, index),
                    SessionControl.replyChannel(buffer, index));
                break;

            case SessionControl.LOGON_RESPONSE:
            {
                final EgressSession session = sessionsById.get(sessionId);
                if (null != session)
                {
                    final int accountId = SessionControl.logonAccountId(buffer, index);
                    final LogonStatus status = SessionControl.logonStatus(buffer, index);
                    final int heartbeatIntervalMs = SessionControl.logonHeartbeatIntervalMs(buffer, index);
                    if (LogonStatus.ACCEPTED == status)
                    {
                        session.loggedOn(accountId, TimeUnit.MILLISECONDS.toNanos(heartbeatIntervalMs));
                        sessionsByAccount.put(accountId, session);
                    }
                    logonResponse.wrapAndApplyHeader(scratch, 0, headerEncoder)
                        .accountId(accountId)
                        .sessionId(sessionId)
                        .status(status)
                        .reason(SessionControl.logonReason(buffer, index))
                        .heartbeatIntervalMs(heartbeatIntervalMs);
                    send(session, scratch, 0, HEADER + logonResponse.encodedLength());
                }
                break;
            }

            case SessionControl.SESSION_REJECT:
            {
                final EgressSession session = sessionsById.get(sessionId);
                if (null != session)
                {
                    sessionReject.wrapAndApplyHeader(scratch, 0, headerEncoder)
                        .sessionId(sessionId)
                        .refTemplateId(SessionControl.rejectTemplateId(buffer, index))
                        .reason(SessionControl.rejectReason(buffer, index))
                        .clientId(SessionControl.rejectClientId(buffer, index));
                    send(session, scratch, 0, HEADER + sessionReject.encodedLength());
                }
                break;
            }

            case SessionControl.CLOSE:
            {
                final EgressSession session = sessionsById.get(sessionId);
                if (null != session)
                {
                    final RejectReason reason = SessionControl.closeReason(buffer, index);
                    session.flush(nowNs);
                    sendLogout(session, reason);
                    release(session);
                }
                break;
            }

            default:
                break;
        }
    }

    private void openReplyPath(final long sessionId, final int streamId, final String channel)
    {
        final String publicationChannel;
        final long registrationId;
        try
        {
            final ChannelUri uri = ChannelUri.parse(channel);
            if (null == uri.get(CommonContext.TERM_LENGTH_PARAM_NAME))
            {
                uri.put(CommonContext.TERM_LENGTH_PARAM_NAME, Integer.toString(config.termLength()));
            }
            publicationChannel = uri.toString();
            registrationId = replyPaths.open(publicationChannel, streamId);
        }
        catch (final RuntimeException ex)
        {
            log.warn("session " + sessionId + ": cannot open a reply path to " + channel + " stream " + streamId +
                ": " + ex.getMessage());
            control.disconnect(sessionId, RejectReason.MALFORMED);
            return;
        }
        final EgressSession session = new EgressSession(sessionId, publicationChannel, streamId, registrationId,
            nowNs + TimeUnit.MILLISECONDS.toNanos(config.connectTimeoutMs()), config.maxPendingBytes());
        sessionsById.put(sessionId, session);
        sessions.add(session);
        sweepNeeded = true;
    }

    private void send(final EgressSession session, final DirectBuffer buffer, final int offset, final int length)
    {
        final EgressSession.Outcome outcome = session.send(buffer, offset, length, nowNs);
        if (EgressSession.Outcome.OK == outcome)
        {
            counters.responsesSent.incrementRelease();
            if (session.hasPending())
            {
                sweepNeeded = true;
            }
        }
        else
        {
            drop(session, EgressSession.Outcome.SLOW_CONSUMER == outcome ? RejectReason.SLOW_CONSUMER : RejectReason.NONE,
                EgressSession.Outcome.SLOW_CONSUMER == outcome ?
                "responses backed up beyond " + config.maxPendingBytes() + " bytes" : "publication " + session.lastError());
        }
    }

    private int sweepSessions()
    {
        boolean again = false;
        for (int i = sessions.size() - 1; i >= 0; i--)
        {
            final EgressSession session = sessions.get(i);
            if (null == session.publication())
            {
                try
                {
                    final ReplyPath publication = replyPaths.poll(session.registrationId());
                    if (null != publication)
                    {
                        session.publication(publication);
                    }
                }
                catch (final RuntimeException ex)
                {
                    drop(session, RejectReason.NONE, "cannot open reply path " + session.channel() + ": " +
                        ex.getMessage());
                    continue;
                }
            }
            if (!session.isConnected())
            {
                if (null != session.publication() && session.publication().isConnected())
                {
                    session.connected(nowNs);
                }
                else if (nowNs > session.connectDeadlineNs())
                {
                    drop(session, RejectReason.NONE, "reply path " + session.channel() + " stream " +
                        session.streamId() + " never connected");
                    continue;
                }
                else
                {
                    again = true;
                    continue;
                }
            }

            if (session.hasPending())
            {
                if (EgressSession.Outcome.GONE == session.flush(nowNs))
                {
                    drop(session, RejectReason.NONE, "publication " + session.lastError());
                    continue;
                }
                if (session.hasPending())
                {
                    if (nowNs - session.backPressuredSinceNs() > TimeUnit.MILLISECONDS.toNanos(
                        config.slowConsumerTimeoutMs()))
                    {
                        drop(session, RejectReason.SLOW_CONSUMER, "responses back-pressured for over " +
                            config.slowConsumerTimeoutMs() + " ms (" + session.pendingBytes() + " bytes queued)");
                        continue;
                    }
                    again = true;
                }
            }
            else if (!session.publication().isConnected())
            {
                drop(session, RejectReason.NONE, "client stopped reading its reply path");
                continue;
            }
            else if (session.isHeartbeatDue(nowNs))
            {
                heartbeat.wrapAndApplyHeader(scratch, 0, headerEncoder)
                    .sessionId(session.sessionId())
                    .timestamp(epochClock.nanoTime());
                send(session, scratch, 0, HEADER + heartbeat.encodedLength());
            }
        }
        sweepNeeded = again;
        return 0;
    }

    private void drop(final EgressSession session, final RejectReason reason, final String why)
    {
        if (RejectReason.SLOW_CONSUMER == reason)
        {
            counters.slowConsumers.incrementRelease();
            log.warn("session " + session.sessionId() + " (account " + session.accountId() + ") dropped: " +
                reason + ", " + why);
        }
        else
        {
            log.info("session " + session.sessionId() + " dropped: " + why);
        }
        sendLogout(session, reason);
        release(session);
        control.disconnect(session.sessionId(), reason);
    }

    private void sendLogout(final EgressSession session, final RejectReason reason)
    {
        if (session.isConnected() && null != session.publication() && !session.publication().isClosed())
        {
            logout.wrapAndApplyHeader(scratch, 0, headerEncoder).sessionId(session.sessionId()).reason(reason);
            session.publication().offer(scratch, 0, HEADER + logout.encodedLength());
        }
    }

    private void release(final EgressSession session)
    {
        sessionsById.remove(session.sessionId());
        sessions.remove(session);
        if (session.accountId() >= 0 && sessionsByAccount.get(session.accountId()) == session)
        {
            sessionsByAccount.remove(session.accountId());
        }
        if (null != session.publication())
        {
            try
            {
                session.publication().close();
            }
            catch (final RuntimeException ex)
            {
                log.warn("session " + session.sessionId() + ": reply path not closed cleanly: " + ex.getMessage());
            }
        }
        else
        {
            try
            {
                replyPaths.remove(session.registrationId());
            }
            catch (final RuntimeException ex)
            {
                log.warn("session " + session.sessionId() + ": reply path not removed: " + ex.getMessage());
            }
        }
    }

    /** Sessions with a reply path now; for tests. */
    public int sessionCount()
    {
        return sessions.size();
    }
}
