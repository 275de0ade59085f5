package io.poolbook.perf.load;

import io.aeron.Aeron;
import io.aeron.driver.ThreadingMode;
import io.poolbook.codecs.CommandAcceptedDecoder;
import io.poolbook.codecs.CommandRejectedDecoder;
import io.poolbook.gateway.auth.Ed25519Keys;
import io.poolbook.gateway.client.ClientConfig;
import io.poolbook.gateway.client.ClientListener;
import io.poolbook.gateway.client.PoolbookClient;
import io.poolbook.gateway.node.Node;
import io.poolbook.gateway.node.NodeConfig;
import io.poolbook.gateway.pipeline.IdleMode;
import io.poolbook.gateway.telemetry.NodeLog;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An embedded node (media driver, gateway, journal, engine) in this JVM, an operator session that sets up the
 * workload's markets, and the trading sessions, each its own account, over Aeron IPC or UDP loopback. Moved here
 * from the first round-trip harness (GatewayRoundTrip).
 */
final class LoadNode implements AutoCloseable
{
    private static final int OPERATOR = 0;
    private static final long SET_UP_TIMEOUT_NS = 30_000_000_000L;

    private final Path root;
    private final boolean deleteRoot;
    private final Node node;
    private final Aeron aeron;
    private final ClientConfig clientConfig;
    private final PoolbookClient operator;
    private final Acks operatorAcks = new Acks();
    private final List<Session> sessions = new ArrayList<>();

    LoadNode(final Path dir, final String transport, final String fsync, final String idle, final PrintStream out)
        throws Exception
    {
        deleteRoot = null == dir;
        root = deleteRoot ? Files.createTempDirectory("poolbook-load") : dir;
        final KeyPair operatorKeys = Ed25519Keys.generate();
        final boolean udp = "udp".equals(transport);
        final NodeConfig config = new NodeConfig()
            .dataDir(root.resolve("data"))
            .aeronDir(root.resolve("aeron").toString())
            .threadingMode(ThreadingMode.SHARED)
            .termLength(16 * 1024 * 1024)
            .ingressChannel(udp ? "aeron:udp?endpoint=127.0.0.1:0" : "")
            .ingressIpc(true)
            .marketDataChannel("")
            .marketDataIpc(false)
            .idleMode(IdleMode.parse(idle))
            .fsync(fsync)
            .rateLimit(100_000_000)
            .rateBurst(10_000_000)
            .maxPendingBytes(256 * 1024 * 1024)
            .slowConsumerTimeoutMs(30_000)
            .heartbeatIntervalMs(10_000)
            .operatorKey(Ed25519Keys.toHex(operatorKeys.getPublic()))
            .driverCustomiser((context) -> context.dirDeleteOnStart(true).dirDeleteOnShutdown(true));
        out.printf("node: embedded, transport %s, fsync %s, idle %s, %d cores, journal in %s%n",
            transport, fsync, idle, Runtime.getRuntime().availableProcessors(), config.dataDir());
        node = Node.launch(config, new NodeLog(out, false));
        Aeron aeronClient = null;
        PoolbookClient operatorClient = null;
        try
        {
            aeronClient = Aeron.connect(new Aeron.Context().aeronDirectoryName(config.aeronDir()));
            final String endpoint = node.ingressEndpoint();
            clientConfig = udp ?
                ClientConfig.udp("127.0.0.1:" + endpoint.substring(endpoint.lastIndexOf(':') + 1), "127.0.0.1") :
                ClientConfig.ipc();
            clientConfig.sendTimeoutMs(0).heartbeatIntervalMs(10_000);
            operatorClient = PoolbookClient.connect(aeronClient, clientConfig, operatorAcks);
            logon(operatorClient, OPERATOR, operatorKeys);
        }
        catch (final Exception | Error ex)
        {
            CloseHelper.quietCloseAll(operatorClient, aeronClient);
            node.close();
            throw ex;
        }
        aeron = aeronClient;
        operator = operatorClient;
    }

    /** Sets up the workload's markets, then registers, funds, logs on and primes {@code count} sessions. */
    List<Session> start(final Workload workload, final int count, final SplittableRandom random)
    {
        awaitAcks(workload.setUp(operator));
        final KeyPair[] keys = new KeyPair[count];
        for (int i = 0; i < count; i++)
        {
            final int accountId = 1 + i;
            keys[i] = Ed25519Keys.generate();
            operator.registerAccount(accountId, Ed25519Keys.raw(keys[i].getPublic()), new byte[20]);
            operator.deposit(accountId, Workload.BASE, 1_000_000_000_000_000L, new byte[32]);
            operator.deposit(accountId, Workload.QUOTE, Long.MAX_VALUE / 4, new byte[32]);
            awaitAcks(3);
        }
        for (int i = 0; i < count; i++)
        {
            final Session session = new Session(1 + i);
            session.client = PoolbookClient.connect(aeron, clientConfig, session);
            sessions.add(session);
            logon(session.client, session.accountId, keys[i]);
        }
        for (final Session session : sessions)
        {
            final int primed = workload.prime(session, random);
            for (int c = 0; c < primed; c++)
            {
                session.intend(System.nanoTime());
            }
        }
        final long deadline = System.nanoTime() + SET_UP_TIMEOUT_NS;
        while (outstanding() > 0)
        {
            pollAll();
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("sessions not primed: " + outstanding() + " answers missing");
            }
        }
        return sessions;
    }

    long outstanding()
    {
        long outstanding = 0;
        for (final Session session : sessions)
        {
            outstanding += session.outstanding();
        }
        return outstanding;
    }

    /** Polls every session once; throws what a session's listener saw go wrong. */
    int pollAll()
    {
        int work = 0;
        for (int i = 0, n = sessions.size(); i < n; i++)
        {
            final Session session = sessions.get(i);
            work += session.client.poll();
            if (null != session.failure)
            {
                throw new IllegalStateException(session.failure);
            }
        }
        return work;
    }

    Node node()
    {
        return node;
    }

    private void awaitAcks(final int commands)
    {
        final long target = operatorAcks.accepted + commands;
        final long deadline = System.nanoTime() + SET_UP_TIMEOUT_NS;
        while (operatorAcks.accepted < target)
        {
            operator.poll();
            if (null != operatorAcks.failure)
            {
                throw new IllegalStateException(operatorAcks.failure);
            }
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("set-up commands not answered");
            }
        }
    }

    private static void logon(final PoolbookClient client, final int accountId, final KeyPair keys)
    {
        client.logon(accountId, keys.getPrivate(), false);
        if (!client.awaitLogon(10_000))
        {
            throw new IllegalStateException("logon of " + accountId + " failed: " + client.logonReason());
        }
    }

    public void close()
    {
        for (final Session session : sessions)
        {
            CloseHelper.quietClose(session.client);
        }
        CloseHelper.quietCloseAll(operator, aeron);
        node.close();
        if (deleteRoot)
        {
            IoUtil.delete(root.toFile(), true);
        }
    }

    private static final class Acks implements ClientListener
    {
        long accepted;
        String failure;

        public void onCommandAccepted(final CommandAcceptedDecoder event)
        {
            accepted++;
        }

        public void onCommandRejected(final CommandRejectedDecoder event)
        {
            failure = "set-up command rejected: " + event;
        }
    }
}
