package io.poolbook.gateway.node;

import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.codecs.CancelOnDisconnectDecoder;
import io.poolbook.codecs.Side;
import io.poolbook.gateway.pipeline.NodeLayout;
import io.poolbook.gateway.testkit.Market;
import io.poolbook.gateway.testkit.TestClient;
import io.poolbook.gateway.testkit.TestNode;
import io.poolbook.replay.journal.JournalReader;
import org.agrona.concurrent.EpochNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static io.poolbook.gateway.testkit.Market.MARKET;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One command stream through a compact node and a pipelined one: the journals are the same files byte for byte, the
 * durable events the same bytes in the same order, the engines end with the same state hash. Each command is
 * sequenced before the next is sent, and a stepping clock stamps commands, so the input is the same in both.
 */
@Timeout(60)
final class NodeLayoutTest
{
    private static final int ALICE = 1;
    private static final int BOB = 2;
    private static final KeyPair ALICE_KEYS = Ed25519Keys.generate();
    private static final KeyPair BOB_KEYS = Ed25519Keys.generate();

    @TempDir
    Path root;

    @Test
    void compactAndPipelinedJournalAndEmitTheSameBytes() throws IOException
    {
        final Run compact = run(NodeLayout.COMPACT, root.resolve("compact"));
        final Run pipelined = run(NodeLayout.PIPELINED, root.resolve("pipelined"));

        assertTrue(compact.cancelOnDisconnects == 1, "alice's cancel-on-disconnect journaled as the node stopped");
        assertTrue(compact.events.size() > 50, "events: " + compact.events.size());
        assertEquals(compact.journal.size(), pipelined.journal.size(), "journal files");
        for (int i = 0; i < compact.journal.size(); i++)
        {
            assertArrayEquals(compact.journal.get(i), pipelined.journal.get(i), "journal file " + i);
        }
        assertEquals(compact.events.size(), pipelined.events.size(), "events");
        for (int i = 0; i < compact.events.size(); i++)
        {
            assertArrayEquals(compact.events.get(i), pipelined.events.get(i), "event " + i);
        }
        assertEquals(compact.stateHash, pipelined.stateHash, "state hash");
        assertEquals(compact.sequence, pipelined.sequence, "last sequence");
    }

    private static Run run(final NodeLayout layout, final Path dir) throws IOException
    {
        final Run run = new Run();
        final NodeConfig config = TestNode.config(dir)
            .layout(layout)
            .commandClock(steppingClock())
            .durableEventTap((buffer, offset, length) ->
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                run.events.add(bytes);
            });
        try (TestNode node = TestNode.launch(config);
            TestClient operator = new TestClient("operator", node.aeron, node.ipcClient(), 0, TestNode.OPERATOR_KEYS))
        {
            assertTrue(node.logLines("layout " + layout.optionName()) > 0, "the node runs the layout asked for");
            operator.logon(false);
            Market.setUp(operator, new int[]{ ALICE, BOB }, new KeyPair[]{ ALICE_KEYS, BOB_KEYS });
            final TestClient alice = new TestClient("alice", node.aeron, node.ipcClient(), ALICE, ALICE_KEYS);
            final TestClient bob = new TestClient("bob", node.aeron, node.ipcClient(), BOB, BOB_KEYS);
            try
            {
                alice.logon(true);
                bob.logon(false);
                step(node, alice, () -> alice.client.addLiquidity(1, MARKET, 100_000, 10_000_000, 0));
                step(node, alice, () -> alice.client.limit(2, MARKET, Side.SELL, 100, 10));
                step(node, alice, () -> alice.client.limit(3, MARKET, Side.SELL, 101, 5));
                step(node, bob, () -> bob.client.limit(4, MARKET, Side.BUY, 101, 12));
                step(node, bob, () -> bob.client.swap(5, MARKET, Side.BUY, 1_000, 0));
                step(node, bob, () -> bob.client.limit(6, MARKET, Side.BUY, 90, 3));
                TestClient.await("bob's resting order", () -> null != acceptedOrder(bob, " BUY 3@90"), bob);
                final long restingId = Long.parseLong(acceptedOrder(bob, " BUY 3@90").split(" ")[1]);
                step(node, bob, () -> bob.client.amend(MARKET, restingId, 91, 4));
                step(node, bob, () -> bob.client.cancel(MARKET, restingId));
                step(node, bob, () -> bob.client.limit(7, MARKET, Side.BUY, 0, 3)); // refused: a price of zero
                step(node, bob, () -> bob.client.limit(8, MARKET, Side.BUY, 95, 2));
                step(node, bob, () -> bob.client.massCancel(MARKET));
                step(node, alice, () -> alice.client.limit(9, MARKET, Side.SELL, 105, 7)); // cancelled as the node stops
                step(node, operator, () -> operator.client.cutSettlementBatch());
                assertTrue(bob.fills > 0, bob.received.toString());
                node.node.close(); // alice is still logged on, with cancel-on-disconnect
                run.stateHash = node.node.engine().stateHash();
                run.sequence = node.node.durableSequence();
            }
            finally
            {
                alice.close();
                bob.close();
            }
        }

        final Path journalDir = dir.resolve("data").resolve(Node.JOURNAL_DIR);
        try (Stream<Path> files = Files.list(journalDir))
        {
            for (final Path file : (Iterable<Path>)files.sorted()::iterator)
            {
                run.journal.add(Files.readAllBytes(file));
            }
        }
        new JournalReader(journalDir).read((sequence, timestamp, sessionId, buffer, offset, length) ->
        {
            if ((buffer.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF) == CancelOnDisconnectDecoder.TEMPLATE_ID)
            {
                run.cancelOnDisconnects++;
            }
        });
        return run;
    }

    /** Sends one command and waits until the node sequenced it, so that the next, from any session, comes after it. */
    private static void step(final TestNode node, final TestClient client, final BooleanSupplier send)
    {
        final long before = node.node.counters().commandsSequenced.get();
        assertTrue(send.getAsBoolean(), client.name + ": not sent");
        TestClient.await(client.name + "'s command sequenced",
            () -> node.node.counters().commandsSequenced.get() > before, client);
    }

    private static String acceptedOrder(final TestClient client, final String what)
    {
        for (final String line : client.received)
        {
            if (line.startsWith("OrderAccepted ") && line.endsWith(what))
            {
                return line;
            }
        }
        return null;
    }

    private static EpochNanoClock steppingClock()
    {
        final long[] now = { 1_800_000_000_000_000_000L };
        return () -> now[0] += 1_000;
    }

    private static final class Run
    {
        final List<byte[]> journal = new ArrayList<>();
        final List<byte[]> events = new ArrayList<>();
        long stateHash;
        long sequence;
        int cancelOnDisconnects;
    }
}
