package io.poolbook.gateway.egress;

import io.poolbook.codecs.*;

import java.util.Arrays;

/**
 * Who receives each engine event: the owning account's session (reports), the operator's session (reference data
 * and settlement), or nobody on the session side (market data, which has its own feed). The account's position in
 * each event comes from the generated decoders.
 */
public final class EventRoutes
{
    public static final int NONE = -1;
    /** Route to the operator's session. */
    public static final int OPERATOR = -2;

    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int[] ROUTES = new int[256];

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

    private EventRoutes()
    {
    }

    private static void account(final int templateId, final int accountOffset)
    {
        ROUTES[templateId] = HEADER + accountOffset;
    }

    /**
     * @param templateId of an event.
     * @return the offset of its int32 account (from the start of the message), {@link #OPERATOR} or {@link #NONE}.
     */
    public static int route(final int templateId)
    {
        return templateId >= 0 && templateId < ROUTES.length ? ROUTES[templateId] : NONE;
    }
}
