package io.poolbook.client;

import io.aeron.Aeron;
import io.aeron.logbuffer.Header;
import io.poolbook.codecs.*;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.security.PrivateKey;
import java.util.concurrent.TimeUnit;

/**
 * A trader's, market maker's or operator's connection to Poolbook over Aeron, to a node or to a cluster, whichever
 * the {@link ClientConfig} names: the same API over either {@link ClientTransport}. Poll-driven: {@link #poll()}
 * delivers responses to the {@link ClientListener} and keeps the session alive; call it in the application's duty
 * cycle. Commands are encoded with the codecs' {@link CommandWriter} into one reused buffer and offered at once, so
 * nothing is allocated per message. Not thread-safe: one thread per client.
 *
 * <pre>{@code
 * try (PoolbookClient client = PoolbookClient.connect(aeron, ClientConfig.ipc(), listener))
 * {
 *     client.logon(accountId, privateKey, true);
 *     client.awaitLogon(5_000);
 *     client.limit(42, marketId, Side.BUY, price, quantity);
 *     while (running) { client.poll(); }
 * }
 * }</pre>
 */
public final class PoolbookClient implements AutoCloseable
{
    /** Where a client is in its life. */
    public enum State
    {
        /** Connected to the node, not logged on (or the logon was refused). */
        CONNECTED,
        /** Logon sent, no answer yet. */
        LOGGING_ON,
        LOGGED_ON,
        /** Logged out or dropped by the node; connect a new client to go on. */
        LOGGED_OUT,
        CLOSED
    }

    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;

    private final Aeron aeron;
    private final ClientListener listener;
    private final ClientTransport transport;

    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[1024]);
    private final CommandWriter commands = new CommandWriter(sendBuffer, 0);

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final LogonResponseDecoder logonResponse = new LogonResponseDecoder();
    private final SessionRejectDecoder sessionReject = new SessionRejectDecoder();
    private final LogoutDecoder logout = new LogoutDecoder();
    private final OrderAcceptedDecoder orderAccepted = new OrderAcceptedDecoder();
    private final CommandRejectedDecoder commandRejected = new CommandRejectedDecoder();
    private final FillDecoder fill = new FillDecoder();
    private final OrderCancelledDecoder orderCancelled = new OrderCancelledDecoder();
    private final OrderAmendedDecoder orderAmended = new OrderAmendedDecoder();
    private final OrderExpiredDecoder orderExpired = new OrderExpiredDecoder();
    private final SwapDoneDecoder swapDone = new SwapDoneDecoder();
    private final LiquidityAddedDecoder liquidityAdded = new LiquidityAddedDecoder();
    private final LiquidityRemovedDecoder liquidityRemoved = new LiquidityRemovedDecoder();
    private final BalanceChangedDecoder balanceChanged = new BalanceChangedDecoder();
    private final CommandAcceptedDecoder commandAccepted = new CommandAcceptedDecoder();
    private final AccountRegisteredDecoder accountRegistered = new AccountRegisteredDecoder();
    private final MarketStatusChangedDecoder marketStatusChanged = new MarketStatusChangedDecoder();
    private final SettlementBatchCutDecoder settlementBatchCut = new SettlementBatchCutDecoder();
    private final SettlementDeltaDecoder settlementDelta = new SettlementDeltaDecoder();
    private final SettlementPoolDeltaDecoder settlementPoolDelta = new SettlementPoolDeltaDecoder();

    private State state = State.CONNECTED;
    private int accountId = -1;
    private long sessionId;
    private RejectReason logonReason = RejectReason.NONE;
    private RejectReason logoutReason = RejectReason.NONE;
    private long heartbeatIntervalNs;
    private long lastReceivedNs;

    private PoolbookClient(final Aeron aeron, final ClientConfig config, final ClientListener listener)
    {
        this.aeron = aeron;
        this.listener = listener;
        this.transport = config.openTransport(aeron, this::onFragment);
    }

    /**
     * Opens the transport the config names; to a node, waits until the node's ingress is connected (a cluster is
     * connected, and the session authenticated, by {@link #logon}).
     *
     * @param aeron    client of a media driver that reaches the node or the cluster.
     * @param config   channels and timeouts.
     * @param listener receives the node's responses during {@link #poll()}.
     * @return a connected client, not yet logged on.
     * @throws IllegalStateException if the node cannot be reached in {@link ClientConfig#connectTimeoutMs()}.
     */
    public static PoolbookClient connect(final Aeron aeron, final ClientConfig config, final ClientListener listener)
    {
        return new PoolbookClient(aeron, config, listener);
    }

    /**
     * Sends a Logon signed with the account's key; the answer arrives through {@link #poll()}.
     *
     * @param accountId          to log on as.
     * @param key                the account's Ed25519 private key.
     * @param cancelOnDisconnect whether the node cancels the account's orders when this session ends.
     * @return true if the Logon was sent.
     */
    public boolean logon(final int accountId, final PrivateKey key, final boolean cancelOnDisconnect)
    {
        final State before = beginLogon(accountId);
        return endLogon(before, transport.logon(accountId, key, cancelOnDisconnect));
    }

    /**
     * Sends a Logon with a given nonce and signature; for tools that sign elsewhere, and for tests.
     *
     * @return true if the Logon was sent.
     */
    public boolean logon(final int accountId, final long nonce, final byte[] signature, final boolean cancelOnDisconnect)
    {
        final State before = beginLogon(accountId);
        return endLogon(before, transport.logon(accountId, nonce, signature, cancelOnDisconnect));
    }

    private State beginLogon(final int accountId)
    {
        final State before = state;
        this.accountId = accountId;
        state = State.LOGGING_ON;
        return before;
    }

    /** A transport may answer during the logon call; a logon that did not go out leaves the state as it was. */
    private boolean endLogon(final State before, final boolean sent)
    {
        if (!sent && State.LOGGING_ON == state)
        {
            state = before;
        }
        return sent;
    }

    /**
     * Polls until the logon is answered.
     *
     * @param timeoutMs longest wait.
     * @return true if logged on; false if refused (see {@link #logonReason()}), if no Logon was sent, or if no
     * answer came in time.
     */
    public boolean awaitLogon(final long timeoutMs)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        final IdleStrategy idle = new SleepingMillisIdleStrategy(1);
        while (State.LOGGING_ON == state && System.nanoTime() < deadline)
        {
            idle.idle(poll());
        }
        return State.LOGGED_ON == state;
    }

    /**
     * Delivers what the node or cluster sent to the listener and keeps the session alive (a heartbeat when due).
     *
     * @return messages handled.
     */
    public int poll()
    {
        final int work = transport.poll();
        if (State.LOGGED_ON == state)
        {
            transport.keepAlive(sessionId, heartbeatIntervalNs);
        }
        return work;
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header fragmentHeader)
    {
        if (length < HEADER)
        {
            return;
        }
        lastReceivedNs = System.nanoTime();
        listener.onMessage(buffer, offset, length);
        header.wrap(buffer, offset);
        final int templateId = header.templateId();
        final int blockLength = header.blockLength();
        final int version = header.version();
        final int body = offset + HEADER;
        switch (templateId)
        {
            case LogonResponseDecoder.TEMPLATE_ID:
                logonResponse.wrap(buffer, body, blockLength, version);
                if (LogonStatus.ACCEPTED == logonResponse.status())
                {
                    state = State.LOGGED_ON;
                    sessionId = logonResponse.sessionId();
                    heartbeatIntervalNs = TimeUnit.MILLISECONDS.toNanos(logonResponse.heartbeatIntervalMs());
                    logonReason = RejectReason.NONE;
                }
                else
                {
                    state = State.CONNECTED;
                    logonReason = logonResponse.reason();
                }
                listener.onLogonResponse(logonResponse);
                break;
            case SessionRejectDecoder.TEMPLATE_ID:
                listener.onSessionReject(sessionReject.wrap(buffer, body, blockLength, version));
                break;
            case LogoutDecoder.TEMPLATE_ID:
                logout.wrap(buffer, body, blockLength, version);
                state = State.LOGGED_OUT;
                logoutReason = logout.reason();
                listener.onLogout(logout);
                break;
            case HeartbeatDecoder.TEMPLATE_ID:
                break;
            case OrderAcceptedDecoder.TEMPLATE_ID:
                listener.onOrderAccepted(orderAccepted.wrap(buffer, body, blockLength, version));
                break;
            case CommandRejectedDecoder.TEMPLATE_ID:
                listener.onCommandRejected(commandRejected.wrap(buffer, body, blockLength, version));
                break;
            case FillDecoder.TEMPLATE_ID:
                listener.onFill(fill.wrap(buffer, body, blockLength, version));
                break;
            case OrderCancelledDecoder.TEMPLATE_ID:
                listener.onOrderCancelled(orderCancelled.wrap(buffer, body, blockLength, version));
                break;
            case OrderAmendedDecoder.TEMPLATE_ID:
                listener.onOrderAmended(orderAmended.wrap(buffer, body, blockLength, version));
                break;
            case OrderExpiredDecoder.TEMPLATE_ID:
                listener.onOrderExpired(orderExpired.wrap(buffer, body, blockLength, version));
                break;
            case SwapDoneDecoder.TEMPLATE_ID:
                listener.onSwapDone(swapDone.wrap(buffer, body, blockLength, version));
                break;
            case LiquidityAddedDecoder.TEMPLATE_ID:
                listener.onLiquidityAdded(liquidityAdded.wrap(buffer, body, blockLength, version));
                break;
            case LiquidityRemovedDecoder.TEMPLATE_ID:
                listener.onLiquidityRemoved(liquidityRemoved.wrap(buffer, body, blockLength, version));
                break;
            case BalanceChangedDecoder.TEMPLATE_ID:
                listener.onBalanceChanged(balanceChanged.wrap(buffer, body, blockLength, version));
                break;
            case CommandAcceptedDecoder.TEMPLATE_ID:
                listener.onCommandAccepted(commandAccepted.wrap(buffer, body, blockLength, version));
                break;
            case AccountRegisteredDecoder.TEMPLATE_ID:
                listener.onAccountRegistered(accountRegistered.wrap(buffer, body, blockLength, version));
                break;
            case MarketStatusChangedDecoder.TEMPLATE_ID:
                listener.onMarketStatusChanged(marketStatusChanged.wrap(buffer, body, blockLength, version));
                break;
            case SettlementBatchCutDecoder.TEMPLATE_ID:
                listener.onSettlementBatchCut(settlementBatchCut.wrap(buffer, body, blockLength, version));
                break;
            case SettlementDeltaDecoder.TEMPLATE_ID:
                listener.onSettlementDelta(settlementDelta.wrap(buffer, body, blockLength, version));
                break;
            case SettlementPoolDeltaDecoder.TEMPLATE_ID:
                listener.onSettlementPoolDelta(settlementPoolDelta.wrap(buffer, body, blockLength, version));
                break;
            default:
                break;
        }
    }

    /**
     * Offers bytes to the node as they are, retrying while back-pressured up to {@link ClientConfig#sendTimeoutMs()}.
     * Every command method ends here; tools and tests may send anything with it.
     *
     * @return true if sent.
     */
    public boolean send(final DirectBuffer buffer, final int offset, final int length)
    {
        return transport.offer(buffer, offset, length);
    }

    private boolean sendCommand(final int length)
    {
        return send(sendBuffer, 0, length);
    }

    /** A new order with every field. */
    public boolean newOrder(
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
        return sendCommand(commands.newOrder(accountId, clientOrderId, marketId, side, orderType, timeInForce,
            selfTradePrevention, price, quantity, quoteBudget));
    }

    /** A good-till-cancel limit order. */
    public boolean limit(final long clientOrderId, final int marketId, final Side side, final long price, final long quantity)
    {
        return sendCommand(commands.limit(accountId, clientOrderId, marketId, side, price, quantity));
    }

    /** A market order: IOC with a protection price (0 for none). */
    public boolean market(
        final long clientOrderId, final int marketId, final Side side, final long protectionPrice, final long quantity)
    {
        return newOrder(clientOrderId, marketId, side, OrderType.MARKET, TimeInForce.IOC,
            SelfTradePrevention.CANCEL_TAKER, protectionPrice, quantity, 0);
    }

    public boolean cancel(final int marketId, final long orderId)
    {
        return sendCommand(commands.cancelOrder(accountId, marketId, orderId));
    }

    public boolean cancelByClientOrderId(final int marketId, final long clientOrderId)
    {
        return sendCommand(commands.cancelByClientOrderId(accountId, marketId, clientOrderId));
    }

    /** Amends price and/or quantity; 0 keeps a value. */
    public boolean amend(final int marketId, final long orderId, final long price, final long quantity)
    {
        return sendCommand(commands.amendOrder(accountId, marketId, orderId, price, quantity));
    }

    /** Cancels this account's orders in a market, or everywhere with {@link CommandWriter#ALL_MARKETS}. */
    public boolean massCancel(final int marketId)
    {
        return sendCommand(commands.massCancel(accountId, marketId));
    }

    public boolean quote(
        final long clientQuoteId,
        final int marketId,
        final long bidPrice,
        final long bidQuantity,
        final long askPrice,
        final long askQuantity)
    {
        return sendCommand(commands.quote(accountId, clientQuoteId, marketId, bidPrice, bidQuantity, askPrice,
            askQuantity));
    }

    public boolean swap(
        final long clientOrderId, final int marketId, final Side side, final long amountIn, final long minAmountOut)
    {
        return sendCommand(commands.swap(accountId, clientOrderId, marketId, side, amountIn, minAmountOut));
    }

    public boolean addLiquidity(
        final long clientOrderId,
        final int marketId,
        final long maxBaseAmount,
        final long maxQuoteAmount,
        final long minShares)
    {
        return sendCommand(commands.addLiquidity(accountId, clientOrderId, marketId, maxBaseAmount, maxQuoteAmount,
            minShares));
    }

    public boolean removeLiquidity(
        final long clientOrderId,
        final int marketId,
        final long shares,
        final long minBaseAmount,
        final long minQuoteAmount)
    {
        return sendCommand(commands.removeLiquidity(accountId, clientOrderId, marketId, shares, minBaseAmount,
            minQuoteAmount));
    }

    public boolean withdraw(final long clientRequestId, final int assetId, final long amount)
    {
        return sendCommand(commands.withdraw(accountId, clientRequestId, assetId, amount));
    }

    /** Operator: a new asset. */
    public boolean addAsset(
        final int assetId, final String symbol, final int engineScale, final int chainDecimals, final byte[] tokenAddress)
    {
        return sendCommand(commands.addAsset(accountId, assetId, symbol, engineScale, chainDecimals, tokenAddress));
    }

    /** Operator: a new market. */
    public boolean addMarket(
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
        return sendCommand(commands.addMarket(accountId, marketId, baseAssetId, quoteAssetId, tickSize, lotSize,
            minQuantity, maxQuantity, makerFeeBps, takerFeeBps));
    }

    /** Operator: a pool for a market. */
    public boolean createPool(final int marketId, final int feeBps, final boolean protocolFee)
    {
        return sendCommand(commands.createPool(accountId, marketId, feeBps, protocolFee));
    }

    /** Operator: a new account with the raw Ed25519 key its sessions log on with. */
    public boolean registerAccount(final int newAccountId, final byte[] publicKey, final byte[] chainAddress)
    {
        return sendCommand(commands.registerAccount(accountId, newAccountId, publicKey, chainAddress));
    }

    /** Operator: credits a deposit seen on chain. */
    public boolean deposit(final int targetAccountId, final int assetId, final long amount, final byte[] chainReference)
    {
        return sendCommand(commands.deposit(accountId, targetAccountId, assetId, amount, chainReference));
    }

    /** Operator. */
    public boolean haltMarket(final int marketId)
    {
        return sendCommand(commands.haltMarket(accountId, marketId));
    }

    /** Operator. */
    public boolean resumeMarket(final int marketId)
    {
        return sendCommand(commands.resumeMarket(accountId, marketId));
    }

    /** Operator. */
    public boolean cutSettlementBatch()
    {
        return sendCommand(commands.cutSettlementBatch(accountId));
    }

    public State state()
    {
        return state;
    }

    public boolean isLoggedOn()
    {
        return State.LOGGED_ON == state;
    }

    /** The account this client logs on (or logged on) as. */
    public int accountId()
    {
        return accountId;
    }

    /** Session id the node assigned at logon. */
    public long sessionId()
    {
        return sessionId;
    }

    /** Why the last logon was refused, NONE if it was not. */
    public RejectReason logonReason()
    {
        return logonReason;
    }

    /** Why the node ended the session. */
    public RejectReason logoutReason()
    {
        return logoutReason;
    }

    /** Nanosecond time of the last message from the node. */
    public long lastReceivedNs()
    {
        return lastReceivedNs;
    }

    /** The response channel the node publishes to, as sent in the Logon; empty for a cluster. */
    public String responseChannel()
    {
        return transport.responseChannel();
    }

    /** Ends the session in order if logged on (a Logout to a node), then closes the transport. */
    public void close()
    {
        if (State.CLOSED == state)
        {
            return;
        }
        if (State.LOGGED_ON == state)
        {
            transport.logout(sessionId);
        }
        closeWithoutLogout();
    }

    /** Closes without a Logout, as a crashed client would vanish; the node notices by heartbeat or connection. */
    public void closeWithoutLogout()
    {
        state = State.CLOSED;
        transport.close();
    }

    /** The Aeron client this client runs on. */
    public Aeron aeron()
    {
        return aeron;
    }
}
