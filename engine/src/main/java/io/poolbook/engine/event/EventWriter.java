package io.poolbook.engine.event;

import io.poolbook.codecs.*;
import io.poolbook.engine.EventListener;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Encodes the engine's events and hands each to the {@link EventListener}. One reusable buffer and one encoder
 * per event type: nothing is allocated per event. Every event is stamped with the sequence of the command being
 * processed; market-data events also take the next feed sequence, which is engine state (snapshotted), so a
 * replay numbers the feed identically.
 */
public final class EventWriter
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final EventListener listener;
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024));
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    private final OrderAcceptedEncoder orderAccepted = new OrderAcceptedEncoder();
    private final CommandRejectedEncoder commandRejected = new CommandRejectedEncoder();
    private final FillEncoder fill = new FillEncoder();
    private final OrderCancelledEncoder orderCancelled = new OrderCancelledEncoder();
    private final OrderAmendedEncoder orderAmended = new OrderAmendedEncoder();
    private final OrderExpiredEncoder orderExpired = new OrderExpiredEncoder();
    private final SwapDoneEncoder swapDone = new SwapDoneEncoder();
    private final LiquidityAddedEncoder liquidityAdded = new LiquidityAddedEncoder();
    private final LiquidityRemovedEncoder liquidityRemoved = new LiquidityRemovedEncoder();
    private final BalanceChangedEncoder balanceChanged = new BalanceChangedEncoder();
    private final SettlementBatchCutEncoder batchCut = new SettlementBatchCutEncoder();
    private final SettlementDeltaEncoder settlementDelta = new SettlementDeltaEncoder();
    private final SettlementPoolDeltaEncoder settlementPoolDelta = new SettlementPoolDeltaEncoder();
    private final CommandAcceptedEncoder commandAccepted = new CommandAcceptedEncoder();
    private final MarketStatusChangedEncoder marketStatusChanged = new MarketStatusChangedEncoder();
    private final AccountRegisteredEncoder accountRegistered = new AccountRegisteredEncoder();
    private final AssetAddedEncoder assetAdded = new AssetAddedEncoder();
    private final MarketAddedEncoder marketAdded = new MarketAddedEncoder();
    private final PoolCreatedEncoder poolCreated = new PoolCreatedEncoder();
    private final L2UpdateEncoder l2Update = new L2UpdateEncoder();
    private final PublicTradeEncoder publicTrade = new PublicTradeEncoder();
    private final PoolStateEncoder poolState = new PoolStateEncoder();

    private long inputSequence;
    private long timestamp;
    private long feedSequence;
    private long eventCount;

    public EventWriter(final EventListener listener)
    {
        this.listener = listener;
    }

    /** Stamps the events that follow with the command's sequence and time. */
    public void beginCommand(final long inputSequence, final long timestamp)
    {
        this.inputSequence = inputSequence;
        this.timestamp = timestamp;
    }

    public long inputSequence()
    {
        return inputSequence;
    }

    public long timestamp()
    {
        return timestamp;
    }

    /** The last feed sequence given to a market-data event. */
    public long feedSequence()
    {
        return feedSequence;
    }

    public void feedSequence(final long feedSequence)
    {
        this.feedSequence = feedSequence;
    }

    /** Events written since this writer was made; for statistics only. */
    public long eventCount()
    {
        return eventCount;
    }

    private void emit(final int bodyLength)
    {
        eventCount++;
        listener.onEvent(buffer, 0, HEADER + bodyLength);
    }

    public void orderAccepted(
        final int accountId,
        final int marketId,
        final long orderId,
        final long clientOrderId,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final long price,
        final long quantity)
    {
        orderAccepted.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(inputSequence)
            .accountId(accountId)
            .marketId(marketId)
            .orderId(orderId)
            .clientOrderId(clientOrderId)
            .side(side)
            .orderType(orderType)
            .timeInForce(timeInForce)
            .price(price)
            .quantity(quantity);
        emit(orderAccepted.encodedLength());
    }

    public void commandRejected(
        final int accountId,
        final int refTemplateId,
        final RejectReason reason,
        final long clientId,
        final int marketId,
        final long orderId)
    {
        commandRejected.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(inputSequence)
            .accountId(accountId)
            .refTemplateId(refTemplateId)
            .reason(reason)
            .clientId(clientId)
            .marketId(marketId)
            .orderId(orderId);
        emit(commandRejected.encodedLength());
    }

    public void fill(
        final long tradeId,
        final int accountId,
        final int marketId,
        final long orderId,
        final long clientOrderId,
        final Side side,
        final LiquiditySource liquidity,
        final long price,
        final long quantity,
        final long quoteAmount,
        final long fee,
        final long leavesQuantity)
    {
        fill.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(inputSequence)
            .timestamp(timestamp)
            .tradeId(tradeId)
            .accountId(accountId)
            .marketId(marketId)
            .orderId(orderId)
            .clientOrderId(clientOrderId)
            .side(side)
            .liquidity(liquidity)
            .price(price)
            .quantity(quantity)
            .quoteAmount(quoteAmount)
            .fee(fee)
            .leavesQuantity(leavesQuantity);
        emit(fill.encodedLength());
    }

    public void orderCancelled(
        final int accountId,
        final int marketId,
        final long orderId,
        final long clientOrderId,
        final long cancelledQuantity,
        final CancelReason reason)
    {
        orderCancelled.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(inputSequence)
            .accountId(accountId)
            .marketId(marketId)
            .orderId(orderId)
            .clientOrderId(clientOrderId)
            .cancelledQuantity(cancelledQuantity)
            .reason(reason);
        emit(orderCancelled.encodedLength());
    }

    public void orderAmended(
        final int accountId,
        final int marketId,
        final long orderId,
        final long clientOrderId,
        final long price,
        final long quantity,
        final boolean keptPriority)
    {
        orderAmended.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(inputSequence)
            .accountId(accountId)
            .marketId(marketId)
            .orderId(orderId)
            .clientOrderId(clientOrderId)
            .price(price)
            .quantity(quantity)
            .keptPriority(keptPriority ? BooleanType.TRUE : BooleanType.FALSE);
        emit(orderAmended.encodedLength());
    }

    public void orderExpired(
        final int accountId, final int marketId, final long orderId, final long clientOrderId, final long quantity)
    {
        orderExpired.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(inputSequence)
            .accountId(accountId)
            .marketId(marketId)
            .orderId(orderId)
            .clientOrderId(clientOrderId)
            .expiredQuantity(quantity);
        emit(orderExpired.encodedLength());
    }

    public void swapDone(
        final int accountId,
        final int marketId,
        final long clientOrderId,
        final Side side,
        final long amountIn,
        final long amountOut,
        final long poolFee)
    {
        swapDone.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(inputSequence)
            .accountId(accountId)
            .marketId(marketId)
            .clientOrderId(clientOrderId)
            .side(side)
            .amountIn(amountIn)
            .amountOut(amountOut)
            .poolFee(poolFee);
        emit(swapDone.encodedLength());
    }

    public void liquidityAdded(
        final int accountId,
        final int marketId,
        final long clientOrderId,
        final long baseAmount,
        final long quoteAmount,
        final long shares)
    {
        liquidityAdded.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(inputSequence)
            .accountId(accountId)
            .marketId(marketId)
            .clientOrderId(clientOrderId)
            .baseAmount(baseAmount)
            .quoteAmount(quoteAmount)
            .shares(shares);
        emit(liquidityAdded.encodedLength());
    }

    public void liquidityRemoved(
        final int accountId,
        final int marketId,
        final long clientOrderId,
        final long baseAmount,
        final long quoteAmount,
        final long shares)
    {
        liquidityRemoved.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(inputSequence)
            .accountId(accountId)
            .marketId(marketId)
            .clientOrderId(clientOrderId)
            .baseAmount(baseAmount)
            .quoteAmount(quoteAmount)
            .shares(shares);
        emit(liquidityRemoved.encodedLength());
    }

    public void balanceChanged(final int accountId, final int assetId, final long available, final long locked)
    {
        balanceChanged.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(inputSequence)
            .accountId(accountId)
            .assetId(assetId)
            .available(available)
            .locked(locked);
        emit(balanceChanged.encodedLength());
    }

    public void settlementBatchCut(
        final long batchIndex,
        final long fromSequence,
        final long toSequence,
        final int deltaCount,
        final int poolCount,
        final long tradeCount,
        final long stateHash)
    {
        batchCut.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(inputSequence)
            .batchIndex(batchIndex)
            .fromSequence(fromSequence)
            .toSequence(toSequence)
            .deltaCount(deltaCount)
            .tradeCount(tradeCount)
            .poolCount(poolCount)
            .stateHash(stateHash);
        emit(batchCut.encodedLength());
    }

    public void settlementDelta(
        final long batchIndex, final int accountId, final int assetId, final long delta, final long withdrawn)
    {
        settlementDelta.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(inputSequence)
            .batchIndex(batchIndex)
            .accountId(accountId)
            .assetId(assetId)
            .delta(delta)
            .withdrawn(withdrawn);
        emit(settlementDelta.encodedLength());
    }

    public void settlementPoolDelta(
        final long batchIndex, final int marketId, final long baseDelta, final long quoteDelta, final long sharesDelta)
    {
        settlementPoolDelta.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(inputSequence)
            .batchIndex(batchIndex)
            .marketId(marketId)
            .baseReserveDelta(baseDelta)
            .quoteReserveDelta(quoteDelta)
            .sharesDelta(sharesDelta);
        emit(settlementPoolDelta.encodedLength());
    }

    public void commandAccepted(final int accountId, final int refTemplateId, final long clientId)
    {
        commandAccepted.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(inputSequence)
            .accountId(accountId)
            .refTemplateId(refTemplateId)
            .clientId(clientId);
        emit(commandAccepted.encodedLength());
    }

    public void accountRegistered(final int accountId, final byte[] publicKey, final byte[] chainAddress)
    {
        accountRegistered.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(inputSequence)
            .accountId(accountId)
            .putPublicKey(publicKey, 0, publicKey.length)
            .putChainAddress(chainAddress, 0, chainAddress.length);
        emit(accountRegistered.encodedLength());
    }

    public void assetAdded(
        final int assetId,
        final int engineScale,
        final int chainDecimals,
        final String symbol,
        final byte[] tokenAddress)
    {
        assetAdded.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(inputSequence)
            .assetId(assetId)
            .engineScale((short)engineScale)
            .chainDecimals((short)chainDecimals)
            .symbol(symbol)
            .putTokenAddress(tokenAddress, 0, tokenAddress.length);
        emit(assetAdded.encodedLength());
    }

    public void marketAdded(
        final int marketId,
        final int baseAssetId,
        final int quoteAssetId,
        final long tickSize,
        final long lotSize,
        final long minQuantity,
        final long maxQuantity,
        final int makerFeeBps,
        final int takerFeeBps)
    {
        marketAdded.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(inputSequence)
            .marketId(marketId)
            .baseAssetId(baseAssetId)
            .quoteAssetId(quoteAssetId)
            .tickSize(tickSize)
            .lotSize(lotSize)
            .minQuantity(minQuantity)
            .maxQuantity(maxQuantity)
            .makerFeeBps(makerFeeBps)
            .takerFeeBps(takerFeeBps);
        emit(marketAdded.encodedLength());
    }

    public void poolCreated(final int marketId, final int feeBps, final boolean protocolFee, final int shareAssetId)
    {
        poolCreated.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(inputSequence)
            .marketId(marketId)
            .feeBps(feeBps)
            .protocolFee(protocolFee ? BooleanType.TRUE : BooleanType.FALSE)
            .shareAssetId(shareAssetId);
        emit(poolCreated.encodedLength());
    }

    public void marketStatusChanged(final int marketId, final MarketStatus status)
    {
        marketStatusChanged.wrapAndApplyHeader(buffer, 0, header)
            .inputSequence(inputSequence)
            .marketId(marketId)
            .status(status);
        emit(marketStatusChanged.encodedLength());
    }

    public void l2Update(final int marketId, final Side side, final long price, final long quantity, final int orderCount)
    {
        l2Update.wrapAndApplyHeader(buffer, 0, header)
            .feedSequence(++feedSequence)
            .inputSequence(inputSequence)
            .marketId(marketId)
            .side(side)
            .price(price)
            .quantity(quantity)
            .orderCount(orderCount);
        emit(l2Update.encodedLength());
    }

    public void publicTrade(
        final long tradeId,
        final int marketId,
        final Side takerSide,
        final TradeSource source,
        final long price,
        final long quantity,
        final long quoteAmount)
    {
        publicTrade.wrapAndApplyHeader(buffer, 0, header)
            .feedSequence(++feedSequence)
            .inputSequence(inputSequence)
            .timestamp(timestamp)
            .tradeId(tradeId)
            .marketId(marketId)
            .takerSide(takerSide)
            .source(source)
            .price(price)
            .quantity(quantity)
            .quoteAmount(quoteAmount);
        emit(publicTrade.encodedLength());
    }

    public void poolState(
        final int marketId, final long baseReserve, final long quoteReserve, final long totalShares, final int feeBps)
    {
        poolState.wrapAndApplyHeader(buffer, 0, header)
            .feedSequence(++feedSequence)
            .inputSequence(inputSequence)
            .marketId(marketId)
            .baseReserve(baseReserve)
            .quoteReserve(quoteReserve)
            .totalShares(totalShares)
            .feeBps(feeBps);
        emit(poolState.encodedLength());
    }
}
