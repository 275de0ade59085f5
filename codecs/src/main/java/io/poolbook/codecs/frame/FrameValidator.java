package io.poolbook.codecs.frame;

import io.poolbook.codecs.*;
import org.agrona.DirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Checks that a frame of bytes holds exactly one well-formed message of the Poolbook schema before any decoder
 * touches it, so that truncated, foreign, unknown or newer input is told apart by a verdict instead of an
 * exception escaping a flyweight. Used by the gateway on every inbound fragment and by the journal reader on
 * every record.
 * <p>
 * It checks framing only: header, schema id, template, version, block length, repeating-group bounds and exact
 * length. Field values (enum codes, amounts, ids) are the engine's to judge, because replay must judge them the
 * same way. Stateless, allocation-free and safe to share between threads.
 */
public final class FrameValidator
{
    /** Largest template id in the schema; the lookup tables are indexed by template id. */
    private static final int MAX_TEMPLATE_ID = 255;
    private static final int UNKNOWN = -1;

    private static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int GROUP_HEADER_LENGTH = GroupSizeEncodingDecoder.ENCODED_LENGTH;

    private static final int[] BLOCK_LENGTHS = new int[MAX_TEMPLATE_ID + 1];
    /** Block length of each top-level repeating group, in order, per template; empty when it has none. */
    private static final int[][] GROUP_BLOCK_LENGTHS = new int[MAX_TEMPLATE_ID + 1][];

    static
    {
        java.util.Arrays.fill(BLOCK_LENGTHS, UNKNOWN);

        register(LogonDecoder.TEMPLATE_ID, LogonDecoder.BLOCK_LENGTH);
        register(LogonResponseDecoder.TEMPLATE_ID, LogonResponseDecoder.BLOCK_LENGTH);
        register(LogoutDecoder.TEMPLATE_ID, LogoutDecoder.BLOCK_LENGTH);
        register(HeartbeatDecoder.TEMPLATE_ID, HeartbeatDecoder.BLOCK_LENGTH);
        register(SessionRejectDecoder.TEMPLATE_ID, SessionRejectDecoder.BLOCK_LENGTH);

        register(NewOrderDecoder.TEMPLATE_ID, NewOrderDecoder.BLOCK_LENGTH);
        register(CancelOrderDecoder.TEMPLATE_ID, CancelOrderDecoder.BLOCK_LENGTH);
        register(CancelByClientOrderIdDecoder.TEMPLATE_ID, CancelByClientOrderIdDecoder.BLOCK_LENGTH);
        register(AmendOrderDecoder.TEMPLATE_ID, AmendOrderDecoder.BLOCK_LENGTH);
        register(MassCancelDecoder.TEMPLATE_ID, MassCancelDecoder.BLOCK_LENGTH);
        register(QuoteDecoder.TEMPLATE_ID, QuoteDecoder.BLOCK_LENGTH);
        register(CancelOnDisconnectDecoder.TEMPLATE_ID, CancelOnDisconnectDecoder.BLOCK_LENGTH);

        register(SwapDecoder.TEMPLATE_ID, SwapDecoder.BLOCK_LENGTH);
        register(AddLiquidityDecoder.TEMPLATE_ID, AddLiquidityDecoder.BLOCK_LENGTH);
        register(RemoveLiquidityDecoder.TEMPLATE_ID, RemoveLiquidityDecoder.BLOCK_LENGTH);

        register(WithdrawDecoder.TEMPLATE_ID, WithdrawDecoder.BLOCK_LENGTH);

        register(AddAssetDecoder.TEMPLATE_ID, AddAssetDecoder.BLOCK_LENGTH);
        register(AddMarketDecoder.TEMPLATE_ID, AddMarketDecoder.BLOCK_LENGTH);
        register(CreatePoolDecoder.TEMPLATE_ID, CreatePoolDecoder.BLOCK_LENGTH);
        register(RegisterAccountDecoder.TEMPLATE_ID, RegisterAccountDecoder.BLOCK_LENGTH);
        register(DepositDecoder.TEMPLATE_ID, DepositDecoder.BLOCK_LENGTH);
        register(HaltMarketDecoder.TEMPLATE_ID, HaltMarketDecoder.BLOCK_LENGTH);
        register(ResumeMarketDecoder.TEMPLATE_ID, ResumeMarketDecoder.BLOCK_LENGTH);
        register(CutSettlementBatchDecoder.TEMPLATE_ID, CutSettlementBatchDecoder.BLOCK_LENGTH);

        register(OrderAcceptedDecoder.TEMPLATE_ID, OrderAcceptedDecoder.BLOCK_LENGTH);
        register(CommandRejectedDecoder.TEMPLATE_ID, CommandRejectedDecoder.BLOCK_LENGTH);
        register(FillDecoder.TEMPLATE_ID, FillDecoder.BLOCK_LENGTH);
        register(OrderCancelledDecoder.TEMPLATE_ID, OrderCancelledDecoder.BLOCK_LENGTH);
        register(OrderAmendedDecoder.TEMPLATE_ID, OrderAmendedDecoder.BLOCK_LENGTH);
        register(OrderExpiredDecoder.TEMPLATE_ID, OrderExpiredDecoder.BLOCK_LENGTH);
        register(SwapDoneDecoder.TEMPLATE_ID, SwapDoneDecoder.BLOCK_LENGTH);
        register(LiquidityAddedDecoder.TEMPLATE_ID, LiquidityAddedDecoder.BLOCK_LENGTH);
        register(LiquidityRemovedDecoder.TEMPLATE_ID, LiquidityRemovedDecoder.BLOCK_LENGTH);
        register(BalanceChangedDecoder.TEMPLATE_ID, BalanceChangedDecoder.BLOCK_LENGTH);
        register(SettlementBatchCutDecoder.TEMPLATE_ID, SettlementBatchCutDecoder.BLOCK_LENGTH);
        register(CommandAcceptedDecoder.TEMPLATE_ID, CommandAcceptedDecoder.BLOCK_LENGTH);
        register(MarketStatusChangedDecoder.TEMPLATE_ID, MarketStatusChangedDecoder.BLOCK_LENGTH);
        register(SettlementDeltaDecoder.TEMPLATE_ID, SettlementDeltaDecoder.BLOCK_LENGTH);
        register(SettlementPoolDeltaDecoder.TEMPLATE_ID, SettlementPoolDeltaDecoder.BLOCK_LENGTH);
        register(AccountRegisteredDecoder.TEMPLATE_ID, AccountRegisteredDecoder.BLOCK_LENGTH);
        register(AssetAddedDecoder.TEMPLATE_ID, AssetAddedDecoder.BLOCK_LENGTH);
        register(MarketAddedDecoder.TEMPLATE_ID, MarketAddedDecoder.BLOCK_LENGTH);
        register(PoolCreatedDecoder.TEMPLATE_ID, PoolCreatedDecoder.BLOCK_LENGTH);

        register(L2UpdateDecoder.TEMPLATE_ID, L2UpdateDecoder.BLOCK_LENGTH);
        register(
            BookSnapshotDecoder.TEMPLATE_ID,
            BookSnapshotDecoder.BLOCK_LENGTH,
            BookSnapshotDecoder.LevelsDecoder.sbeBlockLength());
        register(PublicTradeDecoder.TEMPLATE_ID, PublicTradeDecoder.BLOCK_LENGTH);
        register(PoolStateDecoder.TEMPLATE_ID, PoolStateDecoder.BLOCK_LENGTH);

        register(JournalRecordHeaderDecoder.TEMPLATE_ID, JournalRecordHeaderDecoder.BLOCK_LENGTH);
    }

    private FrameValidator()
    {
    }

    private static void register(final int templateId, final int blockLength, final int... groupBlockLengths)
    {
        if (BLOCK_LENGTHS[templateId] != UNKNOWN)
        {
            throw new IllegalStateException("template registered twice: " + templateId);
        }
        BLOCK_LENGTHS[templateId] = blockLength;
        GROUP_BLOCK_LENGTHS[templateId] = groupBlockLengths;
    }

    /**
     * Is this template id one of the schema's messages?
     *
     * @param templateId from a message header.
     * @return true when the validator knows its layout.
     */
    public static boolean isKnownTemplate(final int templateId)
    {
        return templateId >= 0 && templateId <= MAX_TEMPLATE_ID && BLOCK_LENGTHS[templateId] != UNKNOWN;
    }

    /**
     * Checks one frame: {@code length} bytes at {@code offset} must be exactly one message, header included.
     *
     * @param buffer holding the frame.
     * @param offset of the message header.
     * @param length of the frame in bytes.
     * @return {@link FrameVerdict#VALID} or the first problem found; never throws for any content of the frame.
     */
    public static FrameVerdict validate(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < HEADER_LENGTH || offset < 0 || offset + (long)length > buffer.capacity())
        {
            return FrameVerdict.TRUNCATED_HEADER;
        }

        final int blockLength = buffer.getShort(offset, LITTLE_ENDIAN) & 0xFFFF;
        final int templateId = buffer.getShort(offset + 2, LITTLE_ENDIAN) & 0xFFFF;
        final int schemaId = buffer.getShort(offset + 4, LITTLE_ENDIAN) & 0xFFFF;
        final int version = buffer.getShort(offset + 6, LITTLE_ENDIAN) & 0xFFFF;

        if (schemaId != MessageHeaderDecoder.SCHEMA_ID)
        {
            return FrameVerdict.WRONG_SCHEMA;
        }
        if (!isKnownTemplate(templateId))
        {
            return FrameVerdict.UNKNOWN_TEMPLATE;
        }
        if (version > MessageHeaderDecoder.SCHEMA_VERSION)
        {
            return FrameVerdict.NEWER_VERSION;
        }
        if (blockLength != BLOCK_LENGTHS[templateId])
        {
            return FrameVerdict.BLOCK_LENGTH_MISMATCH;
        }

        long position = HEADER_LENGTH + (long)blockLength;
        if (position > length)
        {
            return FrameVerdict.TRUNCATED_BODY;
        }

        final int[] groupBlockLengths = GROUP_BLOCK_LENGTHS[templateId];
        for (final int expectedGroupBlockLength : groupBlockLengths)
        {
            if (position + GROUP_HEADER_LENGTH > length)
            {
                return FrameVerdict.TRUNCATED_GROUP;
            }
            final int groupOffset = offset + (int)position;
            final int groupBlockLength = buffer.getShort(groupOffset, LITTLE_ENDIAN) & 0xFFFF;
            final int numInGroup = buffer.getShort(groupOffset + 2, LITTLE_ENDIAN) & 0xFFFF;
            if (groupBlockLength != expectedGroupBlockLength)
            {
                return FrameVerdict.TRUNCATED_GROUP;
            }
            position += GROUP_HEADER_LENGTH + (long)groupBlockLength * numInGroup;
            if (position > length)
            {
                return FrameVerdict.TRUNCATED_GROUP;
            }
        }

        return position == length ? FrameVerdict.VALID : FrameVerdict.TRAILING_BYTES;
    }
}
