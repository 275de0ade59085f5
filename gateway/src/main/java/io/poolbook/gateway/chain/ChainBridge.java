package io.poolbook.gateway.chain;

import io.aeron.Aeron;
import org.agrona.CloseHelper;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Connects a node to its settlement contract on an Ethereum chain, beside the node and never on the engine's
 * thread: a deposit thread ({@link DepositWatcher}: {@code Deposited} events, once confirmed, become Deposit commands
 * over an operator session) and a batch thread ({@link BatchSubmitter}: durable batches become {@code settleBatch}
 * transactions, in order). Each thread retries with doubling back-off while the RPC is down or a call fails; the
 * node keeps trading meanwhile and the bridge catches up. Its state lives in the data folder's {@code chain/}
 * cursors, the journal and the contract, so the bridge can be killed at any instant and restarted.
 */
public final class ChainBridge implements AutoCloseable
{
    private final BridgeConfig config;
    private final Consumer<String> log;
    private final Aeron aeron;
    private final OperatorSession session;
    private final DepositWatcher deposits;
    private final BatchSubmitter batches;
    private final Thread depositThread;
    private final Thread batchThread;
    private volatile boolean running = true;
    private volatile String lastError;
    private volatile Throwable crash;

    private ChainBridge(final BridgeConfig config, final Consumer<String> log)
    {
        config.validate();
        this.config = config;
        this.log = log;
        final EthRpc rpc = new EthRpc(config.rpcUrl(), config.rpcTimeoutMs());
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(config.aeronDir()));
        try
        {
            session = new OperatorSession(aeron, config.client(), config.operatorAccountId(),
                config.operatorNodeKey(), config.rpcTimeoutMs());
            deposits = new DepositWatcher(config, rpc, new JournalIndex(config.dataDir().resolve("journal")),
                session, log);
            batches = new BatchSubmitter(config, rpc, log);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(aeron);
            throw ex;
        }
        depositThread = new Thread(() -> loop("deposits", deposits::poll), "poolbook-bridge-deposits");
        batchThread = new Thread(() -> loop("batches", batches::poll), "poolbook-bridge-batches");
    }

    /**
     * Starts a bridge.
     *
     * @param config settings.
     * @param log    receives one line per thing that happened.
     * @return the running bridge.
     * @throws IllegalArgumentException for a bad setting; {@link ChainRpcException} if the RPC is down at start.
     */
    public static ChainBridge start(final BridgeConfig config, final Consumer<String> log)
    {
        final ChainBridge bridge = new ChainBridge(config, log);
        log.accept("bridge: contract " + io.poolbook.replay.settlement.Hex.toHex(config.contract()) + " on " +
            config.rpcUrl() + ", operator " + io.poolbook.replay.settlement.Hex.toHex(config.operatorEthKey().address()) +
            ", " + config.confirmations() + " confirmations, deposits from block " + bridge.deposits.nextBlock());
        bridge.depositThread.start();
        bridge.batchThread.start();
        return bridge;
    }

    /** @return deposits credited by this run. */
    public long depositsCredited()
    {
        return deposits.credited();
    }

    /** @return deposits not credited by this run (unknown account or token, fractional, rejected). */
    public long depositsSkipped()
    {
        return deposits.skipped();
    }

    /** @return batches this run posted and saw accepted. */
    public long batchesPosted()
    {
        return batches.posted();
    }

    /** @return the contract's {@code nextIndex} as last read, -1 before. */
    public long chainNextIndex()
    {
        return batches.chainNextIndex();
    }

    /** @return a reorg deeper than the confirmations, if one was seen. */
    public String reorg()
    {
        return deposits.reorg();
    }

    /** @return a batch that does not chain onto the contract, if one was seen. */
    public String batchMismatch()
    {
        return batches.mismatch();
    }

    /** @return the last error a thread retried after, or null. */
    public String lastError()
    {
        return lastError;
    }

    /** @return whether a thread died (a simulated crash in tests). */
    public boolean crashed()
    {
        return null != crash;
    }

    /** Stops both threads and the operator session. */
    public void close()
    {
        running = false;
        join(depositThread);
        join(batchThread);
        if (null == crash)
        {
            CloseHelper.quietClose(session);
        }
        CloseHelper.quietClose(aeron);
    }

    private void loop(final String name, final BooleanSupplier poll)
    {
        long backoffMs = 0;
        while (running)
        {
            boolean worked;
            try
            {
                worked = poll.getAsBoolean();
                if (backoffMs > 0)
                {
                    log.accept("bridge: " + name + " recovered");
                }
                backoffMs = 0;
            }
            catch (final BridgeFaults.Crash ex)
            {
                crash = ex;
                log.accept("bridge: " + name + " thread killed: " + ex.getMessage());
                running = false;
                return;
            }
            catch (final RuntimeException ex)
            {
                backoffMs = 0 == backoffMs ? config.pollIntervalMs() : Math.min(config.maxBackoffMs(), backoffMs * 2);
                final String error = ex.getMessage();
                if (!error.equals(lastError))
                {
                    log.accept("bridge: " + name + ": " + error + " (retrying with back-off up to " +
                        config.maxBackoffMs() + " ms)");
                }
                lastError = error;
                sleep(backoffMs);
                continue;
            }
            if (!worked)
            {
                sleep(config.pollIntervalMs());
            }
        }
    }

    private void sleep(final long ms)
    {
        final long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (running && System.nanoTime() < until)
        {
            try
            {
                Thread.sleep(Math.min(50, ms));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void join(final Thread thread)
    {
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
