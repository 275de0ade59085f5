package io.poolbook.gateway.node;

import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.poolbook.engine.EventListener;
import io.poolbook.gateway.pipeline.NodeLayout;
import io.poolbook.replay.journal.JournalConfig;
import org.agrona.SystemUtil;
import org.agrona.concurrent.EpochNanoClock;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.Consumer;

/**
 * Every setting of an exchange node, in the style of an Aeron context: each has a default, read from a
 * {@code poolbook.node.<name>} system property when the config is made, and a fluent setter. {@code ./poolbook node
 * --help} lists them all with their defaults. Sizes accept Agrona's suffixes ({@code 64k}, {@code 1m}). The settings
 * a cluster member shares (driver, operator key, engine, {@link #journal()}) are declared once, in
 * {@link EngineHostConfig}.
 */
public final class NodeConfig extends EngineHostConfig<NodeConfig>
{
    public static final String PREFIX = "poolbook.node.";

    public static final String DATA_DIR_PROP = PREFIX + "dataDir";
    public static final String DATA_DIR_DEFAULT = "data";
    public static final String AERON_DIR_PROP = PREFIX + "aeronDir";
    public static final String EMBEDDED_DRIVER_PROP = PREFIX + "embeddedDriver";
    public static final String EMBEDDED_DRIVER_DEFAULT = "true";
    /** A node's publications: responses and market data; see {@link EngineHostConfig#termLength()}. */
    public static final String TERM_LENGTH_DEFAULT = "1m";

    public static final String INGRESS_CHANNEL_PROP = PREFIX + "ingressChannel";
    public static final String INGRESS_CHANNEL_DEFAULT = "aeron:udp?endpoint=0.0.0.0:40123";
    public static final String INGRESS_IPC_PROP = PREFIX + "ingressIpc";
    public static final String INGRESS_IPC_DEFAULT = "true";
    public static final String INGRESS_STREAM_ID_PROP = PREFIX + "ingressStreamId";
    public static final int INGRESS_STREAM_ID_DEFAULT = 1001;

    public static final String MARKET_DATA_CHANNEL_PROP = PREFIX + "marketDataChannel";
    public static final String MARKET_DATA_CHANNEL_DEFAULT = "aeron:udp?control=0.0.0.0:40124|control-mode=dynamic";
    public static final String MARKET_DATA_IPC_PROP = PREFIX + "marketDataIpc";
    public static final String MARKET_DATA_IPC_DEFAULT = "true";
    public static final String MARKET_DATA_STREAM_ID_PROP = PREFIX + "marketDataStreamId";
    public static final int MARKET_DATA_STREAM_ID_DEFAULT = 1002;
    public static final String MARKET_DATA_SNAPSHOT_INTERVAL_MS_PROP = PREFIX + "marketDataSnapshotIntervalMs";
    public static final long MARKET_DATA_SNAPSHOT_INTERVAL_MS_DEFAULT = 1000;
    public static final String MARKET_DATA_SNAPSHOT_DEPTH_PROP = PREFIX + "marketDataSnapshotDepth";
    public static final int MARKET_DATA_SNAPSHOT_DEPTH_DEFAULT = 100;
    public static final String ENGINE_SNAPSHOT_EVERY_PROP = PREFIX + "engineSnapshotEvery";
    public static final long ENGINE_SNAPSHOT_EVERY_DEFAULT = 1_000_000;

    public static final String LAYOUT_PROP = PREFIX + "layout";
    public static final String LAYOUT_DEFAULT = "auto";
    public static final String INPUT_RING_SIZE_PROP = PREFIX + "inputRingSize";
    /** 0: the layout's ({@link NodeLayout#inputRingSize()}). */
    public static final int INPUT_RING_SIZE_DEFAULT = 0;
    public static final String OUTPUT_RING_SIZE_PROP = PREFIX + "outputRingSize";
    /** 0: the layout's ({@link NodeLayout#outputRingSize()}). */
    public static final int OUTPUT_RING_SIZE_DEFAULT = 0;
    public static final String MAX_MESSAGE_LENGTH_PROP = PREFIX + "maxMessageLength";
    public static final int MAX_MESSAGE_LENGTH_DEFAULT = 1024;

    public static final String MAX_SESSIONS_PROP = PREFIX + "maxSessions";
    public static final int MAX_SESSIONS_DEFAULT = 1024;
    public static final String HEARTBEAT_INTERVAL_MS_PROP = PREFIX + "heartbeatIntervalMs";
    public static final int HEARTBEAT_INTERVAL_MS_DEFAULT = 1000;
    public static final String LOGON_TIMEOUT_MS_PROP = PREFIX + "logonTimeoutMs";
    public static final long LOGON_TIMEOUT_MS_DEFAULT = 10_000;
    public static final String RATE_LIMIT_PROP = PREFIX + "rateLimit";
    public static final int RATE_LIMIT_DEFAULT = 200_000;
    public static final String RATE_BURST_PROP = PREFIX + "rateBurst";
    public static final int RATE_BURST_DEFAULT = 20_000;
    public static final String SLOW_CONSUMER_TIMEOUT_MS_PROP = PREFIX + "slowConsumerTimeoutMs";
    public static final long SLOW_CONSUMER_TIMEOUT_MS_DEFAULT = 2_000;
    public static final String MAX_PENDING_BYTES_PROP = PREFIX + "maxPendingBytes";
    public static final String MAX_PENDING_BYTES_DEFAULT = "1m";
    public static final String CONNECT_TIMEOUT_MS_PROP = PREFIX + "connectTimeoutMs";
    public static final long CONNECT_TIMEOUT_MS_DEFAULT = 5_000;

    /** WebSocket JSON gateway and web page: the port to listen on, -1 for none, 0 for any free one. */
    public static final String WS_PORT_PROP = PREFIX + "wsPort";
    public static final int WS_PORT_DEFAULT = 8090;
    public static final String WS_HOST_PROP = PREFIX + "wsHost";
    public static final String WS_HOST_DEFAULT = "127.0.0.1";

    /** Heartbeat intervals a client may ask for are clamped to this range. */
    public static final int MIN_HEARTBEAT_INTERVAL_MS = 50;
    public static final int MAX_HEARTBEAT_INTERVAL_MS = 60_000;
    /** A logged-on session that sends nothing for this many heartbeat intervals is timed out. */
    public static final int HEARTBEAT_TIMEOUT_INTERVALS = 3;

    private Path dataDir = Paths.get(System.getProperty(DATA_DIR_PROP, DATA_DIR_DEFAULT));
    private String aeronDir = System.getProperty(AERON_DIR_PROP, CommonContext.getAeronDirectoryName());
    private boolean embeddedDriver = Boolean.parseBoolean(
        System.getProperty(EMBEDDED_DRIVER_PROP, EMBEDDED_DRIVER_DEFAULT));

    private String ingressChannel = System.getProperty(INGRESS_CHANNEL_PROP, INGRESS_CHANNEL_DEFAULT);
    private boolean ingressIpc = Boolean.parseBoolean(System.getProperty(INGRESS_IPC_PROP, INGRESS_IPC_DEFAULT));
    private int ingressStreamId = Integer.getInteger(INGRESS_STREAM_ID_PROP, INGRESS_STREAM_ID_DEFAULT);

    private String marketDataChannel = System.getProperty(MARKET_DATA_CHANNEL_PROP, MARKET_DATA_CHANNEL_DEFAULT);
    private boolean marketDataIpc = Boolean.parseBoolean(
        System.getProperty(MARKET_DATA_IPC_PROP, MARKET_DATA_IPC_DEFAULT));
    private int marketDataStreamId = Integer.getInteger(MARKET_DATA_STREAM_ID_PROP, MARKET_DATA_STREAM_ID_DEFAULT);
    private long marketDataSnapshotIntervalMs = Long.getLong(
        MARKET_DATA_SNAPSHOT_INTERVAL_MS_PROP, MARKET_DATA_SNAPSHOT_INTERVAL_MS_DEFAULT);
    private int marketDataSnapshotDepth = Integer.getInteger(
        MARKET_DATA_SNAPSHOT_DEPTH_PROP, MARKET_DATA_SNAPSHOT_DEPTH_DEFAULT);
    private long engineSnapshotEvery = Long.getLong(ENGINE_SNAPSHOT_EVERY_PROP, ENGINE_SNAPSHOT_EVERY_DEFAULT);

    private NodeLayout layout = NodeLayout.parse(System.getProperty(LAYOUT_PROP, LAYOUT_DEFAULT));
    private int inputRingSize = Integer.getInteger(INPUT_RING_SIZE_PROP, INPUT_RING_SIZE_DEFAULT);
    private int outputRingSize = Integer.getInteger(OUTPUT_RING_SIZE_PROP, OUTPUT_RING_SIZE_DEFAULT);
    private int maxMessageLength = Integer.getInteger(MAX_MESSAGE_LENGTH_PROP, MAX_MESSAGE_LENGTH_DEFAULT);

    private int maxSessions = Integer.getInteger(MAX_SESSIONS_PROP, MAX_SESSIONS_DEFAULT);
    private int heartbeatIntervalMs = Integer.getInteger(HEARTBEAT_INTERVAL_MS_PROP, HEARTBEAT_INTERVAL_MS_DEFAULT);
    private long logonTimeoutMs = Long.getLong(LOGON_TIMEOUT_MS_PROP, LOGON_TIMEOUT_MS_DEFAULT);
    private int rateLimit = Integer.getInteger(RATE_LIMIT_PROP, RATE_LIMIT_DEFAULT);
    private int rateBurst = Integer.getInteger(RATE_BURST_PROP, RATE_BURST_DEFAULT);
    private long slowConsumerTimeoutMs = Long.getLong(SLOW_CONSUMER_TIMEOUT_MS_PROP, SLOW_CONSUMER_TIMEOUT_MS_DEFAULT);
    private int maxPendingBytes = (int)SystemUtil.parseSize(
        MAX_PENDING_BYTES_PROP, System.getProperty(MAX_PENDING_BYTES_PROP, MAX_PENDING_BYTES_DEFAULT));
    private long connectTimeoutMs = Long.getLong(CONNECT_TIMEOUT_MS_PROP, CONNECT_TIMEOUT_MS_DEFAULT);
    private int wsPort = Integer.getInteger(WS_PORT_PROP, WS_PORT_DEFAULT);
    private String wsHost = System.getProperty(WS_HOST_PROP, WS_HOST_DEFAULT);

    private Consumer<MediaDriver.Context> driverCustomiser = (context) -> {};
    private EventListener durableEventTap = null;
    private EpochNanoClock commandClock = null;

    /** A config of the defaults and the system properties. */
    public NodeConfig()
    {
        super(TERM_LENGTH_DEFAULT, JournalConfig.FSYNC_DEFAULT);
    }

    /**
     * Checks every setting so that a bad one fails at start-up with its name.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first bad setting.
     */
    public NodeConfig validate()
    {
        require(null != dataDir, DATA_DIR_PROP, "must be set");
        require(null != aeronDir && !aeronDir.isEmpty(), AERON_DIR_PROP, "must be set");
        require(null != layout, LAYOUT_PROP, "must be set");
        validateHost();
        require(ingressChannel.startsWith("aeron:udp") || ingressChannel.isEmpty(), INGRESS_CHANNEL_PROP,
            "must be an aeron:udp channel, or empty for IPC only: " + ingressChannel);
        require(!ingressChannel.isEmpty() || ingressIpc, INGRESS_CHANNEL_PROP, "empty while IPC ingress is off");
        require(marketDataChannel.isEmpty() || marketDataChannel.startsWith("aeron:"), MARKET_DATA_CHANNEL_PROP,
            "must be an Aeron channel or empty: " + marketDataChannel);
        require(0 == inputRingSize || Integer.bitCount(inputRingSize) == 1, INPUT_RING_SIZE_PROP,
            "must be a power of two, or 0 for the layout's");
        require(0 == outputRingSize || Integer.bitCount(outputRingSize) == 1, OUTPUT_RING_SIZE_PROP,
            "must be a power of two, or 0 for the layout's");
        require(maxMessageLength >= 256 && maxMessageLength <= termLength() / 8, MAX_MESSAGE_LENGTH_PROP,
            "must be in [256, termLength / 8]: " + maxMessageLength);
        require(maxSessions > 0, MAX_SESSIONS_PROP, "must be positive");
        require(heartbeatIntervalMs >= MIN_HEARTBEAT_INTERVAL_MS && heartbeatIntervalMs <= MAX_HEARTBEAT_INTERVAL_MS,
            HEARTBEAT_INTERVAL_MS_PROP, "must be in [" + MIN_HEARTBEAT_INTERVAL_MS + ", " +
            MAX_HEARTBEAT_INTERVAL_MS + "]");
        require(rateLimit > 0 && rateBurst > 0, RATE_LIMIT_PROP, "rate and burst must be positive");
        require(engineSnapshotEvery >= 0, ENGINE_SNAPSHOT_EVERY_PROP, "engine snapshot interval must not be negative");
        require(marketDataSnapshotIntervalMs > 0, MARKET_DATA_SNAPSHOT_INTERVAL_MS_PROP, "must be positive");
        require(marketDataSnapshotDepth > 0, MARKET_DATA_SNAPSHOT_DEPTH_PROP, "must be positive");
        require(maxPendingBytes >= 4096, MAX_PENDING_BYTES_PROP, "must be at least 4k");
        require(wsPort >= -1 && wsPort <= 65535, WS_PORT_PROP, "must be a port, 0 for any free one, or -1 for none");
        return this;
    }

    private static void require(final boolean condition, final String property, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(property + " " + message);
        }
    }

    /** Folder of the journal and everything else the node writes. */
    public Path dataDir()
    {
        return dataDir;
    }

    public NodeConfig dataDir(final Path dataDir)
    {
        this.dataDir = dataDir;
        return this;
    }

    /** Aeron directory of the media driver the node and its local clients share. */
    public String aeronDir()
    {
        return aeronDir;
    }

    public NodeConfig aeronDir(final String aeronDir)
    {
        this.aeronDir = aeronDir;
        return this;
    }

    /** Launch a media driver inside the node, or connect to one already running on {@link #aeronDir()}. */
    public boolean embeddedDriver()
    {
        return embeddedDriver;
    }

    public NodeConfig embeddedDriver(final boolean embeddedDriver)
    {
        this.embeddedDriver = embeddedDriver;
        return this;
    }

    /** UDP channel clients send commands to; empty for IPC only. */
    public String ingressChannel()
    {
        return ingressChannel;
    }

    public NodeConfig ingressChannel(final String ingressChannel)
    {
        this.ingressChannel = ingressChannel;
        return this;
    }

    /** Also accept commands over IPC ({@code aeron:ipc}) from clients of the same driver. */
    public boolean ingressIpc()
    {
        return ingressIpc;
    }

    public NodeConfig ingressIpc(final boolean ingressIpc)
    {
        this.ingressIpc = ingressIpc;
        return this;
    }

    public int ingressStreamId()
    {
        return ingressStreamId;
    }

    public NodeConfig ingressStreamId(final int ingressStreamId)
    {
        this.ingressStreamId = ingressStreamId;
        return this;
    }

    /** Channel of the market-data feed over the network; empty for none. */
    public String marketDataChannel()
    {
        return marketDataChannel;
    }

    public NodeConfig marketDataChannel(final String marketDataChannel)
    {
        this.marketDataChannel = marketDataChannel;
        return this;
    }

    /** Also publish the market-data feed over IPC. */
    public boolean marketDataIpc()
    {
        return marketDataIpc;
    }

    public NodeConfig marketDataIpc(final boolean marketDataIpc)
    {
        this.marketDataIpc = marketDataIpc;
        return this;
    }

    public int marketDataStreamId()
    {
        return marketDataStreamId;
    }

    public NodeConfig marketDataStreamId(final int marketDataStreamId)
    {
        this.marketDataStreamId = marketDataStreamId;
        return this;
    }

    /** How often every market's full book ({@code BookSnapshot}) goes out on the market-data feed. */
    public long marketDataSnapshotIntervalMs()
    {
        return marketDataSnapshotIntervalMs;
    }

    public NodeConfig marketDataSnapshotIntervalMs(final long marketDataSnapshotIntervalMs)
    {
        this.marketDataSnapshotIntervalMs = marketDataSnapshotIntervalMs;
        return this;
    }

    /** Commands between snapshots of the engine's state in the data folder; 0 for none. */
    public long engineSnapshotEvery()
    {
        return engineSnapshotEvery;
    }

    public NodeConfig engineSnapshotEvery(final long engineSnapshotEvery)
    {
        this.engineSnapshotEvery = engineSnapshotEvery;
        return this;
    }

    /** Most price levels per side in a market-data book snapshot. */
    public int marketDataSnapshotDepth()
    {
        return marketDataSnapshotDepth;
    }

    public NodeConfig marketDataSnapshotDepth(final int marketDataSnapshotDepth)
    {
        this.marketDataSnapshotDepth = marketDataSnapshotDepth;
        return this;
    }

    /** Threads of the node: {@link NodeLayout#COMPACT} (one) or {@link NodeLayout#PIPELINED} (one per step). */
    public NodeLayout layout()
    {
        return layout;
    }

    public NodeConfig layout(final NodeLayout layout)
    {
        this.layout = layout;
        return this;
    }

    /** Commands the input ring holds: as set, or the layout's when 0. */
    public int inputRingSize()
    {
        return 0 == inputRingSize && null != layout ? layout.inputRingSize() : inputRingSize;
    }

    public NodeConfig inputRingSize(final int inputRingSize)
    {
        this.inputRingSize = inputRingSize;
        return this;
    }

    /** Events the output ring holds: as set, or the layout's when 0. */
    public int outputRingSize()
    {
        return 0 == outputRingSize && null != layout ? layout.outputRingSize() : outputRingSize;
    }

    public NodeConfig outputRingSize(final int outputRingSize)
    {
        this.outputRingSize = outputRingSize;
        return this;
    }

    /** Longest inbound message accepted; longer ones are refused with MESSAGE_TOO_LARGE. */
    public int maxMessageLength()
    {
        return maxMessageLength;
    }

    public NodeConfig maxMessageLength(final int maxMessageLength)
    {
        this.maxMessageLength = maxMessageLength;
        return this;
    }

    public int maxSessions()
    {
        return maxSessions;
    }

    public NodeConfig maxSessions(final int maxSessions)
    {
        this.maxSessions = maxSessions;
        return this;
    }

    /** Heartbeat interval for a client that asks for none (0). */
    public int heartbeatIntervalMs()
    {
        return heartbeatIntervalMs;
    }

    public NodeConfig heartbeatIntervalMs(final int heartbeatIntervalMs)
    {
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        return this;
    }

    /** A connection that has not logged on within this time is dropped. */
    public long logonTimeoutMs()
    {
        return logonTimeoutMs;
    }

    public NodeConfig logonTimeoutMs(final long logonTimeoutMs)
    {
        this.logonTimeoutMs = logonTimeoutMs;
        return this;
    }

    /** Sustained messages per second one session may send. */
    public int rateLimit()
    {
        return rateLimit;
    }

    public NodeConfig rateLimit(final int rateLimit)
    {
        this.rateLimit = rateLimit;
        return this;
    }

    /** Messages one session may send at once above the sustained rate. */
    public int rateBurst()
    {
        return rateBurst;
    }

    public NodeConfig rateBurst(final int rateBurst)
    {
        this.rateBurst = rateBurst;
        return this;
    }

    /** A session whose responses stay back-pressured this long is disconnected with SLOW_CONSUMER. */
    public long slowConsumerTimeoutMs()
    {
        return slowConsumerTimeoutMs;
    }

    public NodeConfig slowConsumerTimeoutMs(final long slowConsumerTimeoutMs)
    {
        this.slowConsumerTimeoutMs = slowConsumerTimeoutMs;
        return this;
    }

    /** Bytes of responses held for one back-pressured session before it is disconnected with SLOW_CONSUMER. */
    public int maxPendingBytes()
    {
        return maxPendingBytes;
    }

    public NodeConfig maxPendingBytes(final int maxPendingBytes)
    {
        this.maxPendingBytes = maxPendingBytes;
        return this;
    }

    /** How long a client's response channel may take to connect after its logon. */
    public long connectTimeoutMs()
    {
        return connectTimeoutMs;
    }

    public NodeConfig connectTimeoutMs(final long connectTimeoutMs)
    {
        this.connectTimeoutMs = connectTimeoutMs;
        return this;
    }

    /** Port of the WebSocket JSON gateway and web page; -1 for none, 0 for any free one. */
    public int wsPort()
    {
        return wsPort;
    }

    public NodeConfig wsPort(final int wsPort)
    {
        this.wsPort = wsPort;
        return this;
    }

    /** Address the WebSocket gateway listens on. */
    public String wsHost()
    {
        return wsHost;
    }

    public NodeConfig wsHost(final String wsHost)
    {
        this.wsHost = wsHost;
        return this;
    }

    /** Applied last to the embedded driver's context: for tests and tuning beyond these settings. */
    public Consumer<MediaDriver.Context> driverCustomiser()
    {
        return driverCustomiser;
    }

    public NodeConfig driverCustomiser(final Consumer<MediaDriver.Context> driverCustomiser)
    {
        this.driverCustomiser = driverCustomiser;
        return this;
    }

    /**
     * The clock that stamps each command as it is sequenced and seeds session ids; null for the system's epoch
     * clock. Tests give a stepping clock so that two runs of the same input journal the same bytes.
     */
    public EpochNanoClock commandClock()
    {
        return commandClock;
    }

    public NodeConfig commandClock(final EpochNanoClock commandClock)
    {
        this.commandClock = commandClock;
        return this;
    }

    /**
     * Also told every event once its command is durable, on the egress thread, in order (after the settlement
     * recorder): for soak runs and tests that compare the live event stream with a replay. Null for none.
     */
    public EventListener durableEventTap()
    {
        return durableEventTap;
    }

    public NodeConfig durableEventTap(final EventListener durableEventTap)
    {
        this.durableEventTap = durableEventTap;
        return this;
    }
}
