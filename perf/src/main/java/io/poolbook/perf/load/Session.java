package io.poolbook.perf.load;

import io.poolbook.client.ClientListener;
import io.poolbook.client.PoolbookClient;
import io.poolbook.codecs.CommandAcceptedDecoder;
import io.poolbook.codecs.CommandRejectedDecoder;
import io.poolbook.codecs.FillDecoder;
import io.poolbook.codecs.LiquidityAddedDecoder;
import io.poolbook.codecs.LiquidityRemovedDecoder;
import io.poolbook.codecs.LogoutDecoder;
import io.poolbook.codecs.OrderAcceptedDecoder;
import io.poolbook.codecs.OrderAmendedDecoder;
import io.poolbook.codecs.OrderCancelledDecoder;
import io.poolbook.codecs.OrderExpiredDecoder;
import io.poolbook.codecs.SessionRejectDecoder;
import io.poolbook.codecs.SwapDoneDecoder;
import io.poolbook.codecs.Side;
import io.poolbook.codecs.TimeInForce;
import org.HdrHistogram.Histogram;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongArrayQueue;

/**
 * One trading session of the load generator: its client, the intended send times of its commands still waiting for
 * an answer, and what the workloads need to know (its live orders, its pool shares).
 * <p>
 * The engine is single-threaded and a session's commands reach it in order, so the answers come back in the order
 * the commands were sent. The answer to a command is the first event of a kind only the sender's own command
 * produces (accepted, rejected, cancelled, amended, expired, swap done, liquidity added or removed, or the bare
 * command-accepted of a mass cancel) with an input sequence newer than the last answer's; fills and balance changes,
 * which another session's command can cause, are not answers. Each session trades as its own account, so no other
 * session's command cancels its orders.
 * <p>
 * The round trip runs from the command's <em>intended</em> send time on the open-loop schedule, not from when it
 * was actually sent, which corrects for coordinated omission. Not thread-safe: one load thread drives every session.
 */
public final class Session implements ClientListener
{
    private final LongArrayQueue intendedNs = new LongArrayQueue(1 << 16, Long.MIN_VALUE);
    private final LongArrayList liveOrders = new LongArrayList();
    final int accountId;
    PoolbookClient client;
    private Histogram histogram;
    private long recordFromNs = Long.MAX_VALUE;
    private long recordToNs = Long.MAX_VALUE;
    private long lastAnsweredSequence;
    long sent;
    long answered;
    long rejected;
    /** Engine rejections by RejectReason value. */
    final long[] rejectReasons = new long[256];
    long shares;
    long nextClientId = 1;
    String failure;

    Session(final int accountId)
    {
        this.accountId = accountId;
    }

    /** Where answers to commands intended in {@code [fromNs, toNs)} are recorded. */
    void recordInto(final Histogram histogram, final long fromNs, final long toNs)
    {
        this.histogram = histogram;
        this.recordFromNs = fromNs;
        this.recordToNs = toNs;
    }

    /** Called just before a command is sent, with its intended send time. */
    public void intend(final long intendedSendNs)
    {
        intendedNs.offerLong(intendedSendNs);
        sent++;
    }

    /** Commands sent and not answered yet. */
    public long outstanding()
    {
        return intendedNs.size();
    }

    /** The account this session trades as. */
    public int accountId()
    {
        return accountId;
    }

    /** The session's client (replaced when the load node restarts). */
    public PoolbookClient client()
    {
        return client;
    }

    /** Commands sent, set-up ones included. */
    public long sent()
    {
        return sent;
    }

    /** Commands answered, accepted or rejected. */
    public long answered()
    {
        return answered;
    }

    /** Commands the engine rejected. */
    public long rejected()
    {
        return rejected;
    }

    /** Live GTC orders of this session as {@code orderId << 16 | marketId << 1 | (buy ? 1 : 0)} (markets < 32,768). */
    LongArrayList liveOrders()
    {
        return liveOrders;
    }

    static long orderId(final long liveOrder)
    {
        return liveOrder >>> 16;
    }

    static int marketId(final long liveOrder)
    {
        return (int)(liveOrder & 0xFFFF) >>> 1;
    }

    static boolean isBuy(final long liveOrder)
    {
        return 1 == (liveOrder & 1);
    }

    /** Cancels the live order at {@code index} and forgets it if the cancel went out. */
    boolean cancel(final int index)
    {
        final long liveOrder = liveOrders.getLong(index);
        if (client.cancel(marketId(liveOrder), orderId(liveOrder)))
        {
            liveOrders.fastUnorderedRemove(index);
            return true;
        }
        return false;
    }

    private void answer(final long inputSequence)
    {
        if (inputSequence <= lastAnsweredSequence || intendedNs.isEmpty())
        {
            return;
        }
        lastAnsweredSequence = inputSequence;
        final long intended = intendedNs.pollLong();
        answered++;
        if (intended >= recordFromNs && intended < recordToNs)
        {
            histogram.recordValue(Math.max(0, System.nanoTime() - intended));
        }
    }

    private void removeLive(final long orderId)
    {
        for (int i = 0, n = liveOrders.size(); i < n; i++)
        {
            if (orderId(liveOrders.getLong(i)) == orderId)
            {
                liveOrders.fastUnorderedRemove(i);
                return;
            }
        }
    }

    public void onOrderAccepted(final OrderAcceptedDecoder event)
    {
        if (event.accountId() == accountId)
        {
            answer(event.inputSequence());
            if (event.timeInForce() == TimeInForce.GTC)
            {
                liveOrders.addLong(
                    (event.orderId() << 16) | ((long)event.marketId() << 1) | (event.side() == Side.BUY ? 1 : 0));
            }
        }
    }

    public void onCommandAccepted(final CommandAcceptedDecoder event)
    {
        // A mass cancel that finds no order has no other answer.
        if (event.accountId() == accountId)
        {
            answer(event.inputSequence());
        }
    }

    public void onCommandRejected(final CommandRejectedDecoder event)
    {
        if (event.accountId() == accountId)
        {
            rejected++;
            rejectReasons[event.reasonRaw() & 0xFF]++;
            answer(event.inputSequence());
        }
    }

    public void onOrderCancelled(final OrderCancelledDecoder event)
    {
        if (event.accountId() == accountId)
        {
            answer(event.inputSequence());
            removeLive(event.orderId());
        }
    }

    public void onOrderAmended(final OrderAmendedDecoder event)
    {
        if (event.accountId() == accountId)
        {
            answer(event.inputSequence());
        }
    }

    public void onOrderExpired(final OrderExpiredDecoder event)
    {
        if (event.accountId() == accountId)
        {
            answer(event.inputSequence());
        }
    }

    public void onFill(final FillDecoder event)
    {
        if (event.accountId() == accountId && 0 == event.leavesQuantity())
        {
            removeLive(event.orderId());
        }
    }

    public void onSwapDone(final SwapDoneDecoder event)
    {
        if (event.accountId() == accountId)
        {
            answer(event.inputSequence());
        }
    }

    public void onLiquidityAdded(final LiquidityAddedDecoder event)
    {
        if (event.accountId() == accountId)
        {
            shares += event.shares();
            answer(event.inputSequence());
        }
    }

    public void onLiquidityRemoved(final LiquidityRemovedDecoder event)
    {
        if (event.accountId() == accountId)
        {
            shares -= event.shares();
            answer(event.inputSequence());
        }
    }

    public void onSessionReject(final SessionRejectDecoder reject)
    {
        failure = "session " + accountId + ": session reject " + reject.reason();
    }

    public void onLogout(final LogoutDecoder logout)
    {
        failure = "session " + accountId + ": logged out, " + logout.reason();
    }
}
