package io.poolbook.gateway.node;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.engine.Engine;
import io.poolbook.engine.account.Account;
import io.poolbook.gateway.auth.KeyRegistry;
import io.poolbook.gateway.egress.AeronReplyPaths;
import io.poolbook.gateway.egress.EgressAgent;
import io.poolbook.gateway.journal.FileCommandJournal;
import io.poolbook.gateway.marketdata.MarketDataPublisher;
import io.poolbook.gateway.metrics.TimedJournal;
import io.poolbook.gateway.pipeline.CompactAgent;
import io.poolbook.gateway.pipeline.EngineHandler;
import io.poolbook.gateway.pipeline.NodeLayout;
import io.poolbook.gateway.pipeline.InputSlot;
import io.poolbook.gateway.pipeline.EngineSnapshotter;
import io.poolbook.gateway.pipeline.JournalHandler;
import io.poolbook.engine.EngineConfig;
import io.poolbook.engine.EventListener;
import io.poolbook.replay.DataFolder;
import io.poolbook.replay.SettlementRecorder;
import io.poolbook.replay.snapshot.SnapshotStore;
import io.poolbook.gateway.pipeline.OutputSlot;
import io.poolbook.gateway.session.IngressAgent;
import io.poolbook.gateway.session.NonceStore;
import io.poolbook.gateway.session.SessionControl;
import io.poolbook.gateway.telemetry.NodeCounters;
import io.poolbook.gateway.telemetry.NodeLog;
import io.poolbook.replay.journal.JournalConfig;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An exchange node: media driver (embedded by default), gateway, journal and engine. In the pipelined layout
 * ({@link NodeLayout}) they are wired as
 * <pre>
 *   ingress (Aeron subscriptions) -> input ring -> journaler   (append, group commit: the durable sequence)
 *                                              \-> engine      (one thread) -> output ring -> egress
 *                                                                              (reports, market data, held back
 *                                                                               until their input is durable)
 * </pre>
 * In the compact layout one thread ({@link CompactAgent}) runs the same steps in that order, invoking the embedded
 * driver and the Aeron client's conductor itself. Start-up replays the journal in the data folder through the engine
 * (emitting nothing), then takes new input continuing its sequence. {@link #close()} stops taking input, lets the rings drain, journals and sends what is
 * in flight, and closes everything in reverse order.
 */
public final class Node implements AutoCloseable
{
    /** Engine snapshots kept in the data folder. */
    private static final int SNAPSHOTS_KEPT = 3;

    /** Sub-folder of the data folder holding the journal's segment files. */
    public static final String JOURNAL_DIR = "journal";

    private static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    private final NodeConfig config;
    private final NodeLog log;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final NodeCounters counters;
    private final TimedJournal journal;
    private final Engine engine;
    private final Disruptor<InputSlot> disruptor;
    private final Sequence durableSequence;
    private final JournalHandler journaler;
    private final EgressAgent egress;
    private final IngressAgent ingress;
    private final MarketDataPublisher marketData;
    private final NonceStore nonces;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final AgentRunner egressRunner;
    private final AgentRunner ingressRunner;
    private final AgentRunner nodeRunner;
    private final CompactAgent compactAgent;
    private final long recoveredSequence;
    private EngineSnapshotter snapshotter;
    private SettlementRecorder settlement;
    private final io.poolbook.gateway.status.NodeStatus status;
    private final String ingressEndpoint;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile Runnable onFailure = () -> {};
    private boolean closed;

    private Node(final NodeConfig config, final NodeLog log)
    {
        this.config = config.validate();
        this.log = log;

        MediaDriver driver = null;
        Aeron aeron = null;
        NodeCounters counters = null;
        TimedJournal journal = null;
        NonceStore nonces = null;
        try
        {
            Files.createDirectories(config.dataDir());
            journal = new TimedJournal(new FileCommandJournal(journalConfig(config)));
            log.info("journal " + journal.description());

            final RingBuffer<OutputSlot> output =
                RingBuffer.createSingleProducer(OutputSlot::new, config.outputRingSize(), new BusySpinWaitStrategy());
            final EngineHandler engineHandler = new EngineHandler(output);
            final DataFolder folder = new DataFolder(config.dataDir());
            final EngineConfig engineConfig = folder.engineConfig(config.engineConfig());
            final SnapshotStore snapshots = new SnapshotStore(folder.snapshots(), SNAPSHOTS_KEPT);
            final Engine restored = snapshots.loadNewest(journal.lastSequence(),
                () -> new Engine(engineConfig, engineHandler), log::warn);
            engine = null != restored ? restored : new Engine(engineConfig, engineHandler);
            engineHandler.engine(engine);
            if (null != restored)
            {
                log.info("restored the engine snapshot at sequence " + restored.lastSequence());
            }

            final long replayStartNs = System.nanoTime();
            recoveredSequence = journal.replay(engine.lastSequence() + 1, engine);
            log.info("replayed the journal to sequence " + recoveredSequence + " in " +
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - replayStartNs) + " ms: " +
                engine.accounts().size() + " accounts, " + engine.markets().size() + " markets, state hash " +
                Long.toHexString(engine.stateHash()));

            final KeyRegistry keys = new KeyRegistry();
            for (int i = 0; i < engine.accounts().size(); i++)
            {
                final Account account = engine.accounts().atIndex(i);
                keys.register(account.id(), account.publicKey());
            }
            final int operatorAccountId = engineConfig.operatorAccountId();
            if (config.operatorKey().isEmpty())
            {
                log.warn("no operator key set (--operator-key): the operator (account " + operatorAccountId +
                    ") cannot log on");
            }
            else
            {
                keys.register(operatorAccountId, Ed25519Keys.fromHex(config.operatorKey()));
                log.info("operator account " + operatorAccountId + " logs on with key " + config.operatorKey());
            }

            // After the replay, which may take long: an invoked driver and client conductor must not sit idle.
            final boolean compact = NodeLayout.COMPACT == config.layout();
            if (config.embeddedDriver())
            {
                driver = MediaDriver.launch(driverContext(config, compact));
                log.info("embedded media driver " + (compact ? "invoked by the node's thread" : config.threadingMode()) +
                    " in " + driver.aeronDirectoryName());
            }
            aeron = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(config.aeronDir())
                .useConductorAgentInvoker(compact)
                .driverAgentInvoker(compact && null != driver ? driver.sharedAgentInvoker() : null)
                .errorHandler((ex) -> log.error("aeron client", ex)));
            counters = new NodeCounters(aeron);

            marketData = new MarketDataPublisher(marketDataPublications(aeron, config),
                config.marketDataSnapshotDepth(), TimeUnit.MILLISECONDS.toNanos(config.marketDataSnapshotIntervalMs()),
                counters);
            marketData.initialise(engine);
            log.info("market data " + (config.marketDataChannel().isEmpty() ? "" : config.marketDataChannel() +
                (config.marketDataIpc() ? " and " : "")) + (config.marketDataIpc() ? CommonContext.IPC_CHANNEL : "") +
                " stream " + config.marketDataStreamId() + ", snapshots every " + config.marketDataSnapshotIntervalMs() +
                " ms, up to " + marketData.snapshotDepth() + " levels a side, feed sequence " +
                marketData.lastFeedSequence());

            durableSequence = new Sequence(recoveredSequence);
            final RingBuffer<InputSlot> input;
            if (compact)
            {
                disruptor = null;
                input = RingBuffer.createSingleProducer(
                    InputSlot::new, config.inputRingSize(), new BusySpinWaitStrategy());
            }
            else
            {
                disruptor = new Disruptor<>(InputSlot::new, config.inputRingSize(), new NamedThreads(),
                    ProducerType.SINGLE, config.idleMode().newWaitStrategy());
                disruptor.setDefaultExceptionHandler(new FatalHandler());
                input = disruptor.getRingBuffer();
            }
            journaler = new JournalHandler(journal, durableSequence, this::onJournalFailure);
            if (!compact)
            {
                disruptor.handleEventsWith(journaler, engineHandler);
            }
            if (config.engineSnapshotEvery() > 0)
            {
                snapshotter = new EngineSnapshotter(engine, snapshots, config.engineSnapshotEvery(), journaler,
                    log, counters.storageFailures);
                engineHandler.snapshotter(snapshotter);
                log.info("engine snapshots every " + config.engineSnapshotEvery() + " commands in " +
                    folder.snapshots());
            }
            settlement = new SettlementRecorder(folder, engine, log::info, this::onSettlementWriteFailure);
            log.info("settlement batches to " + folder.settlement() + ", next batch " + engine.batches().batchIndex());
            engineHandler.goLive();

            final SessionControl control = new SessionControl();
            final SystemNanoClock nanoClock = SystemNanoClock.INSTANCE;
            egress = new EgressAgent(config, new AeronReplyPaths(aeron), output, durableSequence, keys, control, marketData, counters, log,
                nanoClock, new OffsetEpochNanoClock(), operatorAccountId);
            final EventListener tap = config.durableEventTap();
            status = io.poolbook.gateway.status.NodeStatus.of(engine);
            final EventListener recorder = status.after(settlement);
            egress.durableEvents(null == tap ? recorder : (buffer, offset, length) ->
            {
                recorder.onEvent(buffer, offset, length);
                tap.onEvent(buffer, offset, length);
            });
            nonces = new NonceStore(config.dataDir());
            log.info("logon nonces of " + nonces.size() + " accounts loaded");
            ingress = new IngressAgent(config, input, recoveredSequence + 1, keys, nonces, journaler,
                control, counters, log, null == config.commandClock() ? new OffsetEpochNanoClock() : config.commandClock(),
                nanoClock);

            String endpoint = "";
            if (!config.ingressChannel().isEmpty())
            {
                final Subscription udp = aeron.addSubscription(
                    config.ingressChannel(), config.ingressStreamId(), null, ingress::onUnavailableImage);
                subscriptions.add(udp);
                endpoint = resolvedEndpoint(udp, compact ? driver : null);
                log.info("ingress " + config.ingressChannel() + " stream " + config.ingressStreamId() +
                    " (bound " + endpoint + ")");
            }
            if (config.ingressIpc())
            {
                subscriptions.add(aeron.addSubscription(
                    CommonContext.IPC_CHANNEL, config.ingressStreamId(), null, ingress::onUnavailableImage));
                log.info("ingress " + CommonContext.IPC_CHANNEL + " stream " + config.ingressStreamId());
            }
            ingressEndpoint = endpoint;
            ingress.subscriptions(subscriptions.toArray(new Subscription[0]));

            if (compact)
            {
                compactAgent = new CompactAgent(null == driver ? null : driver.sharedAgentInvoker(),
                    aeron.conductorAgentInvoker(), ingress, input, journaler, engineHandler, egress, this::onFatal);
                egressRunner = null;
                ingressRunner = null;
                nodeRunner = new AgentRunner(config.idleMode().newIdleStrategy(), this::onAgentError, null,
                    compactAgent);
                AgentRunner.startOnThread(nodeRunner);
            }
            else
            {
                compactAgent = null;
                nodeRunner = null;
                disruptor.start();
                egressRunner = new AgentRunner(config.idleMode().newIdleStrategy(), this::onAgentError, null, egress);
                ingressRunner = new AgentRunner(config.idleMode().newIdleStrategy(), this::onAgentError, null, ingress);
                AgentRunner.startOnThread(egressRunner);
                AgentRunner.startOnThread(ingressRunner);
            }
        }
        catch (final IOException ex)
        {
            CloseHelper.quietCloseAll(nonces, journal, counters, aeron, driver);
            throw new UncheckedIOException("cannot create data folder " + config.dataDir(), ex);
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.quietCloseAll(nonces, journal, counters, aeron, driver);
            throw ex;
        }
        this.driver = driver;
        this.aeron = aeron;
        this.counters = counters;
        this.journal = journal;
        this.nonces = nonces;
        log.info("node up: data " + config.dataDir().toAbsolutePath() + ", next sequence " + (recoveredSequence + 1) +
            ", layout " + config.layout().optionName() + " (rings " + config.inputRingSize() + " commands, " +
            config.outputRingSize() + " events), idle " + config.idleMode().optionName() + ", aeron dir " +
            config.aeronDir());
    }

    /**
     * Starts a node and logs to standard output.
     *
     * @param config settings.
     * @return the running node.
     */
    public static Node launch(final NodeConfig config)
    {
        return launch(config, NodeLog.stdout());
    }

    /**
     * Starts a node.
     *
     * @param config settings.
     * @param log    where the node says what happens.
     * @return the running node.
     */
    public static Node launch(final NodeConfig config, final NodeLog log)
    {
        return new Node(config, log);
    }

    private static MediaDriver.Context driverContext(final NodeConfig config, final boolean invoked)
    {
        final MediaDriver.Context context = new MediaDriver.Context()
            .aeronDirectoryName(config.aeronDir())
            .threadingMode(invoked ? ThreadingMode.INVOKER : config.threadingMode())
            .termBufferSparseFile(true)
            .publicationTermBufferLength(config.termLength())
            .ipcTermBufferLength(config.termLength())
            .sharedIdleStrategy(config.idleMode().newIdleStrategy())
            .conductorIdleStrategy(config.idleMode().newIdleStrategy())
            .senderIdleStrategy(config.idleMode().newIdleStrategy())
            .receiverIdleStrategy(config.idleMode().newIdleStrategy())
            .sharedNetworkIdleStrategy(config.idleMode().newIdleStrategy());
        config.driverCustomiser().accept(context);
        return context;
    }

    /** The node's journal settings, in the data folder's journal directory. */
    private static JournalConfig journalConfig(final NodeConfig config)
    {
        return config.journal().directory(config.dataDir().resolve(JOURNAL_DIR)).validate();
    }

    private static Publication[] marketDataPublications(final Aeron aeron, final NodeConfig config)
    {
        final List<Publication> publications = new ArrayList<>();
        if (!config.marketDataChannel().isEmpty())
        {
            publications.add(aeron.addExclusivePublication(config.marketDataChannel(), config.marketDataStreamId()));
        }
        if (config.marketDataIpc())
        {
            publications.add(aeron.addExclusivePublication(CommonContext.IPC_CHANNEL, config.marketDataStreamId()));
        }
        return publications.toArray(new Publication[0]);
    }

    private static String resolvedEndpoint(final Subscription subscription, final MediaDriver invokedDriver)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String endpoint = subscription.resolvedEndpoint();
        while (null == endpoint && System.nanoTime() < deadline)
        {
            if (null != invokedDriver)
            {
                invokedDriver.sharedAgentInvoker().invoke();
            }
            Thread.onSpinWait();
            endpoint = subscription.resolvedEndpoint();
        }
        return null == endpoint ? "" : endpoint;
    }

    /** The node's settings. */
    public NodeConfig config()
    {
        return config;
    }

    /** The node's counters. */
    public NodeCounters counters()
    {
        return counters;
    }

    /** The Aeron directory clients of this node's driver connect to. */
    public String aeronDirectoryName()
    {
        return config.aeronDir();
    }

    /** The UDP ingress address as bound (resolves a port 0), or empty for IPC only. */
    public String ingressEndpoint()
    {
        return ingressEndpoint;
    }

    /** Last journal sequence recovered at start-up (0 for a new journal). */
    public long recoveredSequence()
    {
        return recoveredSequence;
    }

    /** Last journal sequence made durable. */
    public long durableSequence()
    {
        return durableSequence.get();
    }

    /**
     * The engine. It belongs to the engine thread: read it only after {@link #close()} or while no input flows.
     */
    public Engine engine()
    {
        return engine;
    }

    /** Reference data (assets, markets, last batch) kept current from the durable events, for the status endpoint. */
    public io.poolbook.gateway.status.NodeStatus status()
    {
        return status;
    }

    /** The journal, timing its group commits for the metrics endpoint. */
    public TimedJournal timedJournal()
    {
        return journal;
    }

    /** Last sequence the ingress has given a command (at least {@link #durableSequence()}). */
    public long sequencedSequence()
    {
        return recoveredSequence + counters.commandsSequenced.get();
    }

    /** The market-data publisher (for tests: its mirror books). */
    public MarketDataPublisher marketData()
    {
        return marketData;
    }

    /**
     * True once the journal could not be written (a full disk): the node refuses new input and should be restarted
     * once the operator has freed space.
     */
    public boolean hasJournalFailed()
    {
        return journaler.hasFailed();
    }

    /** The first fatal error, or null. */
    public Throwable failure()
    {
        return failure.get();
    }

    /**
     * Sets what runs, on the failing thread, when the node meets a fatal error (such as waking the main thread).
     *
     * @param onFailure to run once.
     */
    public void onFailure(final Runnable onFailure)
    {
        this.onFailure = onFailure;
    }

    private void onAgentError(final Throwable ex)
    {
        log.error("agent error", ex);
    }

    private void onJournalFailure(final long sequence, final long durable, final RuntimeException cause)
    {
        counters.storageFailures.incrementRelease();
        log.error("journal write failed at sequence " + sequence + ": input through sequence " + durable +
            " is durable and kept; the node now refuses new input (STORAGE_UNAVAILABLE) and still delivers what is " +
            "durable. Free space or repair " + config.dataDir().resolve(JOURNAL_DIR).toAbsolutePath() +
            ", then restart the node: it recovers from the journal", cause);
    }

    private void onSettlementWriteFailure(final UncheckedIOException ex)
    {
        counters.storageFailures.incrementRelease();
        log.error(ex.getMessage(), ex.getCause());
    }

    private void onFatal(final Throwable ex)
    {
        if (failure.compareAndSet(null, ex))
        {
            log.error("fatal error, the node stops", ex);
            onFailure.run();
        }
    }

    /**
     * Stops the node: no new input; what is in the rings is journaled, applied and sent; then everything closes.
     */
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        log.info("node stopping");
        ingress.stopAccepting();
        if (null != compactAgent)
        {
            compactAgent.endSessions();
            final long inputDeadline = System.nanoTime() + DRAIN_TIMEOUT_NS;
            while (!compactAgent.isInputDrained() && System.nanoTime() < inputDeadline)
            {
                Thread.yield();
            }
            if (!compactAgent.isInputDrained())
            {
                log.warn("input ring did not drain in 5 s");
            }
        }
        else
        {
            CloseHelper.quietClose(ingressRunner);
            try
            {
                disruptor.shutdown(5, TimeUnit.SECONDS);
            }
            catch (final com.lmax.disruptor.TimeoutException ex)
            {
                log.warn("input ring did not drain in 5 s; halting");
                disruptor.halt();
            }
        }
        final long deadline = System.nanoTime() + DRAIN_TIMEOUT_NS;
        while (!egress.isDrained() && !(journaler.hasFailed() && egress.isHeldBack()) &&
            System.nanoTime() < deadline && null == failure.get())
        {
            Thread.yield();
        }
        CloseHelper.quietCloseAll(egressRunner, nodeRunner);
        CloseHelper.quietClose(snapshotter);
        final long lastSequence = durableSequence.get();
        CloseHelper.quietCloseAll(marketData);
        CloseHelper.quietCloseAll(subscriptions);
        CloseHelper.quietClose(journal);
        CloseHelper.quietCloseAll(nonces, counters, aeron, driver);
        log.info("node stopped at sequence " + lastSequence + " (" + (lastSequence - recoveredSequence) +
            " commands this run)");
    }

    private final class FatalHandler implements ExceptionHandler<InputSlot>
    {
        public void handleEventException(final Throwable ex, final long sequence, final InputSlot event)
        {
            onFatal(ex);
            throw new IllegalStateException("pipeline halted at sequence " + event.sequence(), ex);
        }

        public void handleOnStartException(final Throwable ex)
        {
            onFatal(ex);
        }

        public void handleOnShutdownException(final Throwable ex)
        {
            log.error("pipeline shutdown", ex);
        }
    }

    private static final class NamedThreads implements java.util.concurrent.ThreadFactory
    {
        private static final String[] NAMES = { "poolbook-journaler", "poolbook-engine" };
        private final AtomicInteger count = new AtomicInteger();

        public Thread newThread(final Runnable runnable)
        {
            final int index = count.getAndIncrement();
            final Thread thread = new Thread(runnable, index < NAMES.length ? NAMES[index] : "poolbook-ring-" + index);
            thread.setDaemon(true);
            return thread;
        }
    }
}
