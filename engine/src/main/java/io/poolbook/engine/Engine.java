package io.poolbook.engine;

import io.poolbook.codecs.*;
import io.poolbook.codecs.frame.FrameValidator;
import io.poolbook.codecs.frame.FrameVerdict;
import io.poolbook.engine.account.Account;
import io.poolbook.engine.account.Accounts;
import io.poolbook.engine.account.Asset;
import io.poolbook.engine.account.Assets;
import io.poolbook.engine.account.Ledger;
import io.poolbook.engine.event.EventWriter;
import io.poolbook.engine.market.Market;
import io.poolbook.engine.market.Markets;
import io.poolbook.engine.market.Trading;
import org.agrona.DirectBuffer;

/**
 * The deterministic state machine at the heart of the node: {@code (state, sequenced command bytes) -> (state',
 * event bytes)}. Single-threaded; its only inputs are the command bytes and the sequence and timestamp stamped on
 * them; its only output is the events it hands to the {@link EventListener}. Every command is either accepted,
 * with its events, or rejected with a {@link RejectReason} and changes nothing.
 * <p>
 * This class decodes and routes commands and owns the reference data (assets, accounts, markets) and settlement
 * batches; order handling, routing between book and pool, and liquidity live in {@link Trading}.
 */
public final class Engine implements CommandHandler
{
    private static final int NO_ACCOUNT = -1;
    private static final int NO_MARKET = -1;

    private final EngineConfig config;
    private final Assets assets = new Assets();
    private final Accounts accounts = new Accounts();
    private final Ledger ledger = new Ledger(assets, accounts);
    private final Markets markets = new Markets();
    private final EventWriter events;
    private final Trading trading;
    private final SettlementBatches batches;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final NewOrderDecoder newOrder = new NewOrderDecoder();
    private final CancelOrderDecoder cancelOrder = new CancelOrderDecoder();
    private final CancelByClientOrderIdDecoder cancelByClientOrderId = new CancelByClientOrderIdDecoder();
    private final AmendOrderDecoder amendOrder = new AmendOrderDecoder();
    private final MassCancelDecoder massCancel = new MassCancelDecoder();
    private final QuoteDecoder quote = new QuoteDecoder();
    private final CancelOnDisconnectDecoder cancelOnDisconnect = new CancelOnDisconnectDecoder();
    private final SwapDecoder swap = new SwapDecoder();
    private final AddLiquidityDecoder addLiquidity = new AddLiquidityDecoder();
    private final RemoveLiquidityDecoder removeLiquidity = new RemoveLiquidityDecoder();
    private final WithdrawDecoder withdraw = new WithdrawDecoder();
    private final AddAssetDecoder addAsset = new AddAssetDecoder();
    private final AddMarketDecoder addMarket = new AddMarketDecoder();
    private final CreatePoolDecoder createPool = new CreatePoolDecoder();
    private final RegisterAccountDecoder registerAccount = new RegisterAccountDecoder();
    private final DepositDecoder deposit = new DepositDecoder();
    private final HaltMarketDecoder haltMarket = new HaltMarketDecoder();
    private final ResumeMarketDecoder resumeMarket = new ResumeMarketDecoder();
    private final CutSettlementBatchDecoder cutBatch = new CutSettlementBatchDecoder();

    private final SnapshotCodec snapshots = new SnapshotCodec();
    private final byte[] addressScratch = new byte[20];
    private final byte[] keyScratch = new byte[32];
    private long lastSequence;

    /**
     * An engine in its initial state: the operator (and fee) account registered, nothing else.
     *
     * @param config   fixed settings.
     * @param listener receives every event.
     */
    public Engine(final EngineConfig config, final EventListener listener)
    {
        this.config = config;
        this.events = new EventWriter(listener);
        this.trading = new Trading(config, ledger, markets, events);
        this.batches = new SettlementBatches(config, ledger, events);
        final boolean operatorCollectsFees = config.feeAccountId() == config.operatorAccountId();
        accounts.register(config.operatorAccountId(), keyScratch,
            operatorCollectsFees ? config.feeAccountAddress() : addressScratch, 0);
        if (!operatorCollectsFees)
        {
            accounts.register(config.feeAccountId(), keyScratch, config.feeAccountAddress(), 0);
        }
    }

    public EngineConfig config()
    {
        return config;
    }

    public Assets assets()
    {
        return assets;
    }

    public Accounts accounts()
    {
        return accounts;
    }

    public Markets markets()
    {
        return markets;
    }

    public Ledger ledger()
    {
        return ledger;
    }

    public Trading trading()
    {
        return trading;
    }

    public SettlementBatches batches()
    {
        return batches;
    }

    public EventWriter events()
    {
        return events;
    }

    /**
     * A hash of the whole state; two engines fed the same input agree on it. See {@link SnapshotCodec}.
     *
     * @return the hash.
     */
    public long stateHash()
    {
        return snapshots.stateHash(this);
    }

    /**
     * Writes the whole state; restore it into a fresh engine with {@link SnapshotCodec#read}.
     *
     * @return a buffer holding the snapshot from offset 0, valid until the next snapshot or hash.
     */
    public DirectBuffer snapshot()
    {
        return snapshots.write(this);
    }

    /** Length of the snapshot last written by {@link #snapshot()}. */
    public int snapshotLength()
    {
        return snapshots.length();
    }

    void restoreLastSequence(final long lastSequence)
    {
        this.lastSequence = lastSequence;
    }

    /** Sequence of the last command processed. */
    public long lastSequence()
    {
        return lastSequence;
    }

    /** {@inheritDoc} */
    public void onCommand(
        final long sequence,
        final long timestamp,
        final long sessionId,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        lastSequence = sequence;
        events.beginCommand(sequence, timestamp);
        batches.onCommandStart(sequence, timestamp);
        dispatch(buffer, offset, length);
        trading.onCommandEnd();
        reportBalances();
        batches.onCommandEnd(this);
    }

    private void dispatch(final DirectBuffer buffer, final int offset, final int length)
    {
        final FrameVerdict verdict = FrameValidator.validate(buffer, offset, length);
        if (verdict != FrameVerdict.VALID)
        {
            final int templateId = length >= MessageHeaderDecoder.ENCODED_LENGTH ?
                buffer.getShort(offset + 2, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF : 0;
            events.commandRejected(NO_ACCOUNT, templateId, verdict.rejectReason(), 0, NO_MARKET, 0);
            return;
        }

        header.wrap(buffer, offset);
        final int templateId = header.templateId();
        final int blockLength = header.blockLength();
        final int version = header.version();
        final int bodyOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;

        switch (templateId)
        {
            case NewOrderDecoder.TEMPLATE_ID:
                newOrder.wrap(buffer, bodyOffset, blockLength, version);
                if (isClient(newOrder.accountId(), templateId, newOrder.clientOrderId()))
                {
                    trading.onNewOrder(newOrder);
                }
                break;

            case CancelOrderDecoder.TEMPLATE_ID:
                cancelOrder.wrap(buffer, bodyOffset, blockLength, version);
                if (isClient(cancelOrder.accountId(), templateId, 0))
                {
                    trading.onCancelOrder(cancelOrder);
                }
                break;

            case CancelByClientOrderIdDecoder.TEMPLATE_ID:
                cancelByClientOrderId.wrap(buffer, bodyOffset, blockLength, version);
                if (isClient(cancelByClientOrderId.accountId(), templateId, cancelByClientOrderId.clientOrderId()))
                {
                    trading.onCancelByClientOrderId(cancelByClientOrderId);
                }
                break;

            case AmendOrderDecoder.TEMPLATE_ID:
                amendOrder.wrap(buffer, bodyOffset, blockLength, version);
                if (isClient(amendOrder.accountId(), templateId, 0))
                {
                    trading.onAmendOrder(amendOrder);
                }
                break;

            case MassCancelDecoder.TEMPLATE_ID:
                massCancel.wrap(buffer, bodyOffset, blockLength, version);
                if (isClient(massCancel.accountId(), templateId, 0))
                {
                    trading.onMassCancel(massCancel.accountId(), massCancel.marketId(), templateId);
                }
                break;

            case QuoteDecoder.TEMPLATE_ID:
                quote.wrap(buffer, bodyOffset, blockLength, version);
                if (isClient(quote.accountId(), templateId, quote.clientQuoteId()))
                {
                    trading.onQuote(quote);
                }
                break;

            case CancelOnDisconnectDecoder.TEMPLATE_ID:
                cancelOnDisconnect.wrap(buffer, bodyOffset, blockLength, version);
                if (isClient(cancelOnDisconnect.accountId(), templateId, 0))
                {
                    trading.onMassCancel(cancelOnDisconnect.accountId(), MassCancelDecoder.marketIdNullValue(),
                        templateId);
                }
                break;

            case SwapDecoder.TEMPLATE_ID:
                swap.wrap(buffer, bodyOffset, blockLength, version);
                if (isClient(swap.accountId(), templateId, swap.clientOrderId()))
                {
                    trading.onSwap(swap);
                }
                break;

            case AddLiquidityDecoder.TEMPLATE_ID:
                addLiquidity.wrap(buffer, bodyOffset, blockLength, version);
                if (isClient(addLiquidity.accountId(), templateId, addLiquidity.clientOrderId()))
                {
                    trading.onAddLiquidity(addLiquidity);
                }
                break;

            case RemoveLiquidityDecoder.TEMPLATE_ID:
                removeLiquidity.wrap(buffer, bodyOffset, blockLength, version);
                if (isClient(removeLiquidity.accountId(), templateId, removeLiquidity.clientOrderId()))
                {
                    trading.onRemoveLiquidity(removeLiquidity);
                }
                break;

            case WithdrawDecoder.TEMPLATE_ID:
                withdraw.wrap(buffer, bodyOffset, blockLength, version);
                if (isClient(withdraw.accountId(), templateId, withdraw.clientRequestId()))
                {
                    onWithdraw(withdraw);
                }
                break;

            case AddAssetDecoder.TEMPLATE_ID:
                addAsset.wrap(buffer, bodyOffset, blockLength, version);
                if (isOperator(addAsset.accountId(), templateId))
                {
                    onAddAsset(addAsset);
                }
                break;

            case AddMarketDecoder.TEMPLATE_ID:
                addMarket.wrap(buffer, bodyOffset, blockLength, version);
                if (isOperator(addMarket.accountId(), templateId))
                {
                    onAddMarket(addMarket);
                }
                break;

            case CreatePoolDecoder.TEMPLATE_ID:
                createPool.wrap(buffer, bodyOffset, blockLength, version);
                if (isOperator(createPool.accountId(), templateId))
                {
                    trading.onCreatePool(createPool);
                }
                break;

            case RegisterAccountDecoder.TEMPLATE_ID:
                registerAccount.wrap(buffer, bodyOffset, blockLength, version);
                if (isOperator(registerAccount.accountId(), templateId))
                {
                    onRegisterAccount(registerAccount);
                }
                break;

            case DepositDecoder.TEMPLATE_ID:
                deposit.wrap(buffer, bodyOffset, blockLength, version);
                if (isOperator(deposit.accountId(), templateId))
                {
                    onDeposit(deposit);
                }
                break;

            case HaltMarketDecoder.TEMPLATE_ID:
                haltMarket.wrap(buffer, bodyOffset, blockLength, version);
                if (isOperator(haltMarket.accountId(), templateId))
                {
                    onMarketStatus(haltMarket.accountId(), haltMarket.marketId(), MarketStatus.HALTED, templateId);
                }
                break;

            case ResumeMarketDecoder.TEMPLATE_ID:
                resumeMarket.wrap(buffer, bodyOffset, blockLength, version);
                if (isOperator(resumeMarket.accountId(), templateId))
                {
                    onMarketStatus(resumeMarket.accountId(), resumeMarket.marketId(), MarketStatus.OPEN, templateId);
                }
                break;

            case CutSettlementBatchDecoder.TEMPLATE_ID:
                cutBatch.wrap(buffer, bodyOffset, blockLength, version);
                if (isOperator(cutBatch.accountId(), templateId))
                {
                    events.commandAccepted(cutBatch.accountId(), templateId, 0);
                    batches.cut(this);
                }
                break;

            default:
                // Session messages, events and market data are valid frames but not engine commands.
                events.commandRejected(NO_ACCOUNT, templateId, RejectReason.UNKNOWN_TEMPLATE, 0, NO_MARKET, 0);
                break;
        }
    }

    private boolean isClient(final int accountId, final int templateId, final long clientId)
    {
        if (null == accounts.get(accountId))
        {
            events.commandRejected(accountId, templateId, RejectReason.UNKNOWN_ACCOUNT, clientId, NO_MARKET, 0);
            return false;
        }
        return true;
    }

    private boolean isOperator(final int accountId, final int templateId)
    {
        if (accountId != config.operatorAccountId())
        {
            events.commandRejected(accountId, templateId, RejectReason.NOT_OPERATOR, 0, NO_MARKET, 0);
            return false;
        }
        return true;
    }

    private void reject(final int accountId, final int templateId, final RejectReason reason, final long clientId)
    {
        events.commandRejected(accountId, templateId, reason, clientId, NO_MARKET, 0);
    }

    private void onAddAsset(final AddAssetDecoder command)
    {
        final int templateId = AddAssetDecoder.TEMPLATE_ID;
        final int assetId = command.assetId();
        final int engineScale = command.engineScale();
        final int chainDecimals = command.chainDecimals();
        if (!assets.isFreeTokenId(assetId))
        {
            reject(command.accountId(), templateId,
                null != assets.get(assetId) ? RejectReason.DUPLICATE_ID : RejectReason.INVALID_ARGUMENT, assetId);
            return;
        }
        if (engineScale > 18 || chainDecimals > 77 || engineScale > chainDecimals)
        {
            // Engine units must convert exactly to chain units: chain = engine * 10^(decimals - scale).
            reject(command.accountId(), templateId, RejectReason.INVALID_ARGUMENT, assetId);
            return;
        }

        command.getTokenAddress(addressScratch, 0, addressScratch.length);
        final Asset asset = assets.addToken(assetId, command.symbol().trim(), engineScale, chainDecimals,
            addressScratch);
        accounts.onAssetAdded(assets.size());
        events.commandAccepted(command.accountId(), templateId, assetId);
        events.assetAdded(assetId, engineScale, chainDecimals, asset.symbol(), asset.tokenAddress());
    }

    private void onAddMarket(final AddMarketDecoder command)
    {
        final int templateId = AddMarketDecoder.TEMPLATE_ID;
        final int marketId = command.marketId();
        final Asset base = assets.get(command.baseAssetId());
        final Asset quote = assets.get(command.quoteAssetId());
        final RejectReason reason;
        if (marketId < 0 || marketId >= Assets.POOL_SHARE_ID_BASE)
        {
            reason = RejectReason.INVALID_ARGUMENT;
        }
        else if (null != markets.get(marketId))
        {
            reason = RejectReason.DUPLICATE_ID;
        }
        else if (null == base || null == quote)
        {
            reason = RejectReason.UNKNOWN_ASSET;
        }
        else if (base == quote || base.isPoolShare() || quote.isPoolShare())
        {
            reason = RejectReason.INVALID_ARGUMENT;
        }
        else if (command.tickSize() <= 0 || command.lotSize() <= 0 || command.minQuantity() <= 0 ||
            command.maxQuantity() < command.minQuantity() ||
            command.minQuantity() % command.lotSize() != 0 || command.maxQuantity() % command.lotSize() != 0)
        {
            reason = RejectReason.INVALID_QUANTITY;
        }
        else if (command.takerFeeBps() < 0 || command.takerFeeBps() > Market.MAX_FEE_BPS ||
            command.makerFeeBps() > command.takerFeeBps() || -command.makerFeeBps() > command.takerFeeBps())
        {
            reason = RejectReason.INVALID_FEE;
        }
        else
        {
            reason = RejectReason.NONE;
        }

        if (reason != RejectReason.NONE)
        {
            reject(command.accountId(), templateId, reason, marketId);
            return;
        }

        markets.add(new Market(
            marketId,
            base,
            quote,
            command.tickSize(),
            command.lotSize(),
            command.minQuantity(),
            command.maxQuantity(),
            command.makerFeeBps(),
            command.takerFeeBps(),
            trading.bookListener(),
            trading.orderStore()));
        events.commandAccepted(command.accountId(), templateId, marketId);
        events.marketAdded(marketId, base.id(), quote.id(), command.tickSize(), command.lotSize(),
            command.minQuantity(), command.maxQuantity(), command.makerFeeBps(), command.takerFeeBps());
        events.marketStatusChanged(marketId, MarketStatus.OPEN);
    }

    private void onRegisterAccount(final RegisterAccountDecoder command)
    {
        final int templateId = RegisterAccountDecoder.TEMPLATE_ID;
        final int newAccountId = command.newAccountId();
        if (newAccountId < 0)
        {
            reject(command.accountId(), templateId, RejectReason.INVALID_ARGUMENT, newAccountId);
            return;
        }
        if (null != accounts.get(newAccountId))
        {
            reject(command.accountId(), templateId, RejectReason.DUPLICATE_ID, newAccountId);
            return;
        }

        command.getPublicKey(keyScratch, 0, keyScratch.length);
        command.getChainAddress(addressScratch, 0, addressScratch.length);
        accounts.register(newAccountId, keyScratch, addressScratch, assets.size());
        events.commandAccepted(command.accountId(), templateId, newAccountId);
        events.accountRegistered(newAccountId, keyScratch, addressScratch);
    }

    private void onDeposit(final DepositDecoder command)
    {
        final int templateId = DepositDecoder.TEMPLATE_ID;
        final Account account = accounts.get(command.targetAccountId());
        final Asset asset = assets.get(command.assetId());
        final long amount = command.amount();
        final RejectReason reason;
        if (null == account)
        {
            reason = RejectReason.UNKNOWN_ACCOUNT;
        }
        else if (null == asset || asset.isPoolShare())
        {
            reason = RejectReason.UNKNOWN_ASSET;
        }
        else if (amount <= 0)
        {
            reason = RejectReason.INVALID_AMOUNT;
        }
        else if (Long.MAX_VALUE - amount < asset.supply())
        {
            // Supply bounds every balance, so this one check keeps every sum of the asset within a long.
            reason = RejectReason.OVERFLOW;
        }
        else
        {
            reason = RejectReason.NONE;
        }

        if (reason != RejectReason.NONE)
        {
            reject(command.accountId(), templateId, reason, command.targetAccountId());
            return;
        }

        ledger.deposit(account, asset, amount);
        events.commandAccepted(command.accountId(), templateId, command.targetAccountId());
    }

    private void onWithdraw(final WithdrawDecoder command)
    {
        final int templateId = WithdrawDecoder.TEMPLATE_ID;
        final Account account = accounts.get(command.accountId());
        final Asset asset = assets.get(command.assetId());
        final long amount = command.amount();
        final RejectReason reason;
        if (null == asset || asset.isPoolShare())
        {
            reason = RejectReason.UNKNOWN_ASSET;
        }
        else if (amount <= 0)
        {
            reason = RejectReason.INVALID_AMOUNT;
        }
        else if (account.available(asset.index()) < amount)
        {
            reason = RejectReason.INSUFFICIENT_FUNDS;
        }
        else
        {
            reason = RejectReason.NONE;
        }

        if (reason != RejectReason.NONE)
        {
            reject(command.accountId(), templateId, reason, command.clientRequestId());
            return;
        }

        ledger.withdraw(account, asset, amount);
        events.commandAccepted(command.accountId(), templateId, command.clientRequestId());
    }

    private void onMarketStatus(final int accountId, final int marketId, final MarketStatus status, final int templateId)
    {
        final Market market = markets.get(marketId);
        if (null == market)
        {
            events.commandRejected(accountId, templateId, RejectReason.UNKNOWN_MARKET, 0, marketId, 0);
            return;
        }
        events.commandAccepted(accountId, templateId, marketId);
        if (market.isHalted() != (status == MarketStatus.HALTED))
        {
            market.halted(status == MarketStatus.HALTED);
            events.marketStatusChanged(marketId, status);
        }
    }

    private void reportBalances()
    {
        for (int i = 0, count = ledger.touchedCount(); i < count; i++)
        {
            if (!ledger.touchedChanged(i))
            {
                continue;
            }
            final Account account = ledger.touchedAccount(i);
            final Asset asset = ledger.touchedAsset(i);
            events.balanceChanged(account.id(), asset.id(), account.available(asset.index()),
                account.locked(asset.index()));
        }
        ledger.clearTouched();
    }
}
