package io.poolbook.gateway.egress;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.aeron.Publication;
import io.poolbook.codecs.CommandAcceptedEncoder;
import io.poolbook.codecs.HeartbeatDecoder;
import io.poolbook.codecs.LogonResponseDecoder;
import io.poolbook.codecs.LogonStatus;
import io.poolbook.codecs.LogoutDecoder;
import io.poolbook.codecs.MessageHeaderDecoder;
import io.poolbook.codecs.MessageHeaderEncoder;
import io.poolbook.codecs.RejectReason;
import io.poolbook.codecs.SessionRejectDecoder;
import io.poolbook.codecs.SettlementBatchCutEncoder;
import io.poolbook.gateway.auth.KeyRegistry;
import io.poolbook.gateway.marketdata.MarketDataPublisher;
import io.poolbook.gateway.node.NodeConfig;
import io.poolbook.gateway.pipeline.OutputSlot;
import io.poolbook.gateway.session.SessionControl;
import io.poolbook.gateway.telemetry.NodeCounters;
import io.poolbook.gateway.telemetry.NodeLog;
import io.poolbook.gateway.testkit.ManualClock;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The egress agent alone, with no media driver: reply paths are ones the test controls (connected or not,
 * back-pressured or not), events are put on the output ring by hand, the journal's durable sequence is a number the
 * test sets, and time is a clock the test moves.
 */
final class EgressAgentTest
{
    private static final int OPERATOR = 1;
    private static final int TRADER = 7;
    private static final int OTHER = 8;
    private static final long TRADER_SESSION = 5_001;
    private static final long OPERATOR_SESSION = 5_002;
    private static final String CHANNEL = "aeron:udp?endpoint=127.0.0.1:9999";

    private final ManualClock clock = new ManualClock(TimeUnit.SECONDS.toNanos(1_700_000_000L));
    private final TestReplyPaths replyPaths = new TestReplyPaths();
    private final RingBuffer<OutputSlot> output = RingBuffer.createSingleProducer(OutputSlot::new, 256);
    private final Sequence durable = new Sequence(0);
    private final SessionControl control = new SessionControl();
    private final CountersManager countersManager = new CountersManager(
        new UnsafeBuffer(new byte[64 * 1024]), new UnsafeBuffer(new byte[16 * 1024]));
    private final NodeCounters counters = new NodeCounters(countersManager);
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final NodeConfig config = new NodeConfig()
        .connectTimeoutMs(500).slowConsumerTimeoutMs(200).maxPendingBytes(4096);
    private final UnsafeBuffer eventBuffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();

    private EgressAgent agent;

    @BeforeEach
    void setUp()
    {
        agent = new EgressAgent(config, replyPaths, output, durable, new KeyRegistry(), control,
            new MarketDataPublisher(new Publication[0], 10, TimeUnit.SECONDS.toNanos(1), counters), counters,
            new NodeLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8), false), clock, clock.epoch(),
            OPERATOR);
    }

    @AfterEach
    void tearDown()
    {
        counters.close();
    }

    @Test
    void aLogonIsAnsweredOnceTheReplyPathIsConnectedOnTheChannelAskedWithTheNodesTermLength()
    {
        assertTrue(control.openReplyPath(TRADER_SESSION, 2001, CHANNEL));
        assertTrue(control.logonResponse(TRADER_SESSION, TRADER, LogonStatus.ACCEPTED, RejectReason.NONE, 250));
        agent.doWork();

        final TestReplyPath path = replyPaths.only();
        assertEquals(2001, path.streamId);
        assertTrue(path.channel.startsWith(CHANNEL) && path.channel.contains("term-length=" + config.termLength()),
            path.channel);
        assertTrue(path.sent.isEmpty());

        path.ready = true;
        step(1);
        assertTrue(path.sent.isEmpty(), "found but not connected: the answer waits");

        path.connected = true;
        step(1);
        final LogonResponseDecoder response = new LogonResponseDecoder();
        wrap(path.single(), response);
        assertEquals(TRADER, response.accountId());
        assertEquals(TRADER_SESSION, response.sessionId());
        assertEquals(LogonStatus.ACCEPTED, response.status());
        assertEquals(250, response.heartbeatIntervalMs());
        assertEquals(1, counters.responsesSent.get());
    }

    @Test
    void anEventLeavesOnlyOnceItsCommandIsDurable()
    {
        final TestReplyPath trader = loggedOn(TRADER_SESSION, TRADER);
        publishCommandAccepted(TRADER, 11, 77);

        durable.set(10);
        step(1);
        assertTrue(trader.sent.isEmpty());
        assertTrue(agent.isHeldBack());
        assertFalse(agent.isDrained());

        durable.set(11);
        step(1);
        assertEquals(1, trader.sent.size());
        assertEquals(io.poolbook.codecs.CommandAcceptedDecoder.TEMPLATE_ID, templateId(trader.sent.get(0)));
        assertTrue(agent.isDrained());
        assertEquals(1, counters.eventsReleased.get());
    }

    @Test
    void eventsGoToTheirAccountsSessionAndReferenceDataToTheOperators()
    {
        final TestReplyPath trader = loggedOn(TRADER_SESSION, TRADER);
        final TestReplyPath operator = loggedOn(OPERATOR_SESSION, OPERATOR);
        publishCommandAccepted(OTHER, 1, 1); // an account with no session: nobody gets it
        publishCommandAccepted(TRADER, 2, 2);
        publishBatchCut(3);
        durable.set(3);
        step(1);

        assertEquals(1, trader.sent.size());
        assertEquals(io.poolbook.codecs.CommandAcceptedDecoder.TEMPLATE_ID, templateId(trader.sent.get(0)));
        assertEquals(1, operator.sent.size());
        assertEquals(io.poolbook.codecs.SettlementBatchCutDecoder.TEMPLATE_ID, templateId(operator.sent.get(0)));
    }

    @Test
    void aSessionRejectCarriesTheRefusedTemplateReasonAndClientId()
    {
        final TestReplyPath trader = loggedOn(TRADER_SESSION, TRADER);
        control.sessionReject(TRADER_SESSION, 10, RejectReason.RATE_LIMITED, 42);
        step(1);
        final SessionRejectDecoder reject = new SessionRejectDecoder();
        wrap(trader.single(), reject);
        assertEquals(10, reject.refTemplateId());
        assertEquals(RejectReason.RATE_LIMITED, reject.reason());
        assertEquals(42, reject.clientId());
    }

    @Test
    void aBackPressuredClientIsQueuedInOrderAndCaughtUpWhenItReadsAgain()
    {
        final TestReplyPath trader = loggedOn(TRADER_SESSION, TRADER);
        trader.backPressured = true;
        for (int i = 1; i <= 3; i++)
        {
            publishCommandAccepted(TRADER, i, 100 + i);
        }
        durable.set(3);
        step(1);
        assertTrue(trader.sent.isEmpty());

        trader.backPressured = false;
        step(1);
        assertEquals(3, trader.sent.size());
        for (int i = 0; i < 3; i++)
        {
            final io.poolbook.codecs.CommandAcceptedDecoder accepted = new io.poolbook.codecs.CommandAcceptedDecoder();
            wrap(trader.sent.get(i), accepted);
            assertEquals(101 + i, accepted.clientId(), "in order");
        }
        assertEquals(1, agent.sessionCount());
    }

    @Test
    void aClientBackPressuredBeyondTheTimeoutIsDroppedAsASlowConsumerAndIngressIsTold()
    {
        final TestReplyPath trader = loggedOn(TRADER_SESSION, TRADER);
        trader.backPressured = true;
        publishCommandAccepted(TRADER, 1, 1);
        durable.set(1);
        step(1);
        step((int)config.slowConsumerTimeoutMs() - 10);
        assertEquals(1, agent.sessionCount(), "within the timeout it waits");

        step(20);
        assertEquals(0, agent.sessionCount());
        assertTrue(trader.closed);
        assertEquals(1, counters.slowConsumers.get());
        assertEquals(List.of(RejectReason.SLOW_CONSUMER), disconnectsToIngress());
    }

    @Test
    void aClientWhoseQueueOverflowsIsDroppedAtOnce()
    {
        final TestReplyPath trader = loggedOn(TRADER_SESSION, TRADER);
        trader.backPressured = true;
        for (int i = 1; i <= 200; i++) // 200 x 40+ bytes > the 4k bound
        {
            publishCommandAccepted(TRADER, i, i);
        }
        durable.set(200);
        step(1);
        assertEquals(0, agent.sessionCount());
        assertEquals(List.of(RejectReason.SLOW_CONSUMER), disconnectsToIngress());
    }

    @Test
    void aQuietSessionGetsHeartbeatsStampedByTheEpochClock()
    {
        final TestReplyPath trader = loggedOn(TRADER_SESSION, TRADER); // heartbeat 100 ms
        step(50);
        assertTrue(trader.sent.isEmpty());
        step(60);
        final HeartbeatDecoder heartbeat = new HeartbeatDecoder();
        wrap(trader.single(), heartbeat);
        assertEquals(TRADER_SESSION, heartbeat.sessionId());
        assertEquals(clock.epochNs, heartbeat.timestamp());
    }

    @Test
    void aReplyPathThatNeverConnectsIsDroppedAfterTheConnectTimeout()
    {
        control.openReplyPath(TRADER_SESSION, 2001, CHANNEL);
        step(1);
        final TestReplyPath path = replyPaths.only();
        path.ready = true;
        step((int)config.connectTimeoutMs() + 10);
        assertEquals(0, agent.sessionCount());
        assertTrue(path.closed);
        assertEquals(List.of(RejectReason.NONE), disconnectsToIngress());
    }

    @Test
    void aReplyPathThatFailsToOpenIsDroppedAndIngressIsTold()
    {
        control.openReplyPath(TRADER_SESSION, 2001, CHANNEL);
        step(1);
        replyPaths.only().failure = new IllegalStateException("no such host");
        step(1);
        assertEquals(0, agent.sessionCount());
        assertEquals(List.of(RejectReason.NONE), disconnectsToIngress());
    }

    @Test
    void aMalformedChannelIsRefusedAsMalformed()
    {
        control.openReplyPath(TRADER_SESSION, 2001, "aeron:udp?endpoint=127.0.0.1:9999|term-length=x|");
        replyPaths.refuseNext = true;
        step(1);
        assertEquals(0, agent.sessionCount());
        assertEquals(List.of(RejectReason.MALFORMED), disconnectsToIngress());
    }

    @Test
    void closeSendsALogoutWithTheReasonAndClosesThePath()
    {
        final TestReplyPath trader = loggedOn(TRADER_SESSION, TRADER);
        control.close(TRADER_SESSION, RejectReason.HEARTBEAT_TIMEOUT);
        step(1);
        final LogoutDecoder logout = new LogoutDecoder();
        wrap(trader.single(), logout);
        assertEquals(RejectReason.HEARTBEAT_TIMEOUT, logout.reason());
        assertTrue(trader.closed);
        assertEquals(0, agent.sessionCount());
        assertTrue(disconnectsToIngress().isEmpty(), "ingress closed it; nothing to tell back");
    }

    @Test
    void theNodeStoppingLogsEverySessionOutAsNodeUnavailable()
    {
        final TestReplyPath trader = loggedOn(TRADER_SESSION, TRADER);
        final TestReplyPath operator = loggedOn(OPERATOR_SESSION, OPERATOR);
        agent.onClose();
        for (final TestReplyPath path : List.of(trader, operator))
        {
            final LogoutDecoder logout = new LogoutDecoder();
            wrap(path.single(), logout);
            assertEquals(RejectReason.NODE_UNAVAILABLE, logout.reason());
            assertTrue(path.closed);
        }
    }

    @Test
    void aClientThatStopsReadingIsDropped()
    {
        final TestReplyPath trader = loggedOn(TRADER_SESSION, TRADER);
        trader.connected = false;
        step(1);
        assertEquals(0, agent.sessionCount());
        assertEquals(List.of(RejectReason.NONE), disconnectsToIngress());
    }

    private TestReplyPath loggedOn(final long sessionId, final int accountId)
    {
        control.openReplyPath(sessionId, 2001, CHANNEL);
        control.logonResponse(sessionId, accountId, LogonStatus.ACCEPTED, RejectReason.NONE, 100);
        step(1);
        final TestReplyPath path = replyPaths.paths.get(replyPaths.paths.size() - 1);
        path.ready = true;
        path.connected = true;
        step(1);
        assertEquals(LogonResponseDecoder.TEMPLATE_ID, templateId(path.single()));
        path.sent.clear();
        return path;
    }

    private void step(final int millis)
    {
        clock.advanceMs(millis);
        agent.doWork();
    }

    private void publishCommandAccepted(final int accountId, final long inputSequence, final long clientId)
    {
        final CommandAcceptedEncoder accepted = new CommandAcceptedEncoder()
            .wrapAndApplyHeader(eventBuffer, 0, headerEncoder)
            .inputSequence(inputSequence)
            .accountId(accountId)
            .refTemplateId(20)
            .clientId(clientId);
        publish(inputSequence, MessageHeaderEncoder.ENCODED_LENGTH + accepted.encodedLength());
    }

    private void publishBatchCut(final long inputSequence)
    {
        final SettlementBatchCutEncoder cut = new SettlementBatchCutEncoder()
            .wrapAndApplyHeader(eventBuffer, 0, headerEncoder)
            .inputSequence(inputSequence)
            .batchIndex(1);
        publish(inputSequence, MessageHeaderEncoder.ENCODED_LENGTH + cut.encodedLength());
    }

    private void publish(final long inputSequence, final int length)
    {
        final long sequence = output.next();
        output.get(sequence).set(inputSequence, 0, eventBuffer, 0, length);
        output.publish(sequence);
    }

    private List<RejectReason> disconnectsToIngress()
    {
        final List<RejectReason> reasons = new ArrayList<>();
        control.toIngress().read((type, buffer, index, length) ->
        {
            assertEquals(SessionControl.DISCONNECT, type);
            reasons.add(SessionControl.closeReason(buffer, index));
        });
        return reasons;
    }

    private static int templateId(final byte[] message)
    {
        return new MessageHeaderDecoder().wrap(new UnsafeBuffer(message), 0).templateId();
    }

    private static void wrap(final byte[] message, final Object decoder)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(message);
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        final int offset = MessageHeaderDecoder.ENCODED_LENGTH;
        if (decoder instanceof LogonResponseDecoder)
        {
            assertEquals(LogonResponseDecoder.TEMPLATE_ID, header.templateId());
            ((LogonResponseDecoder)decoder).wrap(buffer, offset, header.blockLength(), header.version());
        }
        else if (decoder instanceof SessionRejectDecoder)
        {
            assertEquals(SessionRejectDecoder.TEMPLATE_ID, header.templateId());
            ((SessionRejectDecoder)decoder).wrap(buffer, offset, header.blockLength(), header.version());
        }
        else if (decoder instanceof LogoutDecoder)
        {
            assertEquals(LogoutDecoder.TEMPLATE_ID, header.templateId());
            ((LogoutDecoder)decoder).wrap(buffer, offset, header.blockLength(), header.version());
        }
        else if (decoder instanceof HeartbeatDecoder)
        {
            assertEquals(HeartbeatDecoder.TEMPLATE_ID, header.templateId());
            ((HeartbeatDecoder)decoder).wrap(buffer, offset, header.blockLength(), header.version());
        }
        else
        {
            assertEquals(io.poolbook.codecs.CommandAcceptedDecoder.TEMPLATE_ID, header.templateId());
            ((io.poolbook.codecs.CommandAcceptedDecoder)decoder).wrap(buffer, offset, header.blockLength(),
                header.version());
        }
    }

    /** Reply paths the test opens, connects, back-pressures and fails at will. */
    private static final class TestReplyPaths implements ReplyPaths
    {
        final List<TestReplyPath> paths = new ArrayList<>();
        boolean refuseNext;

        public long open(final String channel, final int streamId)
        {
            if (refuseNext)
            {
                refuseNext = false;
                throw new IllegalArgumentException("bad channel " + channel);
            }
            paths.add(new TestReplyPath(channel, streamId));
            return paths.size() - 1;
        }

        public ReplyPath poll(final long registrationId)
        {
            final TestReplyPath path = paths.get((int)registrationId);
            if (null != path.failure)
            {
                throw path.failure;
            }
            return path.ready ? path : null;
        }

        public void remove(final long registrationId)
        {
            paths.get((int)registrationId).closed = true;
        }

        TestReplyPath only()
        {
            assertEquals(1, paths.size());
            return paths.get(0);
        }
    }

    private static final class TestReplyPath implements ReplyPath
    {
        final String channel;
        final int streamId;
        final List<byte[]> sent = new ArrayList<>();
        boolean ready;
        boolean connected;
        boolean backPressured;
        boolean closed;
        RuntimeException failure;
        long position;

        TestReplyPath(final String channel, final int streamId)
        {
            this.channel = channel;
            this.streamId = streamId;
        }

        public long offer(final DirectBuffer buffer, final int offset, final int length)
        {
            if (closed)
            {
                return Publication.CLOSED;
            }
            if (!connected)
            {
                return Publication.NOT_CONNECTED;
            }
            if (backPressured)
            {
                return Publication.BACK_PRESSURED;
            }
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            sent.add(copy);
            position += length;
            return position;
        }

        public boolean isConnected()
        {
            return connected && !closed;
        }

        public boolean isClosed()
        {
            return closed;
        }

        public void close()
        {
            closed = true;
        }

        byte[] single()
        {
            assertEquals(1, sent.size(), "messages sent");
            return sent.get(0);
        }
    }
}
