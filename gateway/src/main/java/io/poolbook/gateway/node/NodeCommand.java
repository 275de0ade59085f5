package io.poolbook.gateway.node;

import io.poolbook.gateway.chain.BridgeOptions;
import io.poolbook.gateway.chain.ChainBridge;
import io.poolbook.gateway.cli.ExitCode;
import io.poolbook.gateway.pipeline.NodeLayout;
import io.poolbook.replay.journal.JournalConfig;
import org.agrona.SystemUtil;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.agrona.CloseHelper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Paths;
import java.util.concurrent.Callable;

import static io.poolbook.gateway.node.NodeConfig.*;

/**
 * {@code poolbook node}: runs an exchange node until Ctrl-C or SIGTERM, then stops it cleanly (no new input, the
 * rings drained, the journal forced). Every option defaults to its system property ({@code poolbook.node.*}, or
 * {@code poolbook.journal.*} for the journal's), then to the built-in default shown in the help.
 */
@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Run the exchange node: embedded media driver, gateway (UDP and IPC), journal and engine.",
        "Replays the journal in the data folder on start, then continues its sequence. Ctrl-C or SIGTERM stops it " +
            "cleanly. Each option can also be set as the system property shown in brackets " +
            "(POOLBOOK_JAVA_OPTS=-Dpoolbook.node.<name>=...); journal settings are poolbook.journal.* properties, " +
            "engine settings poolbook.engine.* properties, Aeron driver tuning aeron.* properties."
    })
public final class NodeCommand implements Callable<Integer>
{
    @Option(names = "--data-dir", paramLabel = "DIR",
        defaultValue = "${sys:" + DATA_DIR_PROP + ":-" + DATA_DIR_DEFAULT + "}",
        description = "Folder of the journal [" + DATA_DIR_PROP + "] (default: ${DEFAULT-VALUE}).")
    String dataDir;

    @Option(names = "--aeron-dir", paramLabel = "DIR",
        description = "Aeron directory of the media driver [" + AERON_DIR_PROP + "] (default: Aeron's, " +
            "/dev/shm/aeron-<user> on Linux, or aeron.dir).")
    String aeronDir;

    @Option(names = "--embedded-driver", arity = "1", paramLabel = "BOOL",
        defaultValue = "${sys:" + EMBEDDED_DRIVER_PROP + ":-" + EMBEDDED_DRIVER_DEFAULT + "}",
        description = "Launch a media driver in the node; false to use one already running [" +
            EMBEDDED_DRIVER_PROP + "] (default: ${DEFAULT-VALUE}).")
    boolean embeddedDriver;

    @Mixin
    EngineHostOptions host = new EngineHostOptions(TERM_LENGTH_DEFAULT, JournalConfig.FSYNC_DEFAULT);

    @Option(names = "--ingress-channel", paramLabel = "CHANNEL",
        defaultValue = "${sys:" + INGRESS_CHANNEL_PROP + ":-" + INGRESS_CHANNEL_DEFAULT + "}",
        description = "UDP channel clients send to; empty for IPC only [" + INGRESS_CHANNEL_PROP +
            "] (default: ${DEFAULT-VALUE}).")
    String ingressChannel;

    @Option(names = "--ingress-ipc", arity = "1", paramLabel = "BOOL",
        defaultValue = "${sys:" + INGRESS_IPC_PROP + ":-" + INGRESS_IPC_DEFAULT + "}",
        description = "Also take commands over aeron:ipc from clients of the same driver [" + INGRESS_IPC_PROP +
            "] (default: ${DEFAULT-VALUE}).")
    boolean ingressIpc;

    @Option(names = "--ingress-stream", paramLabel = "ID",
        defaultValue = "${sys:" + INGRESS_STREAM_ID_PROP + ":-" + INGRESS_STREAM_ID_DEFAULT + "}",
        description = "Stream id of the ingress channels [" + INGRESS_STREAM_ID_PROP + "] (default: ${DEFAULT-VALUE}).")
    int ingressStreamId;

    @Option(names = "--market-data-channel", paramLabel = "CHANNEL",
        defaultValue = "${sys:" + MARKET_DATA_CHANNEL_PROP + ":-" + MARKET_DATA_CHANNEL_DEFAULT + "}",
        description = "Market-data channel over the network (multi-destination: subscribers name it as " +
            "control=HOST:PORT); empty for none [" + MARKET_DATA_CHANNEL_PROP + "] (default: ${DEFAULT-VALUE}).")
    String marketDataChannel;

    @Option(names = "--market-data-ipc", arity = "1", paramLabel = "BOOL",
        defaultValue = "${sys:" + MARKET_DATA_IPC_PROP + ":-" + MARKET_DATA_IPC_DEFAULT + "}",
        description = "Also publish market data over aeron:ipc [" + MARKET_DATA_IPC_PROP +
            "] (default: ${DEFAULT-VALUE}).")
    boolean marketDataIpc;

    @Option(names = "--market-data-stream", paramLabel = "ID",
        defaultValue = "${sys:" + MARKET_DATA_STREAM_ID_PROP + ":-" + MARKET_DATA_STREAM_ID_DEFAULT + "}",
        description = "Stream id of the market-data channels [" + MARKET_DATA_STREAM_ID_PROP +
            "] (default: ${DEFAULT-VALUE}).")
    int marketDataStreamId;

    @Option(names = "--market-data-snapshot-interval-ms", paramLabel = "MS",
        defaultValue = "${sys:" + MARKET_DATA_SNAPSHOT_INTERVAL_MS_PROP + ":-" +
            MARKET_DATA_SNAPSHOT_INTERVAL_MS_DEFAULT + "}",
        description = "Period of every market's full book snapshot on the market-data feed [" +
            MARKET_DATA_SNAPSHOT_INTERVAL_MS_PROP + "] (default: ${DEFAULT-VALUE}).")
    long marketDataSnapshotIntervalMs;

    @Option(names = "--market-data-snapshot-depth", paramLabel = "LEVELS",
        defaultValue = "${sys:" + MARKET_DATA_SNAPSHOT_DEPTH_PROP + ":-" + MARKET_DATA_SNAPSHOT_DEPTH_DEFAULT + "}",
        description = "Most price levels per side in a market-data book snapshot [" + MARKET_DATA_SNAPSHOT_DEPTH_PROP +
            "] (default: ${DEFAULT-VALUE}).")
    int marketDataSnapshotDepth;

    @Option(names = "--engine-snapshot-every", paramLabel = "COMMANDS",
        defaultValue = "${sys:" + ENGINE_SNAPSHOT_EVERY_PROP + ":-" + ENGINE_SNAPSHOT_EVERY_DEFAULT + "}",
        description = "Commands between snapshots of the engine's state in the data folder, 0 for none; start-up " +
            "restores the newest and replays the journal after it [" + ENGINE_SNAPSHOT_EVERY_PROP +
            "] (default: ${DEFAULT-VALUE}).")
    long engineSnapshotEvery;

    @Option(names = "--layout", paramLabel = "LAYOUT",
        defaultValue = "${sys:" + LAYOUT_PROP + ":-" + LAYOUT_DEFAULT + "}",
        description = "Node threads: compact (one thread runs ingress, journal, engine, egress and the embedded " +
            "driver), pipelined (a thread per step, Disruptor rings between) or auto (compact on up to " +
            NodeLayout.COMPACT_MAX_CORES + " cores) [" + LAYOUT_PROP + "] (default: ${DEFAULT-VALUE}).")
    String layout;

    @Option(names = "--input-ring-size", paramLabel = "SLOTS",
        defaultValue = "${sys:" + INPUT_RING_SIZE_PROP + ":-" + INPUT_RING_SIZE_DEFAULT + "}",
        description = "Commands the input ring holds, a power of two; 0 for the layout's (compact " +
            "1024, pipelined 16384) [" + INPUT_RING_SIZE_PROP + "] (default: ${DEFAULT-VALUE}).")
    int inputRingSize;

    @Option(names = "--output-ring-size", paramLabel = "SLOTS",
        defaultValue = "${sys:" + OUTPUT_RING_SIZE_PROP + ":-" + OUTPUT_RING_SIZE_DEFAULT + "}",
        description = "Events the output ring holds, a power of two; 0 for the layout's (pipelined 65536; " +
            "the compact layout sends events without it) [" + OUTPUT_RING_SIZE_PROP + "] (default: ${DEFAULT-VALUE}).")
    int outputRingSize;

    @Option(names = "--max-message-length", paramLabel = "BYTES",
        defaultValue = "${sys:" + MAX_MESSAGE_LENGTH_PROP + ":-" + MAX_MESSAGE_LENGTH_DEFAULT + "}",
        description = "Longest inbound message; longer ones are refused [" + MAX_MESSAGE_LENGTH_PROP +
            "] (default: ${DEFAULT-VALUE}).")
    int maxMessageLength;

    @Mixin
    NodeOperations operations = new NodeOperations();

    @Option(names = "--max-sessions", paramLabel = "N",
        defaultValue = "${sys:" + MAX_SESSIONS_PROP + ":-" + MAX_SESSIONS_DEFAULT + "}",
        description = "Most sessions logged on at once [" + MAX_SESSIONS_PROP + "] (default: ${DEFAULT-VALUE}).")
    int maxSessions;

    @Option(names = "--heartbeat-interval-ms", paramLabel = "MS",
        defaultValue = "${sys:" + HEARTBEAT_INTERVAL_MS_PROP + ":-" + HEARTBEAT_INTERVAL_MS_DEFAULT + "}",
        description = "Heartbeat interval for clients that ask for none; a session silent for 3 intervals is " +
            "timed out [" + HEARTBEAT_INTERVAL_MS_PROP + "] (default: ${DEFAULT-VALUE}).")
    int heartbeatIntervalMs;

    @Option(names = "--logon-timeout-ms", paramLabel = "MS",
        defaultValue = "${sys:" + LOGON_TIMEOUT_MS_PROP + ":-" + LOGON_TIMEOUT_MS_DEFAULT + "}",
        description = "A connection that has not logged on by then is dropped [" + LOGON_TIMEOUT_MS_PROP +
            "] (default: ${DEFAULT-VALUE}).")
    long logonTimeoutMs;

    @Option(names = "--rate-limit", paramLabel = "PER_S",
        defaultValue = "${sys:" + RATE_LIMIT_PROP + ":-" + RATE_LIMIT_DEFAULT + "}",
        description = "Messages per second one session may send, sustained [" + RATE_LIMIT_PROP +
            "] (default: ${DEFAULT-VALUE}).")
    int rateLimit;

    @Option(names = "--rate-burst", paramLabel = "N",
        defaultValue = "${sys:" + RATE_BURST_PROP + ":-" + RATE_BURST_DEFAULT + "}",
        description = "Messages one session may send at once above the rate [" + RATE_BURST_PROP +
            "] (default: ${DEFAULT-VALUE}).")
    int rateBurst;

    @Option(names = "--slow-consumer-timeout-ms", paramLabel = "MS",
        defaultValue = "${sys:" + SLOW_CONSUMER_TIMEOUT_MS_PROP + ":-" + SLOW_CONSUMER_TIMEOUT_MS_DEFAULT + "}",
        description = "A session whose responses stay back-pressured this long is dropped (SLOW_CONSUMER) [" +
            SLOW_CONSUMER_TIMEOUT_MS_PROP + "] (default: ${DEFAULT-VALUE}).")
    long slowConsumerTimeoutMs;

    @Option(names = "--max-pending-bytes", paramLabel = "SIZE",
        defaultValue = "${sys:" + MAX_PENDING_BYTES_PROP + ":-" + MAX_PENDING_BYTES_DEFAULT + "}",
        description = "Responses held for one back-pressured session before it is dropped (SLOW_CONSUMER) [" +
            MAX_PENDING_BYTES_PROP + "] (default: ${DEFAULT-VALUE}).")
    String maxPendingBytes;

    @Option(names = "--connect-timeout-ms", paramLabel = "MS",
        defaultValue = "${sys:" + CONNECT_TIMEOUT_MS_PROP + ":-" + CONNECT_TIMEOUT_MS_DEFAULT + "}",
        description = "How long a client's response channel may take to connect after logon [" +
            CONNECT_TIMEOUT_MS_PROP + "] (default: ${DEFAULT-VALUE}).")
    long connectTimeoutMs;

    @Option(names = "--ws-port", paramLabel = "PORT",
        defaultValue = "${sys:" + WS_PORT_PROP + ":-" + WS_PORT_DEFAULT + "}",
        description = "Port of the WebSocket JSON gateway (/ws) and the live web page (/); 0 any free port, -1 " +
            "none [" + WS_PORT_PROP + "] (default: ${DEFAULT-VALUE}).")
    int wsPort;

    @Option(names = "--ws-host", paramLabel = "ADDRESS",
        defaultValue = "${sys:" + WS_HOST_PROP + ":-" + WS_HOST_DEFAULT + "}",
        description = "Address the WebSocket gateway listens on [" + WS_HOST_PROP + "] (default: ${DEFAULT-VALUE}).")
    String wsHost;

    @Mixin
    BridgeOptions chain = new BridgeOptions();

    /** The old names of --market-data-snapshot-interval-ms and -depth, for one release. */
    @Option(names = "--snapshot-interval-ms", paramLabel = "MS", hidden = true,
        description = "Deprecated: --market-data-snapshot-interval-ms.")
    Long deprecatedSnapshotIntervalMs;

    @Option(names = "--snapshot-depth", paramLabel = "LEVELS", hidden = true,
        description = "Deprecated: --market-data-snapshot-depth.")
    Integer deprecatedSnapshotDepth;

    @Spec
    CommandSpec spec;

    /**
     * The settings the options give.
     *
     * @return a config, not yet validated.
     */
    public NodeConfig toConfig()
    {
        final NodeConfig config = new NodeConfig()
            .dataDir(Paths.get(dataDir))
            .embeddedDriver(embeddedDriver)
            .ingressChannel(ingressChannel)
            .ingressIpc(ingressIpc)
            .ingressStreamId(ingressStreamId)
            .marketDataChannel(marketDataChannel)
            .marketDataIpc(marketDataIpc)
            .marketDataStreamId(marketDataStreamId)
            .marketDataSnapshotIntervalMs(EngineHostOptions.renamedFlag(spec, "--snapshot-interval-ms",
                deprecatedSnapshotIntervalMs, "--market-data-snapshot-interval-ms", marketDataSnapshotIntervalMs))
            .marketDataSnapshotDepth(EngineHostOptions.renamedFlag(spec, "--snapshot-depth",
                deprecatedSnapshotDepth, "--market-data-snapshot-depth", marketDataSnapshotDepth))
            .engineSnapshotEvery(engineSnapshotEvery)
            .layout(NodeLayout.parse(layout))
            .inputRingSize(inputRingSize)
            .outputRingSize(outputRingSize)
            .maxMessageLength(maxMessageLength)
            .maxSessions(maxSessions)
            .heartbeatIntervalMs(heartbeatIntervalMs)
            .logonTimeoutMs(logonTimeoutMs)
            .rateLimit(rateLimit)
            .rateBurst(rateBurst)
            .slowConsumerTimeoutMs(slowConsumerTimeoutMs)
            .maxPendingBytes((int)SystemUtil.parseSize(MAX_PENDING_BYTES_PROP, maxPendingBytes))
            .connectTimeoutMs(connectTimeoutMs)
            .wsPort(wsPort)
            .wsHost(wsHost);
        host.applyTo(config);
        if (null != aeronDir)
        {
            config.aeronDir(aeronDir);
        }
        return config;
    }

    /** {@inheritDoc} */
    public Integer call()
    {
        final NodeConfig config;
        final BridgeOptions.Resolved bridgeSettings;
        try
        {
            config = toConfig().validate();
            operations.validate();
            bridgeSettings = chain.resolve();
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("poolbook node: " + ex.getMessage());
            return ExitCode.USAGE;
        }

        final int exitCode;
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier())
        {
            final Node node;
            final io.poolbook.gateway.telemetry.NodeLog log = operations.log();
            io.poolbook.gateway.metrics.NodeHttpServer http = null;
            try
            {
                operations.applyGenesis(config, log);
                node = Node.launch(config, log);
            }
            catch (final java.io.IOException | RuntimeException ex)
            {
                System.err.println("poolbook node: cannot start: " + (ex instanceof IllegalArgumentException ||
                    ex instanceof IllegalStateException ? ex.getMessage() : ex.toString()));
                return ExitCode.FAILURE;
            }
            try
            {
                http = operations.startHttp(node, log);
            }
            catch (final RuntimeException ex)
            {
                System.err.println("poolbook node: cannot start: " + ex.getMessage());
                node.close();
                return ExitCode.FAILURE;
            }
            node.onFailure(barrier::signal);
            io.poolbook.gateway.websocket.WebSocketGateway webSocket = null;
            if (config.wsPort() >= 0)
            {
                try
                {
                    webSocket = io.poolbook.gateway.websocket.WebSocketGateway.launch(config.aeronDir(),
                        config.ingressStreamId(), config.marketDataStreamId(), config.wsHost(), config.wsPort(),
                        io.poolbook.gateway.telemetry.NodeLog.stdout());
                }
                catch (final RuntimeException ex)
                {
                    System.err.println("poolbook node: " + ex.getMessage() + " (--ws-port -1 turns it off)");
                    org.agrona.CloseHelper.quietClose(http);
                    node.close();
                    return ExitCode.FAILURE;
                }
            }
            ChainBridge bridge = null;
            if (null != bridgeSettings)
            {
                try
                {
                    bridge = BridgeOptions.start(bridgeSettings, node, System.out::println);
                }
                catch (final RuntimeException ex)
                {
                    System.err.println("poolbook node: cannot start the chain bridge: " + ex.getMessage());
                    CloseHelper.quietCloseAll(webSocket, http);
                    node.close();
                    return ExitCode.FAILURE;
                }
            }
            System.out.println("poolbook node: running; Ctrl-C or SIGTERM stops it");
            barrier.await();
            CloseHelper.quietCloseAll(bridge, webSocket, http);
            node.close();
            exitCode = null == node.failure() && !node.hasJournalFailed() ? ExitCode.OK : ExitCode.FAILURE;
            if (isShuttingDown())
            {
                // Stopped by a signal and closed cleanly: exit with our code, not the JVM's 128 + signal. The
                // barrier's shutdown hook is only waiting for this thread, so nothing is cut short.
                System.out.flush();
                Runtime.getRuntime().halt(exitCode);
            }
        }
        return exitCode;
    }

    private static boolean isShuttingDown()
    {
        final Thread probe = new Thread(() -> {});
        try
        {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        }
        catch (final IllegalStateException ex)
        {
            return true;
        }
    }
}
