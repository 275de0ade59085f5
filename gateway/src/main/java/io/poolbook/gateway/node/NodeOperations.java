package io.poolbook.gateway.node;

import io.poolbook.engine.EngineConfig;
import io.poolbook.gateway.genesis.Genesis;
import io.poolbook.gateway.metrics.NodeHttpServer;
import io.poolbook.gateway.telemetry.NodeLog;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Paths;

/**
 * The {@code poolbook node} options for running a node in operations: a genesis file for a new data folder, the
 * metrics, health and status endpoint, and the log format. A picocli mixin of {@link NodeCommand}; each option
 * also reads its {@code poolbook.node.*} system property.
 */
public final class NodeOperations
{
    public static final String GENESIS_PROP = NodeConfig.PREFIX + "genesis";
    public static final String METRICS_PORT_PROP = NodeConfig.PREFIX + "metricsPort";
    public static final String METRICS_BIND_PROP = NodeConfig.PREFIX + "metricsBind";
    public static final String LOG_FORMAT_PROP = NodeConfig.PREFIX + "logFormat";

    @Option(names = "--genesis", paramLabel = "FILE", defaultValue = "${sys:" + GENESIS_PROP + ":-}",
        description = "YAML or JSON file of assets, markets, pools, accounts and deposits, journaled as operator " +
            "commands on the first start of an empty data folder; refused if the folder's journal differs [" +
            GENESIS_PROP + "].")
    String genesis;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "${sys:" + METRICS_PORT_PROP + ":--1}",
        description = "HTTP port of /metrics (Prometheus), /health and /status; 0 picks a free one, -1 for none [" +
            METRICS_PORT_PROP + "] (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--metrics-bind", paramLabel = "HOST", defaultValue = "${sys:" + METRICS_BIND_PROP + ":-0.0.0.0}",
        description = "Address the metrics port listens on [" + METRICS_BIND_PROP + "] (default: ${DEFAULT-VALUE}).")
    String metricsBind;

    @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "${sys:" + LOG_FORMAT_PROP + ":-text}",
        description = "text (one line per event) or json (one JSON object per line) [" + LOG_FORMAT_PROP +
            "] (default: ${DEFAULT-VALUE}).")
    String logFormat;

    /** Checks the options that can be checked before anything starts. */
    void validate()
    {
        if (!"text".equals(logFormat) && !"json".equals(logFormat))
        {
            throw new IllegalArgumentException(LOG_FORMAT_PROP + " must be text or json: " + logFormat);
        }
        if (metricsPort < -1 || metricsPort > 65535)
        {
            throw new IllegalArgumentException(METRICS_PORT_PROP + " must be a port, 0 or -1: " + metricsPort);
        }
    }

    /** The node's log in the chosen format, to standard output. */
    NodeLog log()
    {
        return "json".equals(logFormat) ? NodeLog.jsonLines(System.out) : NodeLog.stdout();
    }

    /**
     * Applies the genesis file, if one was given, to the data folder before the node opens it.
     *
     * @throws IllegalArgumentException if the file is malformed or a command in it would be rejected.
     * @throws IllegalStateException    if the data folder's journal holds other commands.
     */
    void applyGenesis(final NodeConfig config, final NodeLog log) throws IOException
    {
        if (genesis.isEmpty())
        {
            return;
        }
        final EngineConfig engineConfig = Genesis.engineConfig(config.dataDir(), config.engineConfig());
        Genesis.read(Paths.get(genesis), engineConfig.operatorAccountId(), engineConfig)
            .apply(config.dataDir(), log::info);
    }

    /** Starts the HTTP endpoint if a port was given; null if not. */
    NodeHttpServer startHttp(final Node node, final NodeLog log)
    {
        if (metricsPort < 0)
        {
            return null;
        }
        final NodeHttpServer http = NodeHttpServer.start(node, metricsBind, metricsPort);
        log.info("metrics http://" + metricsBind + ":" + http.port() + "/metrics, /health and /status");
        return http;
    }
}
