package io.poolbook.gateway.cluster;

import io.aeron.security.AuthenticationException;
import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.codecs.*;
import io.poolbook.replay.audit.ReplayCommand;
import io.poolbook.replay.journal.JournalReader;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Three members on loopback: the operator sets up a market and two accounts, two traders trade, a snapshot is
 * taken, the leader is killed, a new leader takes over and the clients carry on, the killed member is restarted
 * and catches up from its snapshot and the log. Then: every member has the same sequence and state hash; every
 * command a client saw acknowledged is in the journal of record at the sequence it was acknowledged with, byte for
 * byte; each member's journal is identical and passes {@code replay verify} with the live state hash.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
final class ClusterFailoverTest
{
    private static final int BASE = 1;
    private static final int QUOTE = 2;
    private static final int MARKET = 1;
    private static final int ALICE = 1;
    private static final int BOB = 2;
    private static final long ACK_TIMEOUT_MS = 3_000;
    /**
     * While the leader changes, a command may be dropped without a word (sent to the old leader, or to the new one
     * before it is ready): give up on it this soon and send another, so the failover measured is not mostly waiting.
     */
    private static final long FAILOVER_ACK_TIMEOUT_MS = 300;
    /** Asks Bob's bids never reach: they make the snapshot several chunks long. */
    private static final int RESTING_ASKS = 60;

    @TempDir
    Path root;

    private long nextClientOrderId = 1;

    @Test
    void tradingSurvivesLeaderFailoverAndARestartedMemberCatchesUp() throws IOException
    {
        final long startNs = System.nanoTime();
        final KeyPair aliceKeys = Ed25519Keys.generate();
        final KeyPair bobKeys = Ed25519Keys.generate();
        try (ClusterHarness cluster = new ClusterHarness(root, 3))
        {
            cluster.startAll();
            final ClusterNode firstLeader = cluster.awaitLeader(30_000);
            System.out.println("cluster: member " + firstLeader.memberId() + " leads after " +
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs) + " ms");

            final List<TestTrader> clients = new ArrayList<>();
            try
            {
                final TestTrader operator = new TestTrader("operator", cluster, 0, ClusterHarness.OPERATOR_KEYS);
                clients.add(operator);
                setUp(operator, aliceKeys, bobKeys);

                assertThrows(AuthenticationException.class,
                    () -> new TestTrader("mallory", cluster, ALICE, bobKeys), "a key other than the account's");

                final TestTrader alice = new TestTrader("alice", cluster, ALICE, aliceKeys, true);
                clients.add(alice);
                final TestTrader bob = new TestTrader("bob", cluster, BOB, bobKeys);
                clients.add(bob);

                final CommandWriter commands = alice.client.commands();
                alice.client.send(commands.limit(BOB, 999_999, MARKET, Side.BUY, 100, 10));
                ClusterHarness.await("WRONG_ACCOUNT", 10_000, () ->
                {
                    alice.pollAll(bob, operator);
                    return alice.sessionRejects.contains(RejectReason.WRONG_ACCOUNT);
                });

                for (int i = 0; i < RESTING_ASKS; i++)
                {
                    final long id = nextClientOrderId++;
                    alice.sendAccepted(alice.client.commands().limit(ALICE, id, MARKET, Side.SELL, 200 + i, 10),
                        NewOrderDecoder.TEMPLATE_ID, id, bob, operator);
                }
                trade(alice, bob, operator, 30, ACK_TIMEOUT_MS);
                cutSettlementBatch(operator, alice, bob);

                assertTrue(firstLeader.requestSnapshot(), "snapshot requested");
                ClusterHarness.await("a snapshot on every member", 20_000, () ->
                {
                    alice.pollAll(bob, operator);
                    for (final ClusterNode node : cluster.nodes)
                    {
                        if (node.service().snapshotsTaken() < 1)
                        {
                            return false;
                        }
                    }
                    return true;
                });

                trade(alice, bob, operator, 30, ACK_TIMEOUT_MS);
                cutSettlementBatch(operator, alice, bob);

                final int killed = firstLeader.memberId();
                final long killNs = System.nanoTime();
                cluster.kill(killed);
                final long killedAfterNs = System.nanoTime();
                long firstAckNs = 0;
                while (0 == firstAckNs)
                {
                    if (System.nanoTime() - killNs > TimeUnit.SECONDS.toNanos(30))
                    {
                        fail("no command acknowledged within 30 s of killing the leader");
                    }
                    final long id = nextClientOrderId++;
                    final TestTrader.Ack ack = alice.sendAndAwait(
                        alice.client.commands().limit(ALICE, id, MARKET, Side.SELL, 101, 10),
                        NewOrderDecoder.TEMPLATE_ID, id, FAILOVER_ACK_TIMEOUT_MS, bob, operator);
                    System.out.printf("cluster: +%d ms order %d %s, leader known to alice: %d%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killNs), id,
                        null == ack ? "unanswered" : "acknowledged", alice.client.leaderMemberId());
                    if (null != ack)
                    {
                        firstAckNs = System.nanoTime();
                    }
                }
                final ClusterNode newLeader = cluster.awaitLeader(10_000);
                assertNotEquals(killed, newLeader.memberId());
                final long failoverMs = TimeUnit.NANOSECONDS.toMillis(firstAckNs - killNs);
                System.out.printf("cluster: FAILOVER leader %d killed (close took %d ms) -> first command " +
                    "acknowledged by new leader %d after %d ms (leader heartbeat timeout %d ms)%n",
                    killed, TimeUnit.NANOSECONDS.toMillis(killedAfterNs - killNs), newLeader.memberId(), failoverMs,
                    ClusterHarness.HEARTBEAT_TIMEOUT_MS);

                trade(alice, bob, operator, 30, ACK_TIMEOUT_MS);

                final ClusterNode restarted = cluster.start(killed);
                trade(alice, bob, operator, 30, ACK_TIMEOUT_MS);
                final long beforeDisconnect = cutSettlementBatch(operator, alice, bob).sequence();

                alice.close();
                clients.remove(alice);
                ClusterHarness.await("alice's cancel-on-disconnect", 20_000, () ->
                {
                    bob.pollAll(operator);
                    return newLeader.service().appliedSequence() > beforeDisconnect;
                });

                final long lastSequence = beforeDisconnect + 1;
                ClusterHarness.await("every member at sequence " + lastSequence, 30_000, () ->
                {
                    alice.pollAll(bob, operator);
                    for (final ClusterNode node : cluster.nodes)
                    {
                        if (node.service().appliedSequence() < lastSequence)
                        {
                            return false;
                        }
                    }
                    return true;
                });
                assertEquals(1, restarted.service().snapshotsLoaded(), "the restarted member loaded its snapshot");

                final List<StateProbe> probes = new ArrayList<>();
                for (final ClusterNode node : cluster.nodes)
                {
                    probes.add(node.service().probe().orTimeout(10, TimeUnit.SECONDS).join());
                }
                System.out.println("cluster: " + probes);
                for (final StateProbe probe : probes)
                {
                    assertEquals(lastSequence, probe.lastSequence(), probe.toString());
                    assertEquals(probes.get(0).stateHash(), probe.stateHash(), "state hashes differ: " + probes);
                }
                assertTrue(alice.fills > 0 && bob.fills > 0, "trades happened");
                System.out.printf("cluster: %d commands acknowledged, %d unanswered (during failover), %d fills%n",
                    alice.acks.size() + bob.acks.size() + operator.acks.size(),
                    alice.unanswered + bob.unanswered + operator.unanswered, alice.fills + bob.fills);

                for (final TestTrader client : clients)
                {
                    client.close();
                }
                clients.clear();
                cluster.close();

                checkJournals(cluster, List.of(operator, alice, bob), lastSequence, probes.get(0).stateHash());
                checkSettlementFiles(cluster);
            }
            finally
            {
                for (final TestTrader client : clients)
                {
                    client.close();
                }
            }
        }
        System.out.println("cluster: test took " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs) + " ms");
    }

    private void setUp(final TestTrader operator, final KeyPair aliceKeys, final KeyPair bobKeys)
    {
        final CommandWriter commands = operator.client.commands();
        final byte[] token = new byte[20];
        token[19] = 1;
        operator.sendAccepted(commands.addAsset(0, BASE, "BASE", 6, 18, token),
            AddAssetDecoder.TEMPLATE_ID, BASE);
        token[19] = 2;
        operator.sendAccepted(commands.addAsset(0, QUOTE, "QUOTE", 6, 18, token),
            AddAssetDecoder.TEMPLATE_ID, QUOTE);
        operator.sendAccepted(commands.addMarket(0, MARKET, BASE, QUOTE, 1, 1, 1, 1_000_000, 0, 10),
            AddMarketDecoder.TEMPLATE_ID, MARKET);
        final byte[] address = new byte[20];
        address[0] = 0x0A;
        operator.sendAccepted(commands.registerAccount(0, ALICE, Ed25519Keys.raw(aliceKeys.getPublic()), address),
            RegisterAccountDecoder.TEMPLATE_ID, ALICE);
        address[0] = 0x0B;
        operator.sendAccepted(commands.registerAccount(0, BOB, Ed25519Keys.raw(bobKeys.getPublic()), address),
            RegisterAccountDecoder.TEMPLATE_ID, BOB);
        final byte[] chainReference = new byte[32];
        for (final int account : new int[]{ ALICE, BOB })
        {
            for (final int asset : new int[]{ BASE, QUOTE })
            {
                chainReference[0]++;
                operator.sendAccepted(commands.deposit(0, account, asset, 1_000_000_000_000L, chainReference),
                    DepositDecoder.TEMPLATE_ID, account);
            }
        }
    }

    private static TestTrader.Ack cutSettlementBatch(final TestTrader operator, final TestTrader... others)
    {
        return operator.sendAccepted(operator.client.commands().cutSettlementBatch(0),
            CutSettlementBatchDecoder.TEMPLATE_ID, 0, others);
    }

    /** Alice rests asks, Bob takes them; every command waits for its answer, unanswered ones are not retried. */
    private void trade(
        final TestTrader alice, final TestTrader bob, final TestTrader operator, final int rounds, final long timeoutMs)
    {
        for (int i = 0; i < rounds; i++)
        {
            final long ask = nextClientOrderId++;
            alice.sendAndAwait(alice.client.commands().limit(ALICE, ask, MARKET, Side.SELL, 100 + i % 5, 10),
                NewOrderDecoder.TEMPLATE_ID, ask, timeoutMs, bob, operator);
            final long bid = nextClientOrderId++;
            bob.sendAndAwait(bob.client.commands().limit(BOB, bid, MARKET, Side.BUY, 104, 10),
                NewOrderDecoder.TEMPLATE_ID, bid, timeoutMs, alice, operator);
        }
    }

    private static void checkJournals(
        final ClusterHarness cluster, final List<TestTrader> clients, final long lastSequence, final long stateHash)
        throws IOException
    {
        final Map<Long, byte[]> commands = new HashMap<>();
        final Map<Long, Long> sessions = new HashMap<>();
        final long read = new JournalReader(cluster.root.resolve("member-0").resolve("journal")).read(
            (sequence, timestamp, sessionId, buffer, offset, length) ->
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                commands.put(sequence, bytes);
                sessions.put(sequence, sessionId);
            });
        assertEquals(lastSequence, read, "journal of member 0 holds every sequence");
        final byte[] last = commands.get(lastSequence);
        assertEquals(CancelOnDisconnectDecoder.TEMPLATE_ID, (last[2] & 0xFF) | (last[3] & 0xFF) << 8,
            "alice's disconnect cancelled her orders through the log");
        assertEquals(clients.get(1).client.sessionId(), sessions.get(lastSequence));

        int checked = 0;
        for (final TestTrader client : clients)
        {
            for (final TestTrader.Ack ack : client.acks)
            {
                assertArrayEquals(ack.command(), commands.get(ack.sequence()),
                    client.name + "'s acknowledged command at sequence " + ack.sequence() + " is in the journal");
                assertEquals(ack.sessionId(), sessions.get(ack.sequence()), "and came from its session");
                checked++;
            }
        }
        System.out.println("cluster: " + checked + " acknowledged commands found in the journal of record");

        final List<byte[]> firstJournal = journalBytes(cluster.root.resolve("member-0").resolve("journal"));
        for (int member = 0; member < cluster.nodes.length; member++)
        {
            final Path folder = cluster.root.resolve("member-" + member);
            final List<byte[]> journal = journalBytes(folder.resolve("journal"));
            assertEquals(firstJournal.size(), journal.size(), "segment count of member " + member);
            for (int i = 0; i < journal.size(); i++)
            {
                assertArrayEquals(firstJournal.get(i), journal.get(i), "journal of member " + member + " differs");
            }

            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final int exitCode = new CommandLine(new ReplayCommand())
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("verify", folder.toString());
            System.out.println("cluster: member " + member + " " + out.toString().trim().replace('\n', ';'));
            assertEquals(0, exitCode, "replay verify on member " + member + ": " + out + err);
            assertTrue(out.toString().contains(String.format("state hash %016x", stateHash)),
                "verify replays member " + member + "'s journal to the live state hash: " + out);
        }
    }

    private static void checkSettlementFiles(final ClusterHarness cluster) throws IOException
    {
        final List<byte[]> first = folderBytes(cluster.root.resolve("member-0").resolve("settlement"));
        assertEquals(6, first.size(), "three batches, JSON and calldata each");
        for (int member = 1; member < cluster.nodes.length; member++)
        {
            final List<byte[]> files = folderBytes(cluster.root.resolve("member-" + member).resolve("settlement"));
            assertEquals(first.size(), files.size());
            for (int i = 0; i < files.size(); i++)
            {
                assertArrayEquals(first.get(i), files.get(i), "settlement file " + i + " of member " + member);
            }
        }
    }

    private static List<byte[]> folderBytes(final Path folder) throws IOException
    {
        final List<byte[]> contents = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder))
        {
            for (final Path file : files.sorted().toList())
            {
                contents.add(Files.readAllBytes(file));
            }
        }
        return contents;
    }

    private static List<byte[]> journalBytes(final Path journal) throws IOException
    {
        final List<byte[]> segments = new ArrayList<>();
        try (Stream<Path> files = Files.list(journal))
        {
            for (final Path file : files.filter((p) -> p.toString().endsWith(".seg")).sorted().toList())
            {
                segments.add(Files.readAllBytes(file));
            }
        }
        return segments;
    }

}
