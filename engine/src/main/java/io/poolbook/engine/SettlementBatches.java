package io.poolbook.engine;

import io.poolbook.engine.account.Ledger;
import io.poolbook.engine.event.EventWriter;

/**
 * Cuts settlement batches deterministically: on the operator's command, and after every
 * {@link EngineConfig#batchCommands()} commands or {@link EngineConfig#batchNanos()} of journal time when set.
 * A cut emits {@code SettlementBatchCut}, then the batch's account changes ({@code SettlementDelta}: net trading
 * delta and amount withdrawn, sorted by account then asset) and pool deltas ({@code SettlementPoolDelta}, sorted by market), and starts the next batch.
 * Empty batches are cut too when asked for, so batch indexes follow the operator's commands one for one.
 */
public final class SettlementBatches
{
    private final EngineConfig config;
    private final Ledger ledger;
    private final EventWriter events;

    private long batchIndex;
    private long fromSequence = 1;
    private long startTimestamp = Long.MIN_VALUE;
    private long commandsInBatch;
    private long tradeIdAtStart;

    private long poolBase;
    private long poolQuote;
    private long poolShares;
    private int poolMarketId = -1;
    private int poolCount;

    SettlementBatches(final EngineConfig config, final Ledger ledger, final EventWriter events)
    {
        this.config = config;
        this.ledger = ledger;
        this.events = events;
    }

    void onCommandStart(final long sequence, final long timestamp)
    {
        if (startTimestamp == Long.MIN_VALUE)
        {
            startTimestamp = timestamp;
        }
        commandsInBatch++;
    }

    void onCommandEnd(final Engine engine)
    {
        final boolean byCount = config.batchCommands() > 0 && commandsInBatch >= config.batchCommands();
        final boolean byTime = config.batchNanos() > 0 && events.timestamp() - startTimestamp >= config.batchNanos();
        if (byCount || byTime)
        {
            cut(engine);
        }
    }

    /** Index the next batch cut will have; batches count from 0. */
    public long batchIndex()
    {
        return batchIndex;
    }

    public long fromSequence()
    {
        return fromSequence;
    }

    public long startTimestamp()
    {
        return startTimestamp;
    }

    public long commandsInBatch()
    {
        return commandsInBatch;
    }

    public long tradeIdAtStart()
    {
        return tradeIdAtStart;
    }

    /** Restores the open batch's position from a snapshot. */
    public void restore(
        final long batchIndex,
        final long fromSequence,
        final long startTimestamp,
        final long commandsInBatch,
        final long tradeIdAtStart)
    {
        this.batchIndex = batchIndex;
        this.fromSequence = fromSequence;
        this.startTimestamp = startTimestamp;
        this.commandsInBatch = commandsInBatch;
        this.tradeIdAtStart = tradeIdAtStart;
    }

    void cut(final Engine engine)
    {
        final long toSequence = events.inputSequence();
        final long lastTradeId = engine.trading().lastTradeId();
        final int deltaCount = ledger.forEachBatchDelta((accountId, assetId, delta, withdrawn) -> { });
        final int poolCount = countPools();

        events.settlementBatchCut(batchIndex, fromSequence, toSequence, deltaCount, poolCount,
            lastTradeId - tradeIdAtStart, engine.stateHash());
        ledger.forEachBatchDelta(this::onDelta);
        ledger.forEachBatchPoolDelta(this::onPoolDelta);
        flushPool();
        ledger.clearBatch();

        batchIndex++;
        fromSequence = toSequence + 1;
        startTimestamp = events.timestamp();
        commandsInBatch = 0;
        tradeIdAtStart = lastTradeId;
    }

    private void onDelta(final int accountId, final int assetId, final long delta, final long withdrawn)
    {
        events.settlementDelta(batchIndex, accountId, assetId, delta, withdrawn);
    }

    private int countPools()
    {
        poolMarketId = -1;
        poolCount = 0;
        ledger.forEachBatchPoolDelta(this::countPool);
        poolMarketId = -1;
        return poolCount;
    }

    private void countPool(final int marketId, final int component, final long delta)
    {
        if (marketId != poolMarketId)
        {
            poolMarketId = marketId;
            poolCount++;
        }
    }

    private void onPoolDelta(final int marketId, final int component, final long delta)
    {
        if (marketId != poolMarketId)
        {
            flushPool();
            poolMarketId = marketId;
        }
        switch (component)
        {
            case 0: poolBase = delta; break;
            case 1: poolQuote = delta; break;
            default: poolShares = delta; break;
        }
    }

    private void flushPool()
    {
        if (poolMarketId >= 0)
        {
            events.settlementPoolDelta(batchIndex, poolMarketId, poolBase, poolQuote, poolShares);
        }
        poolMarketId = -1;
        poolBase = 0;
        poolQuote = 0;
        poolShares = 0;
    }
}
