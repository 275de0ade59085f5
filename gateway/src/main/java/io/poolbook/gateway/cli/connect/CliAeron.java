package io.poolbook.gateway.cli.connect;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.exceptions.AeronException;
import io.poolbook.client.ClientConfig;
import io.poolbook.client.marketdata.MarketDataClient;
import io.poolbook.client.marketdata.MarketDataListener;
import org.agrona.CloseHelper;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The CLI's Aeron: over UDP a small media driver of its own in a temporary folder (deleted on close), or with
 * {@code --aeron-dir} a client of the node's driver on the same host. Gives the client-library settings for the
 * node's ingress and its market-data feed over the same transport.
 */
public final class CliAeron implements AutoCloseable
{
    private final NodeTarget target;
    private final MediaDriver driver;
    private final Aeron aeron;

    private CliAeron(final NodeTarget target, final MediaDriver driver, final Aeron aeron)
    {
        this.target = target;
        this.driver = driver;
        this.aeron = aeron;
    }

    /**
     * @param target where the node is.
     * @return a connected Aeron.
     * @throws CliException if the node's driver (IPC) is not there.
     */
    public static CliAeron open(final NodeTarget target)
    {
        if (null != target.aeronDir)
        {
            return new CliAeron(target, null, connect(target.aeronDir, target.timeoutMs,
                "the node's media driver in " + target.aeronDir));
        }
        final MediaDriver driver = launchDriver();
        try
        {
            return new CliAeron(target, driver, connect(driver.aeronDirectoryName(), target.timeoutMs,
                "the CLI's media driver"));
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(driver);
            throw ex;
        }
    }

    private static Aeron connect(final String dir, final long timeoutMs, final String what)
    {
        try
        {
            return Aeron.connect(new Aeron.Context().aeronDirectoryName(dir).driverTimeoutMs(Math.max(timeoutMs, 1000))
                .errorHandler((ex) -> { }));
        }
        catch (final AeronException | IllegalStateException ex)
        {
            throw CliException.failed("cannot connect to " + what + " (" + ex.getMessage() + "); is the node running?");
        }
    }

    private static MediaDriver launchDriver()
    {
        final Path dir;
        try
        {
            dir = Files.createTempDirectory("poolbook-cli-");
        }
        catch (final IOException ex)
        {
            throw CliException.failed("cannot create a folder for the CLI's media driver: " + ex.getMessage());
        }
        return MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir.resolve("aeron").toString())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
            .termBufferSparseFile(true)
            .publicationTermBufferLength(64 * 1024)
            .ipcTermBufferLength(64 * 1024)
            .publicationLingerTimeoutNs(TimeUnit.MILLISECONDS.toNanos(100))
            .errorHandler((ex) -> { }));
    }

    public Aeron aeron()
    {
        return aeron;
    }

    /** Where the node is, as the client library's settings. */
    public ClientConfig clientConfig()
    {
        final ClientConfig config = null != target.aeronDir ? ClientConfig.ipc() :
            ClientConfig.udp(target.node, target.localHost);
        return config.ingressStreamId(target.ingressStreamId).connectTimeoutMs(target.timeoutMs);
    }

    /** Where the node is, for messages. */
    public String describeNode()
    {
        return null != target.aeronDir ? "IPC on " + target.aeronDir : target.node;
    }

    /** A subscriber of the node's market-data feed over the same transport. */
    public MarketDataClient marketData(final MarketDataListener listener)
    {
        return null != target.aeronDir ? MarketDataClient.ipc(aeron, target.marketDataStreamId, listener) :
            new MarketDataClient(aeron, "aeron:udp?endpoint=" + target.localHost + ":0|control=" + target.marketData,
                target.marketDataStreamId, listener);
    }

    public void close()
    {
        CloseHelper.quietCloseAll(aeron, driver);
        if (null != driver)
        {
            // the driver deletes its own folder; this removes the temporary folder around it
            org.agrona.IoUtil.delete(Path.of(driver.aeronDirectoryName()).getParent().toFile(), true);
        }
    }
}
