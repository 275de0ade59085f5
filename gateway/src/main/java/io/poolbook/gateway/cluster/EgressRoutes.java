package io.poolbook.gateway.cluster;

import io.poolbook.codecs.*;

import java.util.Arrays;

/**
 * Which client sessions each engine event goes to, as on a single node: an account's reports to the sessions of
 * that account (so a resting order's fills reach its owner, not only the taker), reference data and settlement to
 * the operator's sessions, market data to no session. Offsets come from the generated decoders.
 */
final class EgressRoutes
{
    /** Not for any session. */
    static final int NONE = -1;
    /** For the operator's sessions. */
    static final int OPERATOR = -2;

    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int[] ROUTES = new int[1 << 16];

    static
    {
        Arrays.fill(ROUTES, NONE);
        account(OrderAcceptedDecoder.TEMPLATE_ID, OrderAcceptedDecoder.accountIdEncodingOffset());
        account(CommandRejectedDecoder.TEMPLATE_ID, CommandRejectedDecoder.accountIdEncodingOffset());
        account(FillDecoder.TEMPLATE_ID, FillDecoder.accountIdEncodingOffset());
        account(OrderCancelledDecoder.TEMPLATE_ID, OrderCancelledDecoder.accountIdEncodingOffset());
        account(OrderAmendedDecoder.TEMPLATE_ID, OrderAmendedDecoder.accountIdEncodingOffset());
        account(OrderExpiredDecoder.TEMPLATE_ID, OrderExpiredDecoder.accountIdEncodingOffset());
        account(SwapDoneDecoder.TEMPLATE_ID, SwapDoneDecoder.accountIdEncodingOffset());
        account(LiquidityAddedDecoder.TEMPLATE_ID, LiquidityAddedDecoder.accountIdEncodingOffset());
        account(LiquidityRemovedDecoder.TEMPLATE_ID, LiquidityRemovedDecoder.accountIdEncodingOffset());
        account(BalanceChangedDecoder.TEMPLATE_ID, BalanceChangedDecoder.accountIdEncodingOffset());
        account(CommandAcceptedDecoder.TEMPLATE_ID, CommandAcceptedDecoder.accountIdEncodingOffset());
        ROUTES[AccountRegisteredDecoder.TEMPLATE_ID] = OPERATOR;
        ROUTES[SettlementBatchCutDecoder.TEMPLATE_ID] = OPERATOR;
        ROUTES[SettlementDeltaDecoder.TEMPLATE_ID] = OPERATOR;
        ROUTES[SettlementPoolDeltaDecoder.TEMPLATE_ID] = OPERATOR;
        ROUTES[MarketStatusChangedDecoder.TEMPLATE_ID] = OPERATOR;
    }

    private EgressRoutes()
    {
    }

    private static void account(final int templateId, final int accountOffset)
    {
        ROUTES[templateId] = HEADER + accountOffset;
    }

    /**
     * @param templateId of an event (uint16).
     * @return the offset of its int32 account from the start of the message, {@link #OPERATOR} or {@link #NONE}.
     */
    static int route(final int templateId)
    {
        return ROUTES[templateId & 0xFFFF];
    }
}
