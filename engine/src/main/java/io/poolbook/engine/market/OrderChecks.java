package io.poolbook.engine.market;

import io.poolbook.codecs.OrderType;
import io.poolbook.codecs.RejectReason;
import io.poolbook.codecs.TimeInForce;
import io.poolbook.engine.EngineConfig;
import io.poolbook.engine.account.Account;
import io.poolbook.engine.account.Accounts;
import io.poolbook.orderbook.OrderBook;
import io.poolbook.orderbook.SelfTradePrevention;
import io.poolbook.orderbook.Side;

/**
 * Order entry's checks and locks: whether a command may go ahead, in the order its reasons are reported, and what
 * an order must lock before it reaches the book.
 * <p>
 * Locks: a sell locks its quantity of base; a buy its notional at its limit plus the taker fee on it plus one unit
 * per lot for fill-by-fill fee rounding; a market buy its budget (without a budget or a protection price,
 * everything available). A resting order keeps only what its rest can still spend.
 * <p>
 * The engine checks price, lot and tick before the book does, because its own checks that follow (funds, the open
 * order limit) need valid values, and because a routed order reaches the book only step by step.
 */
final class OrderChecks
{
    /** Returned by {@link #newOrderLock} when the account cannot fund the order. */
    static final long UNFUNDED = -2;

    private final EngineConfig config;
    private final Accounts accounts;
    private final OpenOrders orders;

    OrderChecks(final EngineConfig config, final Accounts accounts, final OpenOrders orders)
    {
        this.config = config;
        this.accounts = accounts;
        this.orders = orders;
    }

    /** Why a new order may not be placed, or {@link RejectReason#NONE}; any null argument is an unknown value. */
    RejectReason checkNewOrder(
        final int accountId,
        final long clientOrderId,
        final Market market,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final SelfTradePrevention stp,
        final long price,
        final long quantity,
        final long quoteBudget)
    {
        if (null == market)
        {
            return RejectReason.UNKNOWN_MARKET;
        }
        if (null == side || null == orderType || null == timeInForce || null == stp)
        {
            return RejectReason.INVALID_ORDER_TYPE;
        }
        if (market.isHalted())
        {
            return RejectReason.MARKET_HALTED;
        }
        if (clientOrderId != 0 && orders.orderIdOf(accountId, clientOrderId) >= 0)
        {
            return RejectReason.DUPLICATE_CLIENT_ORDER_ID;
        }
        if (orderType == OrderType.MARKET)
        {
            if (timeInForce != TimeInForce.IOC && timeInForce != TimeInForce.GTC)
            {
                return RejectReason.INVALID_ORDER_TYPE;
            }
            if (price < 0)
            {
                return RejectReason.INVALID_PRICE;
            }
            if (quoteBudget < 0 || (quoteBudget > 0 && side != Side.BUY))
            {
                return RejectReason.INVALID_AMOUNT;
            }
            if (quoteBudget == 0 || quantity != 0)
            {
                return checkQuantity(market, quantity);
            }
            return RejectReason.NONE;
        }

        if (quoteBudget != 0)
        {
            return RejectReason.INVALID_AMOUNT;
        }
        final RejectReason reason = checkLimit(market, price, quantity);
        if (reason != RejectReason.NONE)
        {
            return reason;
        }
        if (timeInForce != TimeInForce.IOC && timeInForce != TimeInForce.FOK &&
            orders.restingCount(accounts.get(accountId).index()) >= config.maxOpenOrdersPerAccount())
        {
            return RejectReason.OPEN_ORDER_LIMIT;
        }
        return RejectReason.NONE;
    }

    /**
     * Why a resting order may not be changed or cancelled by this account, or {@link RejectReason#NONE}.
     *
     * @param record the order, or null if there is none by that id.
     */
    static RejectReason checkOwnRestingOrder(
        final int accountId, final Market market, final int marketId, final OrderRecord record)
    {
        if (null == market)
        {
            return RejectReason.UNKNOWN_MARKET;
        }
        if (null == record || record.marketId != marketId || !record.resting)
        {
            return RejectReason.UNKNOWN_ORDER;
        }
        if (record.accountId != accountId)
        {
            return RejectReason.NOT_OWNER;
        }
        return RejectReason.NONE;
    }

    /** Why an amend's fields are not acceptable (0 leaves a field as it is), or {@link RejectReason#NONE}. */
    static RejectReason checkAmendFields(final Market market, final long price, final long quantity)
    {
        if (market.isHalted())
        {
            return RejectReason.MARKET_HALTED;
        }
        if (price == 0 && quantity == 0)
        {
            return RejectReason.NOTHING_TO_AMEND;
        }
        if (price < 0)
        {
            return RejectReason.INVALID_PRICE;
        }
        if (quantity < 0)
        {
            return RejectReason.INVALID_QUANTITY;
        }
        return RejectReason.NONE;
    }

    /** Why a two-sided quote's prices and quantities are not acceptable, or {@link RejectReason#NONE}. */
    static RejectReason checkQuote(
        final Market market, final long bidPrice, final long bidQuantity, final long askPrice, final long askQuantity)
    {
        if (null == market)
        {
            return RejectReason.UNKNOWN_MARKET;
        }
        if (market.isHalted())
        {
            return RejectReason.MARKET_HALTED;
        }
        if (bidQuantity < 0 || askQuantity < 0 || (bidQuantity == 0 && askQuantity == 0))
        {
            return RejectReason.INVALID_QUANTITY;
        }
        if (bidQuantity > 0 && askQuantity > 0 && bidPrice >= askPrice)
        {
            return RejectReason.INVALID_PRICE;
        }
        if (bidQuantity > 0)
        {
            final RejectReason reason = checkLimit(market, bidPrice, bidQuantity);
            if (reason != RejectReason.NONE)
            {
                return reason;
            }
        }
        if (askQuantity > 0)
        {
            final RejectReason reason = checkLimit(market, askPrice, askQuantity);
            if (reason != RejectReason.NONE)
            {
                return reason;
            }
            // The bid's overflow is found by its lock; the ask locks base, so its notional is checked here, before
            // either side is placed, so that a refused quote leaves nothing behind.
            if (market.book().notional(askPrice, askQuantity) == OrderBook.NOTIONAL_OVERFLOW)
            {
                return RejectReason.OVERFLOW;
            }
        }
        return RejectReason.NONE;
    }

    /** Why a pool command may not go ahead in this market, or {@link RejectReason#NONE}. */
    static RejectReason checkPoolCommand(final Market market)
    {
        if (null == market)
        {
            return RejectReason.UNKNOWN_MARKET;
        }
        if (null == market.pool())
        {
            return RejectReason.UNKNOWN_POOL;
        }
        if (market.isHalted())
        {
            return RejectReason.MARKET_HALTED;
        }
        return RejectReason.NONE;
    }

    /** Price and quantity of a limit: whole lots within the market's bounds, a positive price on the tick. */
    static RejectReason checkLimit(final Market market, final long price, final long quantity)
    {
        final RejectReason reason = checkQuantity(market, quantity);
        if (reason != RejectReason.NONE)
        {
            return reason;
        }
        if (price <= 0)
        {
            return RejectReason.INVALID_PRICE;
        }
        if (price % market.tickSize() != 0)
        {
            return RejectReason.PRICE_OFF_TICK;
        }
        return RejectReason.NONE;
    }

    private static RejectReason checkQuantity(final Market market, final long quantity)
    {
        if (quantity <= 0)
        {
            return RejectReason.INVALID_QUANTITY;
        }
        if (quantity % market.lotSize() != 0)
        {
            return RejectReason.QUANTITY_OFF_LOT;
        }
        if (quantity < market.minQuantity())
        {
            return RejectReason.QUANTITY_BELOW_MINIMUM;
        }
        if (quantity > market.maxQuantity())
        {
            return RejectReason.QUANTITY_ABOVE_MAXIMUM;
        }
        return RejectReason.NONE;
    }

    /**
     * What a new order locks, or a negative code: {@link Fees#OVERFLOW}, or {@link #UNFUNDED} when the account
     * cannot fund it.
     */
    static long newOrderLock(
        final Account account,
        final Market market,
        final Side side,
        final OrderType orderType,
        final long price,
        final long quantity,
        final long quoteBudget)
    {
        final long lock;
        final long available;
        if (side == Side.SELL)
        {
            // As the book refuses a limit whose notional overflows, before anything happens; a route would only
            // find out when resting the remainder, after accepting and perhaps filling part of the order.
            if (orderType != OrderType.MARKET && market.book().notional(price, quantity) == OrderBook.NOTIONAL_OVERFLOW)
            {
                return Fees.OVERFLOW;
            }
            lock = quantity;
            available = account.available(market.base().index());
        }
        else
        {
            available = account.available(market.quote().index());
            if (isBudgeted(orderType, price, quoteBudget))
            {
                // A budget, or without a protection price everything available: the budget bounds the spend.
                lock = quoteBudget > 0 ? quoteBudget : available;
                if (Fees.notionalWithinBudget(lock, market.takerFeeBps()) <= 0)
                {
                    return UNFUNDED;
                }
            }
            else
            {
                lock = restingLock(market, true, price, quantity);
            }
        }
        if (lock == Fees.OVERFLOW)
        {
            return Fees.OVERFLOW;
        }
        return lock > available ? UNFUNDED : lock;
    }

    /**
     * Is a buy of this type bounded by what it locks rather than by its price: a market buy with a budget, or
     * without a protection price?
     */
    static boolean isBudgeted(final OrderType orderType, final long price, final long quoteBudget)
    {
        return orderType == OrderType.MARKET && (quoteBudget > 0 || price == 0);
    }

    /** What an order resting at this price and quantity must keep locked, or {@link Fees#OVERFLOW}. */
    static long restingLock(final Market market, final boolean buy, final long price, final long quantity)
    {
        if (!buy)
        {
            return quantity;
        }
        final long notional = market.book().notional(price, quantity);
        if (notional == OrderBook.NOTIONAL_OVERFLOW)
        {
            return Fees.OVERFLOW;
        }
        return Fees.buyLock(notional, quantity / market.lotSize(), market.takerFeeBps());
    }
}
