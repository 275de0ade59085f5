package io.poolbook.engine.market;

import io.poolbook.amm.ConstantProductPool;
import io.poolbook.amm.LiquidityResult;
import io.poolbook.amm.PoolReject;
import io.poolbook.amm.SwapDirection;
import io.poolbook.amm.SwapResult;
import io.poolbook.codecs.*;
import io.poolbook.engine.EngineConfig;
import io.poolbook.engine.account.Account;
import io.poolbook.engine.account.Accounts;
import io.poolbook.engine.account.Asset;
import io.poolbook.engine.account.Assets;
import io.poolbook.engine.account.Ledger;
import io.poolbook.engine.event.EventWriter;
import io.poolbook.orderbook.OrderBook;
import io.poolbook.orderbook.OrderBookListener;
import io.poolbook.orderbook.MatchResult;
import io.poolbook.orderbook.OrderBookReject;
import io.poolbook.orderbook.OrderStore;
import io.poolbook.orderbook.SelfTradePrevention;
import io.poolbook.orderbook.Side;
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * Orders, quotes, swaps and liquidity: everything that moves value between accounts, books and pools.
 * <p>
 * Funds: an order locks what it could spend before it reaches the book (a sell its quantity of base; a buy its
 * notional at its limit plus the taker fee on it plus one unit per lot for fill-by-fill fee rounding; a market buy
 * its budget), fills spend from the lock, and whatever is left when the order ends goes back to available. A
 * resting order keeps only what its rest can still spend. Fees: a taker pays the market's taker rate on the
 * cumulative notional of its taking, rounded up once; a maker pays (or, at a negative rate, receives) its rate
 * fill by fill, charges rounded up and rebates rounded down. Fees go to the fee account.
 * <p>
 * Best execution: in a market whose pool has liquidity, a taker is routed step by step. While the pool's post-fee
 * marginal price is strictly better than the book's best price (ties go to the book) and within the limit, the
 * pool fills, as one swap sized in closed form to move its marginal price to the next book price (or the limit),
 * in whole lots; otherwise the book's best level fills. Each pool swap is capped so its cost never passes the
 * limit. A pool fill pays no exchange fee: the pool's own fee is in its price. Post-only orders are checked
 * against the pool too: an order that the pool would fill would take.
 * <p>
 * The book reports through {@link OrderBookListener}; this class turns those reports into balance moves and
 * events. A rejected command emits only its {@code CommandRejected} and leaves balances as they were.
 */
public final class Trading
{
    private static final int NO_MARKET = -1;

    private final EngineConfig config;
    private final Ledger ledger;
    private final Accounts accounts;
    private final Markets markets;
    private final EventWriter events;
    private final OpenOrders orders = new OpenOrders();
    private final OrderStore orderStore = orders::get;
    private final BookEvents bookEvents = new BookEvents();
    private final Long2LongHashMap quoteBids = new Long2LongHashMap(-1);
    private final Long2LongHashMap quoteAsks = new Long2LongHashMap(-1);
    private final Assets assets;
    private final MatchResult matchResult = new MatchResult();
    private final SwapResult swapResult = new SwapResult();
    private final LiquidityResult liquidityResult = new LiquidityResult();
    private Market[] changedPools = new Market[4];
    private int changedPoolCount;

    private long lastOrderId;
    private long lastTradeId;

    // The command being processed.
    private Market market;
    private int templateId;
    private OrderRecord taker;
    private io.poolbook.codecs.Side wireSide;
    private OrderType wireOrderType;
    private TimeInForce wireTimeInForce;
    private long takerNotional;
    private long takerFeeCharged;
    private boolean rejected;
    private CancelReason cancelReason;

    // Price levels changed by the command, reported once each at its end.
    private int levelCount;
    private int[] levelMarkets = new int[16];
    private boolean[] levelBuy = new boolean[16];
    private long[] levelPrices = new long[16];
    private long[] levelQuantities = new long[16];
    private int[] levelOrders = new int[16];

    public Trading(final EngineConfig config, final Ledger ledger, final Markets markets, final EventWriter events)
    {
        this.config = config;
        this.ledger = ledger;
        this.accounts = ledger.accounts();
        this.assets = ledger.assets();
        this.markets = markets;
        this.events = events;
    }

    /** The listener every market's book reports to. */
    public OrderBookListener bookListener()
    {
        return bookEvents;
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
        return lastTradeId;
    }

    /** Restores the id counters from a snapshot. */
    public void restoreCounters(final long lastOrderId, final long lastTradeId)
    {
        this.lastOrderId = lastOrderId;
        this.lastTradeId = lastTradeId;
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
            (buy ? quoteBids : quoteAsks).put(((long)account.id() << 32) | marketId, orderId);
        }
    }

    /** Rests a restored order on its book, at the back of its level. */
    public void restoreRest(
        final Market market, final long orderId, final long price, final long leavesQuantity, final SelfTradePrevention stp)
    {
        final OrderRecord record = orders.get(orderId);
        this.market = market;
        this.taker = record;
        market.book().restOrder(orderId, record.accountId, record.buy ? Side.BUY : Side.SELL, price, leavesQuantity, stp);
        orders.resting(record, true);
        levelCount = 0;
        this.market = null;
        this.taker = null;
    }

    /** Reports the price levels the command changed. */
    public void onCommandEnd()
    {
        for (int i = 0; i < levelCount; i++)
        {
            events.l2Update(levelMarkets[i], levelBuy[i] ? io.poolbook.codecs.Side.BUY : io.poolbook.codecs.Side.SELL,
                levelPrices[i], levelQuantities[i], levelOrders[i]);
        }
        levelCount = 0;
        for (int i = 0; i < changedPoolCount; i++)
        {
            final Market market = changedPools[i];
            final ConstantProductPool pool = market.pool();
            events.poolState(market.id(), pool.baseReserve(), pool.quoteReserve(), pool.totalShares(),
                pool.feeBasisPoints());
            changedPools[i] = null;
        }
        changedPoolCount = 0;
        market = null;
        taker = null;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Commands
    // ---------------------------------------------------------------------------------------------------------------

    public void onNewOrder(final NewOrderDecoder command)
    {
        templateId = NewOrderDecoder.TEMPLATE_ID;
        final int accountId = command.accountId();
        final long clientOrderId = command.clientOrderId();
        final Market market = markets.get(command.marketId());
        final Side side = side(command.sideRaw());
        final OrderType orderType = orderType(command.orderTypeRaw());
        final TimeInForce timeInForce = timeInForce(command.timeInForceRaw());
        final SelfTradePrevention stp = selfTradePrevention(command.selfTradePreventionRaw());
        final long price = command.price();
        final long quantity = command.quantity();
        final long quoteBudget = command.quoteBudget();

        final RejectReason reason = checkNewOrder(
            accountId, clientOrderId, market, side, orderType, timeInForce, stp, price, quantity, quoteBudget);
        if (reason != RejectReason.NONE)
        {
            reject(accountId, reason, clientOrderId, command.marketId(), 0);
            return;
        }

        final Account account = accounts.get(accountId);
        final long lock = orderLock(account, market, side, orderType, price, quantity, quoteBudget);
        if (lock < 0)
        {
            reject(accountId, lock == Fees.OVERFLOW ? RejectReason.OVERFLOW : RejectReason.INSUFFICIENT_FUNDS,
                clientOrderId, market.id(), 0);
            return;
        }

        placeOrder(account, market, clientOrderId, side, orderType, timeInForce, stp, price, quantity, quoteBudget,
            lock, false);
    }

    public void onCancelOrder(final CancelOrderDecoder command)
    {
        templateId = CancelOrderDecoder.TEMPLATE_ID;
        cancel(command.accountId(), command.marketId(), command.orderId(), 0);
    }

    public void onCancelByClientOrderId(final CancelByClientOrderIdDecoder command)
    {
        templateId = CancelByClientOrderIdDecoder.TEMPLATE_ID;
        final long orderId = orders.orderIdOf(command.accountId(), command.clientOrderId());
        cancel(command.accountId(), command.marketId(), orderId, command.clientOrderId());
    }

    public void onAmendOrder(final AmendOrderDecoder command)
    {
        templateId = AmendOrderDecoder.TEMPLATE_ID;
        final int accountId = command.accountId();
        final long orderId = command.orderId();
        final Market market = markets.get(command.marketId());
        final OrderRecord record = orders.get(orderId);
        final RejectReason reason;
        if (null == market)
        {
            reason = RejectReason.UNKNOWN_MARKET;
        }
        else if (null == record || record.marketId != market.id() || !record.resting)
        {
            reason = RejectReason.UNKNOWN_ORDER;
        }
        else if (record.accountId != accountId)
        {
            reason = RejectReason.NOT_OWNER;
        }
        else if (market.isHalted())
        {
            reason = RejectReason.MARKET_HALTED;
        }
        else if (command.price() == 0 && command.quantity() == 0)
        {
            reason = RejectReason.NOTHING_TO_AMEND;
        }
        else if (command.price() < 0 || command.quantity() < 0)
        {
            reason = command.price() < 0 ? RejectReason.INVALID_PRICE : RejectReason.INVALID_QUANTITY;
        }
        else
        {
            reason = RejectReason.NONE;
        }
        if (reason != RejectReason.NONE)
        {
            reject(accountId, reason, 0, command.marketId(), orderId);
            return;
        }

        final OrderBook book = market.book();
        final long newPrice = command.price() == 0 ? record.price() : command.price();
        final long newQuantity = command.quantity() == 0 ? record.leavesQuantity() : command.quantity();
        final RejectReason limitReject = checkLimit(market, newPrice, newQuantity);
        if (limitReject != RejectReason.NONE && limitReject != RejectReason.QUANTITY_BELOW_MINIMUM)
        {
            reject(accountId, limitReject, record.clientOrderId, market.id(), orderId);
            return;
        }

        final Account account = accounts.atIndex(record.accountIndex);
        final long required = restingLock(market, record.buy, newPrice, newQuantity);
        if (required == Fees.OVERFLOW)
        {
            reject(accountId, RejectReason.OVERFLOW, record.clientOrderId, market.id(), orderId);
            return;
        }
        final Asset lockedAsset = record.buy ? market.quote() : market.base();
        final long extra = required - record.locked;
        if (extra > account.available(lockedAsset.index()))
        {
            reject(accountId, RejectReason.INSUFFICIENT_FUNDS, record.clientOrderId, market.id(), orderId);
            return;
        }
        if (extra > 0)
        {
            ledger.lock(account, lockedAsset, extra);
            record.locked += extra;
        }

        beginTaker(market, record);
        if (book.amendOrder(record, newPrice, newQuantity))
        {
            afterBookCall(market, record, orderId);
        }
        else
        {
            undoLock(account, lockedAsset, record, extra);
        }
    }

    public void onMassCancel(final int accountId, final int marketId, final int templateId)
    {
        this.templateId = templateId;
        final boolean everyMarket = marketId == MassCancelDecoder.marketIdNullValue();
        if (!everyMarket && null == markets.get(marketId))
        {
            reject(accountId, RejectReason.UNKNOWN_MARKET, 0, marketId, 0);
            return;
        }

        events.commandAccepted(accountId, templateId, 0);
        cancelReason = templateId == CancelOnDisconnectDecoder.TEMPLATE_ID ?
            CancelReason.DISCONNECT : CancelReason.MASS_CANCEL;
        final Account account = accounts.get(accountId);
        OrderRecord record = orders.first(account.index());
        while (null != record)
        {
            final OrderRecord next = orders.next(record);
            if (everyMarket || record.marketId == marketId)
            {
                final Market market = markets.get(record.marketId);
                this.market = market;
                market.book().cancelOrder(record, io.poolbook.orderbook.CancelReason.MASS_CANCEL);
            }
            record = next;
        }
        cancelReason = null;
    }

    public void onQuote(final QuoteDecoder command)
    {
        templateId = QuoteDecoder.TEMPLATE_ID;
        final int accountId = command.accountId();
        final long clientQuoteId = command.clientQuoteId();
        final Market market = markets.get(command.marketId());
        final long bidPrice = command.bidPrice();
        final long bidQuantity = command.bidQuantity();
        final long askPrice = command.askPrice();
        final long askQuantity = command.askQuantity();

        RejectReason reason = RejectReason.NONE;
        if (null == market)
        {
            reason = RejectReason.UNKNOWN_MARKET;
        }
        else if (market.isHalted())
        {
            reason = RejectReason.MARKET_HALTED;
        }
        else if (bidQuantity < 0 || askQuantity < 0 || (bidQuantity == 0 && askQuantity == 0))
        {
            reason = RejectReason.INVALID_QUANTITY;
        }
        else if (bidQuantity > 0 && askQuantity > 0 && bidPrice >= askPrice)
        {
            reason = RejectReason.INVALID_PRICE;
        }
        if (reason == RejectReason.NONE && bidQuantity > 0)
        {
            reason = checkLimit(market, bidPrice, bidQuantity);
        }
        if (reason == RejectReason.NONE && askQuantity > 0)
        {
            reason = checkLimit(market, askPrice, askQuantity);
        }
        if (reason == RejectReason.NONE &&
            ((bidQuantity > 0 && market.book().notional(bidPrice, bidQuantity) == OrderBook.NOTIONAL_OVERFLOW) ||
            (askQuantity > 0 && market.book().notional(askPrice, askQuantity) == OrderBook.NOTIONAL_OVERFLOW)))
        {
            // Both sides are checked before either is placed, so a refused quote leaves nothing behind.
            reason = RejectReason.OVERFLOW;
        }
        if (reason != RejectReason.NONE)
        {
            reject(accountId, reason, clientQuoteId, command.marketId(), 0);
            return;
        }

        final Account account = accounts.get(accountId);
        final long quoteKey = ((long)accountId << 32) | market.id();
        final OrderRecord oldBid = orders.get(quoteBids.get(quoteKey));
        final OrderRecord oldAsk = orders.get(quoteAsks.get(quoteKey));
        final long bidLock = bidQuantity > 0 ? restingLock(market, true, bidPrice, bidQuantity) : 0;
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
            reject(accountId, reason, clientQuoteId, market.id(), 0);
            return;
        }

        this.market = market;
        cancelReason = CancelReason.REPLACED;
        if (null != oldBid)
        {
            market.book().cancelOrder(oldBid, io.poolbook.orderbook.CancelReason.USER);
        }
        if (null != oldAsk)
        {
            market.book().cancelOrder(oldAsk, io.poolbook.orderbook.CancelReason.USER);
        }
        cancelReason = null;

        if (bidQuantity > 0)
        {
            final OrderRecord bid = placeOrder(account, market, clientQuoteId, Side.BUY, OrderType.LIMIT,
                TimeInForce.GTC, SelfTradePrevention.CANCEL_TAKER, bidPrice, bidQuantity, 0, bidLock, true);
            if (null != bid)
            {
                quoteBids.put(quoteKey, bid.orderId);
            }
        }
        if (askQuantity > 0)
        {
            final OrderRecord ask = placeOrder(account, market, clientQuoteId, Side.SELL, OrderType.LIMIT,
                TimeInForce.GTC, SelfTradePrevention.CANCEL_TAKER, askPrice, askQuantity, 0, askLock, true);
            if (null != ask)
            {
                quoteAsks.put(quoteKey, ask.orderId);
            }
        }
    }

    public void onSwap(final SwapDecoder command)
    {
        templateId = SwapDecoder.TEMPLATE_ID;
        final int accountId = command.accountId();
        final long clientOrderId = command.clientOrderId();
        final Market market = markets.get(command.marketId());
        final Side side = side(command.sideRaw());
        final long amountIn = command.amountIn();
        RejectReason reason = checkPoolCommand(market);
        if (reason == RejectReason.NONE && null == side)
        {
            reason = RejectReason.INVALID_ARGUMENT;
        }
        if (reason != RejectReason.NONE)
        {
            reject(accountId, reason, clientOrderId, command.marketId(), 0);
            return;
        }

        final Account account = accounts.get(accountId);
        final boolean buy = side == Side.BUY;
        final Asset assetIn = buy ? market.quote() : market.base();
        final Asset assetOut = buy ? market.base() : market.quote();
        if (amountIn > 0 && amountIn > account.available(assetIn.index()))
        {
            reject(accountId, RejectReason.INSUFFICIENT_FUNDS, clientOrderId, market.id(), 0);
            return;
        }
        final SwapDirection direction = buy ? SwapDirection.QUOTE_IN : SwapDirection.BASE_IN;
        final int status = market.pool().swapExactIn(direction, amountIn, command.minAmountOut(), swapResult);
        if (status != PoolReject.OK)
        {
            reject(accountId, poolRejectReason(status), clientOrderId, market.id(), 0);
            return;
        }

        final long paid = swapResult.amountIn();
        final long received = swapResult.amountOut();
        ledger.spendAvailable(account, assetIn, paid);
        ledger.credit(account, assetOut, received);
        poolSwapped(market, buy, paid, received);
        events.swapDone(accountId, market.id(), clientOrderId, buy ? io.poolbook.codecs.Side.BUY :
            io.poolbook.codecs.Side.SELL, paid, received, poolFee(market, paid));

        final long baseAmount = buy ? received : paid;
        final long quoteAmount = buy ? paid : received;
        events.publicTrade(++lastTradeId, market.id(), buy ? io.poolbook.codecs.Side.BUY : io.poolbook.codecs.Side.SELL,
            TradeSource.POOL, averagePrice(market, quoteAmount, baseAmount, buy), baseAmount, quoteAmount);
    }

    public void onAddLiquidity(final AddLiquidityDecoder command)
    {
        templateId = AddLiquidityDecoder.TEMPLATE_ID;
        final int accountId = command.accountId();
        final long clientOrderId = command.clientOrderId();
        final Market market = markets.get(command.marketId());
        final RejectReason reason = checkPoolCommand(market);
        if (reason != RejectReason.NONE)
        {
            reject(accountId, reason, clientOrderId, command.marketId(), 0);
            return;
        }

        final ConstantProductPool pool = market.pool();
        final Account account = accounts.get(accountId);
        int status = pool.quoteAddLiquidity(command.maxBaseAmount(), command.maxQuoteAmount(), liquidityResult);
        if (status == PoolReject.OK && (liquidityResult.baseAmount() > account.available(market.base().index()) ||
            liquidityResult.quoteAmount() > account.available(market.quote().index())))
        {
            reject(accountId, RejectReason.INSUFFICIENT_FUNDS, clientOrderId, market.id(), 0);
            return;
        }
        final long sharesBefore = pool.totalShares();
        if (status == PoolReject.OK)
        {
            status = pool.addLiquidity(command.maxBaseAmount(), command.maxQuoteAmount(), command.minShares(),
                liquidityResult);
        }
        if (status != PoolReject.OK)
        {
            reject(accountId, poolRejectReason(status), clientOrderId, market.id(), 0);
            return;
        }

        final long base = liquidityResult.baseAmount();
        final long quote = liquidityResult.quoteAmount();
        final long shares = liquidityResult.shares();
        ledger.spendAvailable(account, market.base(), base);
        ledger.spendAvailable(account, market.quote(), quote);
        ledger.mint(account, market.poolShare(), shares);
        mintProtocolShares(market, liquidityResult.protocolShares());
        poolChanged(market, base, quote, pool.totalShares() - sharesBefore);
        events.liquidityAdded(accountId, market.id(), clientOrderId, base, quote, shares);
    }

    public void onRemoveLiquidity(final RemoveLiquidityDecoder command)
    {
        templateId = RemoveLiquidityDecoder.TEMPLATE_ID;
        final int accountId = command.accountId();
        final long clientOrderId = command.clientOrderId();
        final Market market = markets.get(command.marketId());
        final RejectReason reason = checkPoolCommand(market);
        if (reason != RejectReason.NONE)
        {
            reject(accountId, reason, clientOrderId, command.marketId(), 0);
            return;
        }

        final ConstantProductPool pool = market.pool();
        final Account account = accounts.get(accountId);
        final long held = account.available(market.poolShare().index());
        final long sharesBefore = pool.totalShares();
        final int status = pool.removeLiquidity(command.shares(), held, command.minBaseAmount(),
            command.minQuoteAmount(), liquidityResult);
        if (status != PoolReject.OK)
        {
            reject(accountId, poolRejectReason(status), clientOrderId, market.id(), 0);
            return;
        }

        final long base = liquidityResult.baseAmount();
        final long quote = liquidityResult.quoteAmount();
        final long shares = liquidityResult.shares();
        ledger.mint(account, market.poolShare(), -shares);
        ledger.credit(account, market.base(), base);
        ledger.credit(account, market.quote(), quote);
        mintProtocolShares(market, liquidityResult.protocolShares());
        poolChanged(market, -base, -quote, pool.totalShares() - sharesBefore);
        events.liquidityRemoved(accountId, market.id(), clientOrderId, base, quote, shares);
    }

    public void onCreatePool(final CreatePoolDecoder command)
    {
        templateId = CreatePoolDecoder.TEMPLATE_ID;
        final int accountId = command.accountId();
        final Market market = markets.get(command.marketId());
        final short protocolFee = command.protocolFeeRaw();
        final RejectReason reason;
        if (null == market)
        {
            reason = RejectReason.UNKNOWN_MARKET;
        }
        else if (null != market.pool())
        {
            reason = RejectReason.DUPLICATE_ID;
        }
        else if (command.feeBps() < 0 || command.feeBps() > Market.MAX_FEE_BPS)
        {
            reason = RejectReason.INVALID_FEE;
        }
        else if (protocolFee != 0 && protocolFee != 1)
        {
            reason = RejectReason.INVALID_ARGUMENT;
        }
        else
        {
            reason = RejectReason.NONE;
        }
        if (reason != RejectReason.NONE)
        {
            reject(accountId, reason, 0, command.marketId(), 0);
            return;
        }

        final Asset share = assets.addPoolShare(market.id());
        accounts.onAssetAdded(assets.size());
        market.pool(new ConstantProductPool(command.feeBps(), protocolFee == 1), share);
        events.commandAccepted(accountId, templateId, market.id());
        events.poolCreated(market.id(), command.feeBps(), protocolFee == 1, share.id());
        markPoolChanged(market);
    }

    private static RejectReason checkPoolCommand(final Market market)
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

    private void mintProtocolShares(final Market market, final long protocolShares)
    {
        if (protocolShares > 0)
        {
            ledger.mint(accounts.get(config.feeAccountId()), market.poolShare(), protocolShares);
        }
    }

    /** Records a swap's effect on the pool's reserves: the taker paid {@code paid} in, received {@code received}. */
    private void poolSwapped(final Market market, final boolean buy, final long paid, final long received)
    {
        poolChanged(market, buy ? -received : paid, buy ? paid : -received, 0);
    }

    private void poolChanged(final Market market, final long base, final long quote, final long shares)
    {
        ledger.poolChanged(market.id(), 0, base);
        ledger.poolChanged(market.id(), 1, quote);
        ledger.poolChanged(market.id(), 2, shares);
        markPoolChanged(market);
    }

    private void markPoolChanged(final Market market)
    {
        for (int i = 0; i < changedPoolCount; i++)
        {
            if (changedPools[i] == market)
            {
                return;
            }
        }
        if (changedPoolCount == changedPools.length)
        {
            changedPools = Arrays.copyOf(changedPools, changedPoolCount * 2);
        }
        changedPools[changedPoolCount++] = market;
    }

    /** The part of an input the pool keeps as its fee, for reports: {@code floor(in * fee / 10000)}. */
    private static long poolFee(final Market market, final long amountIn)
    {
        return Fees.rebate(amountIn, market.pool().feeBasisPoints());
    }

    /** Average price per lot of a pool trade, rounded against the taker: up for a buy, down for a sell. */
    private static long averagePrice(final Market market, final long quote, final long base, final boolean buy)
    {
        final long price = buy ?
            io.poolbook.amm.Int128Math.mulDivCeil(quote, market.lotSize(), base) :
            io.poolbook.amm.Int128Math.mulDivFloor(quote, market.lotSize(), base);
        return price < 0 ? Long.MAX_VALUE : price;
    }

    private static RejectReason poolRejectReason(final int status)
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

    // ---------------------------------------------------------------------------------------------------------------
    // Orders
    // ---------------------------------------------------------------------------------------------------------------

    private RejectReason checkNewOrder(
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

    private static RejectReason checkLimit(final Market market, final long price, final long quantity)
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

    /**
     * What a new order locks, or a negative code: {@link Fees#OVERFLOW}, or -2 when the account cannot fund it.
     */
    private long orderLock(
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
            if (orderType == OrderType.MARKET && (quoteBudget > 0 || price == 0))
            {
                // A budget, or without a protection price everything available: the budget bounds the spend.
                lock = quoteBudget > 0 ? quoteBudget : available;
                if (Fees.notionalWithinBudget(lock, market.takerFeeBps()) <= 0)
                {
                    return -2;
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
        return lock > available ? -2 : lock;
    }

    /** What an order resting at this price and quantity must keep locked, or {@link Fees#OVERFLOW}. */
    private static long restingLock(final Market market, final boolean buy, final long price, final long quantity)
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

        wireSide = buy ? io.poolbook.codecs.Side.BUY : io.poolbook.codecs.Side.SELL;
        wireOrderType = orderType == OrderType.MARKET ? OrderType.MARKET : OrderType.LIMIT;
        wireTimeInForce = timeInForce;
        beginTaker(market, record);

        final OrderBook book = market.book();
        final boolean accepted;
        final boolean postOnly = timeInForce == TimeInForce.POST_ONLY || timeInForce == TimeInForce.POST_ONLY_SLIDE;
        if (market.routesToPool() && !postOnly)
        {
            accepted = route(account, market, record, side, orderType, timeInForce, stp, price, quantity, quoteBudget);
        }
        else if (market.routesToPool() && poolLotsTo(market, buy, price, quantity) > 0)
        {
            // The pool would fill this post-only order: reject it, or slide it to where the pool would not.
            final long slidPrice = timeInForce == TimeInForce.POST_ONLY ? 0 : priceBeforePool(market, buy);
            if (slidPrice <= 0)
            {
                reject(account.id(), RejectReason.POST_ONLY_WOULD_TAKE, clientOrderId, market.id(), 0);
                accepted = false;
            }
            else
            {
                accepted = book.placeOrder(orderId, account.id(), side, bookOrderType(timeInForce), slidPrice,
                    quantity, stp);
            }
        }
        else if (orderType == OrderType.MARKET)
        {
            final long bookBudget = buy && (quoteBudget > 0 || price == 0) ?
                Fees.notionalWithinBudget(lock, market.takerFeeBps()) : OrderBook.NO_QUOTE_BUDGET;
            accepted = book.placeMarketOrder(orderId, account.id(), side, quantity, price, bookBudget, stp);
        }
        else
        {
            accepted = book.placeOrder(orderId, account.id(), side, bookOrderType(timeInForce), price, quantity, stp);
        }

        if (!accepted)
        {
            undoLock(account, lockedAsset, record, lock);
            orders.remove(record);
            lastOrderId--;
            return null;
        }
        afterBookCall(market, record, orderId);
        return record.orderId == orderId ? record : null;
    }

    /**
     * Fills a taker across the book and the pool, best price first, then rests or expires what is left. The
     * taker record is locked and registered; the order passed every check but fill-or-kill's.
     */
    private boolean route(
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
        final ConstantProductPool pool = market.pool();
        final boolean buy = side == Side.BUY;
        final boolean market_ = orderType == OrderType.MARKET;
        final boolean budgeted = market_ && buy && (quoteBudget > 0 || price == 0);
        final long limit = price;
        final long lot = market.lotSize();
        final long orderQuantity = quantity > 0 ? quantity : market.maxQuantity() - market.maxQuantity() % lot;
        final Side opposite = buy ? Side.SELL : Side.BUY;
        final SwapDirection direction = buy ? SwapDirection.QUOTE_IN : SwapDirection.BASE_IN;

        if (timeInForce == TimeInForce.FOK)
        {
            final long fillable = book.fillableQuantity(side, account.id(), stp, limit, orderQuantity) +
                poolLotsTo(market, buy, limit, orderQuantity);
            if (fillable < orderQuantity)
            {
                reject(account.id(), RejectReason.FOK_NOT_FILLABLE, record.clientOrderId, market.id(), 0);
                return false;
            }
        }

        events.orderAccepted(account.id(), market.id(), record.orderId, record.clientOrderId, wireSide, wireOrderType,
            wireTimeInForce, price, quantity);

        long remaining = orderQuantity;
        while (remaining > 0 && orders.get(record.orderId) == record)
        {
            final long bookPrice = book.bestPrice(opposite);
            final boolean bookCrosses = bookPrice != OrderBook.NULL_PRICE &&
                (limit == 0 || (buy ? bookPrice <= limit : bookPrice >= limit));

            // Compare all-in prices: the book's best with the taker fee on it against the pool's post-fee marginal.
            final boolean hasBook = bookPrice != OrderBook.NULL_PRICE;
            final long bookAllIn = hasBook ? allInNumerator(bookPrice, market.takerFeeBps(), buy) : 0;
            final long bookDenominator = hasBook ? allInDenominator(bookPrice, market.takerFeeBps(), buy, lot) : lot;
            final boolean poolBetter = hasBook ?
                isStrictlyBetter(pool.compareMarginalPrice(direction, bookAllIn, bookDenominator), buy) :
                limit == 0 || isNoWorse(pool.compareMarginalPrice(direction, limit, lot), buy);
            if (poolBetter && (limit == 0 || isNoWorse(pool.compareMarginalPrice(direction, limit, lot), buy)))
            {
                final boolean limitFirst = limit != 0 && (!hasBook ||
                    isStrictlyBetter(Long.compare(
                        Math.multiplyHigh(limit, bookDenominator) == 0 ? limit * bookDenominator : Long.MAX_VALUE,
                        Math.multiplyHigh(bookAllIn, lot) == 0 ? bookAllIn * lot : Long.MAX_VALUE), buy));
                final long targetNumerator = limitFirst || !hasBook ? limit : bookAllIn;
                final long targetDenominator = limitFirst || !hasBook ? lot : bookDenominator;
                final long lots = takeFromPool(market, record, account, targetNumerator, targetDenominator, limit,
                    remaining);
                if (lots > 0)
                {
                    remaining -= lots;
                    continue;
                }
            }

            if (!bookCrosses)
            {
                break;
            }
            final long bookBudget = budgeted ?
                Fees.notionalWithinBudget(record.locked, market.takerFeeBps()) : OrderBook.NO_QUOTE_BUDGET;
            if (budgeted && bookBudget <= 0)
            {
                break;
            }
            final long quantityAtBest = book.quantityAtBest(opposite);
            final int ordersAtBest = book.orderCountAtBest(opposite);
            if (!book.matchUpTo(record.orderId, account.id(), side, stp, bookPrice, remaining, bookBudget,
                matchResult))
            {
                break;
            }
            remaining -= matchResult.filledQuantity();
            if (matchResult.takerCancelled() || (matchResult.filledQuantity() == 0 &&
                book.bestPrice(opposite) == bookPrice && book.quantityAtBest(opposite) == quantityAtBest &&
                book.orderCountAtBest(opposite) == ordersAtBest))
            {
                break;
            }
        }

        if (remaining > 0 && orders.get(record.orderId) == record)
        {
            if (!market_ && timeInForce == TimeInForce.GTC)
            {
                book.restOrder(record.orderId, account.id(), side, price, remaining, stp);
            }
            else
            {
                events.orderExpired(account.id(), market.id(), record.orderId, record.clientOrderId,
                    quantity > 0 ? remaining : 0);
            }
        }
        return true;
    }

    /**
     * One pool step of a route: swaps whole lots until the pool's post-fee marginal price reaches the target, a
     * rational price of quote units per base unit (no target: whatever is left), never paying more per lot than
     * the limit (or receiving less) and never more than the order has locked.
     *
     * @return lots filled, in base units; 0 when the pool cannot fill a whole lot within the bounds.
     */
    private long takeFromPool(
        final Market market,
        final OrderRecord record,
        final Account account,
        final long targetNumerator,
        final long targetDenominator,
        final long limit,
        final long remaining)
    {
        final ConstantProductPool pool = market.pool();
        final boolean buy = record.buy;
        final long lot = market.lotSize();
        long lots = targetNumerator > 0 ?
            poolLotsTo(market, buy, targetNumerator, targetDenominator, remaining) : remaining;
        if (buy)
        {
            // No more than the lock can buy: the exact-in output of everything still locked.
            final long affordable = pool.quoteExactIn(SwapDirection.QUOTE_IN, record.locked, swapResult) ==
                PoolReject.OK ? swapResult.amountOut() : 0;
            lots = Math.min(lots, Math.min(affordable, pool.baseReserve() - 1));
        }
        lots -= lots % lot;

        int status = PoolReject.SLIPPAGE;
        for (int attempt = 0; attempt < 3 && lots > 0; attempt++)
        {
            if (buy)
            {
                final long limitCost = limit > 0 ? market.book().notional(limit, lots) : record.locked;
                final long maxIn = limitCost < 0 ? record.locked : Math.min(record.locked, limitCost);
                status = pool.swapExactOut(SwapDirection.QUOTE_IN, lots, maxIn, swapResult);
            }
            else
            {
                final long minOut = limit > 0 ? market.book().notional(limit, lots) : 1;
                status = minOut < 0 ? PoolReject.SLIPPAGE :
                    pool.swapExactIn(SwapDirection.BASE_IN, lots, minOut, swapResult);
            }
            if (status == PoolReject.OK)
            {
                break;
            }
            lots -= lot;
        }
        if (status != PoolReject.OK || lots <= 0)
        {
            return 0;
        }

        final long paid = swapResult.amountIn();
        final long received = swapResult.amountOut();
        final long quoteAmount = buy ? paid : received;
        if (buy)
        {
            ledger.spendLocked(account, market.quote(), paid);
            ledger.credit(account, market.base(), received);
        }
        else
        {
            ledger.spendLocked(account, market.base(), paid);
            ledger.credit(account, market.quote(), received);
        }
        record.locked -= paid;
        record.filledQuantity += lots;
        poolSwapped(market, buy, paid, received);

        final long tradeId = ++lastTradeId;
        final long averagePrice = averagePrice(market, quoteAmount, lots, buy);
        final io.poolbook.codecs.Side takerSide = buy ? io.poolbook.codecs.Side.BUY : io.poolbook.codecs.Side.SELL;
        events.fill(tradeId, account.id(), market.id(), record.orderId, record.clientOrderId, takerSide,
            LiquiditySource.POOL, averagePrice, lots, quoteAmount, 0, remaining - lots);
        events.publicTrade(tradeId, market.id(), takerSide, TradeSource.POOL, averagePrice, lots, quoteAmount);
        return lots;
    }

    /**
     * Whole lots the pool would fill before its post-fee marginal price passes a price per lot (0: no bound), at
     * most {@code most}.
     */
    private long poolLotsTo(final Market market, final boolean buy, final long price, final long most)
    {
        return poolLotsTo(market, buy, price, market.lotSize(), most);
    }

    /**
     * Whole lots the pool would fill before its post-fee marginal price passes {@code numerator / denominator}
     * quote units per base unit (numerator 0: no bound), at most {@code most}.
     */
    private long poolLotsTo(
        final Market market, final boolean buy, final long price, final long denominator, final long most)
    {
        final ConstantProductPool pool = market.pool();
        if (null == pool || !pool.hasLiquidity())
        {
            return 0;
        }
        if (price <= 0)
        {
            return most;
        }
        final int status = pool.quoteToPrice(buy ? SwapDirection.QUOTE_IN : SwapDirection.BASE_IN, price,
            denominator, swapResult);
        if (status == PoolReject.OVERFLOW)
        {
            return most;
        }
        if (status != PoolReject.OK)
        {
            return 0;
        }
        final long base = buy ? swapResult.amountOut() : swapResult.amountIn();
        return Math.min(most, base - base % market.lotSize());
    }

    /** The best price on the tick at which the pool would not fill a post-only order, or 0 if there is none. */
    private static long priceBeforePool(final Market market, final boolean buy)
    {
        final ConstantProductPool pool = market.pool();
        final long tick = market.tickSize();
        if (buy)
        {
            final long ask = pool.marginalPrice(SwapDirection.QUOTE_IN, market.lotSize());
            return ask == ConstantProductPool.NO_PRICE ? 0 : ((ask - 1) / tick) * tick;
        }
        final long bid = pool.marginalPrice(SwapDirection.BASE_IN, market.lotSize());
        return bid == ConstantProductPool.NO_PRICE || bid > Long.MAX_VALUE - tick ? 0 : (bid / tick + 1) * tick;
    }

    /**
     * Numerator of a book price with the taker fee on it, as a price per base unit: {@code price * (F + fee)} for
     * a buy, {@code price * (F - fee)} for a sell, over {@link #allInDenominator}; the bare price when that does not
     * fit a long.
     */
    private static long allInNumerator(final long price, final int takerFeeBps, final boolean buy)
    {
        final long factor = buy ? Fees.BASIS_POINTS + takerFeeBps : Fees.BASIS_POINTS - takerFeeBps;
        return Math.multiplyHigh(price, factor) == 0 && price * factor >= 0 ? price * factor : price;
    }

    private static long allInDenominator(final long price, final int takerFeeBps, final boolean buy, final long lot)
    {
        final long factor = buy ? Fees.BASIS_POINTS + takerFeeBps : Fees.BASIS_POINTS - takerFeeBps;
        final boolean fits = Math.multiplyHigh(price, factor) == 0 && price * factor >= 0 &&
            Math.multiplyHigh(lot, Fees.BASIS_POINTS) == 0;
        return fits ? lot * Fees.BASIS_POINTS : lot;
    }

    /** From a marginal-price comparison: is the pool strictly better for the taker than the price? */
    private static boolean isStrictlyBetter(final int comparison, final boolean buy)
    {
        return buy ? comparison < 0 : comparison > 0;
    }

    /** From a marginal-price comparison: is the pool at least as good for the taker as the price? */
    private static boolean isNoWorse(final int comparison, final boolean buy)
    {
        return buy ? comparison <= 0 : comparison >= 0;
    }

    private void cancel(final int accountId, final int marketId, final long orderId, final long clientOrderId)
    {
        final Market market = markets.get(marketId);
        final OrderRecord record = orderId >= 0 ? orders.get(orderId) : null;
        final RejectReason reason;
        if (null == market)
        {
            reason = RejectReason.UNKNOWN_MARKET;
        }
        else if (null == record || record.marketId != marketId || !record.resting)
        {
            reason = RejectReason.UNKNOWN_ORDER;
        }
        else if (record.accountId != accountId)
        {
            reason = RejectReason.NOT_OWNER;
        }
        else
        {
            reason = RejectReason.NONE;
        }
        if (reason != RejectReason.NONE)
        {
            reject(accountId, reason, clientOrderId, marketId, Math.max(orderId, 0));
            return;
        }

        this.market = market;
        market.book().cancelOrder(record, io.poolbook.orderbook.CancelReason.USER);
    }

    private void beginTaker(final Market market, final OrderRecord record)
    {
        this.market = market;
        this.taker = record;
        takerNotional = 0;
        takerFeeCharged = 0;
        rejected = false;
    }

    /** After the book is done with an order: it rests (keeping only what its rest needs locked) or it ends. */
    private void afterBookCall(final Market market, final OrderRecord record, final long orderId)
    {
        if (record.orderId != orderId)
        {
            return; // ended during the call: its record went back to the pool, reset
        }
        if (record.isOnBook())
        {
            orders.resting(record, true);
            final long required = restingLock(market, record.buy, record.price(), record.leavesQuantity());
            if (record.locked > required)
            {
                release(record, record.locked - required);
            }
        }
        else
        {
            finish(record);
        }
    }

    private void release(final OrderRecord record, final long amount)
    {
        final Market market = markets.get(record.marketId);
        ledger.unlock(accounts.atIndex(record.accountIndex), record.buy ? market.quote() : market.base(), amount);
        record.locked -= amount;
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
            final long quoteKey = ((long)record.accountId << 32) | record.marketId;
            final Long2LongHashMap quotes = record.buy ? quoteBids : quoteAsks;
            if (quotes.get(quoteKey) == record.orderId)
            {
                quotes.remove(quoteKey);
            }
        }
        orders.remove(record);
    }

    /** Takes back a lock made for a command the book then rejected: the balance ends as it began. */
    private void undoLock(final Account account, final Asset asset, final OrderRecord record, final long amount)
    {
        if (amount > 0)
        {
            ledger.unlock(account, asset, amount);
            record.locked -= amount;
        }
    }

    private void reject(
        final int accountId, final RejectReason reason, final long clientId, final int marketId, final long orderId)
    {
        rejected = true;
        events.commandRejected(accountId, templateId, reason, clientId, marketId, orderId);
    }

    private void onLevelChanged(final int marketId, final boolean buy, final long price, final long quantity,
        final int orderCount)
    {
        for (int i = 0; i < levelCount; i++)
        {
            if (levelPrices[i] == price && levelMarkets[i] == marketId && levelBuy[i] == buy)
            {
                levelQuantities[i] = quantity;
                levelOrders[i] = orderCount;
                return;
            }
        }
        if (levelCount == levelPrices.length)
        {
            final int length = levelCount * 2;
            levelMarkets = Arrays.copyOf(levelMarkets, length);
            levelBuy = Arrays.copyOf(levelBuy, length);
            levelPrices = Arrays.copyOf(levelPrices, length);
            levelQuantities = Arrays.copyOf(levelQuantities, length);
            levelOrders = Arrays.copyOf(levelOrders, length);
        }
        levelMarkets[levelCount] = marketId;
        levelBuy[levelCount] = buy;
        levelPrices[levelCount] = price;
        levelQuantities[levelCount] = quantity;
        levelOrders[levelCount] = orderCount;
        levelCount++;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Wire <-> book
    // ---------------------------------------------------------------------------------------------------------------

    private static Side side(final short raw)
    {
        return raw == 0 ? Side.BUY : raw == 1 ? Side.SELL : null;
    }

    private static OrderType orderType(final short raw)
    {
        return raw == 0 ? OrderType.LIMIT : raw == 1 ? OrderType.MARKET : null;
    }

    private static TimeInForce timeInForce(final short raw)
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

    private static SelfTradePrevention selfTradePrevention(final short raw)
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

    private static io.poolbook.orderbook.OrderType bookOrderType(final TimeInForce timeInForce)
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

    private static RejectReason rejectReason(final OrderBookReject reject)
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

    private static CancelReason cancelReason(final io.poolbook.orderbook.CancelReason reason)
    {
        switch (reason)
        {
            case SELF_TRADE: return CancelReason.SELF_TRADE;
            case MASS_CANCEL: return CancelReason.MASS_CANCEL;
            case DISCONNECT: return CancelReason.DISCONNECT;
            default: return CancelReason.USER;
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // What the book reports
    // ---------------------------------------------------------------------------------------------------------------

    private final class BookEvents implements OrderBookListener
    {
        public void onAccepted(
            final long orderId,
            final int accountId,
            final Side side,
            final io.poolbook.orderbook.OrderType orderType,
            final long price,
            final long quantity)
        {
            events.orderAccepted(accountId, market.id(), orderId, taker.clientOrderId, wireSide, wireOrderType,
                wireTimeInForce, price, quantity);
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
            final Market market = Trading.this.market;
            final OrderRecord maker = orders.get(makerOrderId);
            final OrderRecord taker = Trading.this.taker;
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
            final io.poolbook.codecs.Side takerSide = taker.buy ? io.poolbook.codecs.Side.BUY :
                io.poolbook.codecs.Side.SELL;
            final io.poolbook.codecs.Side makerSide = taker.buy ? io.poolbook.codecs.Side.SELL :
                io.poolbook.codecs.Side.BUY;
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
                null != cancelReason && reason != io.poolbook.orderbook.CancelReason.SELF_TRADE ?
                    cancelReason : cancelReason(reason));
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
            events.orderAmended(accountId, record.marketId, orderId, record.clientOrderId, price, leavesQuantity,
                true);
            if (record.resting)
            {
                final long required = restingLock(market, record.buy, price, leavesQuantity);
                if (record.locked > required)
                {
                    release(record, record.locked - required);
                }
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
            reject(record.accountId, rejectReason(reason), record.clientOrderId, record.marketId,
                reason == OrderBookReject.UNKNOWN_ORDER ? orderId : 0);
        }

        public void onLevelChanged(final Side side, final long price, final long totalQuantity, final int orderCount)
        {
            Trading.this.onLevelChanged(market.id(), side == Side.BUY, price, totalQuantity, orderCount);
        }
    }
}
