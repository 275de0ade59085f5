package io.poolbook.gateway.websocket;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.aeron.Aeron;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.poolbook.client.ClientConfig;
import io.poolbook.client.ClientListener;
import io.poolbook.client.PoolbookClient;
import io.poolbook.client.marketdata.MarketDataClient;
import io.poolbook.client.marketdata.MarketDataListener;
import io.poolbook.codecs.BookSnapshotDecoder;
import io.poolbook.codecs.L2UpdateDecoder;
import io.poolbook.codecs.LogonDecoder;
import io.poolbook.codecs.MarketStatusChangedDecoder;
import io.poolbook.codecs.MessageHeaderDecoder;
import io.poolbook.codecs.PoolStateDecoder;
import io.poolbook.codecs.PublicTradeDecoder;
import io.poolbook.gateway.telemetry.NodeLog;
import io.poolbook.replay.script.MessageEncoder;
import io.poolbook.replay.script.MessageJsonWriter;
import io.poolbook.replay.script.ProtocolSchema;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntHashSet;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The WebSocket gateway's one working thread: an Aeron client of the node like any trader's program. Each WebSocket
 * connection that logs on gets its own {@link PoolbookClient} (its own ingress publication and response stream), so
 * a JSON request becomes the same SBE frame, through the same ingress (signature check, rate limit, sequencing,
 * journal) and its answers come back only once durable, as for any SBE session. One shared {@link MarketDataClient}
 * follows the feed and fans it out to subscribed connections, keeping per market the last book snapshot and the
 * deltas since, so a new subscriber starts from a whole book. Netty's I/O thread hands requests over through a
 * bounded queue and the bridge writes answers back with Netty's thread-safe writes; neither waits on the other nor
 * on the engine. A connection whose outbound buffer stays full is closed (1008), not waited for.
 */
final class WebSocketBridge implements Agent
{
    static final int MAX_IN_FLIGHT = 256;
    private static final int INBOX_CAPACITY = 8192;
    private static final int MAX_DELTAS_KEPT = 8192;
    private static final int RECENT_TRADES_KEPT = 50;
    private static final long STATS_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    /** The schema's numbering: requests below 100, engine events (inputSequence first) 100..149, the feed 150 on. */
    private static final int FIRST_ENGINE_EVENT = io.poolbook.codecs.OrderAcceptedDecoder.TEMPLATE_ID;
    private static final int FIRST_FEED_MESSAGE = L2UpdateDecoder.TEMPLATE_ID;
    private static final int FIRST_ANSWER = FIRST_ENGINE_EVENT;
    private static final int CANCEL_ON_DISCONNECT_TEMPLATE = io.poolbook.codecs.CancelOnDisconnectDecoder.TEMPLATE_ID;

    private final Aeron aeron;
    private final ClientConfig clientConfig;
    private final NodeLog log;
    private final ProtocolSchema schema = ProtocolSchema.load();
    private final MessageEncoder encoder = new MessageEncoder(schema);
    private final ExpandableArrayBuffer encodeBuffer = new ExpandableArrayBuffer(1024);
    private final LogonDecoder logonDecoder = new LogonDecoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ManyToOneConcurrentArrayQueue<Runnable> inbox = new ManyToOneConcurrentArrayQueue<>(INBOX_CAPACITY);
    private final Map<Channel, Connection> connections = new IdentityHashMap<>();
    private final Int2ObjectHashMap<MarketFeed> markets = new Int2ObjectHashMap<>();
    private final MarketDataClient feed;
    private final Histogram latencyNs = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    private String frameJson;
    private long requests;
    private long answers;
    private long feedMessages;
    private long trades;
    private long slowClosed;
    private long nextStatsNs = System.nanoTime() + STATS_INTERVAL_NS;
    private String lastStats;

    WebSocketBridge(final Aeron aeron, final ClientConfig clientConfig, final int marketDataStreamId, final NodeLog log)
    {
        this.aeron = aeron;
        this.clientConfig = clientConfig;
        this.log = log;
        this.feed = MarketDataClient.ipc(aeron, marketDataStreamId, new FeedListener());
    }

    /** One WebSocket connection; its fields belong to the bridge thread except {@link #inFlight}. */
    static final class Connection
    {
        final Channel channel;
        final AtomicInteger inFlight = new AtomicInteger();
        final IntHashSet subscriptions = new IntHashSet();
        final ArrayDeque<Long> sentNs = new ArrayDeque<>();
        PoolbookClient client;
        long lastAnsweredInput = -1;

        Connection(final Channel channel)
        {
            this.channel = channel;
        }
    }

    /** What the bridge keeps of one market's feed for new subscribers. */
    private static final class MarketFeed
    {
        final List<Connection> subscribers = new ArrayList<>();
        final List<String> deltas = new ArrayList<>();
        final ArrayDeque<String> recentTrades = new ArrayDeque<>();
        String snapshot;
        String poolState;
        String status;
    }

    public String roleName()
    {
        return "ws-bridge";
    }

    /**
     * Hands a task to the bridge thread; called from Netty's I/O thread.
     *
     * @return false if the bridge's queue is full.
     */
    boolean offer(final Runnable task)
    {
        return inbox.offer(task);
    }

    void opened(final Connection connection)
    {
        connections.put(connection.channel, connection);
        if (null != lastStats)
        {
            send(connection, lastStats); // the page shows figures at once, not after its first second
        }
    }

    void closed(final Connection connection)
    {
        connections.remove(connection.channel);
        for (final int marketId : connection.subscriptions)
        {
            final MarketFeed market = markets.get(marketId);
            if (null != market)
            {
                market.subscribers.remove(connection);
            }
        }
        connection.subscriptions.clear();
        closeClient(connection);
    }

    public int doWork()
    {
        int work = inbox.drain(Runnable::run, 256);
        for (final Connection connection : connections.values())
        {
            if (null != connection.client)
            {
                work += connection.client.poll();
            }
        }
        work += feed.poll();
        final long now = System.nanoTime();
        if (now >= nextStatsNs)
        {
            publishStats(now);
            work++;
        }
        return work;
    }

    public void onClose()
    {
        inbox.drain(Runnable::run);
        for (final Connection connection : new ArrayList<>(connections.values()))
        {
            closeClient(connection);
        }
        connections.clear();
        CloseHelper.quietClose(feed);
    }

    /** Carries out one well-formed request on the bridge thread. */
    void handle(final Connection connection, final JsonRequest request)
    {
        connection.inFlight.decrementAndGet();
        if (!connection.channel.isActive())
        {
            return;
        }
        switch (request.type)
        {
            case "subscribe":
            case "unsubscribe":
                subscribe(connection, request, "subscribe".equals(request.type));
                return;
            case "ping":
                send(connection, "{\"type\":\"pong\"" + requestIdJson(request.requestId) + "}");
                return;
            case "Logon":
                logon(connection, request);
                return;
            default:
                command(connection, request);
        }
    }

    private void logon(final Connection connection, final JsonRequest request)
    {
        final PoolbookClient existing = connection.client;
        if (null != existing && existing.isLoggedOn())
        {
            error(connection, request.requestId, "already logged on as account " + existing.accountId() +
                " on this connection; open another connection for another account");
            return;
        }
        if (null != existing && PoolbookClient.State.LOGGING_ON == existing.state())
        {
            error(connection, request.requestId, "a Logon is already in progress on this connection; wait for its " +
                "LogonResponse");
            return;
        }
        for (final String setByGateway : new String[]{"heartbeatIntervalMs", "responseStreamId", "responseChannel"})
        {
            if (null != request.field(setByGateway))
            {
                error(connection, request.requestId, "Logon." + setByGateway + " is set by the WebSocket gateway; " +
                    "give accountId, nonce, signature and cancelOnDisconnect");
                return;
            }
        }
        final List<String> errors = new ArrayList<>();
        encoder.encode("Logon", request.fields, encodeBuffer, 0, errors);
        if (!errors.isEmpty())
        {
            error(connection, request.requestId, String.join("; ", errors));
            return;
        }
        logonDecoder.wrapAndApplyHeader(encodeBuffer, 0, headerDecoder);
        final byte[] signature = new byte[LogonDecoder.signatureLength()];
        for (int i = 0; i < signature.length; i++)
        {
            signature[i] = (byte)logonDecoder.signature(i);
        }
        final int accountId = logonDecoder.accountId();
        final long nonce = logonDecoder.nonce();
        final boolean cancelOnDisconnect = logonDecoder.cancelOnDisconnect() == io.poolbook.codecs.BooleanType.TRUE;
        PoolbookClient client = existing; // a refused logon leaves its session's client connected: try again on it
        if (null == client)
        {
            try
            {
                client = PoolbookClient.connect(aeron, clientConfig, new AnswerListener(connection));
            }
            catch (final RuntimeException ex)
            {
                error(connection, request.requestId, "the node cannot be reached: " + ex.getMessage());
                return;
            }
            connection.client = client;
        }
        if (!client.logon(accountId, nonce, signature, cancelOnDisconnect))
        {
            closeClient(connection);
            error(connection, request.requestId, "the node did not take the Logon (back-pressured); try again");
        }
    }

    private void command(final Connection connection, final JsonRequest request)
    {
        final int templateId = schema.templateId(request.type);
        if (templateId < 0)
        {
            error(connection, request.requestId, "no message type '" + request.type + "': send a request of the " +
                "schema (NewOrder, CancelOrder, Swap, Withdraw, ...), Logon, subscribe, unsubscribe or ping");
            return;
        }
        if (templateId >= FIRST_ANSWER || templateId == CANCEL_ON_DISCONNECT_TEMPLATE ||
            templateId == headerTemplate("LogonResponse") || templateId == headerTemplate("SessionReject") ||
            templateId == headerTemplate("Heartbeat"))
        {
            error(connection, request.requestId, request.type + " is sent by the node or the gateway, not a request");
            return;
        }
        final PoolbookClient client = connection.client;
        if (null == client || !client.isLoggedOn())
        {
            error(connection, request.requestId, "log on first: send {\"type\":\"Logon\",\"accountId\":...," +
                "\"nonce\":...,\"signature\":\"0x...\"} and wait for LogonResponse ACCEPTED");
            return;
        }
        final List<MessageEncoder.Assignment> fields = new ArrayList<>(request.fields);
        if ("Logout".equals(request.type))
        {
            if (null == request.field("sessionId"))
            {
                fields.add(new MessageEncoder.Assignment("sessionId", Long.toString(client.sessionId())));
            }
        }
        else if (null == request.field("accountId"))
        {
            fields.add(new MessageEncoder.Assignment("accountId", Integer.toString(client.accountId())));
        }
        final List<String> errors = new ArrayList<>();
        final int length = encoder.encode(request.type, fields, encodeBuffer, 0, errors);
        if (!errors.isEmpty())
        {
            error(connection, request.requestId, String.join("; ", errors));
            return;
        }
        final long now = System.nanoTime();
        if (!client.send(encodeBuffer, 0, length))
        {
            error(connection, request.requestId, "the node did not take " + request.type + " (back-pressured); " +
                "nothing was sent");
            return;
        }
        requests++;
        connection.sentNs.addLast(now);
    }

    private int headerTemplate(final String name)
    {
        return schema.templateId(name);
    }

    private void subscribe(final Connection connection, final JsonRequest request, final boolean subscribe)
    {
        final String text = request.field("marketId");
        final int marketId;
        try
        {
            marketId = Integer.parseInt(null == text ? "" : text);
        }
        catch (final NumberFormatException ex)
        {
            error(connection, request.requestId, request.type + " needs \"marketId\": an integer");
            return;
        }
        if (request.fields.size() != 1)
        {
            error(connection, request.requestId, request.type + " takes only \"marketId\"");
            return;
        }
        final MarketFeed market = markets.computeIfAbsent(marketId, (id) -> new MarketFeed());
        if (!subscribe)
        {
            market.subscribers.remove(connection);
            connection.subscriptions.remove(marketId);
            send(connection, "{\"type\":\"unsubscribed\",\"marketId\":" + marketId + requestIdJson(request.requestId) + "}");
            return;
        }
        if (connection.subscriptions.add(marketId))
        {
            market.subscribers.add(connection);
        }
        send(connection, "{\"type\":\"subscribed\",\"marketId\":" + marketId + ",\"snapshot\":" +
            (null != market.snapshot) + requestIdJson(request.requestId) + "}");
        if (null != market.snapshot)
        {
            send(connection, market.snapshot);
            for (final String delta : market.deltas)
            {
                send(connection, delta);
            }
        }
        if (null != market.poolState)
        {
            send(connection, market.poolState);
        }
        if (null != market.status)
        {
            send(connection, market.status);
        }
        for (final String trade : market.recentTrades)
        {
            send(connection, trade);
        }
    }

    private void closeClient(final Connection connection)
    {
        final PoolbookClient client = connection.client;
        connection.client = null;
        connection.sentNs.clear();
        if (null != client)
        {
            CloseHelper.quietClose(client);
        }
    }

    private void error(final Connection connection, final String requestId, final String message)
    {
        send(connection, errorJson(requestId, message));
    }

    static String errorJson(final String requestId, final String message)
    {
        return "{\"type\":\"error\"" + requestIdJson(requestId) + ",\"message\":" + quote(message) + "}";
    }

    private static String requestIdJson(final String requestId)
    {
        return null == requestId ? "" : ",\"requestId\":" + quote(requestId);
    }

    static String quote(final String text)
    {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }

    /** Writes one text frame, or closes a connection that does not read fast enough. */
    private void send(final Connection connection, final String json)
    {
        final Channel channel = connection.channel;
        if (!channel.isActive())
        {
            return;
        }
        if (!channel.isWritable())
        {
            slowClosed++;
            log.info("websocket " + channel.remoteAddress() + " closed: it does not read fast enough (" +
                channel.unsafe().outboundBuffer().totalPendingWriteBytes() + " bytes waiting)");
            channel.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION,
                "too slow: the outbound buffer is full")).addListener((f) -> channel.close());
            return;
        }
        channel.writeAndFlush(new TextWebSocketFrame(json), channel.voidPromise());
    }

    private void publishStats(final long now)
    {
        final double seconds = (now - nextStatsNs + STATS_INTERVAL_NS) / 1e9;
        nextStatsNs = now + STATS_INTERVAL_NS;
        final String json = "{\"type\":\"stats\"" +
            ",\"requestsPerSecond\":" + Math.round(requests / seconds) +
            ",\"answersPerSecond\":" + Math.round(answers / seconds) +
            ",\"feedMessagesPerSecond\":" + Math.round(feedMessages / seconds) +
            ",\"tradesPerSecond\":" + Math.round(trades / seconds) +
            ",\"latencyCount\":" + latencyNs.getTotalCount() +
            ",\"latencyP50Us\":" + latencyNs.getValueAtPercentile(50) / 1000 +
            ",\"latencyP99Us\":" + latencyNs.getValueAtPercentile(99) / 1000 +
            ",\"latencyMaxUs\":" + latencyNs.getMaxValue() / 1000 +
            ",\"connections\":" + connections.size() +
            ",\"slowClosed\":" + slowClosed + "}";
        lastStats = json;
        requests = 0;
        answers = 0;
        feedMessages = 0;
        trades = 0;
        latencyNs.reset();
        for (final Connection connection : new ArrayList<>(connections.values()))
        {
            send(connection, json);
        }
    }

    /** Turns one session's SBE answers into JSON for its connection. */
    private final class AnswerListener implements ClientListener
    {
        private final Connection connection;

        AnswerListener(final Connection connection)
        {
            this.connection = connection;
        }

        public void onMessage(final DirectBuffer buffer, final int offset, final int length)
        {
            final int templateId = schema.templateId(buffer, offset);
            if (templateId == headerTemplate("Heartbeat"))
            {
                return;
            }
            answers++;
            if (templateId >= FIRST_ENGINE_EVENT && templateId < FIRST_FEED_MESSAGE)
            {
                final long inputSequence = buffer.getLong(offset + MessageHeaderDecoder.ENCODED_LENGTH,
                    ByteOrder.LITTLE_ENDIAN);
                if (inputSequence != connection.lastAnsweredInput)
                {
                    connection.lastAnsweredInput = inputSequence;
                    recordAnswer();
                }
            }
            else if (templateId == headerTemplate("SessionReject"))
            {
                recordAnswer();
            }
            send(connection, MessageJsonWriter.toJson(schema, buffer, offset, length));
            if (templateId == headerTemplate("Logout"))
            {
                closeClient(connection);
            }
        }

        private void recordAnswer()
        {
            final Long sent = connection.sentNs.pollFirst();
            if (null != sent)
            {
                latencyNs.recordValue(Math.min(System.nanoTime() - sent, latencyNs.getHighestTrackableValue()));
            }
        }
    }

    /** Keeps and fans out the market-data feed. */
    private final class FeedListener implements MarketDataListener
    {
        public void onFrame(final DirectBuffer buffer, final int offset, final int length)
        {
            feedMessages++;
            frameJson = MessageJsonWriter.toJson(schema, buffer, offset, length);
        }

        public void onL2Update(final L2UpdateDecoder update)
        {
            final MarketFeed market = market(update.marketId());
            if (null != market.snapshot)
            {
                if (market.deltas.size() < MAX_DELTAS_KEPT)
                {
                    market.deltas.add(frameJson);
                }
                else
                {
                    market.snapshot = null; // too far behind: new subscribers wait for the next snapshot
                    market.deltas.clear();
                }
            }
            fanOut(market);
        }

        public void onBookSnapshot(final BookSnapshotDecoder snapshot)
        {
            final MarketFeed market = market(snapshot.marketId());
            market.snapshot = frameJson;
            market.deltas.clear();
            fanOut(market);
        }

        public void onPublicTrade(final PublicTradeDecoder trade)
        {
            trades++;
            final MarketFeed market = market(trade.marketId());
            market.recentTrades.addLast(frameJson);
            if (market.recentTrades.size() > RECENT_TRADES_KEPT)
            {
                market.recentTrades.removeFirst();
            }
            fanOut(market);
        }

        public void onPoolState(final PoolStateDecoder pool)
        {
            final MarketFeed market = market(pool.marketId());
            market.poolState = frameJson;
            fanOut(market);
        }

        public void onMarketStatusChanged(final MarketStatusChangedDecoder status)
        {
            final MarketFeed market = market(status.marketId());
            market.status = frameJson;
            fanOut(market);
        }

        private MarketFeed market(final int marketId)
        {
            return markets.computeIfAbsent(marketId, (id) -> new MarketFeed());
        }

        private void fanOut(final MarketFeed market)
        {
            for (int i = market.subscribers.size() - 1; i >= 0; i--)
            {
                send(market.subscribers.get(i), frameJson);
            }
        }
    }
}
