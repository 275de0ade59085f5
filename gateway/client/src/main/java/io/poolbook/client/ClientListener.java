package io.poolbook.client;

import io.poolbook.codecs.*;

/**
 * Callbacks of a {@link PoolbookClient}, one per message the node sends a session, each given a decoder wrapped over
 * the message in place: read what you need during the call, the decoder and its bytes are reused. Every method
 * has an empty default, so a listener overrides only what it uses.
 */
public interface ClientListener
{
    /**
     * Every whole message the node sends this session, header included, before its typed callback; for bridges
     * that pass the bytes on as they are (the WebSocket gateway renders them as JSON).
     *
     * @param buffer holding the message, valid during the call only.
     * @param offset of its header.
     * @param length of the message.
     */
    default void onMessage(final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
    }

    default void onLogonResponse(final LogonResponseDecoder response)
    {
    }

    /** A message this session sent was refused before it reached the engine. */
    default void onSessionReject(final SessionRejectDecoder reject)
    {
    }

    /** The node ended the session (reason NONE for a logout the client asked for). */
    default void onLogout(final LogoutDecoder logout)
    {
    }

    default void onOrderAccepted(final OrderAcceptedDecoder event)
    {
    }

    /** The engine refused a command. */
    default void onCommandRejected(final CommandRejectedDecoder event)
    {
    }

    default void onFill(final FillDecoder event)
    {
    }

    default void onOrderCancelled(final OrderCancelledDecoder event)
    {
    }

    default void onOrderAmended(final OrderAmendedDecoder event)
    {
    }

    default void onOrderExpired(final OrderExpiredDecoder event)
    {
    }

    default void onSwapDone(final SwapDoneDecoder event)
    {
    }

    default void onLiquidityAdded(final LiquidityAddedDecoder event)
    {
    }

    default void onLiquidityRemoved(final LiquidityRemovedDecoder event)
    {
    }

    default void onBalanceChanged(final BalanceChangedDecoder event)
    {
    }

    /** A command acknowledged without an event of its own (admin, withdraw, mass cancel). */
    default void onCommandAccepted(final CommandAcceptedDecoder event)
    {
    }

    /** Operator only. */
    default void onAccountRegistered(final AccountRegisteredDecoder event)
    {
    }

    /** Operator only. */
    default void onMarketStatusChanged(final MarketStatusChangedDecoder event)
    {
    }

    /** Operator only. */
    default void onSettlementBatchCut(final SettlementBatchCutDecoder event)
    {
    }

    /** Operator only. */
    default void onSettlementDelta(final SettlementDeltaDecoder event)
    {
    }

    /** Operator only. */
    default void onSettlementPoolDelta(final SettlementPoolDeltaDecoder event)
    {
    }
}
