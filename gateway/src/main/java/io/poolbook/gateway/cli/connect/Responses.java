package io.poolbook.gateway.cli.connect;

import io.poolbook.client.ClientListener;
import io.poolbook.codecs.*;
import io.poolbook.replay.script.MessageJsonWriter;
import io.poolbook.replay.script.ProtocolSchema;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the node sent a CLI session, kept in order: each message as a copy of its bytes and as one JSON
 * object (written by the schema-driven {@link MessageJsonWriter}, field names as in the schema).
 */
public final class Responses implements ClientListener
{
    /** One message from the node. */
    public static final class Message
    {
        private final UnsafeBuffer buffer;
        private final int templateId;
        private final String json;

        Message(final UnsafeBuffer buffer, final int templateId, final String json)
        {
            this.buffer = buffer;
            this.templateId = templateId;
            this.json = json;
        }

        /** The message's bytes, header first, at offset 0. */
        public DirectBuffer buffer()
        {
            return buffer;
        }

        public int templateId()
        {
            return templateId;
        }

        public String json()
        {
            return json;
        }
    }

    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;
    private static final ProtocolSchema SCHEMA = ProtocolSchema.load();

    private final List<Message> messages = new ArrayList<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();

    /** Messages so far. */
    public List<Message> messages()
    {
        return messages;
    }

    private void add(final DirectBuffer buffer, final int bodyOffset, final int bodyLength)
    {
        final int length = HEADER + bodyLength;
        final byte[] copy = new byte[length];
        buffer.getBytes(bodyOffset - HEADER, copy);
        final UnsafeBuffer message = new UnsafeBuffer(copy);
        header.wrap(message, 0);
        messages.add(new Message(message, header.templateId(), MessageJsonWriter.toJson(SCHEMA, message, 0, length)));
    }

    public void onLogonResponse(final LogonResponseDecoder d)
    {
        add(d.buffer(), d.offset(), d.encodedLength());
    }

    public void onSessionReject(final SessionRejectDecoder d)
    {
        add(d.buffer(), d.offset(), d.encodedLength());
    }

    public void onLogout(final LogoutDecoder d)
    {
        add(d.buffer(), d.offset(), d.encodedLength());
    }

    public void onOrderAccepted(final OrderAcceptedDecoder d)
    {
        add(d.buffer(), d.offset(), d.encodedLength());
    }

    public void onCommandRejected(final CommandRejectedDecoder d)
    {
        add(d.buffer(), d.offset(), d.encodedLength());
    }

    public void onFill(final FillDecoder d)
    {
        add(d.buffer(), d.offset(), d.encodedLength());
    }

    public void onOrderCancelled(final OrderCancelledDecoder d)
    {
        add(d.buffer(), d.offset(), d.encodedLength());
    }

    public void onOrderAmended(final OrderAmendedDecoder d)
    {
        add(d.buffer(), d.offset(), d.encodedLength());
    }

    public void onOrderExpired(final OrderExpiredDecoder d)
    {
        add(d.buffer(), d.offset(), d.encodedLength());
    }

    public void onSwapDone(final SwapDoneDecoder d)
    {
        add(d.buffer(), d.offset(), d.encodedLength());
    }

    public void onLiquidityAdded(final LiquidityAddedDecoder d)
    {
        add(d.buffer(), d.offset(), d.encodedLength());
    }

    public void onLiquidityRemoved(final LiquidityRemovedDecoder d)
    {
        add(d.buffer(), d.offset(), d.encodedLength());
    }

    public void onBalanceChanged(final BalanceChangedDecoder d)
    {
        add(d.buffer(), d.offset(), d.encodedLength());
    }

    public void onCommandAccepted(final CommandAcceptedDecoder d)
    {
        add(d.buffer(), d.offset(), d.encodedLength());
    }

    public void onAccountRegistered(final AccountRegisteredDecoder d)
    {
        add(d.buffer(), d.offset(), d.encodedLength());
    }

    public void onMarketStatusChanged(final MarketStatusChangedDecoder d)
    {
        add(d.buffer(), d.offset(), d.encodedLength());
    }

    public void onSettlementBatchCut(final SettlementBatchCutDecoder d)
    {
        add(d.buffer(), d.offset(), d.encodedLength());
    }

    public void onSettlementDelta(final SettlementDeltaDecoder d)
    {
        add(d.buffer(), d.offset(), d.encodedLength());
    }

    public void onSettlementPoolDelta(final SettlementPoolDeltaDecoder d)
    {
        add(d.buffer(), d.offset(), d.encodedLength());
    }
}
