package io.poolbook.gateway.node;

import io.poolbook.client.ClientConfig;
import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.client.auth.LogonSignature;
import io.poolbook.codecs.*;
import io.poolbook.gateway.testkit.Market;
import io.poolbook.gateway.testkit.TestClient;
import io.poolbook.gateway.testkit.TestNode;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;

import static io.poolbook.gateway.testkit.Market.MARKET;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Sessions and bad input over the real Aeron path: a node with a UDP ingress on loopback, and clients sending to it
 * over UDP. Every refusal comes back as a reason where the session has a reply path, is counted, never reaches the
 * engine, and leaves the node serving.
 */
@Timeout(60)
final class GatewaySessionTest
{
    private static final int ACCOUNTS = 8;
    private static final java.util.concurrent.atomic.AtomicLong CLIENT_ORDER_IDS = new java.util.concurrent.atomic.AtomicLong(10_000);

    @TempDir
    static Path root;

    private static TestNode node;
    private static TestClient operator;
    private static final KeyPair[] KEYS = new KeyPair[ACCOUNTS + 1];

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8192]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    @BeforeAll
    static void startNode()
    {
        node = TestNode.launch(TestNode.config(root)
            .ingressChannel("aeron:udp?endpoint=127.0.0.1:0")
            .rateLimit(2_000)
            .rateBurst(100));
        operator = new TestClient("operator", node.aeron, node.udpClient(), 0, TestNode.OPERATOR_KEYS).logon(false);
        final int[] accounts = new int[ACCOUNTS];
        final KeyPair[] keys = new KeyPair[ACCOUNTS];
        for (int i = 0; i < ACCOUNTS; i++)
        {
            accounts[i] = i + 1;
            keys[i] = KEYS[i + 1] = Ed25519Keys.generate();
        }
        Market.setUp(operator, accounts, keys);
    }

    @AfterAll
    static void stopNode()
    {
        if (null != operator)
        {
            operator.close();
        }
        if (null != node)
        {
            node.close();
        }
    }

    private TestClient client(final String name, final int accountId)
    {
        return new TestClient(name, node.aeron, node.udpClient(), accountId, KEYS[accountId]);
    }

    private long sequenced()
    {
        return node.node.counters().commandsSequenced.get();
    }

    private long rejects(final RejectReason reason)
    {
        return node.node.counters().rejects(reason);
    }

    /** After refusals, the same session still trades: the node kept serving. */
    private static void assertStillServes(final TestClient client)
    {
        final int before = client.orderIds.size();
        assertTrue(client.client.limit(CLIENT_ORDER_IDS.incrementAndGet(), MARKET, Side.BUY, 1, 1));
        TestClient.await("an order accepted after the refusals", () -> client.orderIds.size() > before, client);
    }

    @Test
    void aValidSignatureLogsOn()
    {
        try (TestClient client = client("trader", 1))
        {
            client.logon(true);
            assertTrue(client.client.isLoggedOn());
            assertTrue(client.client.sessionId() > 0);
            assertTrue(client.received.get(0).startsWith("LogonResponse ACCEPTED"), client.received.toString());
            assertStillServes(client);
        }
    }

    /**
     * The driver marks a new publication connected a moment before it lets it send; a client that sends its Logon
     * once, without retries, must still never lose it (the soak's "logon ... failed: NONE" after 10 s).
     */
    @Test
    void aLogonSentOnceTheMomentConnectReturnsIsNeverLost()
    {
        for (final ClientConfig config : new ClientConfig[]{ node.ipcClient(), node.udpClient() })
        {
            config.sendTimeoutMs(0);
            for (int i = 0; i < 40; i++)
            {
                try (TestClient client = new TestClient("trader", node.aeron, config, 2, KEYS[2]))
                {
                    assertTrue(client.client.logon(2, KEYS[2].getPrivate(), false), "connect " + i + " " + config);
                    assertTrue(client.client.awaitLogon(5_000), "connect " + i + ": " + client.client.logonReason());
                }
            }
        }
    }

    @Test
    void aBadSignatureIsRefusedAndCommandsBeforeLogonAreRefusedOnThatSession()
    {
        final long badSignatures = rejects(RejectReason.BAD_SIGNATURE);
        final long sequenced = sequenced();
        try (TestClient client = client("impostor", 2))
        {
            final KeyPair wrongKeys = Ed25519Keys.generate();
            client.client.logon(2, wrongKeys.getPrivate(), false);
            assertFalse(client.client.awaitLogon(5_000));
            assertEquals(RejectReason.BAD_SIGNATURE, client.client.logonReason());
            assertEquals(badSignatures + 1, rejects(RejectReason.BAD_SIGNATURE));

            final long notLoggedOn = rejects(RejectReason.NOT_LOGGED_ON);
            client.client.limit(77, MARKET, Side.BUY, 1, 1);
            TestClient.await("NOT_LOGGED_ON", () -> client.sessionRejects.contains(RejectReason.NOT_LOGGED_ON), client);
            assertEquals(notLoggedOn + 1, rejects(RejectReason.NOT_LOGGED_ON));
            assertEquals(sequenced, sequenced(), "nothing reached the engine");
            assertTrue(client.received.toString().contains("client 77"), client.received.toString());
        }
    }

    @Test
    void aCommandWithoutAnyLogonIsCountedAndDropped()
    {
        final long notLoggedOn = rejects(RejectReason.NOT_LOGGED_ON);
        final long sequenced = sequenced();
        try (TestClient client = client("anonymous", 3))
        {
            final UnsafeBuffer command = new UnsafeBuffer(new byte[256]);
            final int length = new CommandWriter(command, 0).limit(3, 1, MARKET, Side.BUY, 1, 1);
            assertTrue(client.client.send(command, 0, length));
            TestClient.await("the refusal counted", () -> rejects(RejectReason.NOT_LOGGED_ON) > notLoggedOn, client);
            TestClient.pollFor(100, client);
            assertTrue(client.received.isEmpty(), "no reply path before a Logon: " + client.received);
            assertEquals(sequenced, sequenced());
        }
    }

    @Test
    void aReusedNonceIsRefused()
    {
        final long nonce = System.currentTimeMillis() * 1000 + 5_000_000_000L;
        final byte[] signature = LogonSignature.sign(KEYS[4].getPrivate(), 4, nonce);
        try (TestClient first = client("first", 4))
        {
            first.client.logon(4, nonce, signature, false);
            assertTrue(first.client.awaitLogon(5_000));
        }
        try (TestClient replay = client("replayer", 4))
        {
            final long reused = rejects(RejectReason.NONCE_REUSED);
            TestClient.await("the first session closed", () -> node.logLines("(account 4)", "closed") > 0, replay);
            replay.client.logon(4, nonce, signature, false);
            assertFalse(replay.client.awaitLogon(5_000));
            assertEquals(RejectReason.NONCE_REUSED, replay.client.logonReason());
            assertEquals(reused + 1, rejects(RejectReason.NONCE_REUSED));
        }
    }

    @Test
    void anUnknownAccountIsRefused()
    {
        try (TestClient client = new TestClient("stranger", node.aeron, node.udpClient(), 999, Ed25519Keys.generate()))
        {
            client.client.logon(999, client.keys.getPrivate(), false);
            assertFalse(client.client.awaitLogon(5_000));
            assertEquals(RejectReason.UNKNOWN_ACCOUNT, client.client.logonReason());
        }
    }

    @Test
    void aCommandForAnotherAccountIsRefusedAndLoggedOnce()
    {
        final long sequenced = sequenced();
        try (TestClient client = client("trader5", 5).logon(false))
        {
            final UnsafeBuffer command = new UnsafeBuffer(new byte[256]);
            final CommandWriter writer = new CommandWriter(command, 0);
            for (int i = 0; i < 3; i++)
            {
                final int length = writer.limit(6, 500 + i, MARKET, Side.SELL, 1_000, 1);
                assertTrue(client.client.send(command, 0, length));
            }
            TestClient.await("three WRONG_ACCOUNT", () -> client.sessionRejects.size() == 3, client);
            assertEquals(RejectReason.WRONG_ACCOUNT, client.sessionRejects.get(0));
            assertTrue(client.received.toString().contains("client 501"), client.received.toString());
            assertEquals(sequenced, sequenced(), "nothing reached the engine");
            assertEquals(1, node.logLines("(account 5)", "refused WRONG_ACCOUNT"), "logged once per session and reason");
            assertStillServes(client);
        }
    }

    @Test
    void bytesThatAreNotOurSchemaAreRefused()
    {
        try (TestClient client = client("noisy", 6).logon(false))
        {
            final byte[] text = "GET / HTTP/1.1\r\nHost: poolbook\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            buffer.putBytes(0, text);
            assertTrue(client.client.send(buffer, 0, text.length));
            assertTrue(client.client.send(buffer, 0, 3));

            TestClient.await("two refusals", () -> client.sessionRejects.size() == 2, client);
            assertEquals(RejectReason.WRONG_SCHEMA, client.sessionRejects.get(0));
            assertEquals(RejectReason.MALFORMED, client.sessionRejects.get(1));
            assertStillServes(client);
        }
    }

    @Test
    void anUnknownTemplateOrANonCommandIsRefused()
    {
        final long sequenced = sequenced();
        try (TestClient client = client("confused", 7).logon(false))
        {
            header.wrap(buffer, 0).blockLength(8).templateId(99).schemaId(MessageHeaderEncoder.SCHEMA_ID).version(0);
            assertTrue(client.client.send(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + 8));

            final FillEncoder fill = new FillEncoder().wrapAndApplyHeader(buffer, 0, header).accountId(7);
            assertTrue(client.client.send(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + fill.encodedLength()));

            final UnsafeBuffer command = new UnsafeBuffer(new byte[256]);
            final int length = new CommandWriter(command, 0).cancelOnDisconnect(7, 1);
            assertTrue(client.client.send(command, 0, length));

            TestClient.await("three refusals", () -> client.sessionRejects.size() == 3, client);
            for (final RejectReason reason : client.sessionRejects)
            {
                assertEquals(RejectReason.UNKNOWN_TEMPLATE, reason);
            }
            assertEquals(sequenced, sequenced());
            assertStillServes(client);
        }
    }

    @Test
    void aNewerVersionIsRefused()
    {
        try (TestClient client = client("future", 8).logon(false))
        {
            final UnsafeBuffer command = new UnsafeBuffer(new byte[256]);
            final int length = new CommandWriter(command, 0).limit(8, 1, MARKET, Side.BUY, 1, 1);
            command.putShort(6, (short)(MessageHeaderEncoder.SCHEMA_VERSION + 1), MessageHeaderEncoder.BYTE_ORDER);
            assertTrue(client.client.send(command, 0, length));
            TestClient.await("a refusal", () -> client.sessionRejects.size() == 1, client);
            assertEquals(RejectReason.UNSUPPORTED_VERSION, client.sessionRejects.get(0));
            assertStillServes(client);
        }
    }

    @Test
    void anOversizedMessageIsRefused()
    {
        try (TestClient client = client("verbose", 1).logon(false))
        {
            final int length = 4096;
            new NewOrderEncoder().wrapAndApplyHeader(buffer, 0, header).accountId(1);
            assertTrue(client.client.send(buffer, 0, length));
            TestClient.await("a refusal", () -> client.sessionRejects.size() == 1, client);
            assertEquals(RejectReason.MESSAGE_TOO_LARGE, client.sessionRejects.get(0));
            assertStillServes(client);
        }
    }

    @Test
    void aFloodIsRateLimited()
    {
        try (TestClient client = client("flood", 3).logon(false))
        {
            final HeartbeatEncoder heartbeat = new HeartbeatEncoder();
            final long limited = rejects(RejectReason.RATE_LIMITED);
            for (int i = 0; i < 400; i++)
            {
                heartbeat.wrapAndApplyHeader(buffer, 0, header).sessionId(client.client.sessionId()).timestamp(i);
                assertTrue(client.client.send(buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + heartbeat.encodedLength()));
            }
            TestClient.await("RATE_LIMITED", () -> client.sessionRejects.contains(RejectReason.RATE_LIMITED), client);
            assertTrue(rejects(RejectReason.RATE_LIMITED) > limited);
            TestClient.sleep(200);
            assertStillServes(client);
        }
    }
}
