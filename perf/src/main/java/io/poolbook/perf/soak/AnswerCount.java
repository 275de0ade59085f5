package io.poolbook.perf.soak;

import io.poolbook.codecs.CommandAcceptedDecoder;
import io.poolbook.codecs.CommandRejectedDecoder;
import io.poolbook.codecs.LiquidityAddedDecoder;
import io.poolbook.codecs.LiquidityRemovedDecoder;
import io.poolbook.codecs.MessageHeaderDecoder;
import io.poolbook.codecs.OrderAcceptedDecoder;
import io.poolbook.codecs.OrderAmendedDecoder;
import io.poolbook.codecs.OrderCancelledDecoder;
import io.poolbook.codecs.OrderExpiredDecoder;
import io.poolbook.codecs.SwapDoneDecoder;
import io.poolbook.engine.EventListener;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Counts, per account, the commands an event stream answers, the way a load session counts the answers it receives:
 * one per input sequence that carries an event of an answering kind (accepted, rejected, cancelled, amended,
 * expired, swap done, liquidity added or removed, command accepted) naming the account. Fed a replay of the journal,
 * it says how many answers the journal accounts for; when that equals what each session counted live, every answer a
 * client saw stands for a journaled command.
 */
final class AnswerCount implements EventListener
{
    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final int[] ACCOUNT_OFFSET = new int[256];
    private static final int[] SEQUENCE_OFFSET = new int[256];

    static
    {
        Arrays.fill(ACCOUNT_OFFSET, -1);
        answer(OrderAcceptedDecoder.TEMPLATE_ID, OrderAcceptedDecoder.accountIdEncodingOffset(),
            OrderAcceptedDecoder.inputSequenceEncodingOffset());
        answer(CommandRejectedDecoder.TEMPLATE_ID, CommandRejectedDecoder.accountIdEncodingOffset(),
            CommandRejectedDecoder.inputSequenceEncodingOffset());
        answer(OrderCancelledDecoder.TEMPLATE_ID, OrderCancelledDecoder.accountIdEncodingOffset(),
            OrderCancelledDecoder.inputSequenceEncodingOffset());
        answer(OrderAmendedDecoder.TEMPLATE_ID, OrderAmendedDecoder.accountIdEncodingOffset(),
            OrderAmendedDecoder.inputSequenceEncodingOffset());
        answer(OrderExpiredDecoder.TEMPLATE_ID, OrderExpiredDecoder.accountIdEncodingOffset(),
            OrderExpiredDecoder.inputSequenceEncodingOffset());
        answer(SwapDoneDecoder.TEMPLATE_ID, SwapDoneDecoder.accountIdEncodingOffset(),
            SwapDoneDecoder.inputSequenceEncodingOffset());
        answer(LiquidityAddedDecoder.TEMPLATE_ID, LiquidityAddedDecoder.accountIdEncodingOffset(),
            LiquidityAddedDecoder.inputSequenceEncodingOffset());
        answer(LiquidityRemovedDecoder.TEMPLATE_ID, LiquidityRemovedDecoder.accountIdEncodingOffset(),
            LiquidityRemovedDecoder.inputSequenceEncodingOffset());
        answer(CommandAcceptedDecoder.TEMPLATE_ID, CommandAcceptedDecoder.accountIdEncodingOffset(),
            CommandAcceptedDecoder.inputSequenceEncodingOffset());
    }

    private final long[] answers;
    private final long[] lastSequence;

    /**
     * @param maxAccountId the highest account counted (from 1); others are ignored.
     */
    AnswerCount(final int maxAccountId)
    {
        answers = new long[maxAccountId + 1];
        lastSequence = new long[maxAccountId + 1];
    }

    private static void answer(final int templateId, final int accountOffset, final int sequenceOffset)
    {
        ACCOUNT_OFFSET[templateId] = HEADER + accountOffset;
        SEQUENCE_OFFSET[templateId] = HEADER + sequenceOffset;
    }

    /** {@inheritDoc} */
    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < HEADER)
        {
            return;
        }
        final int templateId =
            buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(), ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (templateId >= ACCOUNT_OFFSET.length || ACCOUNT_OFFSET[templateId] < 0)
        {
            return;
        }
        final int accountId = buffer.getInt(offset + ACCOUNT_OFFSET[templateId], ByteOrder.LITTLE_ENDIAN);
        if (accountId < 1 || accountId >= answers.length)
        {
            return;
        }
        final long inputSequence = buffer.getLong(offset + SEQUENCE_OFFSET[templateId], ByteOrder.LITTLE_ENDIAN);
        if (inputSequence > lastSequence[accountId])
        {
            lastSequence[accountId] = inputSequence;
            answers[accountId]++;
        }
    }

    /** Commands of the account answered in the stream. */
    long answers(final int accountId)
    {
        return answers[accountId];
    }
}
