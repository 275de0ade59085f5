package io.poolbook.perf.gateway;

import io.aeron.Aeron;
import io.aeron.driver.ThreadingMode;
import io.poolbook.codecs.CommandAcceptedDecoder;
import io.poolbook.codecs.CommandRejectedDecoder;
import io.poolbook.codecs.LogoutDecoder;
import io.poolbook.codecs.OrderAcceptedDecoder;
import io.poolbook.codecs.OrderCancelledDecoder;
import io.poolbook.codecs.SessionRejectDecoder;
import io.poolbook.codecs.Side;
import io.poolbook.gateway.auth.Ed25519Keys;
import io.poolbook.gateway.client.ClientConfig;
import io.poolbook.gateway.client.ClientListener;
import io.poolbook.gateway.client.PoolbookClient;
import io.poolbook.gateway.node.Node;
import io.poolbook.gateway.node.NodeConfig;
import io.poolbook.gateway.pipeline.IdleMode;
import io.poolbook.gateway.telemetry.NodeLog;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.IdleStrategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * A first end-to-end harness for the node: an embedded node and one trading client in this JVM, over Aeron IPC (or
 * UDP loopback), through the whole pipeline (ingress, input ring, journal with its fsync policy, engine, durability
 * gate, egress).
 * <ol>
 * <li><b>Round trip at a fixed rate</b>: alternating new limit orders and cancels by client order id, each command
 * sent at its scheduled time; its round trip runs from that scheduled time (not the actual send, which corrects for
 * coordinated omission) to the report that answers it (OrderAccepted, OrderCancelled), into an HdrHistogram.</li>
 * <li><b>Throughput</b>: the same commands as fast as the node takes them, until every report is back.</li>
 * </ol>
 * Run: {@code java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -cp perf/target/poolbook-bench.jar
 * io.poolbook.perf.gateway.GatewayRoundTrip --help}.
 */
@Command(name = "gateway-round-trip", mixinStandardHelpOptions = true,
    description = "Round trip and throughput of a node over Aeron, with its journal, in one JVM.")
public final class GatewayRoundTrip implements Callable<Integer>
{
    private static final int OPERATOR = 0;
    private static final int TRADER = 1;
    private static final int BASE = 1;
    private static final int QUOTE = 2;
    private static final int MARKET = 1;

    @Option(names = "--rate", description = "Commands per second in the round-trip run (default: ${DEFAULT-VALUE}).")
    int rate = 100_000;

    @Option(names = "--seconds", description = "Measured seconds of the round-trip run (default: ${DEFAULT-VALUE}).")
    int seconds = 5;

    @Option(names = "--warmup-seconds", description = "Unmeasured seconds before it (default: ${DEFAULT-VALUE}).")
    int warmupSeconds = 3;

    @Option(names = "--throughput-commands", description = "Commands in the throughput run (default: ${DEFAULT-VALUE}).")
    int throughputCommands = 1_000_000;

    @Option(names = "--fsync", description = "Journal fsync policy: always, interval_ms, none (default: ${DEFAULT-VALUE}).")
    String fsync = "always";

    @Option(names = "--idle", description = "Node idle mode: busy-spin, yield, backoff, sleep (default: ${DEFAULT-VALUE}).")
    String idle = "backoff";

    @Option(names = "--transport", description = "ipc or udp (default: ${DEFAULT-VALUE}).")
    String transport = "ipc";

    @Option(names = "--dir", description = "Folder for the journal and the Aeron directory (default: a temporary one).")
    Path dir;

    private final PrintStream out = System.out;

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new GatewayRoundTrip()).execute(args));
    }

    /** {@inheritDoc} */
    public Integer call() throws Exception
    {
        final Path root = null == dir ? Files.createTempDirectory("poolbook-rtt") : dir;
        final KeyPair operatorKeys = Ed25519Keys.generate();
        final KeyPair traderKeys = Ed25519Keys.generate();
        final NodeConfig config = new NodeConfig()
            .dataDir(root.resolve("data"))
            .aeronDir(root.resolve("aeron").toString())
            .threadingMode(ThreadingMode.SHARED)
            .termLength(16 * 1024 * 1024)
            .ingressChannel("udp".equals(transport) ? "aeron:udp?endpoint=127.0.0.1:0" : "")
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

        out.printf("node: transport %s, fsync %s, idle %s, %d cores, journal in %s%n",
            transport, fsync, idle, Runtime.getRuntime().availableProcessors(), config.dataDir());
        final Node node = Node.launch(config, new NodeLog(out, true));
        Aeron aeron = null;
        PoolbookClient operator = null;
        PoolbookClient trader = null;
        try
        {
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(config.aeronDir()));
            final ClientConfig clientConfig = "udp".equals(transport) ?
                ClientConfig.udp("127.0.0.1:" + port(node.ingressEndpoint()), "127.0.0.1") : ClientConfig.ipc();
            clientConfig.sendTimeoutMs(0).heartbeatIntervalMs(10_000);

            final Counter operatorAcks = new Counter();
            operator = PoolbookClient.connect(aeron, clientConfig, operatorAcks);
            logon(operator, OPERATOR, operatorKeys);
            operator.addAsset(BASE, "BASE", 6, 18, new byte[20]);
            operator.addAsset(QUOTE, "QUOTE", 6, 6, new byte[20]);
            operator.addMarket(MARKET, BASE, QUOTE, 1, 1, 1, 1_000_000_000L, 0, 10);
            operator.registerAccount(TRADER, Ed25519Keys.raw(traderKeys.getPublic()), new byte[20]);
            operator.deposit(TRADER, QUOTE, Long.MAX_VALUE / 4, new byte[32]);
            while (operatorAcks.accepted < 5)
            {
                operator.poll();
                if (null != operatorAcks.failure)
                {
                    throw new IllegalStateException(operatorAcks.failure);
                }
            }

            final long roundTripCommands = (long)rate * (seconds + warmupSeconds);
            final Recorder recorder = new Recorder((int)(roundTripCommands + throughputCommands + 2));
            trader = PoolbookClient.connect(aeron, clientConfig, recorder);
            logon(trader, TRADER, traderKeys);

            out.printf("round trip: %,d commands/s for %d s after %d s of warm-up (new order, cancel, ...)%n",
                rate, seconds, warmupSeconds);
            roundTrip(trader, recorder);
            report(recorder.histogram);

            out.printf("throughput: %,d commands as fast as the node takes them%n", throughputCommands);
            recorder.reset();
            final long startNs = System.nanoTime();
            final long sent = sendFlatOut(trader, recorder, roundTripCommands, throughputCommands);
            final long elapsedNs = System.nanoTime() - startNs;
            out.printf("  %,d commands answered in %,d ms: %,.0f commands/s (%,.0f reports/s incl. balances)%n",
                sent, TimeUnit.NANOSECONDS.toMillis(elapsedNs), sent * 1e9 / elapsedNs,
                recorder.responses * 1e9 / elapsedNs);
            out.printf("  node: %,d commands journaled, %,d events released%n",
                node.counters().commandsSequenced.get(), node.counters().eventsReleased.get());
            return 0;
        }
        finally
        {
            CloseHelper.quietCloseAll(trader, operator, aeron);
            node.close();
            if (null == dir)
            {
                IoUtil.delete(root.toFile(), true);
            }
        }
    }

    private static String port(final String endpoint)
    {
        return endpoint.substring(endpoint.lastIndexOf(':') + 1);
    }

    private static void logon(final PoolbookClient client, final int accountId, final KeyPair keys)
    {
        client.logon(accountId, keys.getPrivate(), false);
        if (!client.awaitLogon(10_000))
        {
            throw new IllegalStateException("logon of " + accountId + " failed: " + client.logonReason());
        }
    }

    /** Sends each command at its scheduled time; between them the client idles as the node's threads do. */
    private void roundTrip(final PoolbookClient trader, final Recorder recorder)
    {
        final long intervalNs = 1_000_000_000L / rate;
        final long total = (long)rate * (seconds + warmupSeconds);
        final long warmup = (long)rate * warmupSeconds;
        final long startNs = System.nanoTime() + 1_000_000;
        recorder.measureFrom = warmup;
        final IdleStrategy idleStrategy = IdleMode.parse(idle).newIdleStrategy();
        long command = 0;
        while (command < total || recorder.answered < total)
        {
            final long nowNs = System.nanoTime();
            int work = 0;
            while (command < total && startNs + command * intervalNs <= nowNs)
            {
                final long scheduledNs = startNs + command * intervalNs;
                recorder.scheduledNs[(int)command] = scheduledNs;
                while (!send(trader, command))
                {
                    trader.poll();
                }
                command++;
                work++;
            }
            work += trader.poll();
            recorder.check();
            idleStrategy.idle(work);
        }
    }

    private static long sendFlatOut(
        final PoolbookClient trader, final Recorder recorder, final long firstCommand, final int commands)
    {
        recorder.measureFrom = Long.MAX_VALUE;
        final long end = firstCommand + commands;
        long command = firstCommand;
        while (command < end || recorder.answered < commands)
        {
            if (command < end && send(trader, command))
            {
                command++;
            }
            trader.poll();
            recorder.check();
        }
        return command - firstCommand;
    }

    /** Even commands place order {@code command / 2}; odd ones cancel it. */
    private static boolean send(final PoolbookClient trader, final long command)
    {
        final long clientOrderId = (command >> 1) + 1;
        return 0 == (command & 1) ?
            trader.limit(clientOrderId, MARKET, Side.BUY, 1 + (clientOrderId % 100), 1) :
            trader.cancelByClientOrderId(MARKET, clientOrderId);
    }

    private void report(final Histogram histogram)
    {
        out.printf("  %,d round trips (coordinated omission corrected), microseconds:%n", histogram.getTotalCount());
        out.printf("  p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  p99.99 %.1f  max %.1f%n",
            histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(90) / 1e3,
            histogram.getValueAtPercentile(99) / 1e3, histogram.getValueAtPercentile(99.9) / 1e3,
            histogram.getValueAtPercentile(99.99) / 1e3, histogram.getMaxValue() / 1e3);
    }

    private static final class Counter implements ClientListener
    {
        long accepted;

        public void onCommandAccepted(final CommandAcceptedDecoder event)
        {
            accepted++;
        }

        String failure;

        public void onCommandRejected(final CommandRejectedDecoder event)
        {
            failure = "set-up command rejected: " + event;
        }
    }

    private static final class Recorder implements ClientListener
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final long[] scheduledNs;
        long measureFrom;
        long answered;
        long responses;

        Recorder(final int capacity)
        {
            scheduledNs = new long[capacity];
        }

        void reset()
        {
            histogram.reset();
            answered = 0;
            responses = 0;
        }

        private void onAnswer(final long command)
        {
            answered++;
            if (command >= measureFrom)
            {
                histogram.recordValue(Math.max(0, System.nanoTime() - scheduledNs[(int)command]));
            }
        }

        public void onOrderAccepted(final OrderAcceptedDecoder event)
        {
            responses++;
            onAnswer((event.clientOrderId() - 1) << 1);
        }

        public void onOrderCancelled(final OrderCancelledDecoder event)
        {
            responses++;
            onAnswer(((event.clientOrderId() - 1) << 1) + 1);
        }

        public void onBalanceChanged(final io.poolbook.codecs.BalanceChangedDecoder event)
        {
            responses++;
        }

        /** Aeron hands a listener's exceptions to its error handler, so failures are kept here and checked. */
        String failure;

        public void onCommandRejected(final CommandRejectedDecoder event)
        {
            failure = "command rejected: " + event;
        }

        public void onSessionReject(final SessionRejectDecoder reject)
        {
            failure = "session reject: " + reject;
        }

        public void onLogout(final LogoutDecoder logout)
        {
            failure = "logged out: " + logout.reason();
        }

        void check()
        {
            if (null != failure)
            {
                throw new IllegalStateException(failure);
            }
        }
    }
}
