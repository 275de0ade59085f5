package io.poolbook.gateway.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.poolbook.gateway.node.Node;
import io.poolbook.gateway.status.NodeStatus;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The node's HTTP side door for operations, on its own daemon thread (never an engine or gateway thread):
 * {@code /metrics} (Prometheus text format), {@code /health} (live, journaling, durable lag; 200 or 503) and
 * {@code /status} (JSON: sequences, sessions, assets, markets with their scales, last batch), which the admin and
 * trade CLIs read to turn the units people type into engine units. Uses the JDK's HTTP server: a handful of GETs
 * a second needs nothing more.
 */
public final class NodeHttpServer implements AutoCloseable
{
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Node node;
    private final HttpServer server;
    private final ScheduledExecutorService executor;
    private final NodeMetrics metrics;

    private NodeHttpServer(final Node node, final HttpServer server, final NodeMetrics metrics)
    {
        this.node = node;
        this.server = server;
        this.metrics = metrics;
        this.executor = Executors.newSingleThreadScheduledExecutor((runnable) ->
        {
            final Thread thread = new Thread(runnable, "poolbook-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        executor.scheduleAtFixedRate(metrics::sampleRate, 1, 1, TimeUnit.SECONDS);
        server.createContext("/status", (exchange) -> respond(exchange, 200, "application/json", statusJson()));
        server.createContext("/health", this::health);
        server.createContext("/metrics", (exchange) -> respond(exchange, 200, NodeMetrics.CONTENT_TYPE, metrics.scrape()));
        server.createContext("/", (exchange) -> respond(exchange, 404, "text/plain; charset=utf-8",
            "not found: try /metrics, /health or /status\n".getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Starts serving.
     *
     * @param node running node.
     * @param host address to bind ("0.0.0.0" for all).
     * @param port port, 0 for any free one.
     * @return the server; {@link #port()} tells the port bound.
     * @throws UncheckedIOException if the port cannot be bound.
     */
    public static NodeHttpServer start(final Node node, final String host, final int port)
    {
        final NodeMetrics metrics = new NodeMetrics(node);
        try
        {
            final HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
            final NodeHttpServer http = new NodeHttpServer(node, server, metrics);
            server.start();
            return http;
        }
        catch (final IOException ex)
        {
            metrics.close();
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + ": " + ex.getMessage(), ex);
        }
    }

    /** The port bound. */
    public int port()
    {
        return server.getAddress().getPort();
    }

    /** The metrics this server exposes (for the node to feed its histograms). */
    public NodeMetrics metrics()
    {
        return metrics;
    }

    byte[] statusJson() throws IOException
    {
        final NodeStatus status = node.status();
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("durableSequence", node.durableSequence());
        json.put("sequence", node.sequencedSequence());
        json.put("sessions", node.counters().sessionsLoggedOn.get());
        json.put("operatorAccountId", status.operatorAccountId());
        json.put("accounts", status.accounts());
        json.put("ingressEndpoint", node.ingressEndpoint());
        json.put("ingressStreamId", node.config().ingressStreamId());
        json.put("marketDataStreamId", node.config().marketDataStreamId());
        json.put("assets", status.assets());
        json.put("markets", status.markets());
        json.put("lastBatch", status.lastBatch());
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
    }

    private void health(final HttpExchange exchange) throws IOException
    {
        final boolean live = null == node.failure();
        final boolean journaling = !node.hasJournalFailed();
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", live && journaling ? "UP" : "DOWN");
        json.put("live", live);
        json.put("journaling", journaling);
        json.put("sequence", node.sequencedSequence());
        json.put("durableSequence", node.durableSequence());
        json.put("durableLag", node.sequencedSequence() - node.durableSequence());
        respond(exchange, live && journaling ? 200 : 503, "application/json", JSON.writeValueAsBytes(json));
    }

    private static void respond(final HttpExchange exchange, final int code, final String type, final byte[] body)
        throws IOException
    {
        try (exchange)
        {
            exchange.getResponseHeaders().set("Content-Type", type);
            if ("HEAD".equals(exchange.getRequestMethod()))
            {
                exchange.sendResponseHeaders(code, -1);
                return;
            }
            exchange.sendResponseHeaders(code, body.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(body);
            }
        }
    }

    /** Stops serving. */
    public void close()
    {
        server.stop(0);
        executor.shutdownNow();
        metrics.close();
    }
}
