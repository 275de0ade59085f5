package io.poolbook.gateway.testkit;

import io.poolbook.client.ClientListener;
import io.poolbook.codecs.*;

import java.util.ArrayList;
import java.util.List;

/**
 * Records every acknowledgement a client saw (OrderAccepted, Fill, CommandAccepted) as (input sequence, account,
 * client id, template of the acknowledgement), for checking against the journal and the state after a crash.
 */
public final class AckRecorder implements ClientListener
{
    /** One acknowledgement. */
    public record Ack(long inputSequence, int accountId, long clientId, String kind)
    {
    }

    public final List<Ack> acks = new ArrayList<>();
    public final List<String> rejects = new ArrayList<>();
    public long commandAccepted;

    public void onOrderAccepted(final OrderAcceptedDecoder event)
    {
        acks.add(new Ack(event.inputSequence(), event.accountId(), event.clientOrderId(), "OrderAccepted"));
    }

    public void onFill(final FillDecoder event)
    {
        acks.add(new Ack(event.inputSequence(), event.accountId(), event.clientOrderId(), "Fill"));
    }

    public void onCommandAccepted(final CommandAcceptedDecoder event)
    {
        commandAccepted++;
        acks.add(new Ack(event.inputSequence(), event.accountId(), event.clientId(), "CommandAccepted"));
    }

    public void onCommandRejected(final CommandRejectedDecoder event)
    {
        rejects.add("CommandRejected " + event.refTemplateId() + " " + event.reason());
    }

    public void onSessionReject(final SessionRejectDecoder reject)
    {
        rejects.add("SessionReject " + reject.reason() + " template " + reject.refTemplateId());
    }
}
