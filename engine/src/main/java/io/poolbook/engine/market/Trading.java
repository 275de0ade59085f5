package io.poolbook.engine.market;

import io.poolbook.codecs.AddLiquidityDecoder;
import io.poolbook.codecs.AmendOrderDecoder;
import io.poolbook.codecs.CancelByClientOrderIdDecoder;
import io.poolbook.codecs.CancelOnDisconnectDecoder;
import io.poolbook.codecs.CancelOrderDecoder;
import io.poolbook.codecs.CreatePoolDecoder;
import io.poolbook.codecs.MassCancelDecoder;
import io.poolbook.codecs.NewOrderDecoder;
import io.poolbook.codecs.OrderType;
import io.poolbook.codecs.QuoteDecoder;
import io.poolbook.codecs.RejectReason;
import io.poolbook.codecs.RemoveLiquidityDecoder;
import io.poolbook.codecs.SwapDecoder;
import io.poolbook.codecs.TimeInForce;
import io.poolbook.engine.EngineConfig;
import io.poolbook.engine.account.Account;
import io.poolbook.engine.account.Accounts;
import io.poolbook.engine.account.Asset;
import io.poolbook.engine.account.Ledger;
import io.poolbook.engine.event.EventWriter;
import io.poolbook.orderbook.CancelReason;
import io.poolbook.orderbook.OrderBook;
import io.poolbook.orderbook.OrderBookListener;
import io.poolbook.orderbook.OrderStore;
import io.poolbook.orderbook.SelfTradePrevention;
import io.poolbook.orderbook.Side;

/**
 * Orders, quotes, swaps and liquidity: everything that moves value between accounts, books and pools. The entry
 * point of the trading commands, in four parts with one job each:
 * <ul>
 *     <li>{@link OrderChecks}: whether an order command may go ahead, and what an order locks before it reaches
 *     the book (fills spend from the lock; whatever is left when the order ends goes back to available);</li>
 *     <li>{@link BookPoolRouter}: in a market whose pool has liquidity, which venue fills a taker's next step and
 *     how much goes to the pool before the next book level;</li>
 *     <li>{@link Settlement}: balances, fees and events for book fills, pool fills and swaps, and the end of
 *     orders; every market's book reports to it;</li>
 *     <li>{@link WireMapping}: the protocol's enums to the book's types and outcomes back to the wire's reasons.</li>
 * </ul>
 * This class places, amends, cancels and quotes orders with them; {@link PoolCommands} handles the commands that
 * go to a pool directly. Post-only orders are checked against the pool too: an order that the pool would fill
 * would take. A rejected command emits only its {@code CommandRejected} and leaves balances as they were.
 */
public final class Trading
{
    private final EngineConfig config;
    private final Ledger ledger;
    private final Accounts accounts;
    private final Markets markets;
    private final EventWriter events;
    private final OpenOrders orders = new OpenOrders();
    private final OrderStore orderStore = orders::get;
    private final QuoteSides quotes = new QuoteSides();
    private final MarketUpdates updates = new MarketUpdates();
    private final CommandRejects rejects;
    private final OrderChecks checks;
    private final Settlement settlement;
    private final BookPoolRouter router;
    private final PoolCommands poolCommands;

    private long lastOrderId;

    public Trading(final EngineConfig config, final Ledger ledger, final Markets markets, final EventWriter events)
    {
        this.config = config;
        this.ledger = ledger;
        this.accounts = ledger.accounts();
        this.markets = markets;
        this.events = events;
        this.rejects = new CommandRejects(events);
        this.checks = new OrderChecks(config, accounts, orders);
        this.settlement = new Settlement(config, ledger, markets, events, orders, quotes, updates, rejects);
        this.router = new BookPoolRouter(settlement);
        this.poolCommands = new PoolCommands(config, ledger, markets, events, rejects, settlement, updates);
    }

    /** The listener every market's book reports to. */
    public OrderBookListener bookListener()
    {
        return settlement;
    }

    /** Where every market's book finds the object to rest an order in: the order's own record. */
    public OrderStore orderStore()
    {
        return orderStore;
    }

    public OpenOrders orders()
    {
        return orders;
    }

    public long lastOrderId()
    {
        return lastOrderId;
    }

    public long lastTradeId()
    {
        return settlement.lastTradeId();
    }

    /** Restores the id counters from a snapshot. */
    public void restoreCounters(final long lastOrderId, final long lastTradeId)
    {
        this.lastOrderId = lastOrderId;
        settlement.restoreLastTradeId(lastTradeId);
    }

    /**
     * Restores one live order from a snapshot, in its account's order. Rest it on its book afterwards with
     * {@link #restoreRest}, in the book's priority order.
     */
    public void restoreOrder(
        final Account account,
        final int marketId,
        final long orderId,
        final long clientOrderId,
        final boolean buy,
        final long locked,
        final long filledQuantity,
        final boolean isQuote)
    {
        final OrderRecord record = orders.add(orderId, clientOrderId, account.id(), account.index(), marketId, buy,
            locked);
        record.filledQuantity = filledQuantity;
        record.quote = isQuote;
        if (isQuote)
        {
            quotes.put(account.id(), marketId, buy, orderId);
        }
    }

    /** Rests a restored order on its book, at the back of its level. */
    public void restoreRest(
        final Market market, final long orderId, final long price, final long leavesQuantity, final SelfTradePrevention stp)
    {
        final OrderRecord record = orders.get(orderId);
        settlement.beginTaker(market, record);
        market.book().restOrder(orderId, record.accountId, record.buy ? Side.BUY : Side.SELL, price, leavesQuantity, stp);
        orders.resting(record, true);
        updates.discardLevels();
        settlement.endCommand();
    }

    /** Reports the price levels and pools the command changed. */
    public void onCommandEnd()
    {
        updates.report(events);
        settlement.endCommand();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Commands
    // ---------------------------------------------------------------------------------------------------------------

    public void onSwap(final SwapDecoder command)
    {
        poolCommands.onSwap(command);
    }

    public void onAddLiquidity(final AddLiquidityDecoder command)
    {
        poolCommands.onAddLiquidity(command);
    }

    public void onRemoveLiquidity(final RemoveLiquidityDecoder command)
    {
        poolCommands.onRemoveLiquidity(command);
    }

    public void onCreatePool(final CreatePoolDecoder command)
    {
        poolCommands.onCreatePool(command);
    }

    public void onNewOrder(final NewOrderDecoder command)
    {
        rejects.onCommand(NewOrderDecoder.TEMPLATE_ID);
        final int accountId = command.accountId();
        final long clientOrderId = command.clientOrderId();
        final Market market = markets.get(command.marketId());
        final Side side = WireMapping.side(command.sideRaw());
        final OrderType orderType = WireMapping.orderType(command.orderTypeRaw());
        final TimeInForce timeInForce = WireMapping.timeInForce(command.timeInForceRaw());
        final SelfTradePrevention stp = WireMapping.selfTradePrevention(command.selfTradePreventionRaw());
        final long price = command.price();
        final long quantity = command.quantity();
        final long quoteBudget = command.quoteBudget();

        final RejectReason reason = checks.checkNewOrder(
            accountId, clientOrderId, market, side, orderType, timeInForce, stp, price, quantity, quoteBudget);
        if (reason != RejectReason.NONE)
        {
            rejects.reject(accountId, reason, clientOrderId, command.marketId(), 0);
            return;
        }

        final Account account = accounts.get(accountId);
        final long lock = OrderChecks.newOrderLock(account, market, side, orderType, price, quantity, quoteBudget);
        if (lock == Fees.OVERFLOW || lock == OrderChecks.UNFUNDED)
        {
            rejects.reject(accountId, lock == Fees.OVERFLOW ? RejectReason.OVERFLOW : RejectReason.INSUFFICIENT_FUNDS,
                clientOrderId, market.id(), 0);
            return;
        }

        placeOrder(account, market, clientOrderId, side, orderType, timeInForce, stp, price, quantity, quoteBudget,
            lock, false);
    }

    public void onCancelOrder(final CancelOrderDecoder command)
    {
        rejects.onCommand(CancelOrderDecoder.TEMPLATE_ID);
        cancel(command.accountId(), command.marketId(), command.orderId(), 0);
    }

    public void onCancelByClientOrderId(final CancelByClientOrderIdDecoder command)
    {
        rejects.onCommand(CancelByClientOrderIdDecoder.TEMPLATE_ID);
        final long orderId = orders.orderIdOf(command.accountId(), command.clientOrderId());
        cancel(command.accountId(), command.marketId(), orderId, command.clientOrderId());
    }

    public void onAmendOrder(final AmendOrderDecoder command)
    {
        rejects.onCommand(AmendOrderDecoder.TEMPLATE_ID);
        final int accountId = command.accountId();
        final long orderId = command.orderId();
        final Market market = markets.get(command.marketId());
        final OrderRecord record = orders.get(orderId);
        RejectReason reason = OrderChecks.checkOwnRestingOrder(accountId, market, command.marketId(), record);
        if (reason == RejectReason.NONE)
        {
            reason = OrderChecks.checkAmendFields(market, command.price(), command.quantity());
        }
        if (reason != RejectReason.NONE)
        {
            rejects.reject(accountId, reason, 0, command.marketId(), orderId);
            return;
        }

        final long newPrice = command.price() == 0 ? record.price() : command.price();
        final long newQuantity = command.quantity() == 0 ? record.leavesQuantity() : command.quantity();
        final RejectReason limitReject = OrderChecks.checkLimit(market, newPrice, newQuantity);
        if (limitReject != RejectReason.NONE && limitReject != RejectReason.QUANTITY_BELOW_MINIMUM)
        {
            rejects.reject(accountId, limitReject, record.clientOrderId, market.id(), orderId);
            return;
        }

        final Account account = accounts.atIndex(record.accountIndex);
        final long required = OrderChecks.restingLock(market, record.buy, newPrice, newQuantity);
        if (required == Fees.OVERFLOW)
        {
            rejects.reject(accountId, RejectReason.OVERFLOW, record.clientOrderId, market.id(), orderId);
            return;
        }
        final Asset lockedAsset = record.buy ? market.quote() : market.base();
        final long extra = required - record.locked;
        if (extra > account.available(lockedAsset.index()))
        {
            rejects.reject(accountId, RejectReason.INSUFFICIENT_FUNDS, record.clientOrderId, market.id(), orderId);
            return;
        }
        if (extra > 0)
        {
            ledger.lock(account, lockedAsset, extra);
            record.locked += extra;
        }

        settlement.beginTaker(market, record);
        if (market.book().amendOrder(record, newPrice, newQuantity))
        {
            settlement.afterBookCall(market, record, orderId);
        }
        else
        {
            settlement.undoLock(account, lockedAsset, record, extra);
        }
    }

    /** Cancels the account's orders in one market, or in every market: mass cancel and cancel-on-disconnect. */
    public void onMassCancel(final int accountId, final int marketId, final int templateId)
    {
        rejects.onCommand(templateId);
        final boolean everyMarket = marketId == MassCancelDecoder.marketIdNullValue();
        if (!everyMarket && null == markets.get(marketId))
        {
            rejects.reject(accountId, RejectReason.UNKNOWN_MARKET, 0, marketId, 0);
            return;
        }

        events.commandAccepted(accountId, templateId, 0);
        final CancelReason reason = templateId == CancelOnDisconnectDecoder.TEMPLATE_ID ?
            CancelReason.DISCONNECT : CancelReason.MASS_CANCEL;
        final Account account = accounts.get(accountId);
        OrderRecord record = orders.first(account.index());
        while (null != record)
        {
            final OrderRecord next = orders.next(record);
            if (everyMarket || record.marketId == marketId)
            {
                final Market market = markets.get(record.marketId);
                settlement.onMarket(market);
                market.book().cancelOrder(record, reason);
            }
            record = next;
        }
    }

    /** A two-sided quote: replaces the account's quote in the market, both sides checked before either is placed. */
    public void onQuote(final QuoteDecoder command)
    {
        rejects.onCommand(QuoteDecoder.TEMPLATE_ID);
        final int accountId = command.accountId();
        final long clientQuoteId = command.clientQuoteId();
        final Market market = markets.get(command.marketId());
        final long bidPrice = command.bidPrice();
        final long bidQuantity = command.bidQuantity();
        final long askPrice = command.askPrice();
        final long askQuantity = command.askQuantity();

        RejectReason reason = OrderChecks.checkQuote(market, bidPrice, bidQuantity, askPrice, askQuantity);
        if (reason != RejectReason.NONE)
        {
            rejects.reject(accountId, reason, clientQuoteId, command.marketId(), 0);
            return;
        }

        final Account account = accounts.get(accountId);
        final OrderRecord oldBid = orders.get(quotes.orderId(accountId, market.id(), true));
        final OrderRecord oldAsk = orders.get(quotes.orderId(accountId, market.id(), false));
        final long bidLock = bidQuantity > 0 ? OrderChecks.restingLock(market, true, bidPrice, bidQuantity) : 0;
        final long askLock = askQuantity > 0 ? askQuantity : 0;
        final int newOrders = (bidQuantity > 0 ? 1 : 0) + (askQuantity > 0 ? 1 : 0);
        final int oldOrders = (null != oldBid ? 1 : 0) + (null != oldAsk ? 1 : 0);
        if (bidLock == Fees.OVERFLOW)
        {
            reason = RejectReason.OVERFLOW;
        }
        else if (bidLock > account.available(market.quote().index()) + (null != oldBid ? oldBid.locked : 0) ||
            askLock > account.available(market.base().index()) + (null != oldAsk ? oldAsk.locked : 0))
        {
            reason = RejectReason.INSUFFICIENT_FUNDS;
        }
        else if (orders.restingCount(account.index()) - oldOrders + newOrders > config.maxOpenOrdersPerAccount())
        {
            reason = RejectReason.OPEN_ORDER_LIMIT;
        }
        if (reason != RejectReason.NONE)
        {
            rejects.reject(accountId, reason, clientQuoteId, market.id(), 0);
            return;
        }

        if (null != oldBid)
        {
            settlement.cancelReplaced(market, oldBid);
        }
        if (null != oldAsk)
        {
            settlement.cancelReplaced(market, oldAsk);
        }

        if (bidQuantity > 0)
        {
            final OrderRecord bid = placeOrder(account, market, clientQuoteId, Side.BUY, OrderType.LIMIT,
                TimeInForce.GTC, SelfTradePrevention.CANCEL_TAKER, bidPrice, bidQuantity, 0, bidLock, true);
            if (null != bid)
            {
                quotes.put(accountId, market.id(), true, bid.orderId);
            }
        }
        if (askQuantity > 0)
        {
            final OrderRecord ask = placeOrder(account, market, clientQuoteId, Side.SELL, OrderType.LIMIT,
                TimeInForce.GTC, SelfTradePrevention.CANCEL_TAKER, askPrice, askQuantity, 0, askLock, true);
            if (null != ask)
            {
                quotes.put(accountId, market.id(), false, ask.orderId);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Orders
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Locks, registers and places an order that passed its checks: on the book, or routed between book and pool.
     *
     * @return the order if it rests after the command, else null (filled, expired, cancelled or rejected).
     */
    private OrderRecord placeOrder(
        final Account account,
        final Market market,
        final long clientOrderId,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final SelfTradePrevention stp,
        final long price,
        final long quantity,
        final long quoteBudget,
        final long lock,
        final boolean isQuote)
    {
        final boolean buy = side == Side.BUY;
        final Asset lockedAsset = buy ? market.quote() : market.base();
        final long orderId = ++lastOrderId;
        ledger.lock(account, lockedAsset, lock);
        final OrderRecord record = orders.add(orderId, clientOrderId, account.id(), account.index(), market.id(), buy,
            lock);
        record.quote = isQuote;
        settlement.beginOrder(market, record, orderType, timeInForce);

        final OrderBook book = market.book();
        final boolean accepted;
        final boolean postOnly = WireMapping.isPostOnly(timeInForce);
        if (market.routesToPool() && !postOnly)
        {
            accepted = routeOrder(account, market, record, side, orderType, timeInForce, stp, price, quantity,
                quoteBudget);
        }
        else if (market.routesToPool() && router.poolLotsTo(market, buy, price, quantity) > 0)
        {
            // The pool would fill this post-only order: reject it, or slide it to where the pool would not.
            final long slidPrice = timeInForce == TimeInForce.POST_ONLY ? 0 : BookPoolRouter.priceBeforePool(market, buy);
            if (slidPrice <= 0)
            {
                rejects.reject(account.id(), RejectReason.POST_ONLY_WOULD_TAKE, clientOrderId, market.id(), 0);
                accepted = false;
            }
            else
            {
                accepted = book.placeOrder(orderId, account.id(), side, WireMapping.bookOrderType(timeInForce),
                    slidPrice, quantity, stp);
            }
        }
        else if (orderType == OrderType.MARKET)
        {
            final long bookBudget = buy && OrderChecks.isBudgeted(orderType, price, quoteBudget) ?
                Fees.notionalWithinBudget(lock, market.takerFeeBps()) : OrderBook.NO_QUOTE_BUDGET;
            accepted = book.placeMarketOrder(orderId, account.id(), side, quantity, price, bookBudget, stp);
        }
        else
        {
            accepted = book.placeOrder(orderId, account.id(), side, WireMapping.bookOrderType(timeInForce), price,
                quantity, stp);
        }

        if (!accepted)
        {
            settlement.undoLock(account, lockedAsset, record, lock);
            orders.remove(record);
            lastOrderId--;
            return null;
        }
        settlement.afterBookCall(market, record, orderId);
        return record.orderId == orderId ? record : null;
    }

    /**
     * Places an order in a market that routes to its pool: fill-or-kill's check against both venues, then accept,
     * route, and rest (a good-till-cancelled limit) or expire what is left.
     *
     * @return false if rejected.
     */
    private boolean routeOrder(
        final Account account,
        final Market market,
        final OrderRecord record,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final SelfTradePrevention stp,
        final long price,
        final long quantity,
        final long quoteBudget)
    {
        final OrderBook book = market.book();
        final boolean buy = side == Side.BUY;
        final long orderId = record.orderId;
        final long lot = market.lotSize();
        // A market order by budget alone wants as much as one order may have.
        final long orderQuantity = quantity > 0 ? quantity : market.maxQuantity() - market.maxQuantity() % lot;

        if (timeInForce == TimeInForce.FOK)
        {
            final long fillable = book.fillableQuantity(side, account.id(), stp, price, orderQuantity) +
                router.poolLotsTo(market, buy, price, orderQuantity);
            if (fillable < orderQuantity)
            {
                rejects.reject(account.id(), RejectReason.FOK_NOT_FILLABLE, record.clientOrderId, market.id(), 0);
                return false;
            }
        }

        events.orderAccepted(account.id(), market.id(), orderId, record.clientOrderId, WireMapping.wireSide(buy),
            orderType, timeInForce, price, quantity);

        final boolean budgeted = buy && OrderChecks.isBudgeted(orderType, price, quoteBudget);
        final long remaining = router.route(market, record, side, stp, price, orderQuantity, budgeted);
        if (remaining > 0 && record.orderId == orderId)
        {
            if (orderType != OrderType.MARKET && timeInForce == TimeInForce.GTC)
            {
                book.restOrder(orderId, account.id(), side, price, remaining, stp);
            }
            else
            {
                events.orderExpired(account.id(), market.id(), orderId, record.clientOrderId,
                    quantity > 0 ? remaining : 0);
            }
        }
        return true;
    }

    private void cancel(final int accountId, final int marketId, final long orderId, final long clientOrderId)
    {
        final Market market = markets.get(marketId);
        final OrderRecord record = orderId >= 0 ? orders.get(orderId) : null;
        final RejectReason reason = OrderChecks.checkOwnRestingOrder(accountId, market, marketId, record);
        if (reason != RejectReason.NONE)
        {
            rejects.reject(accountId, reason, clientOrderId, marketId, Math.max(orderId, 0));
            return;
        }

        settlement.onMarket(market);
        market.book().cancelOrder(record, CancelReason.USER);
    }
}
