package io.poolbook.engine.market;

import io.poolbook.amm.ConstantProductPool;
import io.poolbook.amm.LiquidityResult;
import io.poolbook.amm.PoolReject;
import io.poolbook.amm.SwapDirection;
import io.poolbook.amm.SwapResult;
import io.poolbook.codecs.AddLiquidityDecoder;
import io.poolbook.codecs.CreatePoolDecoder;
import io.poolbook.codecs.RejectReason;
import io.poolbook.codecs.RemoveLiquidityDecoder;
import io.poolbook.codecs.SwapDecoder;
import io.poolbook.engine.EngineConfig;
import io.poolbook.engine.account.Account;
import io.poolbook.engine.account.Accounts;
import io.poolbook.engine.account.Asset;
import io.poolbook.engine.account.Assets;
import io.poolbook.engine.account.Ledger;
import io.poolbook.engine.event.EventWriter;
import io.poolbook.orderbook.Side;

/**
 * The commands that go to a market's pool directly: create it, add and remove liquidity, swap exact in. A
 * rejected command emits only its {@code CommandRejected} and leaves balances and the pool as they were.
 */
final class PoolCommands
{
    private final EngineConfig config;
    private final Ledger ledger;
    private final Accounts accounts;
    private final Assets assets;
    private final Markets markets;
    private final EventWriter events;
    private final CommandRejects rejects;
    private final Settlement settlement;
    private final MarketUpdates updates;
    private final SwapResult swapResult = new SwapResult();
    private final LiquidityResult liquidityResult = new LiquidityResult();

    PoolCommands(
        final EngineConfig config,
        final Ledger ledger,
        final Markets markets,
        final EventWriter events,
        final CommandRejects rejects,
        final Settlement settlement,
        final MarketUpdates updates)
    {
        this.config = config;
        this.ledger = ledger;
        this.accounts = ledger.accounts();
        this.assets = ledger.assets();
        this.markets = markets;
        this.events = events;
        this.rejects = rejects;
        this.settlement = settlement;
        this.updates = updates;
    }

    void onSwap(final SwapDecoder command)
    {
        rejects.onCommand(SwapDecoder.TEMPLATE_ID);
        final int accountId = command.accountId();
        final long clientOrderId = command.clientOrderId();
        final Market market = markets.get(command.marketId());
        final Side side = WireMapping.side(command.sideRaw());
        final long amountIn = command.amountIn();
        RejectReason reason = OrderChecks.checkPoolCommand(market);
        if (reason == RejectReason.NONE && null == side)
        {
            reason = RejectReason.INVALID_ARGUMENT;
        }
        if (reason != RejectReason.NONE)
        {
            rejects.reject(accountId, reason, clientOrderId, command.marketId(), 0);
            return;
        }

        final Account account = accounts.get(accountId);
        final boolean buy = side == Side.BUY;
        final Asset assetIn = buy ? market.quote() : market.base();
        if (amountIn > 0 && amountIn > account.available(assetIn.index()))
        {
            rejects.reject(accountId, RejectReason.INSUFFICIENT_FUNDS, clientOrderId, market.id(), 0);
            return;
        }
        final SwapDirection direction = buy ? SwapDirection.QUOTE_IN : SwapDirection.BASE_IN;
        final int status = market.pool().swapExactIn(direction, amountIn, command.minAmountOut(), swapResult);
        if (status != PoolReject.OK)
        {
            rejects.reject(accountId, WireMapping.poolRejectReason(status), clientOrderId, market.id(), 0);
            return;
        }
        settlement.onSwapped(account, market, clientOrderId, buy, swapResult.amountIn(), swapResult.amountOut());
    }

    void onAddLiquidity(final AddLiquidityDecoder command)
    {
        rejects.onCommand(AddLiquidityDecoder.TEMPLATE_ID);
        final int accountId = command.accountId();
        final long clientOrderId = command.clientOrderId();
        final Market market = markets.get(command.marketId());
        final RejectReason reason = OrderChecks.checkPoolCommand(market);
        if (reason != RejectReason.NONE)
        {
            rejects.reject(accountId, reason, clientOrderId, command.marketId(), 0);
            return;
        }

        final ConstantProductPool pool = market.pool();
        final Account account = accounts.get(accountId);
        int status = pool.quoteAddLiquidity(command.maxBaseAmount(), command.maxQuoteAmount(), liquidityResult);
        if (status == PoolReject.OK && (liquidityResult.baseAmount() > account.available(market.base().index()) ||
            liquidityResult.quoteAmount() > account.available(market.quote().index())))
        {
            rejects.reject(accountId, RejectReason.INSUFFICIENT_FUNDS, clientOrderId, market.id(), 0);
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
            rejects.reject(accountId, WireMapping.poolRejectReason(status), clientOrderId, market.id(), 0);
            return;
        }

        final long base = liquidityResult.baseAmount();
        final long quote = liquidityResult.quoteAmount();
        final long shares = liquidityResult.shares();
        ledger.spendAvailable(account, market.base(), base);
        ledger.spendAvailable(account, market.quote(), quote);
        ledger.mint(account, market.poolShare(), shares);
        mintProtocolShares(market, liquidityResult.protocolShares());
        settlement.onPoolChanged(market, base, quote, pool.totalShares() - sharesBefore);
        events.liquidityAdded(accountId, market.id(), clientOrderId, base, quote, shares);
    }

    void onRemoveLiquidity(final RemoveLiquidityDecoder command)
    {
        rejects.onCommand(RemoveLiquidityDecoder.TEMPLATE_ID);
        final int accountId = command.accountId();
        final long clientOrderId = command.clientOrderId();
        final Market market = markets.get(command.marketId());
        final RejectReason reason = OrderChecks.checkPoolCommand(market);
        if (reason != RejectReason.NONE)
        {
            rejects.reject(accountId, reason, clientOrderId, command.marketId(), 0);
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
            rejects.reject(accountId, WireMapping.poolRejectReason(status), clientOrderId, market.id(), 0);
            return;
        }

        final long base = liquidityResult.baseAmount();
        final long quote = liquidityResult.quoteAmount();
        final long shares = liquidityResult.shares();
        ledger.mint(account, market.poolShare(), -shares);
        ledger.credit(account, market.base(), base);
        ledger.credit(account, market.quote(), quote);
        mintProtocolShares(market, liquidityResult.protocolShares());
        settlement.onPoolChanged(market, -base, -quote, pool.totalShares() - sharesBefore);
        events.liquidityRemoved(accountId, market.id(), clientOrderId, base, quote, shares);
    }

    void onCreatePool(final CreatePoolDecoder command)
    {
        rejects.onCommand(CreatePoolDecoder.TEMPLATE_ID);
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
            rejects.reject(accountId, reason, 0, command.marketId(), 0);
            return;
        }

        final Asset share = assets.addPoolShare(market.id());
        accounts.onAssetAdded(assets.size());
        market.pool(new ConstantProductPool(command.feeBps(), protocolFee == 1), share);
        events.commandAccepted(accountId, CreatePoolDecoder.TEMPLATE_ID, market.id());
        events.poolCreated(market.id(), command.feeBps(), protocolFee == 1, share.id());
        updates.onPoolChanged(market);
    }

    private void mintProtocolShares(final Market market, final long protocolShares)
    {
        if (protocolShares > 0)
        {
            ledger.mint(accounts.get(config.feeAccountId()), market.poolShare(), protocolShares);
        }
    }
}
