package io.poolbook.orderbook;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately simple order book with the same semantics as {@link OrderBook}: two lists of orders sorted best
 * first and, within a price, oldest first; linear scans for everything; {@link BigInteger} for overflow checks.
 * Slow and obviously right, it is the oracle of the differential test.
 */
final class ReferenceOrderBook
{
    static final class RefOrder
    {
        long id;
        int account;
        Side side;
        OrderType type;
        SelfTradePrevention stp;
        long price;
        long leaves;

        RefOrder copy()
        {
            final RefOrder copy = new RefOrder();
            copy.id = id;
            copy.account = account;
            copy.side = side;
            copy.type = type;
            copy.stp = stp;
            copy.price = price;
            copy.leaves = leaves;
            return copy;
        }
    }

    static final class Taker
    {
        long id;
        int account;
        Side side;
        SelfTradePrevention stp;
        long price;
        long leaves;
        long budget;
        long filled;
        long notional;
        boolean cancelled;
    }

    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    final List<RefOrder> bids = new ArrayList<>();
    final List<RefOrder> asks = new ArrayList<>();
    private final long tick;
    private final long lot;
    private final long max;
    private final OrderBookListener listener;

    ReferenceOrderBook(final long tick, final long lot, final long max, final OrderBookListener listener)
    {
        this.tick = tick;
        this.lot = lot;
        this.max = max;
        this.listener = listener;
    }

    // ---- commands ---------------------------------------------------------------------------------------------

    boolean placeOrder(
        final long id,
        final int account,
        final Side side,
        final OrderType type,
        final long price,
        final long quantity,
        final SelfTradePrevention stp)
    {
        if (side == null || type == null || stp == null)
        {
            return reject(id, OrderBookReject.INVALID_ORDER_TYPE);
        }
        if (type == OrderType.MARKET)
        {
            return placeMarketOrder(id, account, side, quantity, price, 0, stp);
        }
        OrderBookReject reason = checkQuantity(quantity);
        if (reason == null)
        {
            reason = checkPrice(price);
        }
        if (reason == null && find(id) != null)
        {
            reason = OrderBookReject.DUPLICATE_ORDER_ID;
        }
        if (reason != null)
        {
            return reject(id, reason);
        }

        long effectivePrice = price;
        final boolean postOnly = type == OrderType.POST_ONLY || type == OrderType.POST_ONLY_SLIDE;
        final RefOrder best = best(side.opposite());
        if (postOnly && best != null && crosses(side, price, best.price))
        {
            if (type == OrderType.POST_ONLY)
            {
                return reject(id, OrderBookReject.POST_ONLY_WOULD_TAKE);
            }
            if (side == Side.BUY)
            {
                effectivePrice = best.price - tick;
                if (effectivePrice <= 0)
                {
                    return reject(id, OrderBookReject.POST_ONLY_WOULD_TAKE);
                }
            }
            else
            {
                final BigInteger slid = BigInteger.valueOf(best.price).add(BigInteger.valueOf(tick));
                if (slid.compareTo(LONG_MAX) > 0)
                {
                    return reject(id, OrderBookReject.OVERFLOW);
                }
                effectivePrice = slid.longValue();
            }
        }
        if (!notionalFits(side, effectivePrice, quantity))
        {
            return reject(id, OrderBookReject.OVERFLOW);
        }
        if (type == OrderType.FOK && fillableQuantity(side, account, stp, effectivePrice, quantity) < quantity)
        {
            return reject(id, OrderBookReject.FOK_NOT_FILLABLE);
        }

        listener.onAccepted(id, account, side, type, effectivePrice, quantity);
        long leaves = quantity;
        if (!postOnly)
        {
            final Taker taker = taker(id, account, side, stp, effectivePrice, quantity, 0);
            match(taker);
            leaves = taker.leaves;
        }
        if (leaves > 0)
        {
            if (type == OrderType.IOC || type == OrderType.FOK)
            {
                listener.onExpired(id, account, leaves);
            }
            else
            {
                restNew(id, account, side, type, stp, effectivePrice, leaves);
            }
        }
        return true;
    }

    boolean placeMarketOrder(
        final long id,
        final int account,
        final Side side,
        final long quantity,
        final long protection,
        final long budget,
        final SelfTradePrevention stp)
    {
        OrderBookReject reason = checkTaker(side, stp, budget);
        long effectiveQuantity = quantity;
        if (reason == null)
        {
            if (quantity == 0 && budget > 0)
            {
                effectiveQuantity = max / lot * lot;
            }
            else
            {
                reason = checkQuantity(quantity);
            }
        }
        if (reason == null && protection < 0)
        {
            reason = OrderBookReject.INVALID_PRICE;
        }
        if (reason == null && protection % tick != 0)
        {
            reason = OrderBookReject.PRICE_OFF_TICK;
        }
        if (reason == null && find(id) != null)
        {
            reason = OrderBookReject.DUPLICATE_ORDER_ID;
        }
        if (reason == null && budget == 0 && !notionalFits(side, protection, effectiveQuantity))
        {
            reason = OrderBookReject.OVERFLOW;
        }
        if (reason != null)
        {
            return reject(id, reason);
        }

        listener.onAccepted(id, account, side, OrderType.MARKET, protection, effectiveQuantity);
        final Taker taker = taker(id, account, side, stp, protection, effectiveQuantity, budget);
        match(taker);
        if (taker.leaves > 0)
        {
            listener.onExpired(id, account, taker.leaves);
        }
        return true;
    }

    boolean cancelOrder(final long id, final CancelReason reason)
    {
        final RefOrder order = find(id);
        if (order == null)
        {
            return reject(id, OrderBookReject.UNKNOWN_ORDER);
        }
        list(order.side).remove(order);
        listener.onCancelled(id, order.account, order.side, order.price, order.leaves, reason);
        publishLevel(order.side, order.price);
        return true;
    }

    boolean amendOrder(final long id, final long newPrice, final long newQuantity)
    {
        final RefOrder order = find(id);
        if (order == null)
        {
            return reject(id, OrderBookReject.UNKNOWN_ORDER);
        }
        OrderBookReject reason = checkQuantity(newQuantity);
        if (reason == null)
        {
            reason = checkPrice(newPrice);
        }
        if (reason != null)
        {
            return reject(id, reason);
        }

        if (newPrice == order.price)
        {
            if (newQuantity == order.leaves)
            {
                return reject(id, OrderBookReject.NOTHING_TO_AMEND);
            }
            if (newQuantity < order.leaves)
            {
                order.leaves = newQuantity;
                listener.onAmended(id, order.account, newPrice, newQuantity, true);
            }
            else
            {
                if (!fits(newPrice, newQuantity / lot))
                {
                    return reject(id, OrderBookReject.OVERFLOW);
                }
                list(order.side).remove(order);
                order.leaves = newQuantity;
                insert(order);
                listener.onAmended(id, order.account, newPrice, newQuantity, false);
            }
            publishLevel(order.side, newPrice);
            return true;
        }

        final RefOrder oppositeBest = best(order.side.opposite());
        final boolean crosses = oppositeBest != null && crosses(order.side, newPrice, oppositeBest.price);
        if (crosses && (order.type == OrderType.POST_ONLY || order.type == OrderType.POST_ONLY_SLIDE))
        {
            return reject(id, OrderBookReject.POST_ONLY_WOULD_TAKE);
        }
        if (!notionalFits(order.side, newPrice, newQuantity))
        {
            return reject(id, OrderBookReject.OVERFLOW);
        }

        listener.onAmended(id, order.account, newPrice, newQuantity, false);
        final long oldPrice = order.price;
        list(order.side).remove(order);
        publishLevel(order.side, oldPrice);
        order.price = newPrice;
        order.leaves = newQuantity;
        if (crosses)
        {
            final Taker taker = taker(id, order.account, order.side, order.stp, newPrice, newQuantity, 0);
            match(taker);
            if (taker.leaves == 0)
            {
                return true;
            }
            order.leaves = taker.leaves;
        }
        insert(order);
        publishLevel(order.side, newPrice);
        return true;
    }

    /**
     * @return {filled, notional, leaves, cancelled ? 1 : 0}, or null if rejected.
     */
    long[] matchUpTo(
        final long id,
        final int account,
        final Side side,
        final SelfTradePrevention stp,
        final long limit,
        final long quantity,
        final long budget)
    {
        OrderBookReject reason = checkTaker(side, stp, budget);
        if (reason == null)
        {
            reason = checkQuantity(quantity);
        }
        if (reason == null && limit < 0)
        {
            reason = OrderBookReject.INVALID_PRICE;
        }
        if (reason == null && find(id) != null)
        {
            reason = OrderBookReject.DUPLICATE_ORDER_ID;
        }
        if (reason == null && budget == 0 && !notionalFits(side, limit, quantity))
        {
            reason = OrderBookReject.OVERFLOW;
        }
        if (reason != null)
        {
            reject(id, reason);
            return null;
        }

        final Taker taker = taker(id, account, side, stp, limit, quantity, budget);
        match(taker);
        return new long[]{ taker.filled, taker.notional, taker.leaves, taker.cancelled ? 1 : 0 };
    }

    boolean restOrder(
        final long id, final int account, final Side side, final long price, final long quantity,
        final SelfTradePrevention stp)
    {
        OrderBookReject reason = null;
        if (side == null || stp == null)
        {
            reason = OrderBookReject.INVALID_ORDER_TYPE;
        }
        if (reason == null)
        {
            reason = checkQuantity(quantity);
        }
        if (reason == null)
        {
            reason = checkPrice(price);
        }
        if (reason == null && find(id) != null)
        {
            reason = OrderBookReject.DUPLICATE_ORDER_ID;
        }
        if (reason == null && !fits(price, quantity / lot))
        {
            reason = OrderBookReject.OVERFLOW;
        }
        if (reason == null)
        {
            final RefOrder oppositeBest = best(side.opposite());
            if (oppositeBest != null && crosses(side, price, oppositeBest.price))
            {
                reason = OrderBookReject.CROSSES_BOOK;
            }
        }
        if (reason != null)
        {
            return reject(id, reason);
        }
        restNew(id, account, side, OrderType.LIMIT, stp, price, quantity);
        return true;
    }

    /**
     * What a match would fill: run it on a copy of the book that reports to nobody.
     */
    long fillableQuantity(
        final Side side, final int account, final SelfTradePrevention stp, final long limit, final long quantity)
    {
        if (side == null || stp == null || limit < 0 || quantity <= 0)
        {
            return 0;
        }
        final ReferenceOrderBook copy = new ReferenceOrderBook(tick, lot, max, new EventRecorder());
        for (final RefOrder order : bids)
        {
            copy.bids.add(order.copy());
        }
        for (final RefOrder order : asks)
        {
            copy.asks.add(order.copy());
        }
        final Taker taker = copy.taker(-1, account, side, stp, limit, quantity, 0);
        copy.match(taker);
        return taker.filled;
    }

    // ---- queries ------------------------------------------------------------------------------------------------

    long bestPrice(final Side side)
    {
        final RefOrder best = best(side);
        return best == null ? 0 : best.price;
    }

    long quantityAtBest(final Side side)
    {
        final RefOrder best = best(side);
        return best == null ? 0 : levelTotal(side, best.price);
    }

    int orderCount()
    {
        return bids.size() + asks.size();
    }

    RefOrder find(final long id)
    {
        for (final RefOrder order : bids)
        {
            if (order.id == id)
            {
                return order;
            }
        }
        for (final RefOrder order : asks)
        {
            if (order.id == id)
            {
                return order;
            }
        }
        return null;
    }

    List<RefOrder> list(final Side side)
    {
        return side == Side.BUY ? bids : asks;
    }

    // ---- the plain matching loop --------------------------------------------------------------------------------

    private Taker taker(
        final long id, final int account, final Side side, final SelfTradePrevention stp, final long price,
        final long quantity, final long budget)
    {
        final Taker taker = new Taker();
        taker.id = id;
        taker.account = account;
        taker.side = side;
        taker.stp = stp;
        taker.price = price;
        taker.leaves = quantity;
        taker.budget = budget;
        return taker;
    }

    private void match(final Taker taker)
    {
        final Side makerSide = taker.side.opposite();
        final List<RefOrder> makers = list(makerSide);
        long levelPrice = 0;
        boolean levelChanged = false;
        while (taker.leaves > 0 && !makers.isEmpty())
        {
            final RefOrder maker = makers.get(0);
            if (taker.price != 0 && !crosses(taker.side, taker.price, maker.price))
            {
                break;
            }
            if (levelChanged && maker.price != levelPrice)
            {
                publishLevel(makerSide, levelPrice);
                levelChanged = false;
            }
            levelPrice = maker.price;

            long cap = taker.leaves;
            if (taker.budget > 0)
            {
                final long affordableLots = (taker.budget - taker.notional) / maker.price;
                if (affordableLots == 0)
                {
                    break;
                }
                cap = Math.min(cap, BigInteger.valueOf(affordableLots).multiply(BigInteger.valueOf(lot))
                    .min(LONG_MAX).longValue());
            }

            if (maker.account == taker.account)
            {
                levelChanged |= preventSelfTrade(taker, makers, maker);
                if (taker.cancelled)
                {
                    break;
                }
                continue;
            }

            final long quantity = Math.min(cap, maker.leaves);
            maker.leaves -= quantity;
            taker.leaves -= quantity;
            taker.filled += quantity;
            taker.notional += maker.price * (quantity / lot);
            if (maker.leaves == 0)
            {
                makers.remove(0);
            }
            listener.onFill(taker.id, maker.id, maker.account, maker.price, quantity, taker.leaves, maker.leaves);
            levelChanged = true;
        }
        if (levelChanged)
        {
            publishLevel(makerSide, levelPrice);
        }
    }

    private boolean preventSelfTrade(final Taker taker, final List<RefOrder> makers, final RefOrder maker)
    {
        switch (taker.stp)
        {
            case CANCEL_TAKER:
                cancelTaker(taker);
                return false;

            case CANCEL_RESTING:
                cancelMaker(makers, maker);
                return true;

            case CANCEL_BOTH:
                cancelMaker(makers, maker);
                cancelTaker(taker);
                return true;

            default:
                if (maker.leaves > taker.leaves)
                {
                    maker.leaves -= taker.leaves;
                    listener.onSelfTradeDecremented(
                        maker.id, maker.account, maker.side, maker.price, taker.leaves, maker.leaves);
                    cancelTaker(taker);
                }
                else if (maker.leaves < taker.leaves)
                {
                    cancelMaker(makers, maker);
                    taker.leaves -= maker.leaves;
                    listener.onSelfTradeDecremented(
                        taker.id, taker.account, taker.side, taker.price, maker.leaves, taker.leaves);
                }
                else
                {
                    cancelMaker(makers, maker);
                    cancelTaker(taker);
                }
                return true;
        }
    }

    private void cancelTaker(final Taker taker)
    {
        listener.onCancelled(taker.id, taker.account, taker.side, taker.price, taker.leaves, CancelReason.SELF_TRADE);
        taker.leaves = 0;
        taker.cancelled = true;
    }

    private void cancelMaker(final List<RefOrder> makers, final RefOrder maker)
    {
        makers.remove(maker);
        listener.onCancelled(maker.id, maker.account, maker.side, maker.price, maker.leaves, CancelReason.SELF_TRADE);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private void restNew(
        final long id, final int account, final Side side, final OrderType type, final SelfTradePrevention stp,
        final long price, final long quantity)
    {
        final RefOrder order = new RefOrder();
        order.id = id;
        order.account = account;
        order.side = side;
        order.type = type;
        order.stp = stp;
        order.price = price;
        order.leaves = quantity;
        insert(order);
        listener.onRested(id, account, side, price, quantity);
        publishLevel(side, price);
    }

    /**
     * Behind every order at a better or equal price.
     */
    private void insert(final RefOrder order)
    {
        final List<RefOrder> orders = list(order.side);
        int index = 0;
        while (index < orders.size() && !isBetter(order.side, order.price, orders.get(index).price))
        {
            index++;
        }
        orders.add(index, order);
    }

    private static boolean isBetter(final Side side, final long price, final long than)
    {
        return side == Side.BUY ? price > than : price < than;
    }

    /**
     * Whether a taker of this side and limit price trades with a resting order at {@code makerPrice}.
     */
    private static boolean crosses(final Side takerSide, final long limit, final long makerPrice)
    {
        return takerSide == Side.BUY ? makerPrice <= limit : makerPrice >= limit;
    }

    private RefOrder best(final Side side)
    {
        final List<RefOrder> orders = list(side);
        return orders.isEmpty() ? null : orders.get(0);
    }

    private long levelTotal(final Side side, final long price)
    {
        long total = 0;
        for (final RefOrder order : list(side))
        {
            if (order.price == price)
            {
                total += order.leaves;
            }
        }
        return total;
    }

    private void publishLevel(final Side side, final long price)
    {
        int count = 0;
        for (final RefOrder order : list(side))
        {
            if (order.price == price)
            {
                count++;
            }
        }
        listener.onLevelChanged(side, price, levelTotal(side, price), count);
    }

    private boolean reject(final long id, final OrderBookReject reason)
    {
        listener.onRejected(id, reason);
        return false;
    }

    private OrderBookReject checkTaker(final Side side, final SelfTradePrevention stp, final long budget)
    {
        if (side == null || stp == null)
        {
            return OrderBookReject.INVALID_ORDER_TYPE;
        }
        if (budget < 0)
        {
            return OrderBookReject.INVALID_QUOTE_BUDGET;
        }
        if (budget > 0 && side == Side.SELL)
        {
            return OrderBookReject.INVALID_ORDER_TYPE;
        }
        return null;
    }

    private OrderBookReject checkQuantity(final long quantity)
    {
        if (quantity <= 0)
        {
            return OrderBookReject.INVALID_QUANTITY;
        }
        if (quantity % lot != 0)
        {
            return OrderBookReject.QUANTITY_OFF_LOT;
        }
        if (quantity > max)
        {
            return OrderBookReject.QUANTITY_ABOVE_MAXIMUM;
        }
        return null;
    }

    private OrderBookReject checkPrice(final long price)
    {
        if (price <= 0)
        {
            return OrderBookReject.INVALID_PRICE;
        }
        if (price % tick != 0)
        {
            return OrderBookReject.PRICE_OFF_TICK;
        }
        return null;
    }

    /**
     * The largest price the order could trade or rest at, times its lots, must fit a long.
     */
    private boolean notionalFits(final Side side, final long limit, final long quantity)
    {
        final long lots = quantity / lot;
        long worst = limit;
        if (side == Side.BUY)
        {
            if (limit == 0 && !asks.isEmpty())
            {
                worst = asks.get(asks.size() - 1).price;
            }
        }
        else if (!bids.isEmpty())
        {
            worst = Math.max(worst, bids.get(0).price);
        }
        return fits(worst, lots);
    }

    private static boolean fits(final long price, final long lots)
    {
        return BigInteger.valueOf(price).multiply(BigInteger.valueOf(lots)).compareTo(LONG_MAX) <= 0;
    }
}
