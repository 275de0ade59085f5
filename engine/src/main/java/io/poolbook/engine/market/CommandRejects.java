package io.poolbook.engine.market;

import io.poolbook.codecs.RejectReason;
import io.poolbook.engine.event.EventWriter;

/**
 * Sends a trading command's {@code CommandRejected}, stamped with the template id of the command being processed.
 * The id is set once per command, so that a reject raised deep inside (by the book, through its listener) names
 * the command that caused it.
 */
final class CommandRejects
{
    private final EventWriter events;
    private int templateId;

    CommandRejects(final EventWriter events)
    {
        this.events = events;
    }

    /** The command now being processed. */
    void onCommand(final int templateId)
    {
        this.templateId = templateId;
    }

    int templateId()
    {
        return templateId;
    }

    void reject(
        final int accountId, final RejectReason reason, final long clientId, final int marketId, final long orderId)
    {
        events.commandRejected(accountId, templateId, reason, clientId, marketId, orderId);
    }
}
