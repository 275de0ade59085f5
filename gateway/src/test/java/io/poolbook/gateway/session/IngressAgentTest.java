package io.poolbook.gateway.session;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.codecs.CancelOnDisconnectDecoder;
import io.poolbook.codecs.CancelOrderDecoder;
import io.poolbook.codecs.LogonStatus;
import io.poolbook.codecs.NewOrderDecoder;
import io.poolbook.codecs.RejectReason;
import io.poolbook.gateway.auth.KeyRegistry;
import io.poolbook.gateway.node.NodeConfig;
import io.poolbook.gateway.pipeline.InputSlot;
import io.poolbook.gateway.pipeline.JournalHandler;
import io.poolbook.gateway.telemetry.NodeCounters;
import io.poolbook.gateway.telemetry.NodeLog;
import io.poolbook.gateway.testkit.Frames;
import io.poolbook.gateway.testkit.ManualClock;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ingress agent alone, with no media driver: messages are hand-built frames given to {@link IngressAgent#onMessage},
 * time is a clock the test moves, and what the agent decides is read from the input ring (what reaches the engine)
 * and the control queue to egress (what the client is told).
 */
final class IngressAgentTest
{
    private static final int ACCOUNT = 7;
    private static final int OTHER_ACCOUNT = 8;
    private static final long CONNECTION = 101;
    private static final long FIRST_SEQUENCE = 1_000;

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock(TimeUnit.SECONDS.toNanos(1_700_000_000L));
    private final KeyPair keyPair = Ed25519Keys.generate();
    private final KeyRegistry keys = new KeyRegistry();
    private final SessionControl control = new SessionControl();
    private final RingBuffer<InputSlot> input = RingBuffer.createSingleProducer(InputSlot::new, 8);
    private final Sequence engineSequence = new Sequence(RingBuffer.INITIAL_CURSOR_VALUE);
    private final CountersManager countersManager = new CountersManager(
        new UnsafeBuffer(new byte[64 * 1024]), new UnsafeBuffer(new byte[16 * 1024]));
    private final NodeCounters counters = new NodeCounters(countersManager);
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final FailingJournal journal = new FailingJournal();
    private final JournalHandler journaler = new JournalHandler(
        journal, new Sequence(FIRST_SEQUENCE - 1), (sequence, durable, cause) -> {});
    private final Frames frames = new Frames();
    private final List<ToEgress> toEgress = new ArrayList<>();

    private NodeConfig config;
    private NonceStore nonces;
    private IngressAgent agent;

    @BeforeEach
    void setUp()
    {
        keys.register(ACCOUNT, keyPair.getPublic());
        keys.register(OTHER_ACCOUNT, Ed25519Keys.generate().getPublic());
        input.addGatingSequences(engineSequence);
        config = new NodeConfig().rateLimit(1_000).rateBurst(5).logonTimeoutMs(500).maxSessions(4);
        nonces = new NonceStore(dataDir);
        agent = new IngressAgent(config, input, FIRST_SEQUENCE, keys, nonces, journaler, control, counters,
            new NodeLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), false), clock.epoch(), clock);
        agent.doWork();
    }

    @AfterEach
    void tearDown()
    {
        nonces.close();
        counters.close();
    }

    @Test
    void aSignedLogonOpensTheReplyPathAndIsAcceptedWithTheHeartbeatAsked()
    {
        send(frames.logon(ACCOUNT, 250, false, keyPair, 1));

        final List<ToEgress> told = drainToEgress();
        assertEquals(2, told.size(), told.toString());
        assertEquals(SessionControl.OPEN_REPLY_PATH, told.get(0).type);
        assertEquals("aeron:udp?endpoint=127.0.0.1:9999", told.get(0).channel);
        assertEquals(Frames.RESPONSE_STREAM, told.get(0).streamId);
        assertEquals(SessionControl.LOGON_RESPONSE, told.get(1).type);
        assertEquals(LogonStatus.ACCEPTED, told.get(1).logonStatus);
        assertEquals(250, told.get(1).heartbeatIntervalMs);
        assertEquals(1, agent.loggedOnCount());
        assertEquals(1, counters.logons.get());
        assertEquals(-1, input.getCursor(), "a logon is answered by the gateway; it never reaches the engine");
    }

    @Test
    void heartbeatIntervalsOutOfRangeAreClamped()
    {
        send(frames.logon(ACCOUNT, 1, false, keyPair, 1));
        assertEquals(NodeConfig.MIN_HEARTBEAT_INTERVAL_MS, lastLogonResponse().heartbeatIntervalMs);
    }

    @Test
    void aCommandOfALoggedOnSessionIsSequencedStampedAndCopied()
    {
        logOn();
        final int length = frames.newOrder(ACCOUNT, 42);
        assertEquals(Action.CONTINUE, agent.onMessage(CONNECTION, "client", frames.buffer, 0, length));
        clock.epochNs -= 5_000; // the wall clock steps back: timestamps must not
        agent.doWork();
        send(frames.cancelOrder(ACCOUNT, 9));

        assertEquals(1, input.getCursor());
        final InputSlot first = input.get(0);
        final InputSlot second = input.get(1);
        assertEquals(FIRST_SEQUENCE, first.sequence());
        assertEquals(FIRST_SEQUENCE + 1, second.sequence());
        assertEquals(length, first.length());
        assertEquals(NewOrderDecoder.TEMPLATE_ID, templateId(first.buffer(), 0));
        assertEquals(42L, first.buffer().getLong(
            Frames.HEADER + NewOrderDecoder.clientOrderIdEncodingOffset(), LITTLE_ENDIAN));
        assertEquals(CancelOrderDecoder.TEMPLATE_ID, templateId(second.buffer(), 0));
        assertTrue(second.timestamp() >= first.timestamp(), "timestamps never go back");
        assertEquals(first.sessionId(), second.sessionId());
        assertEquals(2, counters.commandsSequenced.get());
        assertTrue(drainToEgress().isEmpty(), "accepted commands are answered by the engine, not ingress");
    }

    @Test
    void aCommandBeforeLogonIsRefusedWithItsClientIdAndNothingReachesTheEngine()
    {
        send(frames.logon(ACCOUNT, 0, false, Ed25519Keys.generate(), 1)); // bad signature: reply path only
        final ToEgress logonAnswer = lastLogonResponse();
        assertEquals(LogonStatus.REJECTED, logonAnswer.logonStatus);
        assertEquals(RejectReason.BAD_SIGNATURE, logonAnswer.reason);

        send(frames.newOrder(ACCOUNT, 77));
        final ToEgress reject = single(drainToEgress());
        assertEquals(SessionControl.SESSION_REJECT, reject.type);
        assertEquals(RejectReason.NOT_LOGGED_ON, reject.reason);
        assertEquals(NewOrderDecoder.TEMPLATE_ID, reject.templateId);
        assertEquals(77L, reject.clientId);
        assertEquals(-1, input.getCursor());
        assertEquals(1, counters.rejects(RejectReason.NOT_LOGGED_ON));
    }

    @Test
    void aCommandForAnotherAccountIsRefused()
    {
        logOn();
        send(frames.newOrder(OTHER_ACCOUNT, 5));
        assertEquals(RejectReason.WRONG_ACCOUNT, single(drainToEgress()).reason);
        assertEquals(-1, input.getCursor());
    }

    @Test
    void malformedOversizeAndUnknownMessagesAreRefusedEachWithItsReason()
    {
        logOn();
        final int length = frames.newOrder(ACCOUNT, 5);
        send(length - 3); // truncated block
        send(config.maxMessageLength() + 1);
        frames.buffer.putShort(2, (short)250, LITTLE_ENDIAN); // a template nobody knows, block length intact
        send(length);

        final List<ToEgress> told = drainToEgress();
        assertEquals(3, told.size(), told.toString());
        assertTrue(RejectReason.NONE != told.get(0).reason && RejectReason.MESSAGE_TOO_LARGE != told.get(0).reason,
            told.get(0).toString());
        assertEquals(RejectReason.MESSAGE_TOO_LARGE, told.get(1).reason);
        assertTrue(RejectReason.UNKNOWN_TEMPLATE == told.get(2).reason || RejectReason.MALFORMED == told.get(2).reason,
            told.get(2).toString());
        assertEquals(-1, input.getCursor(), "nothing refused reaches the engine");
        assertEquals(1, agent.loggedOnCount(), "bad input does not end the session");
    }

    @Test
    void aReusedNonceIsRefusedAfterLogoutAndANewerOneAccepted()
    {
        logOn();
        send(frames.logout());
        final ToEgress close = single(drainToEgress());
        assertEquals(SessionControl.CLOSE, close.type);
        assertEquals(0, agent.loggedOnCount());

        final long second = CONNECTION + 1;
        sendFrom(second, frames.logon(ACCOUNT, 0, false, keyPair, 1));
        assertEquals(RejectReason.NONCE_REUSED, lastLogonResponse().reason);
        sendFrom(second, frames.logon(ACCOUNT, 0, false, keyPair, 2));
        assertEquals(LogonStatus.ACCEPTED, lastLogonResponse().logonStatus);
    }

    @Test
    void oneAccountHasOneSessionAtATime()
    {
        logOn();
        sendFrom(CONNECTION + 1, frames.logon(ACCOUNT, 0, false, keyPair, 2));
        assertEquals(RejectReason.ALREADY_LOGGED_ON, lastLogonResponse().reason);
        assertEquals(1, agent.loggedOnCount());
    }

    @Test
    void aBurstBeyondTheRateLimitIsRefusedAndTheBucketRefillsWithTime()
    {
        logOn();
        drainToEgress();
        int refused = 0;
        for (int i = 0; i < 7; i++)
        {
            send(frames.cancelOrder(ACCOUNT, i));
            engineSequence.set(input.getCursor()); // the engine keeps up
        }
        for (final ToEgress told : drainToEgress())
        {
            refused += RejectReason.RATE_LIMITED == told.reason ? 1 : 0;
        }
        assertEquals(2, refused, "at one instant a burst of 5 lets 6 messages through: the logon and 5 of 7 commands");
        assertEquals(5, counters.commandsSequenced.get());
        final long sequencedBefore = counters.commandsSequenced.get();

        clock.advanceMs(1_000); // 1,000 tokens a second, burst 5: full again
        agent.doWork();
        send(frames.cancelOrder(ACCOUNT, 99));
        assertEquals(sequencedBefore + 1, counters.commandsSequenced.get());
    }

    @Test
    void aSilentSessionTimesOutAfterThreeHeartbeatsAndItsOrdersAreCancelledWhenItOptedIn()
    {
        send(frames.logon(ACCOUNT, 100, true, keyPair, 1));
        assertEquals(LogonStatus.ACCEPTED, lastLogonResponse().logonStatus);

        clock.advanceMs(250);
        agent.doWork();
        assertEquals(1, agent.loggedOnCount(), "within three intervals the session lives");

        clock.advanceMs(100);
        agent.doWork();
        assertEquals(0, agent.loggedOnCount());
        final ToEgress close = single(drainToEgress());
        assertEquals(SessionControl.CLOSE, close.type);
        assertEquals(RejectReason.HEARTBEAT_TIMEOUT, close.reason);

        assertEquals(0, input.getCursor(), "one journaled CancelOnDisconnect");
        final InputSlot slot = input.get(0);
        assertEquals(CancelOnDisconnectDecoder.TEMPLATE_ID, templateId(slot.buffer(), 0));
        assertEquals(ACCOUNT, slot.buffer().getInt(
            Frames.HEADER + CancelOnDisconnectDecoder.accountIdEncodingOffset(), LITTLE_ENDIAN));
        assertEquals(FIRST_SEQUENCE, slot.sequence());
    }

    @Test
    void aHeartbeatKeepsASessionAlive()
    {
        send(frames.logon(ACCOUNT, 100, false, keyPair, 1));
        for (int i = 0; i < 10; i++)
        {
            clock.advanceMs(200);
            agent.doWork();
            send(frames.heartbeat());
        }
        assertEquals(1, agent.loggedOnCount());
    }

    @Test
    void aConnectionThatNeverLogsOnIsDroppedAfterTheLogonTimeout()
    {
        send(frames.heartbeat()); // a connection, no logon, no reply path
        clock.advanceMs(config.logonTimeoutMs() + 20);
        agent.doWork();
        assertTrue(drainToEgress().isEmpty(), "no reply path: nothing to send");

        // the same connection speaking again is a new session: its logon is taken afresh
        send(frames.logon(ACCOUNT, 0, false, keyPair, 1));
        assertEquals(LogonStatus.ACCEPTED, lastLogonResponse().logonStatus);
    }

    @Test
    void aLostConnectionEndsItsSessionAndCancelsItsOrdersWhenItOptedIn()
    {
        send(frames.logon(ACCOUNT, 0, true, keyPair, 1));
        drainToEgress();
        agent.onConnectionLost(CONNECTION);
        assertEquals(0, agent.loggedOnCount());
        assertEquals(SessionControl.CLOSE, single(drainToEgress()).type);
        assertEquals(CancelOnDisconnectDecoder.TEMPLATE_ID, templateId(input.get(0).buffer(), 0));
    }

    @Test
    void egressDroppingASessionEndsItInIngress()
    {
        logOn();
        drainToEgress();
        send(frames.cancelOrder(ACCOUNT, 1));
        final long sessionId = input.get(0).sessionId();
        assertTrue(control.disconnect(sessionId, RejectReason.SLOW_CONSUMER));
        agent.doWork();
        assertEquals(0, agent.loggedOnCount());
        assertEquals(RejectReason.SLOW_CONSUMER, single(drainToEgress()).reason);
    }

    @Test
    void aFullInputRingPushesBackWithoutLosingTheMessage()
    {
        config.rateBurst(100);
        logOn();
        for (int i = 0; i < 7; i++)
        {
            send(frames.cancelOrder(ACCOUNT, i));
        }
        final int length = frames.cancelOrder(ACCOUNT, 100);
        assertEquals(Action.ABORT, agent.onMessage(CONNECTION, "client", frames.buffer, 0, length));
        assertEquals(6, input.getCursor(), "7 of 8 slots used; one more would leave no room for a cancel-on-disconnect");

        engineSequence.set(input.getCursor()); // the engine catches up
        assertEquals(Action.CONTINUE, agent.onMessage(CONNECTION, "client", frames.buffer, 0, length));
        assertEquals(7, input.getCursor());
    }

    @Test
    void afterTheJournalFailsCommandsAndLogonsAreRefusedAsStorageUnavailable()
    {
        logOn();
        journal.fail = true;
        journaler.onEvent(input.get(0), 0, true); // any append now fails the journal
        assertTrue(journaler.hasFailed());

        send(frames.cancelOrder(ACCOUNT, 3));
        assertEquals(RejectReason.STORAGE_UNAVAILABLE, single(drainToEgress()).reason);
        sendFrom(CONNECTION + 1, frames.logon(OTHER_ACCOUNT, 0, false, keyPair, 1));
        assertEquals(RejectReason.STORAGE_UNAVAILABLE, lastLogonResponse().reason);
        assertEquals(-1, input.getCursor());
    }

    @Test
    void aLogonAskingForRepliesOnTheIngressStreamIsRefusedAsMalformed()
    {
        final int length = frames.logon(ACCOUNT, 0, false, keyPair, 1, config.ingressStreamId(),
            "aeron:udp?endpoint=127.0.0.1:9999");
        send(length);
        assertTrue(drainToEgress().isEmpty(), "no reply path was opened, so nothing can be sent");
        assertEquals(0, agent.loggedOnCount());
        assertEquals(1, counters.rejects(RejectReason.MALFORMED));
    }

    @Test
    void aStoppedAgentTakesNoMoreMessagesAndEndsSessionsOnClose()
    {
        send(frames.logon(ACCOUNT, 0, true, keyPair, 1));
        agent.onClose();
        assertEquals(CancelOnDisconnectDecoder.TEMPLATE_ID, templateId(input.get(0).buffer(), 0));
    }

    private void logOn()
    {
        send(frames.logon(ACCOUNT, 0, false, keyPair, 1));
        assertEquals(LogonStatus.ACCEPTED, lastLogonResponse().logonStatus);
    }

    private void send(final int length)
    {
        sendFrom(CONNECTION, length);
    }

    private void sendFrom(final long connection, final int length)
    {
        assertEquals(Action.CONTINUE, agent.onMessage(connection, "client-" + connection, frames.buffer, 0, length));
    }

    private ToEgress lastLogonResponse()
    {
        ToEgress last = null;
        for (final ToEgress told : drainToEgress())
        {
            if (SessionControl.LOGON_RESPONSE == told.type)
            {
                last = told;
            }
        }
        assertTrue(null != last, "a logon response");
        return last;
    }

    private List<ToEgress> drainToEgress()
    {
        toEgress.clear();
        control.toEgress().read(this::onToEgress);
        return new ArrayList<>(toEgress);
    }

    private void onToEgress(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        toEgress.add(new ToEgress(type, buffer, index));
    }

    private static ToEgress single(final List<ToEgress> told)
    {
        assertEquals(1, told.size(), told.toString());
        return told.get(0);
    }

    private static int templateId(final org.agrona.DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + 2, LITTLE_ENDIAN) & 0xFFFF;
    }

    /** One message of the control queue to egress, decoded by {@link SessionControl}'s own readers. */
    private static final class ToEgress
    {
        final int type;
        final RejectReason reason;
        LogonStatus logonStatus;
        int heartbeatIntervalMs;
        int templateId;
        long clientId;
        int streamId;
        String channel;

        ToEgress(final int type, final MutableDirectBuffer buffer, final int index)
        {
            this.type = type;
            switch (type)
            {
                case SessionControl.OPEN_REPLY_PATH:
                    streamId = SessionControl.replyStreamId(buffer, index);
                    channel = SessionControl.replyChannel(buffer, index);
                    reason = RejectReason.NONE;
                    break;
                case SessionControl.LOGON_RESPONSE:
                    logonStatus = SessionControl.logonStatus(buffer, index);
                    heartbeatIntervalMs = SessionControl.logonHeartbeatIntervalMs(buffer, index);
                    reason = SessionControl.logonReason(buffer, index);
                    break;
                case SessionControl.SESSION_REJECT:
                    templateId = SessionControl.rejectTemplateId(buffer, index);
                    clientId = SessionControl.rejectClientId(buffer, index);
                    reason = SessionControl.rejectReason(buffer, index);
                    break;
                default:
                    reason = SessionControl.closeReason(buffer, index);
                    break;
            }
        }

        public String toString()
        {
            return "ToEgress{type=" + type + ", reason=" + reason + ", status=" + logonStatus + "}";
        }
    }

    /** A journal whose appends fail on demand, so that the journaler can be made to fail. */
    private static final class FailingJournal implements io.poolbook.gateway.journal.CommandJournal
    {
        boolean fail;

        public long replay(final io.poolbook.engine.CommandHandler handler)
        {
            return 0;
        }

        public long replay(final long fromSequence, final io.poolbook.engine.CommandHandler handler)
        {
            return 0;
        }

        public long lastSequence()
        {
            return 0;
        }

        public void append(
            final long sequence,
            final long timestamp,
            final long sessionId,
            final org.agrona.DirectBuffer buffer,
            final int offset,
            final int length)
        {
            if (fail)
            {
                throw new java.io.UncheckedIOException(new java.io.IOException("disk gone"));
            }
        }

        public void commit()
        {
        }

        public String description()
        {
            return "failing journal";
        }

        public void close()
        {
        }
    }
}
