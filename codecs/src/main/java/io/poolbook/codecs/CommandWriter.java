package io.poolbook.codecs;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Encodes commands into one reusable buffer, a method per command, each returning the encoded length; the bytes
 * are at offset 0 of {@link #buffer()} until the next call. Shared by the client library, the load generator,
 * benchmarks and tests, so every producer of commands writes them the same way. Allocation-free.
 */
public final class CommandWriter
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final MutableDirectBuffer buffer;
    private final int offset;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final NewOrderEncoder newOrder = new NewOrderEncoder();
    private final CancelOrderEncoder cancelOrder = new CancelOrderEncoder();
    private final CancelByClientOrderIdEncoder cancelByClientOrderId = new CancelByClientOrderIdEncoder();
    private final AmendOrderEncoder amendOrder = new AmendOrderEncoder();
    private final MassCancelEncoder massCancel = new MassCancelEncoder();
    private final QuoteEncoder quote = new QuoteEncoder();
    private final CancelOnDisconnectEncoder cancelOnDisconnect = new CancelOnDisconnectEncoder();
    private final SwapEncoder swap = new SwapEncoder();
    private final AddLiquidityEncoder addLiquidity = new AddLiquidityEncoder();
    private final RemoveLiquidityEncoder removeLiquidity = new RemoveLiquidityEncoder();
    private final WithdrawEncoder withdraw = new WithdrawEncoder();
    private final AddAssetEncoder addAsset = new AddAssetEncoder();
    private final AddMarketEncoder addMarket = new AddMarketEncoder();
    private final CreatePoolEncoder createPool = new CreatePoolEncoder();
    private final RegisterAccountEncoder registerAccount = new RegisterAccountEncoder();
    private final DepositEncoder deposit = new DepositEncoder();
    private final HaltMarketEncoder haltMarket = new HaltMarketEncoder();
    private final ResumeMarketEncoder resumeMarket = new ResumeMarketEncoder();
    private final CutSettlementBatchEncoder cutSettlementBatch = new CutSettlementBatchEncoder();

    /** A writer with a buffer of its own. */
    public CommandWriter()
    {
        this(new UnsafeBuffer(ByteBuffer.allocateDirect(1024)), 0);
    }

    /**
     * A writer into a caller's buffer, e.g. a claimed slot of a ring or publication.
     *
     * @param buffer to write into.
     * @param offset where each command starts.
     */
    public CommandWriter(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
    }

    /** The buffer commands are written to, from {@link #offset()}. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    public int offset()
    {
        return offset;
    }

    public int newOrder(
        final int accountId,
        final long clientOrderId,
        final int marketId,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final SelfTradePrevention selfTradePrevention,
        final long price,
        final long quantity,
        final long quoteBudget)
    {
        newOrder.wrapAndApplyHeader(buffer, offset, header)
            .accountId(accountId)
            .clientOrderId(clientOrderId)
            .marketId(marketId)
            .side(side)
            .orderType(orderType)
            .timeInForce(timeInForce)
            .selfTradePrevention(selfTradePrevention)
            .price(price)
            .quantity(quantity)
            .quoteBudget(quoteBudget);
        return HEADER + newOrder.encodedLength();
    }

    /** A limit order with good-till-cancel and cancel-taker self-trade prevention. */
    public int limit(
        final int accountId, final long clientOrderId, final int marketId, final Side side, final long price,
        final long quantity)
    {
        return newOrder(accountId, clientOrderId, marketId, side, OrderType.LIMIT, TimeInForce.GTC,
            SelfTradePrevention.CANCEL_TAKER, price, quantity, 0);
    }

    public int cancelOrder(final int accountId, final int marketId, final long orderId)
    {
        cancelOrder.wrapAndApplyHeader(buffer, offset, header).accountId(accountId).marketId(marketId).orderId(orderId);
        return HEADER + cancelOrder.encodedLength();
    }

    public int cancelByClientOrderId(final int accountId, final int marketId, final long clientOrderId)
    {
        cancelByClientOrderId.wrapAndApplyHeader(buffer, offset, header)
            .accountId(accountId).marketId(marketId).clientOrderId(clientOrderId);
        return HEADER + cancelByClientOrderId.encodedLength();
    }

    /** Amends price and/or quantity; 0 keeps a value. */
    public int amendOrder(final int accountId, final int marketId, final long orderId, final long price, final long quantity)
    {
        amendOrder.wrapAndApplyHeader(buffer, offset, header)
            .accountId(accountId).marketId(marketId).orderId(orderId).price(price).quantity(quantity);
        return HEADER + amendOrder.encodedLength();
    }

    /** Cancels the account's orders in one market, or in every market for {@link #ALL_MARKETS}. */
    public int massCancel(final int accountId, final int marketId)
    {
        massCancel.wrapAndApplyHeader(buffer, offset, header).accountId(accountId).marketId(marketId);
        return HEADER + massCancel.encodedLength();
    }

    /** Market id meaning "every market" in a mass cancel. */
    public static final int ALL_MARKETS = MassCancelEncoder.marketIdNullValue();

    public int quote(
        final int accountId,
        final long clientQuoteId,
        final int marketId,
        final long bidPrice,
        final long bidQuantity,
        final long askPrice,
        final long askQuantity)
    {
        quote.wrapAndApplyHeader(buffer, offset, header)
            .accountId(accountId)
            .clientQuoteId(clientQuoteId)
            .marketId(marketId)
            .bidPrice(bidPrice)
            .bidQuantity(bidQuantity)
            .askPrice(askPrice)
            .askQuantity(askQuantity);
        return HEADER + quote.encodedLength();
    }

    public int cancelOnDisconnect(final int accountId, final long sessionId)
    {
        cancelOnDisconnect.wrapAndApplyHeader(buffer, offset, header).accountId(accountId).sessionId(sessionId);
        return HEADER + cancelOnDisconnect.encodedLength();
    }

    public int swap(
        final int accountId,
        final long clientOrderId,
        final int marketId,
        final Side side,
        final long amountIn,
        final long minAmountOut)
    {
        swap.wrapAndApplyHeader(buffer, offset, header)
            .accountId(accountId)
            .clientOrderId(clientOrderId)
            .marketId(marketId)
            .side(side)
            .amountIn(amountIn)
            .minAmountOut(minAmountOut);
        return HEADER + swap.encodedLength();
    }

    public int addLiquidity(
        final int accountId,
        final long clientOrderId,
        final int marketId,
        final long maxBaseAmount,
        final long maxQuoteAmount,
        final long minShares)
    {
        addLiquidity.wrapAndApplyHeader(buffer, offset, header)
            .accountId(accountId)
            .clientOrderId(clientOrderId)
            .marketId(marketId)
            .maxBaseAmount(maxBaseAmount)
            .maxQuoteAmount(maxQuoteAmount)
            .minShares(minShares);
        return HEADER + addLiquidity.encodedLength();
    }

    public int removeLiquidity(
        final int accountId,
        final long clientOrderId,
        final int marketId,
        final long shares,
        final long minBaseAmount,
        final long minQuoteAmount)
    {
        removeLiquidity.wrapAndApplyHeader(buffer, offset, header)
            .accountId(accountId)
            .clientOrderId(clientOrderId)
            .marketId(marketId)
            .shares(shares)
            .minBaseAmount(minBaseAmount)
            .minQuoteAmount(minQuoteAmount);
        return HEADER + removeLiquidity.encodedLength();
    }

    public int withdraw(final int accountId, final long clientRequestId, final int assetId, final long amount)
    {
        withdraw.wrapAndApplyHeader(buffer, offset, header)
            .accountId(accountId).clientRequestId(clientRequestId).assetId(assetId).amount(amount);
        return HEADER + withdraw.encodedLength();
    }

    public int addAsset(
        final int operatorId,
        final int assetId,
        final String symbol,
        final int engineScale,
        final int chainDecimals,
        final byte[] tokenAddress)
    {
        addAsset.wrapAndApplyHeader(buffer, offset, header)
            .accountId(operatorId)
            .assetId(assetId)
            .engineScale((short)engineScale)
            .chainDecimals((short)chainDecimals)
            .symbol(symbol)
            .putTokenAddress(tokenAddress, 0, AddAssetEncoder.tokenAddressLength());
        return HEADER + addAsset.encodedLength();
    }

    public int addMarket(
        final int operatorId,
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
        addMarket.wrapAndApplyHeader(buffer, offset, header)
            .accountId(operatorId)
            .marketId(marketId)
            .baseAssetId(baseAssetId)
            .quoteAssetId(quoteAssetId)
            .tickSize(tickSize)
            .lotSize(lotSize)
            .minQuantity(minQuantity)
            .maxQuantity(maxQuantity)
            .makerFeeBps(makerFeeBps)
            .takerFeeBps(takerFeeBps);
        return HEADER + addMarket.encodedLength();
    }

    public int createPool(final int operatorId, final int marketId, final int feeBps, final boolean protocolFee)
    {
        createPool.wrapAndApplyHeader(buffer, offset, header)
            .accountId(operatorId)
            .marketId(marketId)
            .feeBps(feeBps)
            .protocolFee(protocolFee ? BooleanType.TRUE : BooleanType.FALSE);
        return HEADER + createPool.encodedLength();
    }

    public int registerAccount(
        final int operatorId, final int newAccountId, final byte[] publicKey, final byte[] chainAddress)
    {
        registerAccount.wrapAndApplyHeader(buffer, offset, header)
            .accountId(operatorId)
            .newAccountId(newAccountId)
            .putPublicKey(publicKey, 0, RegisterAccountEncoder.publicKeyLength())
            .putChainAddress(chainAddress, 0, RegisterAccountEncoder.chainAddressLength());
        return HEADER + registerAccount.encodedLength();
    }

    public int deposit(
        final int operatorId, final int targetAccountId, final int assetId, final long amount, final byte[] chainReference)
    {
        deposit.wrapAndApplyHeader(buffer, offset, header)
            .accountId(operatorId)
            .targetAccountId(targetAccountId)
            .assetId(assetId)
            .amount(amount)
            .putChainReference(chainReference, 0, DepositEncoder.chainReferenceLength());
        return HEADER + deposit.encodedLength();
    }

    public int haltMarket(final int operatorId, final int marketId)
    {
        haltMarket.wrapAndApplyHeader(buffer, offset, header).accountId(operatorId).marketId(marketId);
        return HEADER + haltMarket.encodedLength();
    }

    public int resumeMarket(final int operatorId, final int marketId)
    {
        resumeMarket.wrapAndApplyHeader(buffer, offset, header).accountId(operatorId).marketId(marketId);
        return HEADER + resumeMarket.encodedLength();
    }

    public int cutSettlementBatch(final int operatorId)
    {
        cutSettlementBatch.wrapAndApplyHeader(buffer, offset, header).accountId(operatorId);
        return HEADER + cutSettlementBatch.encodedLength();
    }
}
