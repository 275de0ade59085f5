package io.poolbook.orderbook;

import java.util.Arrays;
import java.util.Objects;

import static io.poolbook.orderbook.OrderBookReject.CROSSES_BOOK;
import static io.poolbook.orderbook.OrderBookReject.DUPLICATE_ORDER_ID;
import static io.poolbook.orderbook.OrderBookReject.FOK_NOT_FILLABLE;
import static io.poolbook.orderbook.OrderBookReject.INVALID_ORDER_TYPE;
import static io.poolbook.orderbook.OrderBookReject.INVALID_PRICE;
import static io.poolbook.orderbook.OrderBookReject.INVALID_QUANTITY;
import static io.poolbook.orderbook.OrderBookReject.INVALID_QUOTE_BUDGET;
import static io.poolbook.orderbook.OrderBookReject.NOTHING_TO_AMEND;
import static io.poolbook.orderbook.OrderBookReject.OVERFLOW;
import static io.poolbook.orderbook.OrderBookReject.POST_ONLY_WOULD_TAKE;
import static io.poolbook.orderbook.OrderBookReject.PRICE_OFF_TICK;
import static io.poolbook.orderbook.OrderBookReject.QUANTITY_ABOVE_MAXIMUM;
import static io.poolbook.orderbook.OrderBookReject.QUANTITY_OFF_LOT;
import static io.poolbook.orderbook.OrderBookReject.UNKNOWN_ORDER;

/**
 * One market's central limit order book: bids and asks in price-time priority, every order type, amend,
 * self-trade prevention, and a step-by-step taker API so that the engine can interleave the book with a
 * constant-product pool. Single-threaded, deterministic, allocation-free in steady state.
 *
 * <h2>Units</h2>
 * Prices are whole multiples of {@code tickSize}, in quote engine units per lot; quantities are whole multiples of
 * {@code lotSize}, in base engine units, at most {@code maxQuantity}. The quote value (notional) of a fill is
 * {@code price * quantity / lotSize}, exact since the quantity is whole lots. Any notional an order could reach
 * (its limit times its lots, or for a taker the worst opposite price it could trade at times its lots) is checked
 * in 128 bits first; one that does not fit a {@code long} is rejected with {@link OrderBookReject#OVERFLOW}, so the
 * sums of a match never wrap.
 *
 * <h2>Events</h2>
 * Every command is either rejected ({@link OrderBookListener#onRejected}, nothing changes, the method returns
 * false) or accepted with its events, see {@link OrderBookListener} for their order. Order ids are assigned by the
 * caller; the book knows only resting orders, so "duplicate" means "an order with this id rests on the book".
 *
 * <h2>Interleaving with a pool</h2>
 * {@link #bestPrice(Side)} and {@link #quantityAtBest(Side)} give the next opposite level as it stands, counting
 * every order on it, including those of the taker's own account (self-trade prevention only acts during a match).
 * {@link #matchUpTo} matches a taker against levels up to a price and a quantity (and a quote budget) and leaves
 * the rest to the caller; {@link #restOrder} rests a remainder without matching; {@link #fillableQuantity} says,
 * without side effects, how much a match would fill, self-trade prevention included. {@link #placeOrder} is built
 * on the same matching core.
 *
 * <h2>Data structures, chosen by measurement</h2>
 * On the reference mix (1,000 orders on some 390 levels a side, 71% price moves of orders anywhere in the book, see
 * {@code io.poolbook.perf.orderbook.OrderBookBenchmark}) each choice below was measured against the obvious one:
 * <ul>
 *     <li>Each side: a tick-indexed ladder ({@code BookSide}), O(1) to find, add or drop a level at any depth, with
 *     a bitmap to find the next best. A sorted array of levels (best at the end, binary search) ran at about a
 *     quarter of the speed: moves land deep in the book, so it searched and shifted ~200 slots per command.</li>
 *     <li>Orders by id: {@code OrderIdMap}, open addressing over one {@code Order[]}; about 20% faster overall than
 *     Agrona's {@code Long2ObjectHashMap}, whose separate key array costs a cache line per lookup.</li>
 *     <li>Each price level: an intrusive doubly-linked FIFO of pooled {@code Order}s with the level's running
 *     total and count, so unlinking an order and publishing the level are O(1).</li>
 *     <li>Prices and quantities are checked and divided by the tick and the lot without a division instruction
 *     ({@code ExactDivisor}).</li>
 *     <li>The taker being matched lives in fields of the book, and results go to caller-owned
 *     {@link MatchResult} and {@link OrderView} objects: nothing is allocated per command once the pools of orders,
 *     levels and ladder chunks have grown to the book's working size.</li>
 * </ul>
 *
 * <h2>Why one class of some 1,500 lines</h2>
 * The project keeps classes under about 800 lines; this one is over on purpose. Every command (place, market,
 * amend, a match step, rest, the fill-or-kill and fillable checks) runs on one matching core that works on the
 * taker held in this class's fields and on the order and level pools it shares with resting and cancelling. Split
 * across classes, that core would either reach into another object's fields on every fill or carry the taker's
 * dozen values through each call, on the hottest path of the engine. The parts that stand alone already do
 * ({@code BookSide}, {@code OrderIdMap}, {@code PriceLevel}, {@code ExactDivisor}); about half of the lines left
 * are Javadoc, blank lines and braces on lines of their own.
 */
public final class OrderBook
{
    /**
     * No price: an empty side, or a market order without a protection price, or no limit in {@link #matchUpTo}.
     */
    public static final long NULL_PRICE = 0;

    /**
     * No quote budget: a market order or a match limited by quantity and price alone.
     */
    public static final long NO_QUOTE_BUDGET = 0;

    /**
     * Returned by {@link #notional(long, long)} when the quote value does not fit a long.
     */
    public static final long NOTIONAL_OVERFLOW = -1;

    private static final int MIN_CAPACITY = 16;
    private static final int INITIAL_FREE_LEVELS = 512;

    private final long tickSize;
    private final long lotSize;
    private final long maxQuantity;
    private final long maxWholeLotQuantity;
    private final ExactDivisor tick;
    private final ExactDivisor lot;
    private final OrderBookListener listener;
    private final BookSide bids;
    private final BookSide asks;
    private final OrderIdMap ordersById;
    private final OrderStore store;

    private Order[] freeOrders;
    private int freeOrderCount;
    private PriceLevel[] freeLevels;
    private int freeLevelCount;

    // The taker being matched, kept in fields so the matching core needs no objects.
    private long takerOrderId;
    private int takerAccountId;
    private Side takerSide;
    private SelfTradePrevention takerSelfTradePrevention;
    private long takerPrice;
    private long takerLimitKey;
    private long takerLeaves;
    private long takerQuoteBudget;
    private long takerFilled;
    private long takerNotional;
    private boolean takerCancelled;

    /**
     * Create an empty book.
     *
     * @param tickSize      every price must be a positive multiple of it.
     * @param lotSize       every quantity must be a positive multiple of it.
     * @param maxQuantity   largest quantity of one order; at least {@code lotSize}.
     * @param orderCapacity resting orders to pool up front; the pools grow beyond it when needed.
     * @param listener      that receives every event of the book.
     */
    public OrderBook(
        final long tickSize,
        final long lotSize,
        final long maxQuantity,
        final int orderCapacity,
        final OrderBookListener listener)
    {
        this(tickSize, lotSize, maxQuantity, orderCapacity, null, listener);
    }

    /**
     * Create an empty book that rests each order in an object its caller supplies (and owns), see
     * {@link OrderStore}; it pools no orders of its own.
     *
     * @param tickSize    every price must be a positive multiple of it.
     * @param lotSize     every quantity must be a positive multiple of it.
     * @param maxQuantity largest quantity of one order; at least {@code lotSize}.
     * @param store       supplies the object for each order that rests.
     * @param listener    that receives every event of the book.
     */
    public OrderBook(
        final long tickSize,
        final long lotSize,
        final long maxQuantity,
        final OrderStore store,
        final OrderBookListener listener)
    {
        this(tickSize, lotSize, maxQuantity, 0, Objects.requireNonNull(store, "store"), listener);
    }

    private OrderBook(
        final long tickSize,
        final long lotSize,
        final long maxQuantity,
        final int orderCapacity,
        final OrderStore store,
        final OrderBookListener listener)
    {
        if (tickSize <= 0)
        {
            throw new IllegalArgumentException("tickSize must be positive: " + tickSize);
        }
        if (lotSize <= 0)
        {
            throw new IllegalArgumentException("lotSize must be positive: " + lotSize);
        }
        if (maxQuantity < lotSize)
        {
            throw new IllegalArgumentException("maxQuantity must be at least lotSize: " + maxQuantity);
        }
        if (orderCapacity < 0)
        {
            throw new IllegalArgumentException("orderCapacity must not be negative: " + orderCapacity);
        }

        this.tickSize = tickSize;
        this.lotSize = lotSize;
        this.maxQuantity = maxQuantity;
        this.maxWholeLotQuantity = maxQuantity - maxQuantity % lotSize;
        this.listener = Objects.requireNonNull(listener, "listener");

        this.store = store;

        final int capacity = Math.max(MIN_CAPACITY, orderCapacity);
        tick = new ExactDivisor(tickSize);
        lot = new ExactDivisor(lotSize);
        bids = new BookSide(Side.BUY, tick);
        asks = new BookSide(Side.SELL, tick);
        ordersById = new OrderIdMap(capacity);

        final int pooled = null == store ? capacity : 0;
        freeOrders = new Order[Math.max(pooled, 1)];
        for (int i = 0; i < pooled; i++)
        {
            freeOrders[i] = new Order();
        }
        freeOrderCount = pooled;
        freeLevels = new PriceLevel[INITIAL_FREE_LEVELS];
    }

    /**
     * @return every price is a positive multiple of this.
     */
    public long tickSize()
    {
        return tickSize;
    }

    /**
     * @return every quantity is a positive multiple of this.
     */
    public long lotSize()
    {
        return lotSize;
    }

    /**
     * @return largest quantity of one order.
     */
    public long maxQuantity()
    {
        return maxQuantity;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Commands
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Place a new order of any type and match it as its type says. For {@link OrderType#MARKET} the price is the
     * protection price ({@link #NULL_PRICE} for none) and there is no quote budget, see {@link #placeMarketOrder}.
     * A post-only order that crosses is rejected ({@link OrderType#POST_ONLY}) or slides to one tick better than
     * the opposite best ({@link OrderType#POST_ONLY_SLIDE}). A fill-or-kill order is rejected unless
     * {@link #fillableQuantity} covers it in full.
     *
     * @param orderId             caller-assigned id, unique among resting orders.
     * @param accountId           that owns the order.
     * @param side                of the order.
     * @param orderType           of the order.
     * @param price               limit price (protection price of a market order).
     * @param quantity            of the order.
     * @param selfTradePrevention mode used whenever this order takes.
     * @return true if accepted, false if rejected (see {@link OrderBookListener#onRejected}).
     */
    public boolean placeOrder(
        final long orderId,
        final int accountId,
        final Side side,
        final OrderType orderType,
        final long price,
        final long quantity,
        final SelfTradePrevention selfTradePrevention)
    {
        if (null == side || null == orderType || null == selfTradePrevention)
        {
            return reject(orderId, INVALID_ORDER_TYPE);
        }
        if (OrderType.MARKET == orderType)
        {
            return placeMarketOrder(orderId, accountId, side, quantity, price, NO_QUOTE_BUDGET, selfTradePrevention);
        }

        OrderBookReject reason = checkQuantityAndPrice(quantity, price);
        if (null == reason && ordersById.containsKey(orderId))
        {
            reason = DUPLICATE_ORDER_ID;
        }
        if (null != reason)
        {
            return reject(orderId, reason);
        }

        final BookSide makers = Side.BUY == side ? asks : bids;
        final boolean isPostOnly = isPostOnly(orderType);
        long effectivePrice = price;
        if (isPostOnly)
        {
            final PriceLevel best = makers.best();
            if (null != best && best.key >= takerLimitKey(side, price))
            {
                if (OrderType.POST_ONLY == orderType)
                {
                    return reject(orderId, POST_ONLY_WOULD_TAKE);
                }

                if (Side.BUY == side)
                {
                    effectivePrice = best.price - tickSize;
                    if (effectivePrice <= 0)
                    {
                        return reject(orderId, POST_ONLY_WOULD_TAKE);
                    }
                }
                else
                {
                    if (best.price > Long.MAX_VALUE - tickSize)
                    {
                        return reject(orderId, OVERFLOW);
                    }
                    effectivePrice = best.price + tickSize;
                }
            }
        }

        if (!notionalFits(side, effectivePrice, quantity))
        {
            return reject(orderId, OVERFLOW);
        }

        final long limitKey = takerLimitKey(side, effectivePrice);
        if (OrderType.FOK == orderType && fillable(makers, accountId, selfTradePrevention, limitKey, quantity) < quantity)
        {
            return reject(orderId, FOK_NOT_FILLABLE);
        }

        listener.onAccepted(orderId, accountId, side, orderType, effectivePrice, quantity);
        long leaves = quantity;
        if (!isPostOnly)
        {
            startTaker(orderId, accountId, side, selfTradePrevention, effectivePrice, limitKey, quantity, NO_QUOTE_BUDGET);
            matchTaker();
            leaves = takerLeaves;
        }

        if (leaves > 0)
        {
            if (OrderType.IOC == orderType || OrderType.FOK == orderType)
            {
                listener.onExpired(orderId, accountId, leaves);
            }
            else
            {
                restNewOrder(orderId, accountId, side, orderType, selfTradePrevention, effectivePrice, leaves);
            }
        }

        return true;
    }

    /**
     * Place a market order: it takes at any price, or only at prices no worse than {@code protectionPrice}, and the
     * remainder expires. A buy may carry a quote budget: it fills while the cumulative notional stays within the
     * budget, whole lots only; with a budget its quantity may be 0, which means up to the book's maximum quantity
     * (rounded down to whole lots).
     *
     * @param orderId             caller-assigned id, unique among resting orders.
     * @param accountId           that owns the order.
     * @param side                of the order.
     * @param quantity            of the order; 0 with a quote budget for "as much as the budget buys".
     * @param protectionPrice     worst price to trade at, or {@link #NULL_PRICE} for none.
     * @param quoteBudget         for buys, most quote to spend, or {@link #NO_QUOTE_BUDGET}.
     * @param selfTradePrevention mode used when this order meets its own account.
     * @return true if accepted, false if rejected (see {@link OrderBookListener#onRejected}).
     */
    public boolean placeMarketOrder(
        final long orderId,
        final int accountId,
        final Side side,
        final long quantity,
        final long protectionPrice,
        final long quoteBudget,
        final SelfTradePrevention selfTradePrevention)
    {
        OrderBookReject reason = checkTaker(side, selfTradePrevention, quoteBudget);
        long effectiveQuantity = quantity;
        if (null == reason)
        {
            if (0 == quantity && NO_QUOTE_BUDGET != quoteBudget)
            {
                effectiveQuantity = maxWholeLotQuantity;
            }
            else
            {
                reason = checkQuantity(quantity);
            }
        }
        if (null == reason)
        {
            reason = checkOptionalPrice(protectionPrice);
        }
        if (null == reason && ordersById.containsKey(orderId))
        {
            reason = DUPLICATE_ORDER_ID;
        }
        if (null == reason && NO_QUOTE_BUDGET == quoteBudget && !notionalFits(side, protectionPrice, effectiveQuantity))
        {
            reason = OVERFLOW;
        }
        if (null != reason)
        {
            return reject(orderId, reason);
        }

        listener.onAccepted(orderId, accountId, side, OrderType.MARKET, protectionPrice, effectiveQuantity);
        startTaker(
            orderId,
            accountId,
            side,
            selfTradePrevention,
            protectionPrice,
            takerLimitKey(side, protectionPrice),
            effectiveQuantity,
            quoteBudget);
        matchTaker();

        final long leaves = takerLeaves;
        if (leaves > 0)
        {
            listener.onExpired(orderId, accountId, leaves);
        }

        return true;
    }

    /**
     * Cancel a resting order at its owner's request.
     *
     * @param orderId of the resting order.
     * @return true if cancelled, false if no such order rests (rejected with
     * {@link OrderBookReject#UNKNOWN_ORDER}).
     */
    public boolean cancelOrder(final long orderId)
    {
        return cancelOrder(orderId, CancelReason.USER);
    }

    /**
     * Cancel a resting order in O(1).
     *
     * @param orderId of the resting order.
     * @param reason  reported in {@link OrderBookListener#onCancelled}.
     * @return true if cancelled, false if no such order rests (rejected with
     * {@link OrderBookReject#UNKNOWN_ORDER}).
     */
    public boolean cancelOrder(final long orderId, final CancelReason reason)
    {
        final Order order = ordersById.remove(orderId);
        if (null == order)
        {
            return reject(orderId, UNKNOWN_ORDER);
        }

        return cancel(orderId, order, reason);
    }

    /**
     * Cancel a resting order the caller holds, as {@link #cancelOrder(long, CancelReason)} but without looking
     * it up by id: for a book built with an {@link OrderStore}.
     *
     * @param order  the caller's object of an order resting on this book.
     * @param reason reported in {@link OrderBookListener#onCancelled}.
     * @return true if cancelled, false if it does not rest on this book (rejected with
     * {@link OrderBookReject#UNKNOWN_ORDER}).
     */
    public boolean cancelOrder(final Order order, final CancelReason reason)
    {
        if (order.book != this || null == order.level)
        {
            return reject(order.orderId, UNKNOWN_ORDER);
        }
        ordersById.remove(order.orderId);

        return cancel(order.orderId, order, reason);
    }

    private boolean cancel(final long orderId, final Order order, final CancelReason reason)
    {
        final PriceLevel level = order.level;
        level.unlink(order);
        listener.onCancelled(orderId, order.accountId, order.side, order.price, order.leavesQuantity, reason);
        publishLevelLeft(sideOf(order.side), level);
        releaseOrder(order);

        return true;
    }

    /**
     * Amend a resting order to a new price and a new leaves quantity.
     * <ul>
     *     <li>Same price, lower quantity: cut in place, time priority kept.</li>
     *     <li>Same price, higher quantity: moved to the back of its level.</li>
     *     <li>New price: moved to the back of the new level; a price that crosses the opposite best first matches
     *     like a new taker, with the order's own self-trade prevention mode, and only the rest rests. A post-only
     *     order is rejected ({@link OrderBookReject#POST_ONLY_WOULD_TAKE}) rather than take.</li>
     *     <li>Same price and quantity: rejected with {@link OrderBookReject#NOTHING_TO_AMEND}.</li>
     * </ul>
     *
     * @param orderId     of the resting order.
     * @param newPrice    of the order.
     * @param newQuantity leaves quantity of the order after the amend (not its original quantity).
     * @return true if amended, false if rejected (see {@link OrderBookListener#onRejected}).
     */
    public boolean amendOrder(final long orderId, final long newPrice, final long newQuantity)
    {
        final Order order = ordersById.get(orderId);
        if (null == order)
        {
            return reject(orderId, UNKNOWN_ORDER);
        }

        return amend(orderId, order, newPrice, newQuantity);
    }

    /**
     * Amend a resting order the caller holds, as {@link #amendOrder(long, long, long)} but without looking it up
     * by id: for a book built with an {@link OrderStore}.
     *
     * @param order       the caller's object of an order resting on this book.
     * @param newPrice    of the order.
     * @param newQuantity leaves quantity of the order after the amend.
     * @return true if amended, false if rejected (see {@link OrderBookListener#onRejected}); an order that does
     * not rest on this book is rejected with {@link OrderBookReject#UNKNOWN_ORDER}.
     */
    public boolean amendOrder(final Order order, final long newPrice, final long newQuantity)
    {
        if (order.book != this || null == order.level)
        {
            return reject(order.orderId, UNKNOWN_ORDER);
        }

        return amend(order.orderId, order, newPrice, newQuantity);
    }

    private boolean amend(final long orderId, final Order order, final long newPrice, final long newQuantity)
    {
        final OrderBookReject reason = checkQuantityAndPrice(newQuantity, newPrice);
        if (null != reason)
        {
            return reject(orderId, reason);
        }

        final Side side = order.side;
        final BookSide book = sideOf(side);
        final PriceLevel level = order.level;
        final long oldQuantity = order.leavesQuantity;
        if (newPrice == order.price)
        {
            if (newQuantity == oldQuantity)
            {
                return reject(orderId, NOTHING_TO_AMEND);
            }

            final boolean keptPriority = newQuantity < oldQuantity;
            if (keptPriority)
            {
                order.leavesQuantity = newQuantity;
                level.totalQuantity -= oldQuantity - newQuantity;
            }
            else
            {
                if (!fits(newPrice, lot.quotientOf(newQuantity)))
                {
                    return reject(orderId, OVERFLOW);
                }
                level.unlink(order);
                order.leavesQuantity = newQuantity;
                level.append(order);
            }
            listener.onAmended(orderId, order.accountId, newPrice, newQuantity, keptPriority);
            listener.onLevelChanged(side, newPrice, level.totalQuantity, level.orderCount);

            return true;
        }

        final long limitKey = takerLimitKey(side, newPrice);
        final PriceLevel oppositeBest = (Side.BUY == side ? asks : bids).best();
        final boolean crosses = null != oppositeBest && oppositeBest.key >= limitKey;
        if (crosses && isPostOnly(order.orderType))
        {
            return reject(orderId, POST_ONLY_WOULD_TAKE);
        }
        if (!notionalFits(side, newPrice, newQuantity))
        {
            return reject(orderId, OVERFLOW);
        }

        listener.onAmended(orderId, order.accountId, newPrice, newQuantity, false);
        level.unlink(order);
        publishLevelLeft(book, level);
        order.price = newPrice;
        order.leavesQuantity = newQuantity;

        if (crosses)
        {
            startTaker(
                orderId, order.accountId, side, order.selfTradePrevention, newPrice, limitKey, newQuantity, NO_QUOTE_BUDGET);
            matchTaker();
            if (0 == takerLeaves)
            {
                ordersById.remove(orderId);
                releaseOrder(order);
                return true;
            }
            order.leavesQuantity = takerLeaves;
        }
        rest(book, order);

        return true;
    }

    /**
     * Match a taker against the opposite side, level by level in price-time priority, up to a limit price, a
     * quantity and optionally a quote budget, and leave the remainder to the caller: one step of routing a taker
     * between the book and a pool. Emits fills, self-trade prevention events and level changes, but neither
     * accepted nor expired events; the taker does not rest. Trades with the taker's own account are prevented by
     * its mode; if that cancels the taker, {@link MatchResult#takerCancelled()} says so.
     *
     * @param takerOrderId        id of the taker, not a resting order's id.
     * @param takerAccountId      that owns the taker.
     * @param takerSide           side of the taker.
     * @param selfTradePrevention mode of the taker.
     * @param limitPrice          worst price to trade at (need not be on a tick), or {@link #NULL_PRICE} for none.
     * @param quantity            most to fill: whole lots, at most the maximum quantity.
     * @param quoteBudget         for buys, most notional to spend, or {@link #NO_QUOTE_BUDGET}.
     * @param result              receives what the step did; untouched when the step is rejected.
     * @return true if the step ran, false if rejected (see {@link OrderBookListener#onRejected}).
     */
    public boolean matchUpTo(
        final long takerOrderId,
        final int takerAccountId,
        final Side takerSide,
        final SelfTradePrevention selfTradePrevention,
        final long limitPrice,
        final long quantity,
        final long quoteBudget,
        final MatchResult result)
    {
        OrderBookReject reason = checkTaker(takerSide, selfTradePrevention, quoteBudget);
        if (null == reason)
        {
            reason = checkQuantity(quantity);
        }
        if (null == reason && limitPrice < 0)
        {
            reason = INVALID_PRICE;
        }
        if (null == reason && ordersById.containsKey(takerOrderId))
        {
            reason = DUPLICATE_ORDER_ID;
        }
        if (null == reason && NO_QUOTE_BUDGET == quoteBudget && !notionalFits(takerSide, limitPrice, quantity))
        {
            reason = OVERFLOW;
        }
        if (null != reason)
        {
            return reject(takerOrderId, reason);
        }

        startTaker(
            takerOrderId,
            takerAccountId,
            takerSide,
            selfTradePrevention,
            limitPrice,
            takerLimitKey(takerSide, limitPrice),
            quantity,
            quoteBudget);
        matchTaker();
        result.set(takerFilled, takerNotional, takerLeaves, takerCancelled);

        return true;
    }

    /**
     * Rest an order at the back of its level without matching it, e.g. the remainder of a limit order after
     * {@link #matchUpTo} and a pool swap. Emits {@link OrderBookListener#onRested} and a level change. An order
     * that would cross the opposite best is rejected with {@link OrderBookReject#CROSSES_BOOK}: the book never
     * rests crossed.
     *
     * @param orderId             caller-assigned id, unique among resting orders.
     * @param accountId           that owns the order.
     * @param side                of the order.
     * @param price               limit price of the order.
     * @param quantity            to rest.
     * @param selfTradePrevention mode used if an amend later makes it take.
     * @return true if it rests, false if rejected (see {@link OrderBookListener#onRejected}).
     */
    public boolean restOrder(
        final long orderId,
        final int accountId,
        final Side side,
        final long price,
        final long quantity,
        final SelfTradePrevention selfTradePrevention)
    {
        OrderBookReject reason = null;
        if (null == side || null == selfTradePrevention)
        {
            reason = INVALID_ORDER_TYPE;
        }
        if (null == reason)
        {
            reason = checkQuantityAndPrice(quantity, price);
        }
        if (null == reason && ordersById.containsKey(orderId))
        {
            reason = DUPLICATE_ORDER_ID;
        }
        if (null == reason && !fits(price, lot.quotientOf(quantity)))
        {
            reason = OVERFLOW;
        }
        if (null == reason)
        {
            final PriceLevel oppositeBest = (Side.BUY == side ? asks : bids).best();
            if (null != oppositeBest && oppositeBest.key >= takerLimitKey(side, price))
            {
                reason = CROSSES_BOOK;
            }
        }
        if (null != reason)
        {
            return reject(orderId, reason);
        }

        restNewOrder(orderId, accountId, side, OrderType.LIMIT, selfTradePrevention, price, quantity);

        return true;
    }

    /**
     * Remove every order and level without events, keeping the pools: for a halt, a delisting or a snapshot
     * restore. Allocates nothing.
     */
    public void clear()
    {
        clearSide(bids);
        clearSide(asks);
        ordersById.clear();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Queries, all free of side effects and of allocation
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Check a new order's quantity, price and id as {@link #placeOrder} would, without placing it: for the engine
     * before it routes an order between the book and a pool.
     *
     * @param orderId  of the new order.
     * @param price    of the new order, or {@link #NULL_PRICE} for a market order without protection.
     * @param quantity of the new order.
     * @return null if valid, else the reason it would be rejected.
     */
    public OrderBookReject validateNewOrder(final long orderId, final long price, final long quantity)
    {
        OrderBookReject reason = checkQuantity(quantity);
        if (null == reason)
        {
            reason = checkOptionalPrice(price);
        }
        if (null == reason && ordersById.containsKey(orderId))
        {
            reason = DUPLICATE_ORDER_ID;
        }

        return reason;
    }

    /**
     * @param side of the book.
     * @return best price of that side, or {@link #NULL_PRICE} if it is empty.
     */
    public long bestPrice(final Side side)
    {
        final PriceLevel best = sideOf(side).best();
        return null == best ? NULL_PRICE : best.price;
    }

    /**
     * @return highest bid, or {@link #NULL_PRICE} if there is none.
     */
    public long bestBid()
    {
        final PriceLevel best = bids.best();
        return null == best ? NULL_PRICE : best.price;
    }

    /**
     * @return lowest ask, or {@link #NULL_PRICE} if there is none.
     */
    public long bestAsk()
    {
        final PriceLevel best = asks.best();
        return null == best ? NULL_PRICE : best.price;
    }

    /**
     * @param side of the book.
     * @return total quantity resting at that side's best price, of every account, or 0 if the side is empty.
     */
    public long quantityAtBest(final Side side)
    {
        final PriceLevel best = sideOf(side).best();
        return null == best ? 0 : best.totalQuantity;
    }

    /**
     * @param side of the book.
     * @return number of orders resting at that side's best price.
     */
    public int orderCountAtBest(final Side side)
    {
        final PriceLevel best = sideOf(side).best();
        return null == best ? 0 : best.orderCount;
    }

    /**
     * @param side of the book.
     * @return number of price levels on that side.
     */
    public int levelCount(final Side side)
    {
        return sideOf(side).levelCount();
    }

    /**
     * @return number of resting orders on both sides.
     */
    public int orderCount()
    {
        return ordersById.size();
    }

    /**
     * @param orderId to look for.
     * @return true if an order with this id rests on the book.
     */
    public boolean containsOrder(final long orderId)
    {
        return ordersById.containsKey(orderId);
    }

    /**
     * Copy a resting order into a caller-owned view.
     *
     * @param orderId of the order.
     * @param view    to fill.
     * @return true if the order rests and was copied, false if unknown (the view is untouched).
     */
    public boolean readOrder(final long orderId, final OrderView view)
    {
        final Order order = ordersById.get(orderId);
        if (null == order)
        {
            return false;
        }
        view.set(order);

        return true;
    }

    /**
     * L2 depth into caller-provided arrays, best level first.
     *
     * @param side        of the book.
     * @param prices      receives the level prices.
     * @param quantities  receives the level quantities.
     * @param orderCounts receives the level order counts.
     * @return number of levels written: the side's level count, capped by the shortest array.
     */
    public int depth(final Side side, final long[] prices, final long[] quantities, final int[] orderCounts)
    {
        final BookSide book = sideOf(side);
        final int count = Math.min(
            book.levelCount(), Math.min(prices.length, Math.min(quantities.length, orderCounts.length)));
        PriceLevel level = book.best();
        for (int depth = 0; depth < count; depth++, level = book.next(level))
        {
            prices[depth] = level.price;
            quantities[depth] = level.totalQuantity;
            orderCounts[depth] = level.orderCount;
        }

        return count;
    }

    /**
     * L2 depth through a visitor, best level first.
     *
     * @param side      of the book.
     * @param maxLevels most levels to visit.
     * @param visitor   called per level.
     * @return number of levels visited.
     */
    public int forEachLevel(final Side side, final int maxLevels, final LevelVisitor visitor)
    {
        final BookSide book = sideOf(side);
        final int count = Math.min(book.levelCount(), maxLevels);
        PriceLevel level = book.best();
        for (int depth = 0; depth < count; depth++, level = book.next(level))
        {
            visitor.onLevel(side, level.price, level.totalQuantity, level.orderCount);
        }

        return count;
    }

    /**
     * L3: the orders resting at one price, in time priority.
     *
     * @param side    of the book.
     * @param price   of the level.
     * @param visitor called per order.
     * @return number of orders visited, 0 if no level rests at that price.
     */
    public int forEachOrderAtLevel(final Side side, final long price, final OrderVisitor visitor)
    {
        final PriceLevel level = sideOf(side).find(price);
        if (null == level)
        {
            return 0;
        }

        int count = 0;
        for (Order order = level.head; null != order; order = order.next)
        {
            visitor.onOrder(order.orderId, order.accountId, order.leavesQuantity);
            count++;
        }

        return count;
    }

    /**
     * How much a taker would fill right now, with its self-trade prevention mode applied, without changing
     * anything: what {@link #matchUpTo} without a budget would report as filled. Used for fill-or-kill, also across
     * the book and a pool.
     *
     * @param takerSide           side of the taker.
     * @param takerAccountId      that owns the taker.
     * @param selfTradePrevention mode of the taker.
     * @param limitPrice          worst price to trade at, or {@link #NULL_PRICE} for none.
     * @param quantity            most to fill.
     * @return quantity that would fill, at most {@code quantity}; 0 for invalid arguments.
     */
    public long fillableQuantity(
        final Side takerSide,
        final int takerAccountId,
        final SelfTradePrevention selfTradePrevention,
        final long limitPrice,
        final long quantity)
    {
        if (null == takerSide || null == selfTradePrevention || limitPrice < 0 || quantity <= 0)
        {
            return 0;
        }

        return fillable(
            Side.BUY == takerSide ? asks : bids,
            takerAccountId,
            selfTradePrevention,
            takerLimitKey(takerSide, limitPrice),
            quantity);
    }

    /**
     * Quote value of a quantity at a price: {@code price * quantity / lotSize}, exact for whole lots.
     *
     * @param price    in quote units per lot, not negative.
     * @param quantity in base units, not negative.
     * @return the notional, or {@link #NOTIONAL_OVERFLOW} if it does not fit a long.
     */
    public long notional(final long price, final long quantity)
    {
        final long lots = quantity / lotSize;
        return fits(price, lots) ? price * lots : NOTIONAL_OVERFLOW;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The matching core
    // ---------------------------------------------------------------------------------------------------------------

    private void startTaker(
        final long orderId,
        final int accountId,
        final Side side,
        final SelfTradePrevention selfTradePrevention,
        final long price,
        final long limitKey,
        final long quantity,
        final long quoteBudget)
    {
        takerOrderId = orderId;
        takerAccountId = accountId;
        takerSide = side;
        takerSelfTradePrevention = selfTradePrevention;
        takerPrice = price;
        takerLimitKey = limitKey;
        takerLeaves = quantity;
        takerQuoteBudget = quoteBudget;
        takerFilled = 0;
        takerNotional = 0;
        takerCancelled = false;
    }

    private void matchTaker()
    {
        final BookSide makers = Side.BUY == takerSide ? asks : bids;
        final boolean hasBudget = NO_QUOTE_BUDGET != takerQuoteBudget;
        PriceLevel level;
        while (takerLeaves > 0 && null != (level = makers.best()) && level.key >= takerLimitKey)
        {
            long budgetQuantity = Long.MAX_VALUE;
            if (hasBudget)
            {
                final long affordableLots = (takerQuoteBudget - takerNotional) / level.price;
                if (0 == affordableLots)
                {
                    break;
                }
                if (affordableLots < lot.quotientOf(takerLeaves))
                {
                    budgetQuantity = affordableLots * lotSize;
                }
            }

            if (!matchLevel(makers, level, budgetQuantity))
            {
                break;
            }
        }
    }

    /**
     * Match the taker against one level in time priority.
     *
     * @return true if the level was used up and the taker may go on to the next one.
     */
    private boolean matchLevel(final BookSide makers, final PriceLevel level, final long budgetQuantity)
    {
        final long price = level.price;
        final int takerAccountId = this.takerAccountId;
        long budgetLeft = budgetQuantity;
        boolean changed = false;
        Order maker = level.head;
        while (null != maker)
        {
            final Order next = maker.next;
            if (maker.accountId == takerAccountId)
            {
                changed |= preventSelfTrade(level, maker);
            }
            else
            {
                final long quantity = Math.min(maker.leavesQuantity, Math.min(takerLeaves, budgetLeft));
                fill(level, maker, price, quantity);
                budgetLeft -= quantity;
                changed = true;
            }

            if (0 == takerLeaves || 0 == budgetLeft)
            {
                break;
            }
            maker = next;
        }

        if (changed)
        {
            publishLevelLeft(makers, level);
        }

        return null == maker;
    }

    private void fill(final PriceLevel level, final Order maker, final long price, final long quantity)
    {
        final long makerLeaves = maker.leavesQuantity - quantity;
        final long takerLeavesAfter = takerLeaves - quantity;
        maker.leavesQuantity = makerLeaves;
        level.totalQuantity -= quantity;
        takerLeaves = takerLeavesAfter;
        takerFilled += quantity;
        takerNotional += price * lot.quotientOf(quantity);

        final long makerOrderId = maker.orderId;
        if (0 == makerLeaves)
        {
            level.unlink(maker);
            ordersById.remove(makerOrderId);
        }
        listener.onFill(takerOrderId, makerOrderId, maker.accountId, price, quantity, takerLeavesAfter, makerLeaves);
        if (0 == makerLeaves)
        {
            releaseOrder(maker);
        }
    }

    /**
     * Apply the taker's self-trade prevention mode to a resting order of its own account.
     *
     * @return true if the level changed.
     */
    private boolean preventSelfTrade(final PriceLevel level, final Order maker)
    {
        final SelfTradePrevention mode = takerSelfTradePrevention;
        if (SelfTradePrevention.CANCEL_TAKER == mode)
        {
            cancelTaker();
            return false;
        }
        if (SelfTradePrevention.CANCEL_RESTING == mode)
        {
            cancelMaker(level, maker);
            return true;
        }
        if (SelfTradePrevention.CANCEL_BOTH == mode)
        {
            cancelMaker(level, maker);
            cancelTaker();
            return true;
        }

        final long makerLeaves = maker.leavesQuantity;
        final long takerLeavesBefore = takerLeaves;
        if (makerLeaves > takerLeavesBefore)
        {
            final long makerLeavesAfter = makerLeaves - takerLeavesBefore;
            maker.leavesQuantity = makerLeavesAfter;
            level.totalQuantity -= takerLeavesBefore;
            listener.onSelfTradeDecremented(
                maker.orderId, maker.accountId, maker.side, maker.price, takerLeavesBefore, makerLeavesAfter);
            cancelTaker();
        }
        else
        {
            cancelMaker(level, maker);
            if (makerLeaves == takerLeavesBefore)
            {
                cancelTaker();
            }
            else
            {
                final long takerLeavesAfter = takerLeavesBefore - makerLeaves;
                takerLeaves = takerLeavesAfter;
                listener.onSelfTradeDecremented(
                    takerOrderId, takerAccountId, takerSide, takerPrice, makerLeaves, takerLeavesAfter);
            }
        }

        return true;
    }

    private void cancelTaker()
    {
        final long cancelledQuantity = takerLeaves;
        takerLeaves = 0;
        takerCancelled = true;
        listener.onCancelled(
            takerOrderId, takerAccountId, takerSide, takerPrice, cancelledQuantity, CancelReason.SELF_TRADE);
    }

    private void cancelMaker(final PriceLevel level, final Order maker)
    {
        level.unlink(maker);
        ordersById.remove(maker.orderId);
        listener.onCancelled(
            maker.orderId, maker.accountId, maker.side, maker.price, maker.leavesQuantity, CancelReason.SELF_TRADE);
        releaseOrder(maker);
    }

    private static long fillable(
        final BookSide makers,
        final int takerAccountId,
        final SelfTradePrevention selfTradePrevention,
        final long limitKey,
        final long quantity)
    {
        long leaves = quantity;
        long filled = 0;
        for (PriceLevel level = makers.best(); null != level && level.key >= limitKey; level = makers.next(level))
        {
            for (Order maker = level.head; null != maker; maker = maker.next)
            {
                final long makerLeaves = maker.leavesQuantity;
                if (maker.accountId != takerAccountId)
                {
                    final long fillQuantity = Math.min(leaves, makerLeaves);
                    filled += fillQuantity;
                    leaves -= fillQuantity;
                    if (0 == leaves)
                    {
                        return filled;
                    }
                }
                else if (SelfTradePrevention.CANCEL_RESTING != selfTradePrevention)
                {
                    if (SelfTradePrevention.DECREMENT_AND_CANCEL != selfTradePrevention || makerLeaves >= leaves)
                    {
                        return filled;
                    }
                    leaves -= makerLeaves;
                }
            }
        }

        return filled;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Resting, levels and pools
    // ---------------------------------------------------------------------------------------------------------------

    private void restNewOrder(
        final long orderId,
        final int accountId,
        final Side side,
        final OrderType orderType,
        final SelfTradePrevention selfTradePrevention,
        final long price,
        final long quantity)
    {
        final Order order = acquireOrder(orderId);
        order.book = this;
        order.orderId = orderId;
        order.accountId = accountId;
        order.side = side;
        order.orderType = orderType;
        order.selfTradePrevention = selfTradePrevention;
        order.price = price;
        order.leavesQuantity = quantity;
        ordersById.put(order);

        listener.onRested(orderId, accountId, side, price, quantity);
        rest(sideOf(side), order);
    }

    private void rest(final BookSide book, final Order order)
    {
        final long price = order.price;
        PriceLevel level = book.find(price);
        if (null == level)
        {
            level = acquireLevel();
            level.init(price, book.keyOf(price));
            book.insert(level);
        }
        level.append(order);

        listener.onLevelChanged(book.side, price, level.totalQuantity, level.orderCount);
    }

    private void publishLevelLeft(final BookSide book, final PriceLevel level)
    {
        if (0 == level.orderCount)
        {
            book.remove(level);
            listener.onLevelChanged(book.side, level.price, 0, 0);
            releaseLevel(level);
        }
        else
        {
            listener.onLevelChanged(book.side, level.price, level.totalQuantity, level.orderCount);
        }
    }

    private void clearSide(final BookSide book)
    {
        PriceLevel nextLevel;
        for (PriceLevel level = book.best(); null != level; level = nextLevel)
        {
            nextLevel = book.next(level);
            Order order = level.head;
            while (null != order)
            {
                final Order next = order.next;
                releaseOrder(order);
                order = next;
            }
            level.head = null;
            level.tail = null;
            releaseLevel(level);
        }
        book.clear();
    }

    private Order acquireOrder(final long orderId)
    {
        if (null != store)
        {
            return store.orderToRest(orderId);
        }
        final int count = freeOrderCount;
        if (0 == count)
        {
            return new Order();
        }

        final int index = count - 1;
        final Order order = freeOrders[index];
        freeOrders[index] = null;
        freeOrderCount = index;

        return order;
    }

    private void releaseOrder(final Order order)
    {
        order.reset();
        if (null != store)
        {
            return;
        }
        if (freeOrderCount == freeOrders.length)
        {
            freeOrders = Arrays.copyOf(freeOrders, freeOrderCount << 1);
        }
        freeOrders[freeOrderCount++] = order;
    }

    private PriceLevel acquireLevel()
    {
        final int count = freeLevelCount;
        if (0 == count)
        {
            return new PriceLevel();
        }

        final int index = count - 1;
        final PriceLevel level = freeLevels[index];
        freeLevels[index] = null;
        freeLevelCount = index;

        return level;
    }

    private void releaseLevel(final PriceLevel level)
    {
        if (freeLevelCount == freeLevels.length)
        {
            freeLevels = Arrays.copyOf(freeLevels, freeLevelCount << 1);
        }
        freeLevels[freeLevelCount++] = level;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Checks and helpers
    // ---------------------------------------------------------------------------------------------------------------

    private boolean reject(final long orderId, final OrderBookReject reason)
    {
        listener.onRejected(orderId, reason);
        return false;
    }

    private static OrderBookReject checkTaker(
        final Side side, final SelfTradePrevention selfTradePrevention, final long quoteBudget)
    {
        if (null == side || null == selfTradePrevention)
        {
            return INVALID_ORDER_TYPE;
        }
        if (quoteBudget < 0)
        {
            return INVALID_QUOTE_BUDGET;
        }
        if (NO_QUOTE_BUDGET != quoteBudget && Side.SELL == side)
        {
            return INVALID_ORDER_TYPE;
        }

        return null;
    }

    private OrderBookReject checkQuantity(final long quantity)
    {
        if (quantity <= 0)
        {
            return INVALID_QUANTITY;
        }
        if (!lot.divides(quantity))
        {
            return QUANTITY_OFF_LOT;
        }
        if (quantity > maxQuantity)
        {
            return QUANTITY_ABOVE_MAXIMUM;
        }

        return null;
    }

    private OrderBookReject checkOptionalPrice(final long price)
    {
        if (price < 0)
        {
            return INVALID_PRICE;
        }
        if (!tick.divides(price))
        {
            return PRICE_OFF_TICK;
        }

        return null;
    }

    private OrderBookReject checkQuantityAndPrice(final long quantity, final long price)
    {
        final OrderBookReject reason = checkQuantity(quantity);
        if (null != reason)
        {
            return reason;
        }
        if (price <= 0)
        {
            return INVALID_PRICE;
        }
        if (!tick.divides(price))
        {
            return PRICE_OFF_TICK;
        }

        return null;
    }

    /**
     * Whether every notional the order can reach fits a long: its limit times its lots, and for a taker the worst
     * opposite price it could trade at times its lots (the worst ask for a buy without a limit, the best bid for a
     * sell). Every sum of fills of the order is then bounded by a product that fits.
     */
    private boolean notionalFits(final Side side, final long limitPrice, final long quantity)
    {
        final long lots = lot.quotientOf(quantity);
        if (Side.BUY == side)
        {
            if (NULL_PRICE != limitPrice)
            {
                return fits(limitPrice, lots);
            }
            final PriceLevel worstAsk = asks.worst();
            return null == worstAsk || fits(worstAsk.price, lots);
        }

        if (NULL_PRICE != limitPrice && !fits(limitPrice, lots))
        {
            return false;
        }
        final PriceLevel bestBid = bids.best();
        return null == bestBid || fits(bestBid.price, lots);
    }

    private static boolean fits(final long price, final long lots)
    {
        return 0 == Math.multiplyHigh(price, lots) && price * lots >= 0;
    }

    /**
     * The key a taker's limit price has on the opposite side: it crosses every level whose key is at least this.
     */
    private static long takerLimitKey(final Side takerSide, final long limitPrice)
    {
        if (NULL_PRICE == limitPrice)
        {
            return Long.MIN_VALUE;
        }

        return Side.BUY == takerSide ? -limitPrice : limitPrice;
    }

    private static boolean isPostOnly(final OrderType orderType)
    {
        return OrderType.POST_ONLY == orderType || OrderType.POST_ONLY_SLIDE == orderType;
    }

    private BookSide sideOf(final Side side)
    {
        return Side.BUY == side ? bids : asks;
    }

    public String toString()
    {
        return "OrderBook{tickSize=" + tickSize + ", lotSize=" + lotSize + ", maxQuantity=" + maxQuantity +
            ", orders=" + ordersById.size() + ", bidLevels=" + bids.levelCount() + ", askLevels=" + asks.levelCount() +
            ", bestBid=" + bestBid() + ", bestAsk=" + bestAsk() + '}';
    }
}
