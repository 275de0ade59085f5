package io.poolbook.gateway.session;

import io.poolbook.codecs.*;

import java.util.Arrays;

/**
 * Which templates a client may send as commands, and where in each the account and the client's correlation id
 * sit, read straight from the generated decoders so that the gateway's checks move with the schema. The
 * gateway-injected {@code CancelOnDisconnect}, session messages, events and market data are not client commands.
 */
public final class CommandTemplates
{
    /** No client id in this command. */
    public static final int NONE = -1;

    private static final int MAX_TEMPLATE_ID = 255;
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int[] ACCOUNT_OFFSETS = new int[MAX_TEMPLATE_ID + 1];
    private static final int[] CLIENT_ID_OFFSETS = new int[MAX_TEMPLATE_ID + 1];
    private static int maxCommandLength;

    static
    {
        Arrays.fill(ACCOUNT_OFFSETS, NONE);
        Arrays.fill(CLIENT_ID_OFFSETS, NONE);

        command(NewOrderDecoder.TEMPLATE_ID, NewOrderDecoder.BLOCK_LENGTH,
            NewOrderDecoder.accountIdEncodingOffset(), NewOrderDecoder.clientOrderIdEncodingOffset());
        command(CancelOrderDecoder.TEMPLATE_ID, CancelOrderDecoder.BLOCK_LENGTH,
            CancelOrderDecoder.accountIdEncodingOffset(), NONE);
        command(CancelByClientOrderIdDecoder.TEMPLATE_ID, CancelByClientOrderIdDecoder.BLOCK_LENGTH,
            CancelByClientOrderIdDecoder.accountIdEncodingOffset(),
            CancelByClientOrderIdDecoder.clientOrderIdEncodingOffset());
        command(AmendOrderDecoder.TEMPLATE_ID, AmendOrderDecoder.BLOCK_LENGTH,
            AmendOrderDecoder.accountIdEncodingOffset(), NONE);
        command(MassCancelDecoder.TEMPLATE_ID, MassCancelDecoder.BLOCK_LENGTH,
            MassCancelDecoder.accountIdEncodingOffset(), NONE);
        command(QuoteDecoder.TEMPLATE_ID, QuoteDecoder.BLOCK_LENGTH,
            QuoteDecoder.accountIdEncodingOffset(), QuoteDecoder.clientQuoteIdEncodingOffset());
        command(SwapDecoder.TEMPLATE_ID, SwapDecoder.BLOCK_LENGTH,
            SwapDecoder.accountIdEncodingOffset(), SwapDecoder.clientOrderIdEncodingOffset());
        command(AddLiquidityDecoder.TEMPLATE_ID, AddLiquidityDecoder.BLOCK_LENGTH,
            AddLiquidityDecoder.accountIdEncodingOffset(), AddLiquidityDecoder.clientOrderIdEncodingOffset());
        command(RemoveLiquidityDecoder.TEMPLATE_ID, RemoveLiquidityDecoder.BLOCK_LENGTH,
            RemoveLiquidityDecoder.accountIdEncodingOffset(), RemoveLiquidityDecoder.clientOrderIdEncodingOffset());
        command(WithdrawDecoder.TEMPLATE_ID, WithdrawDecoder.BLOCK_LENGTH,
            WithdrawDecoder.accountIdEncodingOffset(), WithdrawDecoder.clientRequestIdEncodingOffset());
        command(AddAssetDecoder.TEMPLATE_ID, AddAssetDecoder.BLOCK_LENGTH,
            AddAssetDecoder.accountIdEncodingOffset(), NONE);
        command(AddMarketDecoder.TEMPLATE_ID, AddMarketDecoder.BLOCK_LENGTH,
            AddMarketDecoder.accountIdEncodingOffset(), NONE);
        command(CreatePoolDecoder.TEMPLATE_ID, CreatePoolDecoder.BLOCK_LENGTH,
            CreatePoolDecoder.accountIdEncodingOffset(), NONE);
        command(RegisterAccountDecoder.TEMPLATE_ID, RegisterAccountDecoder.BLOCK_LENGTH,
            RegisterAccountDecoder.accountIdEncodingOffset(), NONE);
        command(DepositDecoder.TEMPLATE_ID, DepositDecoder.BLOCK_LENGTH,
            DepositDecoder.accountIdEncodingOffset(), NONE);
        command(HaltMarketDecoder.TEMPLATE_ID, HaltMarketDecoder.BLOCK_LENGTH,
            HaltMarketDecoder.accountIdEncodingOffset(), NONE);
        command(ResumeMarketDecoder.TEMPLATE_ID, ResumeMarketDecoder.BLOCK_LENGTH,
            ResumeMarketDecoder.accountIdEncodingOffset(), NONE);
        command(CutSettlementBatchDecoder.TEMPLATE_ID, CutSettlementBatchDecoder.BLOCK_LENGTH,
            CutSettlementBatchDecoder.accountIdEncodingOffset(), NONE);

        maxCommandLength = Math.max(maxCommandLength, HEADER + CancelOnDisconnectDecoder.BLOCK_LENGTH);
    }

    private CommandTemplates()
    {
    }

    private static void command(final int templateId, final int blockLength, final int accountOffset, final int clientIdOffset)
    {
        ACCOUNT_OFFSETS[templateId] = HEADER + accountOffset;
        CLIENT_ID_OFFSETS[templateId] = NONE == clientIdOffset ? NONE : HEADER + clientIdOffset;
        maxCommandLength = Math.max(maxCommandLength, HEADER + blockLength);
    }

    /**
     * @param templateId from a validated header.
     * @return true if a client may send it as a command.
     */
    public static boolean isClientCommand(final int templateId)
    {
        return templateId >= 0 && templateId <= MAX_TEMPLATE_ID && NONE != ACCOUNT_OFFSETS[templateId];
    }

    /** Offset of the int32 account id from the start of the message, header included. */
    public static int accountOffset(final int templateId)
    {
        return ACCOUNT_OFFSETS[templateId];
    }

    /** Offset of the int64 client correlation id from the start of the message, or {@link #NONE}. */
    public static int clientIdOffset(final int templateId)
    {
        return templateId >= 0 && templateId <= MAX_TEMPLATE_ID ? CLIENT_ID_OFFSETS[templateId] : NONE;
    }

    /** Length of the longest command, header included. */
    public static int maxCommandLength()
    {
        return maxCommandLength;
    }
}
