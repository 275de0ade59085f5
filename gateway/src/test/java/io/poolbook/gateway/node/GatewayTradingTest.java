package io.poolbook.gateway.node;

import io.poolbook.client.ClientConfig;
import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.client.marketdata.BookBuilder;
import io.poolbook.client.marketdata.L2Book;
import io.poolbook.client.marketdata.MarketDataClient;
import io.poolbook.codecs.CancelOnDisconnectDecoder;
import io.poolbook.codecs.CancelReason;
import io.poolbook.codecs.Side;
import io.poolbook.engine.account.Account;
import io.poolbook.gateway.testkit.Market;
import io.poolbook.gateway.testkit.TestClient;
import io.poolbook.gateway.testkit.TestNode;
import io.poolbook.replay.journal.JournalReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.atomic.AtomicLong;

import static io.poolbook.gateway.testkit.Market.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Trading through a running node: two clients crossing, cancel-on-disconnect, a slow consumer, market-data gap
 * recovery and a restart on the same data folder.
 */
@Timeout(60)
final class GatewayTradingTest
{
    private static final int ALICE = 1;
    private static final int BOB = 2;
    private static final KeyPair ALICE_KEYS = Ed25519Keys.generate();
    private static final KeyPair BOB_KEYS = Ed25519Keys.generate();

    @TempDir
    Path root;

    private TestNode launch(final NodeConfig config)
    {
        return TestNode.launch(config.ingressChannel("aeron:udp?endpoint=127.0.0.1:0"));
    }

    private static ClientConfig transport(final TestNode node, final String transport)
    {
        return "udp".equals(transport) ? node.udpClient() : node.ipcClient();
    }

    private static void setUp(final TestNode node, final String transport)
    {
        try (TestClient operator = new TestClient("operator", node.aeron, transport(node, transport), 0,
            TestNode.OPERATOR_KEYS).logon(false))
        {
            Market.setUp(operator, new int[]{ ALICE, BOB }, new KeyPair[]{ ALICE_KEYS, BOB_KEYS });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "ipc", "udp" })
    void aTradeBetweenTwoClientsReportsToBoth(final String transport)
    {
        try (TestNode node = launch(TestNode.config(root)))
        {
            setUp(node, transport);
            try (TestClient alice = new TestClient("alice", node.aeron, transport(node, transport), ALICE, ALICE_KEYS);
                TestClient bob = new TestClient("bob", node.aeron, transport(node, transport), BOB, BOB_KEYS))
            {
                alice.logon(false);
                bob.logon(false);
                assertTrue(alice.client.limit(1, MARKET, Side.SELL, 100, 10));
                TestClient.await("alice's order accepted", () -> alice.orderIds.size() == 1, alice, bob);
                assertTrue(bob.client.limit(2, MARKET, Side.BUY, 100, 10));
                TestClient.await("a fill to each", () -> alice.fills == 1 && bob.fills == 1, alice, bob);

                assertEquals(10, alice.filledQuantity);
                assertEquals(10, bob.filledQuantity);
                assertTrue(alice.received.stream().anyMatch((line) -> line.startsWith("Fill SELL 10@100 MAKER")),
                    alice.received.toString());
                assertTrue(bob.received.stream().anyMatch((line) -> line.startsWith("Fill BUY 10@100 TAKER")),
                    bob.received.toString());
                assertTrue(alice.received.stream().noneMatch((line) -> line.contains("TAKER")), "reports go to owners");
                assertTrue(node.node.durableSequence() >= node.node.counters().commandsSequenced.get());
            }
        }
    }

    @Test
    void cancelOnDisconnectCancelsTheOrdersOfAClientThatLeavesWithOrWithoutALogout()
    {
        final long recovered;
        try (TestNode node = launch(TestNode.config(root)))
        {
            setUp(node, "ipc");
            final BookBuilder books = new BookBuilder();
            try (MarketDataClient feed = MarketDataClient.ipc(node.aeron, node.config.marketDataStreamId(), books))
            {
                try (TestClient alice = new TestClient("alice", node.aeron, node.ipcClient(), ALICE, ALICE_KEYS))
                {
                    alice.logon(true);
                    alice.client.limit(1, MARKET, Side.SELL, 200, 5);
                    alice.client.limit(2, MARKET, Side.SELL, 201, 5);
                    TestClient.await("two orders", () -> alice.orderIds.size() == 2, alice);
                    awaitBook(feed, books, "alice's levels", () -> books.book(MARKET, true).depth(Side.SELL) == 2);
                }
                awaitBook(feed, books, "alice's levels gone after her logout",
                    () -> books.book(MARKET, true).depth(Side.SELL) == 0);

                final TestClient vanishing = new TestClient("alice2", node.aeron, node.ipcClient(), ALICE, ALICE_KEYS);
                vanishing.logon(true);
                vanishing.client.limit(3, MARKET, Side.SELL, 300, 5);
                TestClient.await("an order", () -> vanishing.orderIds.size() == 1, vanishing);
                awaitBook(feed, books, "the level", () -> books.book(MARKET, true).depth(Side.SELL) == 1);
                vanishing.client.closeWithoutLogout();
                awaitBook(feed, books, "the level gone after the client vanished",
                    () -> books.book(MARKET, true).depth(Side.SELL) == 0);
            }
            node.node.close();
            assertEquals(0, node.node.engine().trading().orders().size(), "no open order left");
            recovered = node.node.durableSequence();
        }

        final long[] cancelOnDisconnects = new long[1];
        new JournalReader(root.resolve("data").resolve(Node.JOURNAL_DIR)).read(
            (sequence, timestamp, sessionId, buffer, offset, length) ->
            {
                if ((buffer.getShort(offset + 2, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF) ==
                    CancelOnDisconnectDecoder.TEMPLATE_ID)
                {
                    cancelOnDisconnects[0]++;
                }
            });
        assertEquals(2, cancelOnDisconnects[0], "both disconnects journaled, so replay sees them");

        try (TestNode node = TestNode.launch(TestNode.config(root)))
        {
            assertEquals(recovered, node.node.recoveredSequence());
            assertEquals(0, node.node.engine().trading().orders().size(), "replay cancels them too");
        }
    }

    private static void awaitBook(
        final MarketDataClient feed, final BookBuilder books, final String what,
        final java.util.function.BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (!(books.isLive(MARKET) && condition.getAsBoolean()))
        {
            if (System.nanoTime() > deadline)
            {
                fail("timed out waiting for " + what + ": " + books.book(MARKET, true));
            }
            if (0 == feed.poll())
            {
                TestClient.sleep(1);
            }
        }
    }

    @Test
    void aSlowConsumerIsDisconnectedWhileOthersContinue()
    {
        try (TestNode node = launch(TestNode.config(root).maxPendingBytes(16 * 1024).slowConsumerTimeoutMs(500)))
        {
            setUp(node, "ipc");
            try (TestClient slow = new TestClient("slow", node.aeron, node.ipcClient(), ALICE, ALICE_KEYS).logon(true);
                TestClient fast = new TestClient("fast", node.aeron, node.ipcClient(), BOB, BOB_KEYS).logon(false))
            {
                slow.pollPaused = true;
                final AtomicLong fastSent = new AtomicLong();
                for (int i = 0; i < 1_500; i++)
                {
                    assertTrue(slow.client.limit(i + 1, MARKET, Side.BUY, 1 + (i % 50), 1));
                    if (i % 100 == 0)
                    {
                        fast.client.limit(fastSent.incrementAndGet(), MARKET, Side.SELL, 1_000 + i, 1);
                        fast.poll();
                    }
                }
                TestClient.await("the slow consumer dropped", () -> node.node.counters().slowConsumers.get() == 1, fast);
                TestClient.await("every fast order acknowledged", () -> fast.orderIds.size() == fastSent.get(), fast);

                final int before = fast.orderIds.size();
                fast.client.limit(fastSent.incrementAndGet(), MARKET, Side.SELL, 5_000, 1);
                TestClient.await("the fast client still served", () -> fast.orderIds.size() == before + 1, fast);
                assertEquals(1, node.logLines("dropped: SLOW_CONSUMER"), "one line for the drop");
                TestClient.await("the slow session ended and its orders cancelled",
                    () -> node.logLines("(account 1)", "closed") == 1, fast);
            }
        }
    }

    private static int freeUdpPort()
    {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (final java.io.IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "ipc", "udp" })
    void marketDataGapsAreRecoveredFromTheNextSnapshot(final String transport)
    {
        final int controlPort = freeUdpPort();
        final NodeConfig config = TestNode.config(root).marketDataSnapshotIntervalMs(200);
        if ("udp".equals(transport))
        {
            config.marketDataIpc(false).marketDataChannel(
                "aeron:udp?control=127.0.0.1:" + controlPort + "|control-mode=dynamic");
        }
        try (TestNode node = launch(config))
        {
            setUp(node, "ipc");
            final long[] gaps = new long[1];
            final long[] lives = new long[1];
            final BookBuilder books = new BookBuilder(new BookBuilder.Listener()
            {
                public void onGap(final long expected, final long received)
                {
                    gaps[0]++;
                }

                public void onBookLive(final int marketId, final long feedSequence)
                {
                    lives[0]++;
                }
            });
            try (MarketDataClient feed = "udp".equals(transport) ?
                new MarketDataClient(node.aeron, "aeron:udp?endpoint=127.0.0.1:0|control=127.0.0.1:" + controlPort,
                    node.config.marketDataStreamId(), books) :
                MarketDataClient.ipc(node.aeron, node.config.marketDataStreamId(), books);
                TestClient alice = new TestClient("alice", node.aeron, node.ipcClient(), ALICE, ALICE_KEYS).logon(false))
            {
                alice.client.limit(1, MARKET, Side.BUY, 90, 3);
                alice.client.limit(2, MARKET, Side.SELL, 110, 4);
                awaitBook(feed, books, "two levels", () -> books.book(MARKET, true).depth(Side.BUY) == 1 &&
                    books.book(MARKET, true).depth(Side.SELL) == 1);
                assertEquals(1, lives[0], "live from the first snapshot");

                books.dropNext(1);
                alice.client.limit(3, MARKET, Side.BUY, 91, 7);
                alice.client.limit(4, MARKET, Side.BUY, 89, 2);
                TestClient.await("two more orders", () -> alice.orderIds.size() == 4, alice);
                final long deadline = System.nanoTime() + 5_000_000_000L;
                while (0 == gaps[0] && System.nanoTime() < deadline)
                {
                    feed.poll();
                }
                assertEquals(1, gaps[0], "the skipped update is seen as a gap");
                assertFalse(books.isLive(MARKET), "stale until the next snapshot");

                awaitBook(feed, books, "recovery", () -> true);
                final L2Book book = books.book(MARKET, true);
                assertEquals(2, lives[0]);
                assertEquals(3, book.depth(Side.BUY), book.toString());
                assertEquals(91, book.bestBid());
                assertEquals(7, book.quantityAt(Side.BUY, 91), "the dropped update's level is back");
                assertEquals(2, book.quantityAt(Side.BUY, 89));
                assertEquals(4, book.quantityAt(Side.SELL, 110));
            }
        }
    }

    @Test
    void aRestartOnTheSameDataFolderLosesNothingAcknowledged()
    {
        final long stateHash;
        final long lastSequence;
        final long restingOrderId;
        final long[] aliceBalances = new long[2];
        final long logonNonce = System.currentTimeMillis() * 1000 - 1;
        final byte[] logonSignature = io.poolbook.client.auth.LogonSignature.sign(
            ALICE_KEYS.getPrivate(), ALICE, logonNonce);
        try (TestNode node = launch(TestNode.config(root).engineSnapshotEvery(5)))
        {
            setUp(node, "udp");
            try (TestClient alice = new TestClient("alice", node.aeron, node.udpClient(), ALICE, ALICE_KEYS);
                TestClient bob = new TestClient("bob", node.aeron, node.udpClient(), BOB, BOB_KEYS).logon(false);
                TestClient operator = new TestClient("operator", node.aeron, node.udpClient(), 0,
                    TestNode.OPERATOR_KEYS).logon(false))
            {
                alice.client.logon(ALICE, logonNonce, logonSignature, false);
                assertTrue(alice.client.awaitLogon(5_000));
                alice.client.limit(1, MARKET, Side.SELL, 150, 10);
                alice.client.limit(2, MARKET, Side.SELL, 160, 10);
                alice.client.limit(3, MARKET, Side.BUY, 100, 10);
                TestClient.await("three orders", () -> alice.orderIds.size() == 3, alice, bob);
                bob.client.limit(4, MARKET, Side.BUY, 150, 4);
                TestClient.await("the fills", () -> alice.fills == 1 && bob.fills == 1, alice, bob);
                restingOrderId = alice.orderIds.get(1);
                assertTrue(operator.client.cutSettlementBatch());
                final Path batch = root.resolve("data").resolve("settlement").resolve("batch-0000000000.json");
                TestClient.await("the settlement batch written", () -> java.nio.file.Files.exists(batch), operator);
            }
            node.node.close();
            stateHash = node.node.engine().stateHash();
            lastSequence = node.node.durableSequence();
            final Account account = node.node.engine().accounts().get(ALICE);
            aliceBalances[0] = account.available(node.node.engine().assets().get(BASE).index());
            aliceBalances[1] = account.locked(node.node.engine().assets().get(QUOTE).index());
        }

        final Path snapshots = root.resolve("data").resolve("snapshots");
        assertTrue(java.nio.file.Files.isDirectory(snapshots), "engine snapshots every 5 commands");
        try (TestNode node = TestNode.launch(TestNode.config(root).ingressChannel("aeron:udp?endpoint=127.0.0.1:0")))
        {
            assertEquals(lastSequence, node.node.recoveredSequence());
            assertEquals(stateHash, node.node.engine().stateHash(), "the same state after replay");
            final Account account = node.node.engine().accounts().get(ALICE);
            assertEquals(aliceBalances[0], account.available(node.node.engine().assets().get(BASE).index()));
            assertEquals(aliceBalances[1], account.locked(node.node.engine().assets().get(QUOTE).index()));
            assertEquals(3, node.node.engine().trading().orders().size(), "every acknowledged resting order is back");

            try (TestClient replayer = new TestClient("replayer", node.aeron, node.udpClient(), ALICE, ALICE_KEYS))
            {
                replayer.client.logon(ALICE, logonNonce, logonSignature, false);
                assertFalse(replayer.client.awaitLogon(5_000), "a logon captured before the restart is not replayable");
                assertEquals(io.poolbook.codecs.RejectReason.NONCE_REUSED, replayer.client.logonReason());
            }
            try (TestClient alice = new TestClient("alice", node.aeron, node.udpClient(), ALICE, ALICE_KEYS))
            {
                alice.logon(false);
                alice.client.cancel(MARKET, restingOrderId);
                TestClient.await("the old order cancelled", () -> alice.cancelledOrderIds.contains(restingOrderId), alice);
                assertEquals(CancelReason.USER, alice.cancelReasons.get(0));
                assertTrue(alice.sessionRejects.isEmpty() && alice.commandRejects.isEmpty(), alice.received.toString());
            }
            assertTrue(node.node.durableSequence() > lastSequence, "the sequence continues");
        }

        final java.io.StringWriter verifyOut = new java.io.StringWriter();
        final picocli.CommandLine verify = new picocli.CommandLine(new io.poolbook.replay.audit.ReplayCommand());
        verify.setOut(new java.io.PrintWriter(verifyOut));
        verify.setErr(new java.io.PrintWriter(verifyOut));
        assertEquals(0, verify.execute("verify", root.resolve("data").toString()), verifyOut.toString());
        assertTrue(verifyOut.toString().contains("1 settlement batches"), verifyOut.toString());
    }
}
