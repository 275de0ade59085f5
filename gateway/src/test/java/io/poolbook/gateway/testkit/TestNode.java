package io.poolbook.gateway.testkit;

import io.aeron.Aeron;
import io.aeron.driver.ThreadingMode;
import io.poolbook.client.ClientConfig;
import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.gateway.node.Node;
import io.poolbook.gateway.node.NodeConfig;
import io.poolbook.gateway.pipeline.IdleMode;
import io.poolbook.gateway.telemetry.NodeLog;
import org.agrona.CloseHelper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.TimeUnit;

/**
 * A node sized for tests on a small machine: its own Aeron directory and data folder under a test's temporary
 * folder, 64 KiB terms, a shared-mode driver, back-off idling, short liveness timeouts, and a generated operator key;
 * plus an Aeron client of the same driver for the test's clients.
 */
public final class TestNode implements AutoCloseable
{
    public static final KeyPair OPERATOR_KEYS = Ed25519Keys.generate();

    public final NodeConfig config;
    public final Node node;
    public final Aeron aeron;
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

    private TestNode(final NodeConfig config)
    {
        this.config = config;
        final PrintStream tee = new PrintStream(new TeeOutputStream(System.out, logBytes), true);
        this.node = Node.launch(config, new NodeLog(tee, false));
        this.aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(config.aeronDir()));
    }

    /** Lines the node has logged so far that contain every one of some texts. */
    public long logLines(final String... texts)
    {
        final String log;
        synchronized (logBytes)
        {
            log = logBytes.toString();
        }
        return log.lines().filter((line) ->
        {
            for (final String text : texts)
            {
                if (!line.contains(text))
                {
                    return false;
                }
            }
            return true;
        }).count();
    }

    private static final class TeeOutputStream extends OutputStream
    {
        private final OutputStream first;
        private final ByteArrayOutputStream second;

        TeeOutputStream(final OutputStream first, final ByteArrayOutputStream second)
        {
            this.first = first;
            this.second = second;
        }

        public void write(final int b) throws IOException
        {
            first.write(b);
            synchronized (second)
            {
                second.write(b);
            }
        }

        public void write(final byte[] bytes, final int offset, final int length) throws IOException
        {
            first.write(bytes, offset, length);
            synchronized (second)
            {
                second.write(bytes, offset, length);
            }
        }
    }

    /** Default test settings: IPC ingress and feed only. */
    public static NodeConfig config(final Path root)
    {
        return new NodeConfig()
            .dataDir(root.resolve("data"))
            .aeronDir(root.resolve("aeron").toString())
            .threadingMode(ThreadingMode.SHARED)
            .termLength(64 * 1024)
            .ingressChannel("")
            .ingressIpc(true)
            .marketDataChannel("")
            .marketDataIpc(true)
            .idleMode(IdleMode.BACKOFF)
            .inputRingSize(1024)
            .outputRingSize(4096)
            .marketDataSnapshotIntervalMs(100)
            .heartbeatIntervalMs(1000)
            .connectTimeoutMs(2_000)
            .operatorKey(Ed25519Keys.toHex(OPERATOR_KEYS.getPublic()))
            .driverCustomiser((context) -> context
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .imageLivenessTimeoutNs(TimeUnit.MILLISECONDS.toNanos(500))
                .publicationLingerTimeoutNs(TimeUnit.MILLISECONDS.toNanos(100))
                .publicationUnblockTimeoutNs(TimeUnit.SECONDS.toNanos(3))
                .clientLivenessTimeoutNs(TimeUnit.SECONDS.toNanos(2))
                .timerIntervalNs(TimeUnit.MILLISECONDS.toNanos(10)));
    }

    public static TestNode launch(final NodeConfig config)
    {
        return new TestNode(config);
    }

    public static TestNode launch(final Path root)
    {
        return new TestNode(config(root));
    }

    /** Client settings for this node over IPC. */
    public ClientConfig ipcClient()
    {
        return ClientConfig.ipc().ingressStreamId(config.ingressStreamId());
    }

    /** Client settings for this node over UDP loopback. */
    public ClientConfig udpClient()
    {
        final String endpoint = node.ingressEndpoint();
        return ClientConfig.udp("127.0.0.1:" + endpoint.substring(endpoint.lastIndexOf(':') + 1), "127.0.0.1")
            .ingressStreamId(config.ingressStreamId());
    }

    public void close()
    {
        CloseHelper.quietClose(aeron);
        node.close();
    }
}
