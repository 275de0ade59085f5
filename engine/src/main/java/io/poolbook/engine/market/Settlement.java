package io.poolbook.engine.market;

import io.poolbook.amm.Int128Math;
import io.poolbook.codecs.CancelReason;
import io.poolbook.codecs.LiquiditySource;
import io.poolbook.codecs.OrderType;
import io.poolbook.codecs.TimeInForce;
import io.poolbook.codecs.TradeSource;
import io.poolbook.engine.EngineConfig;
import io.poolbook.engine.account.Account;
import io.poolbook.engine.account.Accounts;
import io.poolbook.engine.account.Asset;
import io.poolbook.engine.account.Ledger;
import io.poolbook.engine.event.EventWriter;
import io.poolbook.orderbook.OrderBookListener;
import io.poolbook.orderbook.OrderBookReject;
import io.poolbook.orderbook.Side;

/**
 * Turns what the books and pools did into balance moves and events: fills on the book (taker and maker fees),
 * fills from the pool, swaps, and the end of orders (their locks back to available).
 * <p>
 * Fees: a taker pays the market's taker rate on the cumulative notional of its taking in one command, rounded up
 * once; a maker pays (or, at a negative rate, receives) its rate fill by fill, charges rounded up and rebates
 * rounded down. Fees go to the fee account. A pool fill pays no exchange fee: the pool's own fee is in its price.
 * <p>
 * Every market's book reports here. Its listener calls do not say which market or which taker, so the caller
 * names them first: {@link #onMarket} before a cancel, {@link #beginTaker} (or {@link #beginOrder}) before a book
 * call that may match, {@link #endCommand} when the command ends.
 */
final class Settlement implements OrderBookListener, BookPoolRouter.PoolFills
{
    private final EngineConfig config;
    private final Ledger ledger;
    private final Accounts accounts;
    private final Markets markets;
    private final EventWriter events;
    private final OpenOrders orders;
    private final QuoteSides quotes;
    private final MarketUpdates updates;
    private final CommandRejects rejects;

    private long lastTradeId;

    // The book call under way: its market and, if it may match, its taker and what its OrderAccepted echoes.
    private Market market;
    private OrderRecord taker;
    private OrderType takerOrderType;
    private TimeInForce takerTimeInForce;
    private long takerNotional;
    private long takerFeeCharged;
    /** The cancels under way are of quote sides a new quote replaces. */
    private boolean replacing;

    Settlement(
        final EngineConfig config,
        final Ledger ledger,
        final Markets markets,
        final EventWriter events,
        final OpenOrders orders,
        final QuoteSides quotes,
        final MarketUpdates updates,
        final CommandRejects rejects)
    {
        this.config = config;
        this.ledger = ledger;
        this.accounts = ledger.accounts();
        this.markets = markets;
        this.events = events;
        this.orders = orders;
        this.quotes = quotes;
        this.updates = updates;
        this.rejects = rejects;
    }

    long lastTradeId()
    {
        return lastTradeId;
    }

    void restoreLastTradeId(final long lastTradeId)
    {
        this.lastTradeId = lastTradeId;
    }

    /** The market whose book is about to be called. */
    void onMarket(final Market market)
    {
        this.market = market;
    }

    /** A book call that may match this order as a taker; its taker fee starts from nothing. */
    void beginTaker(final Market market, final OrderRecord taker)
    {
        this.market = market;
        this.taker = taker;
        takerNotional = 0;
        takerFeeCharged = 0;
    }

    /** As {@link #beginTaker}, for a new order, whose {@code OrderAccepted} echoes its type and time in force. */
    void beginOrder(
        final Market market, final OrderRecord taker, final OrderType orderType, final TimeInForce timeInForce)
    {
        beginTaker(market, taker);
        takerOrderType = orderType;
        takerTimeInForce = timeInForce;
    }

    void endCommand()
    {
        market = null;
        taker = null;
    }

    /** Cancels a resting quote side that the account's new quote replaces; reported as {@code REPLACED}. */
    void cancelReplaced(final Market market, final OrderRecord record)
    {
        this.market = market;
        replacing = true;
        market.book().cancelOrder(record, io.poolbook.orderbook.CancelReason.USER);
        replacing = false;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Orders' locks
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * After the book is done with an order: it rests (keeping only what its rest needs locked) or it ends.
     *
     * @param orderId the order's id when the call began: a record whose id changed ended during the call.
     */
    void afterBookCall(final Market market, final OrderRecord record, final long orderId)
    {
        if (record.orderId != orderId)
        {
            return; // ended during the call: its record went back to the pool, reset
        }
        if (record.isOnBook())
        {
            orders.resting(record, true);
            releaseExcess(market, record, record.price(), record.leavesQuantity());
        }
        else
        {
            finish(record);
        }
    }

    /** Takes back a lock made for a command the book then rejected: the balance ends as it began. */
    void undoLock(final Account account, final Asset asset, final OrderRecord record, final long amount)
    {
        if (amount > 0)
        {
            ledger.unlock(account, asset, amount);
            record.locked -= amount;
        }
    }

    /** An order has ended: its lock goes back to available and its record to the pool. */
    private void finish(final OrderRecord record)
    {
        if (record.locked > 0)
        {
            release(record, record.locked);
        }
        if (record.quote)
        {
            quotes.onEnded(record);
        }
        orders.remove(record);
    }

    /** A resting order keeps only what its rest at this price and quantity can still spend. */
    private void releaseExcess(final Market market, final OrderRecord record, final long price, final long quantity)
    {
        final long required = OrderChecks.restingLock(market, record.buy, price, quantity);
        if (record.locked > required)
        {
            release(record, record.locked - required);
        }
    }

    private void release(final OrderRecord record, final long amount)
    {
        final Market market = markets.get(record.marketId);
        ledger.unlock(accounts.atIndex(record.accountIndex), record.buy ? market.quote() : market.base(), amount);
        record.locked -= amount;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Pools
    // ---------------------------------------------------------------------------------------------------------------

    public void onPoolFill(
        final Market market,
        final OrderRecord taker,
        final long lots,
        final long paid,
        final long received,
        final long leavesQuantity)
    {
        final boolean buy = taker.buy;
        final Account account = accounts.atIndex(taker.accountIndex);
        ledger.spendLocked(account, buy ? market.quote() : market.base(), paid);
        ledger.credit(account, buy ? market.base() : market.quote(), received);
        taker.locked -= paid;
        taker.filledQuantity += lots;
        poolSwapped(market, buy, paid, received);

        final long quoteAmount = buy ? paid : received;
        final long tradeId = ++lastTradeId;
        final long averagePrice = averagePrice(market, quoteAmount, lots, buy);
        final io.poolbook.codecs.Side takerSide = WireMapping.wireSide(buy);
        events.fill(tradeId, taker.accountId, market.id(), taker.orderId, taker.clientOrderId, takerSide,
            LiquiditySource.POOL, averagePrice, lots, quoteAmount, 0, leavesQuantity);
        events.publicTrade(tradeId, market.id(), takerSide, TradeSource.POOL, averagePrice, lots, quoteAmount);
    }

    /** Settles a direct swap with the pool: the account paid {@code paid} from available and received the rest. */
    void onSwapped(
        final Account account, final Market market, final long clientOrderId, final boolean buy, final long paid,
        final long received)
    {
        ledger.spendAvailable(account, buy ? market.quote() : market.base(), paid);
        ledger.credit(account, buy ? market.base() : market.quote(), received);
        poolSwapped(market, buy, paid, received);
        final io.poolbook.codecs.Side side = WireMapping.wireSide(buy);
        events.swapDone(account.id(), market.id(), clientOrderId, side, paid, received,
            Fees.rebate(paid, market.pool().feeBasisPoints()));

        final long baseAmount = buy ? received : paid;
        final long quoteAmount = buy ? paid : received;
        events.publicTrade(++lastTradeId, market.id(), side, TradeSource.POOL,
            averagePrice(market, quoteAmount, baseAmount, buy), baseAmount, quoteAmount);
    }

    /** Records a change of a pool's reserves and shares, to be reported when the command ends. */
    void onPoolChanged(final Market market, final long base, final long quote, final long shares)
    {
        ledger.poolChanged(market.id(), 0, base);
        ledger.poolChanged(market.id(), 1, quote);
        ledger.poolChanged(market.id(), 2, shares);
        updates.onPoolChanged(market);
    }

    /** Records a swap's effect on the pool's reserves: the taker paid {@code paid} in, received {@code received}. */
    private void poolSwapped(final Market market, final boolean buy, final long paid, final long received)
    {
        onPoolChanged(market, buy ? -received : paid, buy ? paid : -received, 0);
    }

    /** Average price per lot of a pool trade, rounded against the taker: up for a buy, down for a sell. */
    private static long averagePrice(final Market market, final long quote, final long base, final boolean buy)
    {
        final long price = buy ?
            Int128Math.mulDivCeil(quote, market.lotSize(), base) :
            Int128Math.mulDivFloor(quote, market.lotSize(), base);
        return price < 0 ? Long.MAX_VALUE : price;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // What the book reports
    // ---------------------------------------------------------------------------------------------------------------

    public void onAccepted(
        final long orderId,
        final int accountId,
        final Side side,
        final io.poolbook.orderbook.OrderType orderType,
        final long price,
        final long quantity)
    {
        events.orderAccepted(accountId, market.id(), orderId, taker.clientOrderId, WireMapping.wireSide(taker.buy),
            takerOrderType, takerTimeInForce, price, quantity);
    }

    public void onFill(
        final long takerOrderId,
        final long makerOrderId,
        final int makerAccountId,
        final long price,
        final long quantity,
        final long takerLeavesQuantity,
        final long makerLeavesQuantity)
    {
        final Market market = this.market;
        final OrderRecord maker = orders.get(makerOrderId);
        final OrderRecord taker = this.taker;
        final Account makerAccount = accounts.atIndex(maker.accountIndex);
        final Account takerAccount = accounts.atIndex(taker.accountIndex);
        final Asset base = market.base();
        final Asset quote = market.quote();
        final long notional = market.book().notional(price, quantity);

        takerNotional += notional;
        final long takerFee = Fees.charge(takerNotional, market.takerFeeBps()) - takerFeeCharged;
        takerFeeCharged += takerFee;
        final long makerFee = Fees.maker(notional, market.makerFeeBps());

        if (taker.buy)
        {
            ledger.spendLocked(takerAccount, quote, notional + takerFee);
            taker.locked -= notional + takerFee;
            ledger.credit(takerAccount, base, quantity);
            ledger.spendLocked(makerAccount, base, quantity);
            maker.locked -= quantity;
            ledger.credit(makerAccount, quote, notional - makerFee);
        }
        else
        {
            ledger.spendLocked(takerAccount, base, quantity);
            taker.locked -= quantity;
            ledger.credit(takerAccount, quote, notional - takerFee);
            ledger.spendLocked(makerAccount, quote, notional + makerFee);
            maker.locked -= notional + makerFee;
            ledger.credit(makerAccount, base, quantity);
        }
        ledger.credit(accounts.get(config.feeAccountId()), quote, takerFee + makerFee);
        maker.filledQuantity += quantity;
        taker.filledQuantity += quantity;

        final long tradeId = ++lastTradeId;
        final io.poolbook.codecs.Side takerSide = WireMapping.wireSide(taker.buy);
        final io.poolbook.codecs.Side makerSide = WireMapping.wireSide(!taker.buy);
        events.fill(tradeId, maker.accountId, market.id(), makerOrderId, maker.clientOrderId, makerSide,
            LiquiditySource.MAKER, price, quantity, notional, makerFee, makerLeavesQuantity);
        events.fill(tradeId, taker.accountId, market.id(), takerOrderId, taker.clientOrderId, takerSide,
            LiquiditySource.TAKER, price, quantity, notional, takerFee, takerLeavesQuantity);
        events.publicTrade(tradeId, market.id(), takerSide, TradeSource.BOOK, price, quantity, notional);

        if (makerLeavesQuantity == 0)
        {
            finish(maker);
        }
    }

    public void onCancelled(
        final long orderId,
        final int accountId,
        final Side side,
        final long price,
        final long cancelledQuantity,
        final io.poolbook.orderbook.CancelReason reason)
    {
        final OrderRecord record = orders.get(orderId);
        events.orderCancelled(accountId, record.marketId, orderId, record.clientOrderId, cancelledQuantity,
            replacing && reason != io.poolbook.orderbook.CancelReason.SELF_TRADE ?
                CancelReason.REPLACED : WireMapping.cancelReason(reason));
        finish(record);
    }

    public void onSelfTradeDecremented(
        final long orderId,
        final int accountId,
        final Side side,
        final long price,
        final long decrementQuantity,
        final long leavesQuantity)
    {
        final OrderRecord record = orders.get(orderId);
        events.orderAmended(accountId, record.marketId, orderId, record.clientOrderId, price, leavesQuantity, true);
        if (record.resting)
        {
            releaseExcess(market, record, price, leavesQuantity);
        }
    }

    public void onExpired(final long orderId, final int accountId, final long expiredQuantity)
    {
        final OrderRecord record = orders.get(orderId);
        events.orderExpired(accountId, record.marketId, orderId, record.clientOrderId, expiredQuantity);
    }

    public void onRested(
        final long orderId, final int accountId, final Side side, final long price, final long leavesQuantity)
    {
        // Settled by afterBookCall, which sees the order on the book.
    }

    public void onAmended(
        final long orderId,
        final int accountId,
        final long newPrice,
        final long newQuantity,
        final boolean keptPriority)
    {
        final OrderRecord record = orders.get(orderId);
        events.orderAmended(accountId, record.marketId, orderId, record.clientOrderId, newPrice, newQuantity,
            keptPriority);
    }

    public void onRejected(final long orderId, final OrderBookReject reason)
    {
        final OrderRecord record = taker;
        rejects.reject(record.accountId, WireMapping.rejectReason(reason), record.clientOrderId, record.marketId,
            reason == OrderBookReject.UNKNOWN_ORDER ? orderId : 0);
    }

    public void onLevelChanged(final Side side, final long price, final long totalQuantity, final int orderCount)
    {
        updates.onLevelChanged(market.id(), side == Side.BUY, price, totalQuantity, orderCount);
    }
}
