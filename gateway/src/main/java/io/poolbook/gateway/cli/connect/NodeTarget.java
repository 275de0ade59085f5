package io.poolbook.gateway.cli.connect;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Where the node is and who logs on, shared by {@code poolbook admin} and {@code poolbook trade}. Each option also
 * reads a {@code poolbook.cli.*} system property. Over UDP the CLI runs a small media driver of its own in a
 * temporary folder; with {@code --aeron-dir} it uses the node's (same host) over IPC instead.
 */
public final class NodeTarget
{
    public static final String PREFIX = "poolbook.cli.";

    @Option(names = "--node", paramLabel = "HOST:PORT", defaultValue = "${sys:" + PREFIX + "node:-127.0.0.1:40123}",
        description = "The node's UDP ingress [" + PREFIX + "node] (default: ${DEFAULT-VALUE}).")
    public String node;

    @Option(names = "--http", paramLabel = "HOST:PORT", defaultValue = "${sys:" + PREFIX + "http:-127.0.0.1:9464}",
        description = "The node's metrics and status port (node --metrics-port), read for assets and markets [" +
            PREFIX + "http] (default: ${DEFAULT-VALUE}).")
    public String http;

    @Option(names = "--aeron-dir", paramLabel = "DIR", defaultValue = "${sys:" + PREFIX + "aeronDir}",
        description = "Use the node's media driver in DIR over IPC instead of UDP (same host) [" + PREFIX +
            "aeronDir].")
    public String aeronDir;

    @Option(names = "--local-host", paramLabel = "HOST", defaultValue = "${sys:" + PREFIX + "localHost:-127.0.0.1}",
        description = "Address the node sends this session's responses to over UDP [" + PREFIX +
            "localHost] (default: ${DEFAULT-VALUE}).")
    public String localHost;

    @Option(names = "--ingress-stream", paramLabel = "ID", defaultValue = "${sys:" + PREFIX + "ingressStreamId:-1001}",
        description = "The node's ingress stream id [" + PREFIX + "ingressStreamId] (default: ${DEFAULT-VALUE}).")
    public int ingressStreamId;

    @Option(names = "--market-data-stream", paramLabel = "ID",
        defaultValue = "${sys:" + PREFIX + "marketDataStreamId:-1002}",
        description = "The node's market-data stream id [" + PREFIX + "marketDataStreamId] (default: " +
            "${DEFAULT-VALUE}).")
    public int marketDataStreamId;

    @Option(names = "--market-data", paramLabel = "HOST:PORT",
        defaultValue = "${sys:" + PREFIX + "marketData:-127.0.0.1:40124}",
        description = "The node's market-data control address over UDP [" + PREFIX +
            "marketData] (default: ${DEFAULT-VALUE}).")
    public String marketData;

    @Option(names = "--key", paramLabel = "FILE", defaultValue = "${sys:" + PREFIX + "key}",
        description = "Key file from 'poolbook keygen' the session signs its logon with [" + PREFIX + "key].")
    public Path key;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "${sys:" + PREFIX + "timeoutMs:-5000}",
        description = "Longest wait for the node to connect or answer [" + PREFIX +
            "timeoutMs] (default: ${DEFAULT-VALUE}).")
    public long timeoutMs;

    /**
     * @return the node's assets and markets from its status endpoint ({@code --http}).
     * @throws CliException if the node does not answer.
     */
    public NodeReference reference()
    {
        return NodeReference.fetch(http, timeoutMs);
    }

    /**
     * Checks {@code --key} first, so a bad key file is a usage error before the node is asked anything.
     *
     * @return the node's assets and markets from its status endpoint.
     * @throws CliException (usage) if the key file is missing or bad, (failed) if the node does not answer.
     */
    public NodeReference referenceForKey()
    {
        CliSession.readKey(key);
        return reference();
    }
}
