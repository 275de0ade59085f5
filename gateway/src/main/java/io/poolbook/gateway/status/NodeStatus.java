package io.poolbook.gateway.status;

import io.poolbook.codecs.*;
import io.poolbook.engine.Engine;
import io.poolbook.engine.EventListener;
import io.poolbook.engine.account.Asset;
import io.poolbook.engine.market.Market;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What the node's reference data looks like now, for people and tools outside the node: assets, markets (with
 * their scales, so a CLI can turn {@code 3000.25} into engine units), pools, the account count and the last
 * settlement batch. Taken from the engine once at start-up (after the journal replay, before input flows), then
 * kept current from the durable event stream on the egress thread; read from any thread (the status endpoint).
 * Only reference-data events allocate here, never trading events, and nothing runs on the engine thread.
 */
public final class NodeStatus implements EventListener
{
    /** An asset as clients see it. */
    public record AssetInfo(int id, String symbol, int engineScale, int chainDecimals, String tokenAddress,
        int poolShareOf)
    {
    }

    /** A market's trading rules and state. */
    public record MarketInfo(int id, int baseAssetId, int quoteAssetId, long tickSize, long lotSize, long minQuantity,
        long maxQuantity, int makerFeeBps, int takerFeeBps, boolean halted, boolean pool, int poolFeeBps)
    {
        MarketInfo halted(final boolean halted)
        {
            return new MarketInfo(id, baseAssetId, quoteAssetId, tickSize, lotSize, minQuantity, maxQuantity,
                makerFeeBps, takerFeeBps, halted, pool, poolFeeBps);
        }

        MarketInfo withPool(final int feeBps)
        {
            return new MarketInfo(id, baseAssetId, quoteAssetId, tickSize, lotSize, minQuantity, maxQuantity,
                makerFeeBps, takerFeeBps, halted, true, feeBps);
        }
    }

    /** The last settlement batch cut. */
    public record BatchInfo(long index, long fromSequence, long toSequence, int deltaCount, long tradeCount,
        int poolCount, long inputSequence)
    {
    }

    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final HexFormat HEX = HexFormat.of();

    private final int operatorAccountId;
    private final ConcurrentSkipListMap<Integer, AssetInfo> assets = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<Integer, MarketInfo> markets = new ConcurrentSkipListMap<>();
    private volatile int accounts;
    private volatile BatchInfo lastBatch;
    private volatile long lastEventSequence;
    private final java.util.concurrent.atomic.AtomicLongArray rejects = new java.util.concurrent.atomic.AtomicLongArray(256);
    private final java.util.concurrent.atomic.AtomicLong trades = new java.util.concurrent.atomic.AtomicLong();

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AssetAddedDecoder assetAdded = new AssetAddedDecoder();
    private final MarketAddedDecoder marketAdded = new MarketAddedDecoder();
    private final PoolCreatedDecoder poolCreated = new PoolCreatedDecoder();
    private final MarketStatusChangedDecoder statusChanged = new MarketStatusChangedDecoder();
    private final SettlementBatchCutDecoder batchCut = new SettlementBatchCutDecoder();
    private final CommandRejectedDecoder commandRejected = new CommandRejectedDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final byte[] address = new byte[AssetAddedDecoder.tokenAddressLength()];

    private NodeStatus(final int operatorAccountId)
    {
        this.operatorAccountId = operatorAccountId;
    }

    /**
     * Reads the engine's reference data. Call on the thread that owns the engine, while no input flows.
     *
     * @param engine after replay.
     * @return the status, to be told every durable event from now on.
     */
    public static NodeStatus of(final Engine engine)
    {
        final NodeStatus status = new NodeStatus(engine.config().operatorAccountId());
        for (int i = 0; i < engine.assets().size(); i++)
        {
            final Asset asset = engine.assets().atIndex(i);
            status.assets.put(asset.id(), new AssetInfo(asset.id(), asset.symbol(), asset.engineScale(),
                asset.chainDecimals(), "0x" + HEX.formatHex(asset.tokenAddress()),
                asset.isPoolShare() ? asset.poolMarketId() : 0));
        }
        for (int i = 0; i < engine.markets().size(); i++)
        {
            final Market market = engine.markets().atIndex(i);
            status.markets.put(market.id(), new MarketInfo(market.id(), market.base().id(), market.quote().id(),
                market.tickSize(), market.lotSize(), market.minQuantity(), market.maxQuantity(),
                market.makerFeeBps(), market.takerFeeBps(), market.isHalted(), null != market.pool(),
                null != market.pool() ? market.pool().feeBasisPoints() : 0));
        }
        status.accounts = engine.accounts().size();
        status.lastEventSequence = engine.lastSequence();
        return status;
    }

    /**
     * A listener that gives each event to {@code first}, then to this status.
     *
     * @param first the listener that was there before (the settlement recorder).
     * @return both in one.
     */
    public EventListener after(final EventListener first)
    {
        return (buffer, offset, length) ->
        {
            first.onEvent(buffer, offset, length);
            onEvent(buffer, offset, length);
        };
    }

    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        final int body = offset + HEADER;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (header.templateId())
        {
            case FillDecoder.TEMPLATE_ID:
                fill.wrap(buffer, body, blockLength, version);
                if (LiquiditySource.MAKER != fill.liquidity())
                {
                    countTrade(); // one taker-side report per trade
                }
                break;
            case SwapDoneDecoder.TEMPLATE_ID:
                countTrade(); // a direct swap against a pool
                break;
            case CommandRejectedDecoder.TEMPLATE_ID:
                commandRejected.wrap(buffer, body, blockLength, version);
                final int reason = Math.min(commandRejected.reasonRaw(), rejects.length() - 1);
                rejects.setRelease(reason, rejects.getPlain(reason) + 1);
                break;
            case AssetAddedDecoder.TEMPLATE_ID:
                assetAdded.wrap(buffer, body, blockLength, version);
                assetAdded.getTokenAddress(address, 0, address.length);
                assets.put(assetAdded.assetId(), new AssetInfo(assetAdded.assetId(), assetAdded.symbol(),
                    assetAdded.engineScale(), assetAdded.chainDecimals(), "0x" + HEX.formatHex(address), 0));
                lastEventSequence = assetAdded.inputSequence();
                break;
            case MarketAddedDecoder.TEMPLATE_ID:
                marketAdded.wrap(buffer, body, blockLength, version);
                markets.put(marketAdded.marketId(), new MarketInfo(marketAdded.marketId(), marketAdded.baseAssetId(),
                    marketAdded.quoteAssetId(), marketAdded.tickSize(), marketAdded.lotSize(),
                    marketAdded.minQuantity(), marketAdded.maxQuantity(), marketAdded.makerFeeBps(),
                    marketAdded.takerFeeBps(), false, false, 0));
                lastEventSequence = marketAdded.inputSequence();
                break;
            case PoolCreatedDecoder.TEMPLATE_ID:
                poolCreated.wrap(buffer, body, blockLength, version);
                markets.computeIfPresent(poolCreated.marketId(), (id, market) -> market.withPool(poolCreated.feeBps()));
                lastEventSequence = poolCreated.inputSequence();
                break;
            case MarketStatusChangedDecoder.TEMPLATE_ID:
                statusChanged.wrap(buffer, body, blockLength, version);
                final boolean halted = MarketStatus.HALTED == statusChanged.status();
                markets.computeIfPresent(statusChanged.marketId(), (id, market) -> market.halted(halted));
                lastEventSequence = statusChanged.inputSequence();
                break;
            case AccountRegisteredDecoder.TEMPLATE_ID:
                accounts++; // one writer: the egress thread
                break;
            case SettlementBatchCutDecoder.TEMPLATE_ID:
                batchCut.wrap(buffer, body, blockLength, version);
                lastBatch = new BatchInfo(batchCut.batchIndex(), batchCut.fromSequence(), batchCut.toSequence(),
                    batchCut.deltaCount(), batchCut.tradeCount(), batchCut.poolCount(), batchCut.inputSequence());
                break;
            default:
                break;
        }
    }

    /** One writer (the egress thread): a release store, no locked read-modify-write on every fill. */
    private void countTrade()
    {
        trades.setRelease(trades.getPlain() + 1);
    }

    public int operatorAccountId()
    {
        return operatorAccountId;
    }

    /** Assets by id, pool shares included. */
    public List<AssetInfo> assets()
    {
        return new ArrayList<>(assets.values());
    }

    /** Markets by id. */
    public List<MarketInfo> markets()
    {
        return new ArrayList<>(markets.values());
    }

    /** Accounts the engine holds, its own fee account included. */
    public int accounts()
    {
        return accounts;
    }

    /** Commands the engine rejected for a reason since the node started. */
    public long engineRejects(final RejectReason reason)
    {
        return rejects.get(Math.min(reason.value(), rejects.length() - 1));
    }

    /** Trades since the node started: book and pool fills of orders, and direct pool swaps. */
    public long trades()
    {
        return trades.get();
    }

    /** The last batch cut, or null before the first. */
    public BatchInfo lastBatch()
    {
        return lastBatch;
    }
}
