package io.poolbook.perf.load;

import io.aeron.Aeron;
import io.aeron.driver.ThreadingMode;
import io.poolbook.client.ClientConfig;
import io.poolbook.client.ClientListener;
import io.poolbook.client.PoolbookClient;
import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.codecs.CommandAcceptedDecoder;
import io.poolbook.codecs.CommandRejectedDecoder;
import io.poolbook.codecs.RejectReason;
import io.poolbook.gateway.node.Node;
import io.poolbook.gateway.node.NodeConfig;
import io.poolbook.gateway.pipeline.IdleMode;
import io.poolbook.gateway.pipeline.NodeLayout;
import io.poolbook.gateway.telemetry.NodeLog;
import io.poolbook.replay.journal.JournalConfig;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * An embedded node (media driver, gateway, journal, engine) in this JVM, an operator session that sets up the
 * workload's markets, and the trading sessions, each its own account, over Aeron IPC or UDP loopback. Moved here
 * from the first round-trip harness (GatewayRoundTrip). Public for the node soak, which tunes the node's settings,
 * cuts settlement batches through the operator and restarts the node mid-run.
 */
public final class LoadNode implements AutoCloseable
{
    private static final int OPERATOR = 0;
    private static final long SET_UP_TIMEOUT_NS = 30_000_000_000L;

    private final Path root;
    private final boolean deleteRoot;
    private final boolean udp;
    private final NodeConfig config;
    private final NodeLog log;
    private final KeyPair operatorKeys;
    private final Acks operatorAcks = new Acks();
    private final List<Session> sessions = new ArrayList<>();
    private final List<KeyPair> sessionKeys = new ArrayList<>();
    private long operatorAcksDue;
    private Node node;
    private Aeron aeron;
    private ClientConfig clientConfig;
    private PoolbookClient operator;

    LoadNode(
        final Path dir,
        final String transport,
        final String fsync,
        final String idle,
        final String layout,
        final int termLength,
        final PrintStream out)
        throws Exception
    {
        this(dir, transport, fsync, idle, out, new NodeLog(out, false),
            (config) -> config.layout(NodeLayout.parse(layout)).termLength(termLength));
    }

    /**
     * Launches the node and logs the operator on.
     *
     * @param dir        folder for the node's data and Aeron directory; null for a temporary one, deleted on close.
     * @param transport  ipc or udp.
     * @param fsync      the journal's fsync policy.
     * @param idle       the node's idle mode.
     * @param out        told the node's settings.
     * @param nodeLog    the node's log.
     * @param customiser applied to the node's settings last (and kept for a {@link #restart()}).
     */
    public LoadNode(
        final Path dir,
        final String transport,
        final String fsync,
        final String idle,
        final PrintStream out,
        final NodeLog nodeLog,
        final Consumer<NodeConfig> customiser)
        throws Exception
    {
        operatorKeys = Ed25519Keys.generate();
        deleteRoot = null == dir;
        root = deleteRoot ? Files.createTempDirectory("poolbook-load") : dir;
        udp = "udp".equals(transport);
        log = nodeLog;
        config = new NodeConfig()
            .dataDir(root.resolve("data"))
            .aeronDir(root.resolve("aeron").toString())
            .threadingMode(ThreadingMode.SHARED)
            .ingressChannel(udp ? "aeron:udp?endpoint=127.0.0.1:0" : "")
            .ingressIpc(true)
            .marketDataChannel("")
            .marketDataIpc(false)
            .idleMode(IdleMode.parse(idle))
            .rateLimit(100_000_000)
            .rateBurst(10_000_000)
            .maxPendingBytes(256 * 1024 * 1024)
            .slowConsumerTimeoutMs(30_000)
            .heartbeatIntervalMs(10_000)
            .operatorKey(Ed25519Keys.toHex(operatorKeys.getPublic()))
            .driverCustomiser((context) -> context.dirDeleteOnStart(true).dirDeleteOnShutdown(true));
        config.journal().fsyncPolicy(JournalConfig.parseFsyncPolicy(fsync));
        customiser.accept(config);
        out.printf("node: embedded, layout %s, transport %s, fsync %s, idle %s, terms %d KiB, rings %d/%d, %d cores, " +
            "journal in %s%n", config.layout().optionName(), transport, fsync, idle, config.termLength() / 1024,
            config.inputRingSize(), config.outputRingSize(), Runtime.getRuntime().availableProcessors(),
            config.dataDir());
        launch();
    }

    /**
     * A load generator for a node of another process (see {@link #writeAttachment}): connects to its media driver,
     * logs the operator on with the key the attachment names. {@link #node()} is null and {@link #restart()} fails.
     *
     * @param attachment the file {@link #writeAttachment} wrote.
     * @param out        told what it connected to.
     */
    public LoadNode(final Path attachment, final PrintStream out) throws Exception
    {
        final Properties properties = new Properties();
        try (java.io.Reader reader = Files.newBufferedReader(attachment))
        {
            properties.load(reader);
        }
        final byte[] operatorKey = HexFormat.of().parseHex(properties.getProperty("operatorKey"));
        operatorKeys = new KeyPair(null,
            KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(operatorKey)));
        deleteRoot = false;
        root = attachment.getParent();
        udp = "udp".equals(properties.getProperty("transport"));
        log = null;
        config = new NodeConfig().aeronDir(properties.getProperty("aeronDir"));
        final String endpoint = properties.getProperty("ingressEndpoint");
        out.printf("load: a client process of the node in %s (transport %s)%n", config.aeronDir(),
            udp ? "udp " + endpoint : "ipc");
        connectOperator(endpoint);
    }

    /**
     * Writes what a load generator in another process needs to drive this node ({@link #LoadNode(Path, PrintStream)}):
     * the Aeron directory, the transport and endpoint, and the operator's private key (a throw-away key of this run).
     *
     * @return the file.
     */
    public Path writeAttachment() throws java.io.IOException
    {
        final Properties properties = new Properties();
        properties.setProperty("aeronDir", config.aeronDir());
        properties.setProperty("transport", udp ? "udp" : "ipc");
        properties.setProperty("ingressEndpoint", node.ingressEndpoint());
        properties.setProperty("operatorKey", HexFormat.of().formatHex(operatorKeys.getPrivate().getEncoded()));
        final Path file = root.resolve("attach.properties");
        try (java.io.Writer writer = Files.newBufferedWriter(file))
        {
            properties.store(writer, "poolbook bench load --client-process: the node this client process drives");
        }
        return file;
    }

    /**
     * Logs this process's operator out, so that a client process can log on as the operator (one session per
     * account), and waits until the node has ended the session.
     */
    public void releaseOperator()
    {
        CloseHelper.quietClose(operator);
        operator = null;
        final long deadline = System.nanoTime() + SET_UP_TIMEOUT_NS;
        while (node.counters().sessionsLoggedOn.get() > 0)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("the operator session did not end");
            }
            Thread.onSpinWait();
        }
    }

    /** Launches the node on the data folder, connects a client to its driver and logs the operator on. */
    private void launch()
    {
        final Node launched = Node.launch(config, log);
        try
        {
            connectOperator(launched.ingressEndpoint());
        }
        catch (final RuntimeException | Error ex)
        {
            launched.close();
            throw ex;
        }
        node = launched;
    }

    /** Connects a client to the node's driver and logs the operator on: the UDP endpoint for udp, IPC otherwise. */
    private void connectOperator(final String endpoint)
    {
        Aeron aeronClient = null;
        PoolbookClient operatorClient = null;
        try
        {
            aeronClient = Aeron.connect(new Aeron.Context().aeronDirectoryName(config.aeronDir()));
            final ClientConfig connection = udp ?
                ClientConfig.udp("127.0.0.1:" + endpoint.substring(endpoint.lastIndexOf(':') + 1), "127.0.0.1") :
                ClientConfig.ipc();
            connection.sendTimeoutMs(0).heartbeatIntervalMs(10_000);
            operatorClient = PoolbookClient.connect(aeronClient, connection, operatorAcks);
            logon(operatorClient, OPERATOR, operatorKeys);
            clientConfig = connection;
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.quietCloseAll(operatorClient, aeronClient);
            throw ex;
        }
        aeron = aeronClient;
        operator = operatorClient;
    }

    /** Sets up the workload's markets, then registers, funds, logs on and primes {@code count} sessions. */
    public List<Session> start(final Workload workload, final int count, final SplittableRandom random)
    {
        awaitAcks(workload.setUp(operator));
        for (int i = 0; i < count; i++)
        {
            final int accountId = 1 + i;
            sessionKeys.add(Ed25519Keys.generate());
            operator.registerAccount(accountId, Ed25519Keys.raw(sessionKeys.get(i).getPublic()), new byte[20]);
            operator.deposit(accountId, Workload.BASE, 1_000_000_000_000_000L, new byte[32]);
            operator.deposit(accountId, Workload.QUOTE, Long.MAX_VALUE / 4, new byte[32]);
            awaitAcks(3);
        }
        for (int i = 0; i < count; i++)
        {
            final Session session = new Session(1 + i);
            session.client = PoolbookClient.connect(aeron, clientConfig, session);
            sessions.add(session);
            logon(session.client, session.accountId, sessionKeys.get(i));
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

    /** Commands of the sessions and the operator not answered yet. */
    public long outstanding()
    {
        long outstanding = operatorAcksDue - operatorAcks.accepted;
        for (final Session session : sessions)
        {
            outstanding += session.outstanding();
        }
        return outstanding;
    }

    /** Polls the operator and every session once; throws what a listener saw go wrong. */
    public int pollAll()
    {
        int work = operator.poll();
        if (null != operatorAcks.failure)
        {
            throw new IllegalStateException(operatorAcks.failure);
        }
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

    /** The node running now (a new one after each {@link #restart()}). */
    public Node node()
    {
        return node;
    }

    /**
     * Has the operator cut a settlement batch; its answer is polled by {@link #pollAll()} and counted in
     * {@link #outstanding()}.
     *
     * @return false when it could not be sent now (back pressure).
     */
    public boolean cutSettlementBatch()
    {
        if (operator.cutSettlementBatch())
        {
            operatorAcksDue++;
            return true;
        }
        return false;
    }

    /**
     * Closes the clients and the node, launches the node again on the same folder (it restores its newest engine
     * snapshot and replays the journal after it), then logs the operator and every session on again, each with the
     * same key. Call it with nothing outstanding: the sessions keep their state (live orders, counts).
     */
    public void restart()
    {
        if (null == node)
        {
            throw new IllegalStateException("the node runs in another process: it cannot be restarted from here");
        }
        closeClients();
        node.close();
        launch();
        for (int i = 0; i < sessions.size(); i++)
        {
            final Session session = sessions.get(i);
            session.client = PoolbookClient.connect(aeron, clientConfig, session);
            logon(session.client, session.accountId, sessionKeys.get(i));
        }
    }

    private void awaitAcks(final int commands)
    {
        operatorAcksDue += commands;
        final long target = operatorAcksDue;
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
        if (!client.logon(accountId, keys.getPrivate(), false))
        {
            throw new IllegalStateException("logon of " + accountId + " not sent: the node back-pressured");
        }
        if (!client.awaitLogon(10_000))
        {
            throw new IllegalStateException("logon of " + accountId + " " +
                (RejectReason.NONE == client.logonReason() ? "not answered in 10 s" : "refused: " + client.logonReason()));
        }
    }

    public void close()
    {
        closeClients();
        if (null != node)
        {
            node.close();
        }
        if (deleteRoot)
        {
            IoUtil.delete(root.toFile(), true);
        }
    }

    private void closeClients()
    {
        for (final Session session : sessions)
        {
            CloseHelper.quietClose(session.client);
        }
        CloseHelper.quietCloseAll(operator, aeron);
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
