package io.poolbook.gateway.faults;

import io.aeron.Aeron;
import io.poolbook.client.ClientConfig;
import io.poolbook.client.PoolbookClient;
import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.codecs.CutSettlementBatchDecoder;
import io.poolbook.codecs.MessageHeaderDecoder;
import io.poolbook.codecs.NewOrderDecoder;
import io.poolbook.codecs.Side;
import io.poolbook.engine.Engine;
import io.poolbook.engine.EngineConfig;
import io.poolbook.gateway.testkit.AckRecorder;
import io.poolbook.gateway.testkit.TestClient;
import io.poolbook.gateway.testkit.PoolbookProcess;
import io.poolbook.replay.DataFolder;
import io.poolbook.replay.Recovery;
import io.poolbook.replay.audit.ReplayCommand;
import io.poolbook.replay.journal.JournalReader;
import org.agrona.CloseHelper;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Crash recovery: a node in its own process takes orders and settlement cuts from clients of this JVM and is killed
 * with SIGKILL at a random moment, several rounds, each restarted on the same data folder. Afterwards every
 * acknowledgement any client saw must be in the journal and the recovered state, {@code replay verify} must pass,
 * the state hash from snapshots + journal must equal a clean replay's, and no settlement batch file written before a
 * kill may have changed.
 */
final class CrashRecoveryTest
{
    private static final int ROUNDS = Integer.getInteger("poolbook.faults.crashRounds", 3);
    private static final int BASE = 1;
    private static final int QUOTE = 2;
    private static final int MARKET = 1;
    private static final int ALICE = 11;
    private static final int BOB = 12;
    private static final long FUNDS = 1_000_000_000_000L;

    @TempDir
    Path root;

    @Test
    @Timeout(value = 100, unit = TimeUnit.SECONDS)
    void sigkillAtRandomMomentsLosesNothingAcknowledged() throws Exception
    {
        final long seed = Long.getLong("poolbook.faults.seed", System.nanoTime());
        final Random random = new Random(seed);
        final KeyPair operatorKeys = Ed25519Keys.generate();
        final KeyPair aliceKeys = Ed25519Keys.generate();
        final KeyPair bobKeys = Ed25519Keys.generate();
        final String operatorKey = Ed25519Keys.toHex(operatorKeys.getPublic());
        final Path data = root.resolve("data");
        final List<AckRecorder.Ack> acks = new ArrayList<>();
        final Map<Path, String> batchHashes = new TreeMap<>();
        long clientOrderId = 1;
        int killsSurvived = 0;
        final long started = System.nanoTime();

        for (int round = 0; round <= ROUNDS; round++)
        {
            final Path aeronDir = root.resolve("aeron-" + round);
            final PoolbookProcess node = PoolbookProcess.node(
                data, aeronDir, root.resolve("node-" + round + ".log"), operatorKey);
            try
            {
                node.awaitRunning(30_000);
                if (round > 0)
                {
                    killsSurvived++;
                    assertBatchesUnchanged(batchHashes, "after restart " + round);
                    assertTrue(node.logText().contains("replayed the journal to sequence"), node.logText());
                }

                final AckRecorder operatorAcks = new AckRecorder();
                final AckRecorder aliceAcks = new AckRecorder();
                final AckRecorder bobAcks = new AckRecorder();
                final Aeron aeron = Aeron.connect(new Aeron.Context()
                    .aeronDirectoryName(aeronDir.toString())
                    .errorHandler((ex) -> {}));
                PoolbookClient operator = null;
                PoolbookClient alice = null;
                PoolbookClient bob = null;
                try
                {
                    final ClientConfig config = ClientConfig.ipc().sendTimeoutMs(200);
                    operator = TestClient.logOn(aeron, config, operatorAcks, 0, operatorKeys);
                    if (0 == round)
                    {
                        setUp(operator, operatorAcks, aliceKeys, bobKeys);
                    }
                    alice = TestClient.logOn(aeron, config, aliceAcks, ALICE, aliceKeys);
                    bob = TestClient.logOn(aeron, config, bobAcks, BOB, bobKeys);

                    if (ROUNDS == round)
                    {
                        // The last round: some load, then a clean stop (SIGTERM), to end on a normal shutdown.
                        for (int i = 0; i < 50; i++)
                        {
                            alice.limit(clientOrderId++, MARKET, Side.BUY, 50 + random.nextInt(40), 1_000);
                        }
                        final long want = 50;
                        final PoolbookClient a = alice;
                        pollUntil(() -> aliceAcks.acks.size() >= want, 10_000, a, operator, bob);
                    }
                    else
                    {
                        // Load until a random moment, then SIGKILL with commands still in flight.
                        final long loadNs = TimeUnit.MILLISECONDS.toNanos(300 + random.nextInt(1200));
                        final long end = System.nanoTime() + loadNs;
                        int step = 0;
                        while (System.nanoTime() < end)
                        {
                            alice.limit(clientOrderId++, MARKET, Side.BUY, 50 + random.nextInt(40), 1_000);
                            if (0 == step % 3)
                            {
                                bob.limit(clientOrderId++, MARKET, Side.SELL, 60 + random.nextInt(40), 1 + random.nextInt(5));
                            }
                            if (0 == step % 97)
                            {
                                operator.cutSettlementBatch();
                            }
                            if (0 == step % 400)
                            {
                                // Keeps the resting orders under the engine's open-order limit however long it runs.
                                alice.massCancel(MARKET);
                                bob.massCancel(MARKET);
                            }
                            if (0 == step % 50)
                            {
                                hashBatches(data, batchHashes);
                            }
                            step++;
                            operator.poll();
                            alice.poll();
                            bob.poll();
                            if (0 == step % 8)
                            {
                                Thread.sleep(1);
                            }
                        }
                        hashBatches(data, batchHashes);
                        node.kill();
                        // Whatever was already delivered to the clients' subscriptions counts as seen.
                        for (int i = 0; i < 20; i++)
                        {
                            operator.poll();
                            alice.poll();
                            bob.poll();
                        }
                    }
                }
                finally
                {
                    acks.addAll(operatorAcks.acks);
                    acks.addAll(aliceAcks.acks);
                    acks.addAll(bobAcks.acks);
                    assertTrue(aliceAcks.rejects.isEmpty() && operatorAcks.rejects.isEmpty(),
                        "round " + round + ": " + aliceAcks.rejects + operatorAcks.rejects);
                    if (null != bob)
                    {
                        bob.closeWithoutLogout();
                    }
                    if (null != alice)
                    {
                        alice.closeWithoutLogout();
                    }
                    if (null != operator)
                    {
                        operator.closeWithoutLogout();
                    }
                    CloseHelper.quietClose(aeron);
                }
                if (ROUNDS == round)
                {
                    node.process.destroy(); // SIGTERM: a clean stop
                    assertEquals(0, node.awaitExit(30_000), node.logText());
                }
            }
            finally
            {
                node.close();
            }
        }
        assertBatchesUnchanged(batchHashes, "at the end");

        // replay verify: CRCs, hash chain, every settlement batch and snapshot on disk.
        final StringWriter verifyOut = new StringWriter();
        final CommandLine verify = new CommandLine(new ReplayCommand());
        verify.setOut(new PrintWriter(verifyOut));
        verify.setErr(new PrintWriter(verifyOut));
        assertEquals(0, verify.execute("verify", data.toString()), verifyOut.toString());

        // The state from the newest snapshot + journal equals a clean replay of the whole journal.
        final DataFolder folder = new DataFolder(data);
        final EngineConfig engineConfig = folder.readEngineConfig();
        final Engine fromSnapshot = new Recovery(folder, engineConfig, (line) -> {}).recover(
            Long.MAX_VALUE, (buffer, offset, length) -> {}, true);
        final Engine clean = new Recovery(folder, engineConfig, (line) -> {}).recover(
            Long.MAX_VALUE, (buffer, offset, length) -> {}, false);
        assertEquals(clean.lastSequence(), fromSnapshot.lastSequence());
        assertEquals(clean.stateHash(), fromSnapshot.stateHash(), "snapshot + journal = clean replay");

        // Every acknowledgement is in the journal (the very command, at its sequence) and in the recovered state.
        final Long2ObjectHashMap<byte[]> journal = new Long2ObjectHashMap<>();
        new JournalReader(folder.journal()).read((sequence, timestamp, sessionId, buffer, offset, length) ->
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            journal.put(sequence, bytes);
        });
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final NewOrderDecoder newOrder = new NewOrderDecoder();
        int lost = 0;
        final List<String> lostAcks = new ArrayList<>();
        for (final AckRecorder.Ack ack : acks)
        {
            final byte[] bytes = journal.get(ack.inputSequence());
            boolean found = null != bytes && ack.inputSequence() <= clean.lastSequence();
            if (found && !"Fill".equals(ack.kind()))
            {
                final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
                header.wrap(buffer, 0);
                if (NewOrderDecoder.TEMPLATE_ID == header.templateId())
                {
                    newOrder.wrapAndApplyHeader(buffer, 0, header);
                    found = newOrder.accountId() == ack.accountId() && newOrder.clientOrderId() == ack.clientId();
                }
                else
                {
                    // Every command's first field is its account id.
                    found = buffer.getInt(MessageHeaderDecoder.ENCODED_LENGTH, java.nio.ByteOrder.LITTLE_ENDIAN) ==
                        ack.accountId();
                }
            }
            if (!found)
            {
                lost++;
                lostAcks.add(ack.toString());
            }
        }
        final long batchesCut = acks.stream().filter((ack) -> ack.kind().equals("CommandAccepted") &&
            journal.get(ack.inputSequence()) != null && templateOf(journal.get(ack.inputSequence())) ==
            CutSettlementBatchDecoder.TEMPLATE_ID).count();
        System.out.printf("crash recovery: seed %d, %d SIGKILL rounds survived, %d acknowledgements checked, " +
                "%d journaled commands, %d settlement batch cuts acknowledged, %d batch files hashed, lost %d, %d ms%n",
            seed, killsSurvived, acks.size(), journal.size(), batchesCut, batchHashes.size(), lost,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        assertEquals(0, lost, "acknowledged but lost: " + lostAcks);
        assertEquals(ROUNDS, killsSurvived);
        assertTrue(acks.size() > 100, "enough load: " + acks.size());
    }

    private static int templateOf(final byte[] bytes)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        header.wrap(new UnsafeBuffer(bytes), 0);
        return header.templateId();
    }


    private static void setUp(
        final PoolbookClient operator, final AckRecorder acks, final KeyPair aliceKeys, final KeyPair bobKeys)
        throws InterruptedException
    {
        operator.addAsset(BASE, "BASE", 6, 18, new byte[20]);
        operator.addAsset(QUOTE, "QUOTE", 6, 6, new byte[20]);
        operator.addMarket(MARKET, BASE, QUOTE, 1, 1, 1, 1_000_000_000L, 0, 10);
        final int[] accounts = {ALICE, BOB};
        final KeyPair[] keys = {aliceKeys, bobKeys};
        for (int i = 0; i < accounts.length; i++)
        {
            final byte[] address = new byte[20];
            address[19] = (byte)accounts[i];
            operator.registerAccount(accounts[i], Ed25519Keys.raw(keys[i].getPublic()), address);
            operator.deposit(accounts[i], BASE, FUNDS, new byte[32]);
            operator.deposit(accounts[i], QUOTE, FUNDS, new byte[32]);
        }
        pollUntil(() -> acks.commandAccepted >= 9, 10_000, operator);
        assertTrue(acks.rejects.isEmpty(), acks.rejects.toString());
    }

    private static void pollUntil(
        final java.util.function.BooleanSupplier condition, final long timeoutMs, final PoolbookClient... clients)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out");
            }
            int work = 0;
            for (final PoolbookClient client : clients)
            {
                work += client.poll();
            }
            if (0 == work)
            {
                Thread.sleep(1);
            }
        }
    }

    /** Records the SHA-256 of every settlement batch file not seen before; a file seen before must be unchanged. */
    private static void hashBatches(final Path data, final Map<Path, String> hashes) throws IOException
    {
        final Path settlement = data.resolve("settlement");
        if (!Files.isDirectory(settlement))
        {
            return;
        }
        try (Stream<Path> files = Files.list(settlement))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                final String name = file.getFileName().toString();
                if (!name.startsWith("batch-") || !(name.endsWith(".json") || name.endsWith(".calldata")))
                {
                    continue; // a temporary file being written
                }
                final String hash;
                try
                {
                    hash = sha256(Files.readAllBytes(file));
                }
                catch (final IOException ex)
                {
                    continue; // renamed away meanwhile
                }
                final String before = hashes.putIfAbsent(file, hash);
                if (null != before && !before.equals(hash))
                {
                    // Batch files are written under a temporary name and renamed into place: never rewritten.
                    throw new AssertionError(file + " changed while the node ran");
                }
            }
        }
    }

    private static void assertBatchesUnchanged(final Map<Path, String> hashes, final String when) throws IOException
    {
        for (final Map.Entry<Path, String> entry : hashes.entrySet())
        {
            assertTrue(Files.exists(entry.getKey()), when + ": " + entry.getKey() + " disappeared");
            assertEquals(entry.getValue(), sha256(Files.readAllBytes(entry.getKey())),
                when + ": " + entry.getKey() + " changed");
        }
    }

    private static String sha256(final byte[] bytes)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
