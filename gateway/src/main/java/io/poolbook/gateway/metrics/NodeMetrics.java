package io.poolbook.gateway.metrics;

import io.aeron.Aeron;
import io.poolbook.codecs.RejectReason;
import io.poolbook.gateway.node.Node;
import io.poolbook.gateway.telemetry.NodeCounters;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.agrona.CloseHelper;
import org.agrona.concurrent.status.CountersReader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The node's Prometheus metrics: its own counters (sessions, commands, events, rejects by reason at the gateway and
 * in the engine, trades, slow consumers, market-data drops), the journal and durable sequences and their lag, the
 * journal commit (fsync) latency histogram, commands per second over the last second, and every Aeron counter of
 * the node's media driver (positions, back-pressure events, errors) read from its CnC file. Values are read when
 * scraped; nothing here runs on a node thread.
 */
public final class NodeMetrics implements AutoCloseable
{
    /** Content type of {@link #scrape()}. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Aeron aeron;
    private final Node node;
    private long rateCommands;
    private long rateAtNs = System.nanoTime();
    private volatile double commandsPerSecond;

    /**
     * @param node running node; an Aeron client of its driver is opened to read the driver's counters.
     */
    public NodeMetrics(final Node node)
    {
        this.node = node;
        this.aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(node.aeronDirectoryName()));
        final NodeCounters counters = node.counters();
        rateCommands = counters.commandsSequenced.get();

        counter("poolbook_messages_received", "Messages received from clients", counters.messagesReceived::get);
        counter("poolbook_commands_sequenced", "Commands sequenced into the journal and engine",
            counters.commandsSequenced::get);
        counter("poolbook_events_released", "Engine events released once their command was durable",
            counters.eventsReleased::get);
        counter("poolbook_responses_sent", "Messages sent to client sessions", counters.responsesSent::get);
        counter("poolbook_market_data_sent", "Messages sent on the market-data feed", counters.marketDataSent::get);
        counter("poolbook_market_data_dropped", "Market-data messages dropped because the feed was back-pressured",
            counters.marketDataDropped::get);
        counter("poolbook_logons", "Logons accepted", counters.logons::get);
        counter("poolbook_sessions_closed", "Sessions closed by the client, a timeout or the node",
            counters.sessionsClosed::get);
        counter("poolbook_slow_consumers", "Sessions dropped because their responses stayed back-pressured",
            counters.slowConsumers::get);
        counter("poolbook_storage_failures", "Failed writes to the data folder", counters.storageFailures::get);
        counter("poolbook_trades", "Trades since the node started, book and pool", node.status()::trades);
        gauge("poolbook_sessions", "Sessions logged on now", counters.sessionsLoggedOn::get);
        gauge("poolbook_journal_sequence", "Last sequence given to a command", node::sequencedSequence);
        gauge("poolbook_durable_sequence", "Last sequence made durable in the journal", node::durableSequence);
        gauge("poolbook_durable_lag", "Commands sequenced but not yet durable",
            () -> node.sequencedSequence() - node.durableSequence());
        GaugeWithCallback.builder().name("poolbook_commands_per_second")
            .help("Commands sequenced per second, over the last second")
            .callback((callback) -> callback.call(commandsPerSecond)).register(registry);

        CounterWithCallback.builder().name("poolbook_rejects").help("Messages and commands refused, by reason")
            .labelNames("stage", "reason")
            .callback((callback) ->
            {
                for (final RejectReason reason : RejectReason.values())
                {
                    if (RejectReason.NULL_VAL == reason || RejectReason.NONE == reason)
                    {
                        continue;
                    }
                    final long gateway = counters.rejects(reason);
                    if (gateway > 0)
                    {
                        callback.call(gateway, "gateway", reason.name());
                    }
                    final long engine = node.status().engineRejects(reason);
                    if (engine > 0)
                    {
                        callback.call(engine, "engine", reason.name());
                    }
                }
            }).register(registry);

        registry.register(node.timedJournal().commitSeconds());

        final CountersReader aeronCounters = aeron.countersReader();
        GaugeWithCallback.builder().name("poolbook_aeron_counter")
            .help("Every counter of the node's Aeron media driver, by id and label (as AeronStat shows them)")
            .labelNames("id", "type", "label")
            .callback((callback) -> aeronCounters.forEach((value, counterId, label) -> callback.call(value,
                Integer.toString(counterId), Integer.toString(aeronCounters.getCounterTypeId(counterId)), label)))
            .register(registry);
        GaugeWithCallback.builder().name("poolbook_egress_back_pressure_events")
            .help("Back-pressure events of the driver's network publications (responses and market data), summed")
            .callback((callback) ->
            {
                final long[] sum = new long[1];
                aeronCounters.forEach((value, counterId, label) ->
                {
                    if (label.startsWith("snd-bpe"))
                    {
                        sum[0] += value;
                    }
                });
                callback.call(sum[0]);
            }).register(registry);
    }

    private void counter(final String name, final String help, final LongSupplier value)
    {
        CounterWithCallback.builder().name(name).help(help)
            .callback((callback) -> callback.call(value.getAsLong())).register(registry);
    }

    private void gauge(final String name, final String help, final LongSupplier value)
    {
        GaugeWithCallback.builder().name(name).help(help)
            .callback((callback) -> callback.call(value.getAsLong())).register(registry);
    }

    /** Updates the commands-per-second gauge; called once a second. */
    void sampleRate()
    {
        final long now = System.nanoTime();
        final long commands = node.counters().commandsSequenced.get();
        final double seconds = (now - rateAtNs) / (double)TimeUnit.SECONDS.toNanos(1);
        if (seconds > 0)
        {
            commandsPerSecond = (commands - rateCommands) / seconds;
        }
        rateCommands = commands;
        rateAtNs = now;
    }

    /** The metrics in Prometheus's text format. */
    public byte[] scrape() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        writer.write(out, registry.scrape());
        return out.toByteArray();
    }

    public void close()
    {
        CloseHelper.quietClose(aeron);
    }
}
