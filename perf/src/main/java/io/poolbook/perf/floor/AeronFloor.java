package io.poolbook.perf.floor;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.FragmentHandler;
import io.poolbook.gateway.pipeline.IdleMode;
import io.poolbook.gateway.pipeline.NodeLayout;
import io.poolbook.perf.load.GcWatch;
import io.poolbook.perf.load.RunResult;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The floor a node is judged against: an Aeron ping-pong on this machine with nothing of Poolbook in it. An echo
 * thread, set up like the node (its own embedded media driver, invoked from the echo thread for the compact layout or
 * on a SHARED driver thread for the pipelined one, the node's idle strategy), answers every message; the sender, an
 * Aeron client of that driver like the load generator, sends open loop at a fixed rate and measures each round trip
 * from when the message was due, so a stall is counted as the load generator counts it.
 */
public final class AeronFloor implements AutoCloseable
{
    private static final int PING_STREAM = 1;
    private static final int PONG_STREAM = 2;
    private static final int MAX_BURST = 256;

    private final Path root;
    private final MediaDriver driver;
    private final Aeron echoAeron;
    private final Aeron clientAeron;
    private final AgentRunner echoRunner;
    private final ExclusivePublication ping;
    private final Subscription pong;
    private final IdleStrategy idle;
    private final UnsafeBuffer message;
    private final GcWatch gc = new GcWatch();
    private Histogram histogram;
    private long measureFromNs;
    private long measureToNs;
    private long received;

    /**
     * @param transport     ipc or udp (loopback).
     * @param idleMode      of the echo thread, the driver and the sender.
     * @param layout        compact (driver invoked by the echo thread) or pipelined (SHARED driver thread).
     * @param termLength    of the publications, as the node's.
     * @param messageLength bytes per message, at least 8.
     */
    public AeronFloor(
        final String transport,
        final String idleMode,
        final NodeLayout layout,
        final int termLength,
        final int messageLength)
        throws Exception
    {
        if (messageLength < 8)
        {
            throw new IllegalArgumentException("message length must be at least 8: " + messageLength);
        }
        final IdleMode idle = IdleMode.parse(idleMode);
        final boolean udp = "udp".equals(transport);
        if (!udp && !"ipc".equals(transport))
        {
            throw new IllegalArgumentException("transport must be ipc or udp: " + transport);
        }
        final boolean invoked = NodeLayout.COMPACT == layout;
        root = Files.createTempDirectory("poolbook-floor");
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(root.resolve("aeron").toString())
            .threadingMode(invoked ? ThreadingMode.INVOKER : ThreadingMode.SHARED)
            .sharedIdleStrategy(idle.newIdleStrategy())
            .termBufferSparseFile(true)
            .publicationTermBufferLength(termLength)
            .ipcTermBufferLength(termLength)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        // The echo thread starts first: for the compact layout it is the only one that invokes the driver.
        final Echo echo = new Echo(invoked ? driver.sharedAgentInvoker() : null);
        echoRunner = new AgentRunner(idle.newIdleStrategy(), Throwable::printStackTrace, null, echo);
        AgentRunner.startOnThread(echoRunner);
        echoAeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        clientAeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));

        final Subscription pingIn = echoAeron.addSubscription(channel(udp), PING_STREAM);
        pong = clientAeron.addSubscription(channel(udp), PONG_STREAM);
        final ExclusivePublication pongOut = echoAeron.addExclusivePublication(
            udp ? resolved(pong) : CommonContext.IPC_CHANNEL, PONG_STREAM);
        ping = clientAeron.addExclusivePublication(
            udp ? resolved(pingIn) : CommonContext.IPC_CHANNEL, PING_STREAM);
        echo.connect(pingIn, pongOut);

        this.idle = idle.newIdleStrategy();
        message = new UnsafeBuffer(ByteBuffer.allocateDirect(messageLength));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!ping.isConnected() || ping.availableWindow() <= 0 || !pongOut.isConnected())
        {
            if (System.nanoTime() > deadline)
            {
                close();
                throw new IllegalStateException("the floor's ping-pong did not connect in 10 s");
            }
            Thread.sleep(1);
        }
    }

    private static String channel(final boolean udp)
    {
        return udp ? "aeron:udp?endpoint=127.0.0.1:0" : CommonContext.IPC_CHANNEL;
    }

    private static String resolved(final Subscription subscription)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String endpoint;
        while (null == (endpoint = subscription.resolvedEndpoint()))
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("no resolved endpoint for " + subscription.channel());
            }
            Thread.onSpinWait();
        }
        final ChannelUri uri = ChannelUri.parse(subscription.channel());
        uri.replaceEndpointWildcardPort(endpoint);
        return uri.toString();
    }

    /**
     * Sends at {@code rate} for the warm-up and then the measured seconds, and waits for every answer.
     *
     * @return the round trips of the measured window, as a load run's.
     */
    public RunResult run(final String name, final double rate, final double warmupSeconds, final double seconds)
    {
        histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final double intervalNs = 1e9 / rate;
        final long startNs = System.nanoTime() + 1_000_000;
        measureFromNs = startNs + (long)(warmupSeconds * 1e9);
        measureToNs = measureFromNs + (long)(seconds * 1e9);
        final FragmentHandler onPong = this::onPong;
        long sent = 0;
        long sentBefore = 0;
        received = 0;
        boolean measuring = false;
        long dueNs = startNs;
        while (dueNs < measureToNs)
        {
            final long nowNs = System.nanoTime();
            if (!measuring && nowNs >= measureFromNs)
            {
                measuring = true;
                sentBefore = sent;
                gc.mark();
            }
            int work = 0;
            while (dueNs <= nowNs && dueNs < measureToNs && work < MAX_BURST)
            {
                message.putLong(0, dueNs, ByteOrder.LITTLE_ENDIAN);
                while (ping.offer(message, 0, message.capacity()) < 0)
                {
                    pong.poll(onPong, 64);
                }
                sent++;
                work++;
                dueNs = startNs + (long)(sent * intervalNs);
            }
            work += pong.poll(onPong, 64);
            idle.idle(work);
        }
        final long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received < sent && System.nanoTime() < drainDeadline)
        {
            idle.idle(pong.poll(onPong, 64));
        }
        final double elapsed = Math.max(seconds, (System.nanoTime() - measureFromNs) / 1e9);
        return new RunResult(name, rate, histogram, elapsed, sent - sentBefore, 0, "", received == sent,
            gc.collections(), gc.describe());
    }

    private void onPong(final org.agrona.DirectBuffer buffer, final int offset, final int length,
        final io.aeron.logbuffer.Header header)
    {
        received++;
        final long dueNs = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
        if (dueNs >= measureFromNs && dueNs < measureToNs)
        {
            histogram.recordValue(Math.max(0, System.nanoTime() - dueNs));
        }
    }

    public void close()
    {
        CloseHelper.quietClose(echoRunner);
        CloseHelper.quietCloseAll(clientAeron, echoAeron, driver);
        IoUtil.delete(root.toFile(), true);
    }

    /** Answers each ping with the same bytes; invokes the driver where the driver is invoked. */
    private static final class Echo implements Agent
    {
        private final AgentInvoker driver;
        private final FragmentHandler echo;
        private volatile Subscription in;
        private volatile ExclusivePublication out;

        Echo(final AgentInvoker driver)
        {
            this.driver = driver;
            this.echo = (buffer, offset, length, header) ->
            {
                long result;
                while ((result = out.offer(buffer, offset, length)) < 0)
                {
                    if (Publication.CLOSED == result || Publication.NOT_CONNECTED == result)
                    {
                        return;
                    }
                    invokeDriver();
                }
            };
        }

        void connect(final Subscription in, final ExclusivePublication out)
        {
            this.out = out;
            this.in = in;
        }

        public int doWork()
        {
            final Subscription in = this.in;
            return invokeDriver() + (null == in ? 0 : in.poll(echo, 64));
        }

        private int invokeDriver()
        {
            return null == driver ? 0 : driver.invoke();
        }

        public String roleName()
        {
            return "floor-echo";
        }
    }
}
