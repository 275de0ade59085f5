package io.poolbook.gateway.testkit;

import io.poolbook.client.auth.LogonSignature;
import io.poolbook.codecs.BooleanType;
import io.poolbook.codecs.CancelOrderEncoder;
import io.poolbook.codecs.HeartbeatEncoder;
import io.poolbook.codecs.LogonEncoder;
import io.poolbook.codecs.LogoutEncoder;
import io.poolbook.codecs.MessageHeaderEncoder;
import io.poolbook.codecs.NewOrderEncoder;
import io.poolbook.codecs.OrderType;
import io.poolbook.codecs.RejectReason;
import io.poolbook.codecs.SelfTradePrevention;
import io.poolbook.codecs.Side;
import io.poolbook.codecs.TimeInForce;
import org.agrona.concurrent.UnsafeBuffer;

import java.security.KeyPair;

/**
 * Client messages built by hand into one buffer, as a client would put them on the wire, for tests that drive a
 * gateway agent with no driver and no client library. Each method encodes at offset 0 of {@link #buffer} and
 * returns the message's length; the next call overwrites it.
 */
public final class Frames
{
    /** Length of the SBE message header every message starts with. */
    public static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    /** The reply path a logon asks for unless told otherwise. */
    public static final String RESPONSE_CHANNEL = "aeron:udp?endpoint=127.0.0.1:9999";
    public static final int RESPONSE_STREAM = 2001;

    /** Where every message is encoded. */
    public final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final LogonEncoder logon = new LogonEncoder();
    private final LogoutEncoder logout = new LogoutEncoder();
    private final HeartbeatEncoder heartbeat = new HeartbeatEncoder();
    private final NewOrderEncoder newOrder = new NewOrderEncoder();
    private final CancelOrderEncoder cancelOrder = new CancelOrderEncoder();

    /** A logon signed with the signer's private key, asking for replies on the default reply path. */
    public int logon(
        final int accountId,
        final int heartbeatIntervalMs,
        final boolean cancelOnDisconnect,
        final KeyPair signer,
        final long nonce)
    {
        return logon(accountId, heartbeatIntervalMs, cancelOnDisconnect, signer, nonce, RESPONSE_STREAM,
            RESPONSE_CHANNEL);
    }

    /** A logon signed with the signer's private key, asking for replies on the given reply path. */
    public int logon(
        final int accountId,
        final int heartbeatIntervalMs,
        final boolean cancelOnDisconnect,
        final KeyPair signer,
        final long nonce,
        final int responseStreamId,
        final String responseChannel)
    {
        final byte[] signature = LogonSignature.sign(signer.getPrivate(), accountId, nonce);
        logon.wrapAndApplyHeader(buffer, 0, header)
            .accountId(accountId)
            .nonce(nonce)
            .heartbeatIntervalMs(heartbeatIntervalMs)
            .cancelOnDisconnect(cancelOnDisconnect ? BooleanType.TRUE : BooleanType.FALSE)
            .putSignature(signature, 0, signature.length)
            .responseStreamId(responseStreamId)
            .responseChannel(responseChannel);
        return HEADER + logon.encodedLength();
    }

    public int logout()
    {
        logout.wrapAndApplyHeader(buffer, 0, header).sessionId(0).reason(RejectReason.NONE);
        return HEADER + logout.encodedLength();
    }

    public int heartbeat()
    {
        heartbeat.wrapAndApplyHeader(buffer, 0, header).sessionId(0).timestamp(0);
        return HEADER + heartbeat.encodedLength();
    }

    /** A good-till-cancelled limit buy of 1 lot at price 100 in market 1. */
    public int newOrder(final int accountId, final long clientOrderId)
    {
        newOrder.wrapAndApplyHeader(buffer, 0, header)
            .accountId(accountId)
            .clientOrderId(clientOrderId)
            .marketId(1)
            .side(Side.BUY)
            .orderType(OrderType.LIMIT)
            .timeInForce(TimeInForce.GTC)
            .selfTradePrevention(SelfTradePrevention.CANCEL_TAKER)
            .price(100)
            .quantity(1)
            .quoteBudget(0);
        return HEADER + newOrder.encodedLength();
    }

    public int cancelOrder(final int accountId, final long orderId)
    {
        cancelOrder.wrapAndApplyHeader(buffer, 0, header).accountId(accountId).marketId(1).orderId(orderId);
        return HEADER + cancelOrder.encodedLength();
    }
}
