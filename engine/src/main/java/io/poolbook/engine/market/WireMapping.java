package io.poolbook.engine.market;

import io.poolbook.amm.PoolReject;
import io.poolbook.codecs.CancelReason;
import io.poolbook.codecs.OrderType;
import io.poolbook.codecs.RejectReason;
import io.poolbook.codecs.TimeInForce;
import io.poolbook.orderbook.OrderBookReject;
import io.poolbook.orderbook.SelfTradePrevention;
import io.poolbook.orderbook.Side;

/**
 * The wire protocol's enums and raw fields to the order book's and pool's types, and their outcomes back to the
 * wire's reasons. One place for the mapping, so trading code speaks the book's language and the protocol can
 * change its codes without touching it. An unknown raw value maps to {@code null}, which the caller rejects.
 */
final class WireMapping
{
    private WireMapping()
    {
    }

    static Side side(final short raw)
    {
        return raw == 0 ? Side.BUY : raw == 1 ? Side.SELL : null;
    }

    static io.poolbook.codecs.Side wireSide(final boolean buy)
    {
        return buy ? io.poolbook.codecs.Side.BUY : io.poolbook.codecs.Side.SELL;
    }

    static OrderType orderType(final short raw)
    {
        return raw == 0 ? OrderType.LIMIT : raw == 1 ? OrderType.MARKET : null;
    }

    static TimeInForce timeInForce(final short raw)
    {
        switch (raw)
        {
            case 0: return TimeInForce.GTC;
            case 1: return TimeInForce.IOC;
            case 2: return TimeInForce.FOK;
            case 3: return TimeInForce.POST_ONLY;
            case 4: return TimeInForce.POST_ONLY_SLIDE;
            default: return null;
        }
    }

    static SelfTradePrevention selfTradePrevention(final short raw)
    {
        switch (raw)
        {
            case 0: return SelfTradePrevention.CANCEL_TAKER;
            case 1: return SelfTradePrevention.CANCEL_RESTING;
            case 2: return SelfTradePrevention.CANCEL_BOTH;
            case 3: return SelfTradePrevention.DECREMENT_AND_CANCEL;
            default: return null;
        }
    }

    static boolean isPostOnly(final TimeInForce timeInForce)
    {
        return timeInForce == TimeInForce.POST_ONLY || timeInForce == TimeInForce.POST_ONLY_SLIDE;
    }

    /** The book's order type for a limit order with this time in force. */
    static io.poolbook.orderbook.OrderType bookOrderType(final TimeInForce timeInForce)
    {
        switch (timeInForce)
        {
            case IOC: return io.poolbook.orderbook.OrderType.IOC;
            case FOK: return io.poolbook.orderbook.OrderType.FOK;
            case POST_ONLY: return io.poolbook.orderbook.OrderType.POST_ONLY;
            case POST_ONLY_SLIDE: return io.poolbook.orderbook.OrderType.POST_ONLY_SLIDE;
            default: return io.poolbook.orderbook.OrderType.LIMIT;
        }
    }

    static RejectReason rejectReason(final OrderBookReject reject)
    {
        switch (reject)
        {
            case INVALID_ORDER_TYPE: return RejectReason.INVALID_ORDER_TYPE;
            case INVALID_QUANTITY: return RejectReason.INVALID_QUANTITY;
            case QUANTITY_OFF_LOT: return RejectReason.QUANTITY_OFF_LOT;
            case QUANTITY_ABOVE_MAXIMUM: return RejectReason.QUANTITY_ABOVE_MAXIMUM;
            case INVALID_PRICE: return RejectReason.INVALID_PRICE;
            case PRICE_OFF_TICK: return RejectReason.PRICE_OFF_TICK;
            case INVALID_QUOTE_BUDGET: return RejectReason.INVALID_AMOUNT;
            case UNKNOWN_ORDER: return RejectReason.UNKNOWN_ORDER;
            case DUPLICATE_ORDER_ID: return RejectReason.DUPLICATE_ID;
            case POST_ONLY_WOULD_TAKE: return RejectReason.POST_ONLY_WOULD_TAKE;
            case FOK_NOT_FILLABLE: return RejectReason.FOK_NOT_FILLABLE;
            case OVERFLOW: return RejectReason.OVERFLOW;
            case NOTHING_TO_AMEND: return RejectReason.NOTHING_TO_AMEND;
            default: return RejectReason.INVALID_ARGUMENT;
        }
    }

    static RejectReason poolRejectReason(final int status)
    {
        switch (status)
        {
            case PoolReject.ZERO_AMOUNT: return RejectReason.INVALID_AMOUNT;
            case PoolReject.INSUFFICIENT_LIQUIDITY: return RejectReason.INSUFFICIENT_LIQUIDITY;
            case PoolReject.ZERO_OUTPUT: return RejectReason.INSUFFICIENT_LIQUIDITY;
            case PoolReject.SLIPPAGE: return RejectReason.SLIPPAGE;
            case PoolReject.INSUFFICIENT_SHARES: return RejectReason.INSUFFICIENT_SHARES;
            case PoolReject.MINIMUM_LIQUIDITY: return RejectReason.MINIMUM_LIQUIDITY;
            case PoolReject.OVERFLOW: return RejectReason.OVERFLOW;
            case PoolReject.INVALID_FEE: return RejectReason.INVALID_FEE;
            default: return RejectReason.INVALID_ARGUMENT;
        }
    }

    static CancelReason cancelReason(final io.poolbook.orderbook.CancelReason reason)
    {
        switch (reason)
        {
            case SELF_TRADE: return CancelReason.SELF_TRADE;
            case MASS_CANCEL: return CancelReason.MASS_CANCEL;
            case DISCONNECT: return CancelReason.DISCONNECT;
            default: return CancelReason.USER;
        }
    }
}
