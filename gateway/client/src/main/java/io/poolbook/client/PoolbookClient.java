package io.poolbook.client;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.poolbook.client.auth.LogonSignature;
import io.poolbook.codecs.*;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.security.PrivateKey;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A trader's, market maker's or operator's connection to a Poolbook node over Aeron: one exclusive publication to
 * the node's ingress, one subscription for this session's responses (its channel and stream go to the node in the
 * Logon). Poll-driven: {@link #poll()} delivers responses to the {@link ClientListener} and sends heartbeats; call
 * it in the application's duty cycle. Commands are encoded with the engine's {@link CommandWriter} into one reused
 * buffer and offered at once, so nothing is allocated per message. Not thread-safe: one thread per client.
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
    private static final AtomicLong LAST_NONCE = new AtomicLong();

    private final Aeron aeron;
    private final ClientConfig config;
    private final ClientListener listener;
    private final ExclusivePublication publication;
    private final Subscription responses;
    private io.poolbook.client.cluster.ClusterClient cluster;
    private final String responseChannel;
    private final int responseStreamId;
    private final FragmentHandler assembler;
    private final IdleStrategy sendIdle = new YieldingIdleStrategy();

    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[1024]);
    private final CommandWriter commands = new CommandWriter(sendBuffer, 0);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final LogonEncoder logonEncoder = new LogonEncoder();
    private final LogoutEncoder logoutEncoder = new LogoutEncoder();
    private final HeartbeatEncoder heartbeatEncoder = new HeartbeatEncoder();

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
    private long lastSentNs;
    private long lastReceivedNs;

    private PoolbookClient(
        final Aeron aeron,
        final ClientConfig config,
        final ClientListener listener,
        final ExclusivePublication publication,
        final Subscription responses,
        final String responseChannel,
        final int responseStreamId)
    {
        this.aeron = aeron;
        this.config = config;
        this.listener = listener;
        this.publication = publication;
        this.responses = responses;
        this.responseChannel = responseChannel;
        this.responseStreamId = responseStreamId;
        this.assembler = new FragmentAssembler(this::onFragment);
    }

    /**
     * Opens the response subscription and the publication to the node, and waits until the node's ingress is
     * connected.
     *
     * @param aeron    client of a media driver that reaches the node.
     * @param config   channels and timeouts.
     * @param listener receives the node's responses during {@link #poll()}.
     * @return a connected client, not yet logged on.
     * @throws IllegalStateException if the node cannot be reached in {@link ClientConfig#connectTimeoutMs()}.
     */
    public static PoolbookClient connect(final Aeron aeron, final ClientConfig config, final ClientListener listener)
    {
        if (config.isCluster())
        {
            // A cluster session is opened, and authenticated, by logon.
            return new PoolbookClient(aeron, config, listener, null, null, "", 0);
        }
        final int responseStreamId = config.responseStreamId();
        final Subscription responses = aeron.addSubscription(config.responseChannel(), responseStreamId);
        ExclusivePublication publication = null;
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.connectTimeoutMs());
            final IdleStrategy idle = new SleepingMillisIdleStrategy(1);
            String responseChannel = config.responseChannel();
            if (responseChannel.startsWith("aeron:udp"))
            {
                String endpoint;
                while (null == (endpoint = responses.resolvedEndpoint()))
                {
                    checkDeadline(deadline, "resolving " + config.responseChannel());
                    idle.idle();
                }
                final ChannelUri uri = ChannelUri.parse(responseChannel);
                uri.replaceEndpointWildcardPort(endpoint);
                responseChannel = uri.toString();
            }

            publication = aeron.addExclusivePublication(config.ingressChannel(), config.ingressStreamId());
            // The driver marks a publication connected before it raises its limit: until then an offer is
            // back-pressured, and a Logon sent without retries would be lost. Connected means able to send.
            while (!publication.isConnected() || publication.availableWindow() <= 0)
            {
                checkDeadline(deadline, "connecting to the node at " + config.ingressChannel());
                idle.idle();
            }
            return new PoolbookClient(
                aeron, config, listener, publication, responses, responseChannel, responseStreamId);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(publication, responses);
            throw ex;
        }
    }

    private static void checkDeadline(final long deadlineNs, final String what)
    {
        if (System.nanoTime() > deadlineNs)
        {
            throw new IllegalStateException("timed out " + what);
        }
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
        if (config.isCluster())
        {
            return clusterLogon(accountId, key, cancelOnDisconnect);
        }
        final long nonce = nextNonce();
        return logon(accountId, nonce, LogonSignature.sign(key, accountId, nonce), cancelOnDisconnect);
    }

    /**
     * Sends a Logon with a given nonce and signature; for tools that sign elsewhere, and for tests.
     *
     * @return true if the Logon was sent.
     */
    public boolean logon(final int accountId, final long nonce, final byte[] signature, final boolean cancelOnDisconnect)
    {
        if (config.isCluster())
        {
            return false; // a cluster session signs its own connect request: use logon(accountId, key, ...)
        }
        logonEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .accountId(accountId)
            .nonce(nonce)
            .heartbeatIntervalMs(config.heartbeatIntervalMs())
            .cancelOnDisconnect(cancelOnDisconnect ? BooleanType.TRUE : BooleanType.FALSE)
            .putSignature(signature, 0, LogonEncoder.signatureLength())
            .responseStreamId(responseStreamId)
            .responseChannel(responseChannel);
        this.accountId = accountId;
        if (!send(sendBuffer, 0, HEADER + logonEncoder.encodedLength()))
        {
            return false;
        }
        state = State.LOGGING_ON;
        return true;
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
     * Connects to the cluster, authenticated by a signed connect request, and reports the outcome to the listener as
     * a {@code LogonResponse}, as a node would.
     */
    private boolean clusterLogon(final int accountId, final PrivateKey key, final boolean cancelOnDisconnect)
    {
        this.accountId = accountId;
        state = State.LOGGING_ON;
        final io.poolbook.codecs.LogonResponseEncoder response = new io.poolbook.codecs.LogonResponseEncoder()
            .wrapAndApplyHeader(sendBuffer, 0, headerEncoder)
            .accountId(accountId)
            .heartbeatIntervalMs(config.heartbeatIntervalMs());
        try
        {
            cluster = io.poolbook.client.cluster.ClusterClient.connect(aeron,
                new io.poolbook.client.cluster.ClusterClientConfig()
                    .members(config.clusterMembers())
                    .localHost(config.clusterLocalHost())
                    .connectTimeoutMs(config.connectTimeoutMs())
                    .sendTimeoutMs(config.sendTimeoutMs()),
                accountId, key, cancelOnDisconnect, this::onFragment);
            response.sessionId(cluster.sessionId()).status(LogonStatus.ACCEPTED).reason(RejectReason.NONE);
        }
        catch (final io.aeron.security.AuthenticationException ex)
        {
            response.sessionId(0).status(LogonStatus.REJECTED).reason(RejectReason.BAD_SIGNATURE);
        }
        catch (final io.aeron.exceptions.AeronException ex)
        {
            response.sessionId(0).status(LogonStatus.REJECTED).reason(RejectReason.NODE_UNAVAILABLE);
        }
        onFragment(sendBuffer, 0, HEADER + response.encodedLength(), null);
        return true;
    }

    private static long nextNonce()
    {
        final long now = TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis());
        return LAST_NONCE.accumulateAndGet(now, (last, candidate) -> Math.max(last + 1, candidate));
    }

    /**
     * Delivers what the node sent to the listener and sends a heartbeat when one is due.
     *
     * @return messages handled.
     */
    public int poll()
    {
        if (config.isCluster())
        {
            return null == cluster ? 0 : cluster.poll();
        }
        final int fragments = responses.poll(assembler, 16);
        if (State.LOGGED_ON == state && System.nanoTime() - lastSentNs >= heartbeatIntervalNs)
        {
            heartbeatEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder).sessionId(sessionId)
                .timestamp(System.currentTimeMillis() * 1_000_000L);
            send(sendBuffer, 0, HEADER + heartbeatEncoder.encodedLength());
        }
        return fragments;
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
        if (config.isCluster())
        {
            return null != cluster && cluster.send(buffer, offset, length);
        }
        long result = publication.offer(buffer, offset, length);
        if (result < 0)
        {
            final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.sendTimeoutMs());
            sendIdle.reset();
            while ((Publication.BACK_PRESSURED == result || Publication.ADMIN_ACTION == result) &&
                System.nanoTime() < deadline)
            {
                sendIdle.idle();
                result = publication.offer(buffer, offset, length);
            }
        }
        if (result > 0)
        {
            lastSentNs = System.nanoTime();
            return true;
        }
        return false;
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

    /** The response channel the node publishes to, as sent in the Logon. */
    public String responseChannel()
    {
        return responseChannel;
    }

    /** Sends a Logout if logged on, then closes the publication and subscription. */
    public void close()
    {
        if (State.CLOSED == state)
        {
            return;
        }
        if (State.LOGGED_ON == state && !config.isCluster())
        {
            logoutEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder).sessionId(sessionId).reason(RejectReason.NONE);
            send(sendBuffer, 0, HEADER + logoutEncoder.encodedLength());
        }
        closeWithoutLogout();
    }

    /** Closes without a Logout, as a crashed client would vanish; the node notices by heartbeat or connection. */
    public void closeWithoutLogout()
    {
        state = State.CLOSED;
        CloseHelper.quietCloseAll(publication, responses, cluster);
    }

    /** The Aeron client this client runs on. */
    public Aeron aeron()
    {
        return aeron;
    }
}
