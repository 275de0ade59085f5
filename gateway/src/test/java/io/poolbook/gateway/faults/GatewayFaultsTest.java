package io.poolbook.gateway.faults;

import io.aeron.Aeron;
import io.poolbook.client.ClientConfig;
import io.poolbook.client.PoolbookClient;
import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.codecs.CommandWriter;
import io.poolbook.codecs.Side;
import io.poolbook.engine.Engine;
import io.poolbook.gateway.node.Node;
import io.poolbook.gateway.node.NodeConfig;
import io.poolbook.gateway.telemetry.NodeLog;
import io.poolbook.replay.DataFolder;
import io.poolbook.replay.Recovery;
import org.agrona.concurrent.UnsafeBuffer;
import io.poolbook.engine.market.OpenOrders;
import io.poolbook.replay.audit.ReplayCommand;
import io.poolbook.replay.journal.FsyncPolicy;
import io.poolbook.gateway.testkit.AckRecorder;
import io.poolbook.gateway.testkit.TestClient;
import io.poolbook.gateway.testkit.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The gateway's frame handling under malformed input from a logged-on client; disk faults at start-up: a file
 * where the journal folder should be, and a journal folder the node cannot write to after it has accepted commands
 * (the node refuses to start with a clear error, and everything it accepted is still there afterwards); and a disk
 * that fills up while the node runs (a size-limited tmpfs as the data folder: the node refuses new input with
 * {@code STORAGE_UNAVAILABLE}, keeps everything it acknowledged, and takes input again after space is freed and it is
 * restarted).
 */
final class GatewayFaultsTest
{
    private static final KeyPair OPERATOR = Ed25519Keys.generate();
    private static final KeyPair ALICE_KEYS = Ed25519Keys.generate();
    private static final int ALICE = 11;
    private static final int FRAMES = Integer.getInteger("poolbook.fuzz.gatewayFrames", 3_000);

    @TempDir
    Path root;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

    private NodeConfig config(final String aeron)
    {
        return TestNode.config(root).aeronDir(root.resolve(aeron).toString())
            .operatorKey(Ed25519Keys.toHex(OPERATOR.getPublic()));
    }

    private Node launch(final NodeConfig config)
    {
        return Node.launch(config, new NodeLog(new PrintStream(logBytes, true), false));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void malformedFramesFromALoggedOnClientNeverStopTheNode() throws Exception
    {
        final long seed = Long.getLong("poolbook.fuzz.seed", System.nanoTime());
        final Random random = new Random(seed);
        final long liveHash;
        final AckRecorder aliceAcks = new AckRecorder();
        int sessionRejects;
        final Set<String> distinct = new HashSet<>();
        try (Node node = launch(config("aeron-fuzz"));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(node.aeronDirectoryName())))
        {
            final ClientConfig clientConfig = ClientConfig.ipc().ingressStreamId(node.config().ingressStreamId());
            final AckRecorder operatorAcks = new AckRecorder();
            try (PoolbookClient operator = TestClient.logOn(aeron, clientConfig, operatorAcks, 0, OPERATOR))
            {
                setUp(operator, operatorAcks);
            }
            final CommandWriter commands = new CommandWriter();
            final UnsafeBuffer frame = new UnsafeBuffer(new byte[2048]);
            PoolbookClient alice = TestClient.logOn(aeron, clientConfig, aliceAcks, ALICE, ALICE_KEYS);
            try
            {
                final byte[][] seeds = {
                    bytes(commands, commands.limit(ALICE, 1, 1, Side.BUY, 40, 10)),
                    bytes(commands, commands.cancelOrder(ALICE, 1, 1)),
                    bytes(commands, commands.amendOrder(ALICE, 1, 1, 41, 5)),
                    bytes(commands, commands.quote(ALICE, 2, 1, 30, 1, 70, 1)),
                    bytes(commands, commands.swap(ALICE, 3, 1, Side.BUY, 100, 0)),
                    bytes(commands, commands.withdraw(ALICE, 4, 1, 1)),
                    bytes(commands, commands.cutSettlementBatch(ALICE)),
                    bytes(commands, commands.deposit(ALICE, ALICE, 1, 1, new byte[32]))};
                for (int i = 0; i < FRAMES; i++)
                {
                    final byte[] input = mutate(seeds[random.nextInt(seeds.length)], random);
                    distinct.add(HexFormat.of().formatHex(input));
                    frame.putBytes(0, input);
                    if (input.length > 0)
                    {
                        alice.send(frame, 0, input.length);
                    }
                    alice.poll();
                    if (0 == i % 200)
                    {
                        Thread.sleep(1);
                    }
                }
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                while (System.nanoTime() < deadline)
                {
                    if (0 == alice.poll())
                    {
                        Thread.sleep(1);
                    }
                }
            }
            finally
            {
                alice.closeWithoutLogout();
            }
            sessionRejects = (int)aliceAcks.rejects.stream().filter((line) -> line.startsWith("SessionReject")).count();
            assertNull(node.failure(), "the node is still up");

            // A new session of the same account is served: a valid order is accepted.
            final AckRecorder after = new AckRecorder();
            Thread.sleep(600); // the old session's image goes away
            try (PoolbookClient again = TestClient.logOn(aeron, clientConfig, after, ALICE, ALICE_KEYS))
            {
                again.limit(999_999, 1, Side.BUY, 10, 1);
                final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (after.acks.isEmpty() && System.nanoTime() < until)
                {
                    if (0 == again.poll())
                    {
                        Thread.sleep(1);
                    }
                }
                assertFalse(after.acks.isEmpty(), "a valid order after the flood: " + after.rejects);
            }
            node.close();
            assertNull(node.failure());
            liveHash = node.engine().stateHash();
        }
        final Engine replayed = replay();
        assertEquals(liveHash, replayed.stateHash(), "replay equals live after the malformed frames");
        System.out.printf("gateway frame fuzz: seed %d, %d frames sent, %d distinct, %d session rejects, " +
                "%d command rejects, %d acknowledgements%n", seed, FRAMES, distinct.size(), sessionRejects,
            aliceAcks.rejects.size() - sessionRejects, aliceAcks.acks.size());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aFileWhereTheJournalFolderShouldBeRefusesToStart() throws Exception
    {
        final Path journal = root.resolve("data").resolve(Node.JOURNAL_DIR);
        Files.createDirectories(journal.getParent());
        Files.writeString(journal, "not a folder");
        final RuntimeException ex = assertThrows(RuntimeException.class, () -> launch(config("aeron-file")).close());
        final String message = describe(ex);
        assertTrue(message.contains("journal"), "a clear error naming the journal: " + message);
        assertEquals("not a folder", Files.readString(journal), "the file is left alone");
        System.out.println("disk fault (file for the journal folder): refused to start: " + message);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anUnwritableJournalFolderAfterAcceptingRefusesToStartAndKeepsEverything() throws Exception
    {
        final long stateHash;
        final long lastSequence;
        try (Node node = launch(config("aeron-1"));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(node.aeronDirectoryName())))
        {
            final ClientConfig clientConfig = ClientConfig.ipc().ingressStreamId(node.config().ingressStreamId());
            final AckRecorder operatorAcks = new AckRecorder();
            try (PoolbookClient operator = TestClient.logOn(aeron, clientConfig, operatorAcks, 0, OPERATOR))
            {
                setUp(operator, operatorAcks);
            }
            final AckRecorder acks = new AckRecorder();
            try (PoolbookClient alice = TestClient.logOn(aeron, clientConfig, acks, ALICE, ALICE_KEYS))
            {
                for (int i = 1; i <= 20; i++)
                {
                    alice.limit(i, 1, Side.BUY, 10 + i, 1);
                }
                final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (acks.acks.size() < 20 && System.nanoTime() < until)
                {
                    if (0 == alice.poll())
                    {
                        Thread.sleep(1);
                    }
                }
                assertEquals(20, acks.acks.size(), acks.rejects.toString());
            }
            node.close();
            stateHash = node.engine().stateHash();
            lastSequence = node.durableSequence();
        }

        // The journal folder becomes unwritable: its lock file cannot be opened (a folder in its place; permission
        // bits do not stop root, which the tests may run as).
        final Path journal = root.resolve("data").resolve(Node.JOURNAL_DIR);
        final Path lock = journal.resolve("journal.lock");
        Files.deleteIfExists(lock);
        Files.createDirectory(lock);
        final Map<Path, String> before = hashes(journal);
        final RuntimeException ex = assertThrows(RuntimeException.class, () -> launch(config("aeron-2")).close());
        final String message = describe(ex);
        assertTrue(message.contains("journal"), "a clear error naming the journal: " + message);
        assertEquals(before, hashes(journal), "the journal is untouched by the failed start");

        // Writable again: everything accepted is back.
        Files.delete(lock);
        try (Node node = launch(config("aeron-3")))
        {
            assertEquals(lastSequence, node.recoveredSequence());
            assertEquals(stateHash, node.engine().stateHash());
        }
        System.out.println("disk fault (unwritable journal folder): refused to start: " + message +
            "; after repair recovered to sequence " + lastSequence + ", nothing lost");
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aDiskThatFillsWhileRunningMakesTheNodeRefuseNewInputAndKeepEverythingAccepted() throws Exception
    {
        final SizeLimitedFolder disk = SizeLimitedFolder.tryMount(root.resolve("data"), 4L << 20);
        assumeTrue(null != disk, "mounting a size-limited file system needs root (CI runs as root)");
        final KeyPair bobKeys = Ed25519Keys.generate();
        final List<Long> accepted = new ArrayList<>();
        final List<Long> refused = new ArrayList<>();
        final List<Long> unanswered = new ArrayList<>();
        try (disk)
        {
            final Path settlement = new DataFolder(disk.path()).settlement();
            final Map<Path, String> batchesBefore;
            final long filled;
            final long closeMs;
            final long durable;
            final NodeConfig fullConfig = config("aeron-full").engineSnapshotEvery(25);
            fullConfig.journal().fsyncPolicy(FsyncPolicy.ALWAYS);
            try (Node node = launch(fullConfig);
                Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(node.aeronDirectoryName())))
            {
                final ClientConfig clientConfig = ClientConfig.ipc().ingressStreamId(node.config().ingressStreamId());
                final AckRecorder operatorAcks = new AckRecorder();
                try (PoolbookClient operator = TestClient.logOn(aeron, clientConfig, operatorAcks, 0, OPERATOR))
                {
                    setUp(operator, operatorAcks);
                    operator.registerAccount(12, Ed25519Keys.raw(bobKeys.getPublic()), new byte[20]);
                    operator.cutSettlementBatch();
                    awaitCommandsAccepted(operator, operatorAcks, 9);
                }
                final AckRecorder acks = new AckRecorder();
                try (PoolbookClient alice = TestClient.logOn(aeron, clientConfig, acks, ALICE, ALICE_KEYS))
                {
                    for (long id = 1; id <= 30; id++)
                    {
                        assertEquals(Outcome.ACCEPTED, place(alice, acks, id), acks.rejects.toString());
                        accepted.add(id);
                    }
                    batchesBefore = hashes(settlement);
                    assertFalse(batchesBefore.isEmpty(), "a settlement batch was written");

                    filled = disk.fill();
                    int refusedInARow = 0;
                    for (long id = 31; id <= 1_000 && refusedInARow < 5; id++)
                    {
                        final Outcome outcome = place(alice, acks, id);
                        switch (outcome)
                        {
                            case ACCEPTED ->
                            {
                                assertTrue(refused.isEmpty() && unanswered.isEmpty(),
                                    "no acknowledgement after the first refusal: order " + id);
                                accepted.add(id);
                            }
                            case REFUSED ->
                            {
                                refused.add(id);
                                refusedInARow++;
                            }
                            case NO_ANSWER -> unanswered.add(id);
                        }
                    }
                    assertEquals(5, refused.size(), "refused once the disk was full: " + acks.rejects);
                    assertTrue(unanswered.size() <= 1, "only the command the journal failed on: " + unanswered);
                    for (final String reject : acks.rejects)
                    {
                        assertTrue(reject.startsWith("SessionReject STORAGE_UNAVAILABLE"), reject);
                    }
                }

                // A new logon is refused with the same reason; the node itself is up and says why in its log.
                try (PoolbookClient bob = PoolbookClient.connect(aeron, clientConfig, new AckRecorder()))
                {
                    bob.logon(12, bobKeys.getPrivate(), false);
                    assertFalse(bob.awaitLogon(5_000));
                    assertEquals(io.poolbook.codecs.RejectReason.STORAGE_UNAVAILABLE, bob.logonReason());
                }
                assertNull(node.failure(), "a full disk is not fatal");
                assertTrue(node.counters().storageFailures.get() >= 1);
                assertTrue(node.counters().rejects(io.poolbook.codecs.RejectReason.STORAGE_UNAVAILABLE) >= 6);
                final String log = logBytes.toString();
                assertTrue(log.contains("journal write failed at sequence") && log.contains("No space left"), log);
                log.lines().filter((line) -> line.contains("journal write failed") || line.contains("snapshot"))
                    .forEach((line) -> System.out.println("node log: " + line));
                durable = node.durableSequence();
                final long closeStart = System.nanoTime();
                node.close();
                closeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeStart);
                assertTrue(closeMs < 5_000, "a node whose journal failed still stops promptly: " + closeMs + " ms");
            }

            // The operator frees space and restarts the node: everything acknowledged is there, nothing refused is,
            // and the node takes input again.
            disk.free();
            try (Node node = launch(config("aeron-full-2"));
                Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(node.aeronDirectoryName())))
            {
                assertTrue(node.recoveredSequence() >= durable, node.recoveredSequence() + " < " + durable);
                final AckRecorder acks = new AckRecorder();
                final ClientConfig clientConfig = ClientConfig.ipc().ingressStreamId(node.config().ingressStreamId());
                try (PoolbookClient alice = TestClient.logOn(aeron, clientConfig, acks, ALICE, ALICE_KEYS))
                {
                    assertEquals(Outcome.ACCEPTED, place(alice, acks, 5_000), acks.rejects.toString());
                }
                node.close();
                final OpenOrders orders = node.engine().trading().orders();
                for (final long id : accepted)
                {
                    assertNotEquals(-1, orders.orderIdOf(ALICE, id), "acknowledged order " + id + " kept");
                }
                for (final long id : refused)
                {
                    assertEquals(-1, orders.orderIdOf(ALICE, id), "refused order " + id + " not in the state");
                }
            }
            final Map<Path, String> batchesAfter = hashes(settlement);
            batchesAfter.keySet().retainAll(batchesBefore.keySet());
            assertEquals(batchesBefore, batchesAfter, "settlement batch files written before are unchanged");

            final StringWriter verifyOut = new StringWriter();
            final CommandLine verify = new CommandLine(new ReplayCommand());
            verify.setOut(new PrintWriter(verifyOut));
            verify.setErr(new PrintWriter(verifyOut));
            assertEquals(0, verify.execute("verify", disk.path().toString()), verifyOut.toString());
            System.out.println("disk fault (full while running): filled " + filled + " bytes; " + accepted.size() +
                " orders acknowledged (all kept), " + unanswered.size() + " unanswered, " + refused.size() +
                " refused STORAGE_UNAVAILABLE, new logon refused; stopped in " + closeMs + " ms; after freeing " +
                "space and a restart nothing lost, replay verify passes, input taken again");
        }
    }

    private enum Outcome
    {
        ACCEPTED, REFUSED, NO_ANSWER
    }

    /** Places a small resting buy and waits for what comes back: an acknowledgement, a refusal or nothing. */
    private static Outcome place(final PoolbookClient client, final AckRecorder acks, final long clientOrderId)
        throws InterruptedException
    {
        final int acksBefore = acks.acks.size();
        final int rejectsBefore = acks.rejects.size();
        client.limit(clientOrderId, 1, Side.BUY, 10 + clientOrderId % 50, 1);
        final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < until)
        {
            if (acks.acks.size() > acksBefore)
            {
                return Outcome.ACCEPTED;
            }
            if (acks.rejects.size() > rejectsBefore)
            {
                return Outcome.REFUSED;
            }
            if (0 == client.poll())
            {
                Thread.sleep(1);
            }
        }
        return Outcome.NO_ANSWER;
    }

    private static void awaitCommandsAccepted(final PoolbookClient client, final AckRecorder acks, final long count)
        throws InterruptedException
    {
        final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (acks.commandAccepted < count && System.nanoTime() < until)
        {
            if (0 == client.poll())
            {
                Thread.sleep(1);
            }
        }
        assertEquals(count, acks.commandAccepted, acks.rejects.toString());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void sessionAndOpenOrderLimitsAreEachRefusedWithAReason() throws Exception
    {
        final KeyPair bobKeys = Ed25519Keys.generate();
        final NodeConfig config = config("aeron-limits").maxSessions(2)
            .engineConfig(new io.poolbook.engine.EngineConfig().maxOpenOrdersPerAccount(5));
        try (Node node = launch(config);
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(node.aeronDirectoryName())))
        {
            final ClientConfig clientConfig = ClientConfig.ipc().ingressStreamId(node.config().ingressStreamId());
            final AckRecorder operatorAcks = new AckRecorder();
            try (PoolbookClient operator = TestClient.logOn(aeron, clientConfig, operatorAcks, 0, OPERATOR))
            {
                setUp(operator, operatorAcks);
                operator.registerAccount(12, Ed25519Keys.raw(bobKeys.getPublic()), new byte[20]);
                final AckRecorder aliceAcks = new AckRecorder();
                try (PoolbookClient alice = TestClient.logOn(aeron, clientConfig, aliceAcks, ALICE, ALICE_KEYS))
                {
                    // One session per account.
                    try (PoolbookClient second = PoolbookClient.connect(aeron, clientConfig, new AckRecorder()))
                    {
                        second.logon(ALICE, ALICE_KEYS.getPrivate(), false);
                        assertFalse(second.awaitLogon(5_000));
                        assertEquals(io.poolbook.codecs.RejectReason.ALREADY_LOGGED_ON, second.logonReason());
                    }
                    // Two sessions at most: the operator and alice are logged on.
                    try (PoolbookClient bob = PoolbookClient.connect(aeron, clientConfig, new AckRecorder()))
                    {
                        bob.logon(12, bobKeys.getPrivate(), false);
                        assertFalse(bob.awaitLogon(5_000));
                        assertEquals(io.poolbook.codecs.RejectReason.SESSION_LIMIT, bob.logonReason());
                    }
                    // Five open orders at most per account: the sixth is rejected.
                    for (int i = 1; i <= 6; i++)
                    {
                        alice.limit(i, 1, Side.BUY, 10 + i, 1);
                    }
                    final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (aliceAcks.acks.size() + aliceAcks.rejects.size() < 6 && System.nanoTime() < until)
                    {
                        if (0 == alice.poll())
                        {
                            Thread.sleep(1);
                        }
                    }
                    assertEquals(5, aliceAcks.acks.size(), aliceAcks.rejects.toString());
                    assertEquals(java.util.List.of("CommandRejected 10 OPEN_ORDER_LIMIT"), aliceAcks.rejects);
                }
            }
            assertNull(node.failure());
        }
    }

    private static String describe(final Throwable ex)
    {
        final StringBuilder text = new StringBuilder();
        for (Throwable cause = ex; null != cause; cause = cause.getCause())
        {
            text.append(cause).append(" | ");
        }
        return text.toString();
    }

    private static Map<Path, String> hashes(final Path folder) throws Exception
    {
        final Map<Path, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                if (Files.isRegularFile(file))
                {
                    hashes.put(file, HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))));
                }
            }
        }
        return hashes;
    }

    private Engine replay() throws IOException
    {
        final DataFolder folder = new DataFolder(root.resolve("data"));
        return new Recovery(folder, folder.readEngineConfig(), (line) -> {})
            .recover(Long.MAX_VALUE, (buffer, offset, length) -> {}, false);
    }

    private static byte[] bytes(final CommandWriter commands, final int length)
    {
        final byte[] bytes = new byte[length];
        commands.buffer().getBytes(commands.offset(), bytes);
        return bytes;
    }

    private static byte[] mutate(final byte[] seed, final Random random)
    {
        byte[] bytes = seed.clone();
        switch (random.nextInt(7))
        {
            case 0 -> bytes[random.nextInt(bytes.length)] ^= (byte)(1 << random.nextInt(8));
            case 1 -> bytes[random.nextInt(bytes.length)] = (byte)random.nextInt(256);
            case 2 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 3 -> bytes = Arrays.copyOf(bytes, bytes.length + 1 + random.nextInt(32));
            case 4 -> // another template id
            {
                final int template = random.nextInt(130);
                bytes[2] = (byte)template;
                bytes[3] = (byte)(template >> 8);
            }
            case 5 -> // another account: must be WRONG_ACCOUNT
            {
                if (bytes.length >= 12)
                {
                    bytes[8] = (byte)random.nextInt(20);
                }
            }
            default ->
            {
                bytes = new byte[1 + random.nextInt(1200)];
                random.nextBytes(bytes);
            }
        }
        return bytes;
    }


    private static void setUp(final PoolbookClient operator, final AckRecorder acks) throws InterruptedException
    {
        operator.addAsset(1, "BASE", 6, 18, new byte[20]);
        operator.addAsset(2, "QUOTE", 6, 6, new byte[20]);
        operator.addMarket(1, 1, 2, 1, 1, 1, 1_000_000_000L, 0, 10);
        operator.createPool(1, 30, false);
        final byte[] address = new byte[20];
        address[19] = ALICE;
        operator.registerAccount(ALICE, Ed25519Keys.raw(ALICE_KEYS.getPublic()), address);
        operator.deposit(ALICE, 1, 1_000_000_000L, new byte[32]);
        operator.deposit(ALICE, 2, 1_000_000_000L, new byte[32]);
        awaitCommandsAccepted(operator, acks, 7);
    }
}
