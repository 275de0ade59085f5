package io.poolbook.orderbook;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Once its pools have grown, the book allocates nothing: 1.3 million commands of a mix of placing, taking,
 * amending and cancelling, measured with the JVM's per-thread allocation counter.
 */
final class ZeroAllocationTest
{
    private static final int COMMANDS = 1 << 16;

    private final long[] operations = new long[COMMANDS];
    private final long[] prices = new long[COMMANDS];
    private final long[] quantities = new long[COMMANDS];
    private final long[] recentOrderIds = new long[1_024];
    private final MatchResult result = new MatchResult();
    private final OrderView view = new OrderView();

    @Test
    void shouldNotAllocateInSteadyState()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());

        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < COMMANDS; i++)
        {
            operations[i] = random.nextInt(100);
            prices[i] = 10 * (1_000 + random.nextInt(-20, 21));
            quantities[i] = 100 * (1 + random.nextInt(5));
        }

        final CountingListener listener = new CountingListener();
        final OrderBook book = new OrderBook(10, 100, 100_000, 4_096, listener);
        for (int round = 0; round < 20; round++)
        {
            runCommands(book, round);
        }

        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        for (int round = 20; round < 40; round++)
        {
            runCommands(book, round);
        }
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertTrue(listener.fills > 0 && listener.amends > 0 && listener.cancels > 0);
        assertTrue(book.orderCount() > 20 && book.orderCount() <= recentOrderIds.length, book.toString());
        // A pool may still reach a new high-water mark (a level is 48 bytes); allocating per command would show
        // as megabytes over these 1.3 million commands.
        assertTrue(allocated < 1_024, allocated + " bytes allocated in steady state");
    }

    private void runCommands(final OrderBook book, final int round)
    {
        final long firstId = (long)round * COMMANDS;
        for (int i = 0; i < COMMANDS; i++)
        {
            final long orderId = firstId + i;
            final long op = operations[i];
            final Side side = (op & 1) == 0 ? Side.BUY : Side.SELL;
            final int recent = (int)((i * 31 + op) & (recentOrderIds.length - 1));
            final long earlierId = recentOrderIds[recent];
            if (op < 30)
            {
                // Evict the order this slot held, so that the book stays near a steady size.
                final int slot = i & (recentOrderIds.length - 1);
                book.cancelOrder(recentOrderIds[slot]);
                recentOrderIds[slot] = orderId;
                book.placeOrder(orderId, (int)(op & 7), side, OrderType.LIMIT, prices[i], quantities[i],
                    SelfTradePrevention.CANCEL_RESTING);
            }
            else if (op < 35)
            {
                book.placeOrder(orderId, (int)(op & 7), side, OrderType.IOC, prices[i], quantities[i],
                    SelfTradePrevention.DECREMENT_AND_CANCEL);
            }
            else if (op < 38)
            {
                book.placeMarketOrder(orderId, 9, Side.BUY, 0, OrderBook.NULL_PRICE, 30_000,
                    SelfTradePrevention.CANCEL_TAKER);
            }
            else if (op < 40)
            {
                book.matchUpTo(orderId, 9, side, SelfTradePrevention.CANCEL_BOTH, prices[i], quantities[i],
                    OrderBook.NO_QUOTE_BUDGET, result);
            }
            else if (op < 50)
            {
                book.cancelOrder(earlierId);
            }
            else if (op < 55)
            {
                book.placeOrder(orderId, 3, side, OrderType.FOK, prices[i], quantities[i],
                    SelfTradePrevention.CANCEL_TAKER);
            }
            else if (op < 57)
            {
                book.readOrder(earlierId, view);
                book.fillableQuantity(side, 1, SelfTradePrevention.CANCEL_TAKER, prices[i], quantities[i]);
            }
            else
            {
                book.amendOrder(earlierId, prices[i], quantities[i]);
            }
        }
    }

    static final class CountingListener implements OrderBookListener
    {
        long fills;
        long amends;
        long cancels;
        long others;

        public void onAccepted(
            final long orderId, final int accountId, final Side side, final OrderType orderType, final long price,
            final long quantity)
        {
            others++;
        }

        public void onFill(
            final long takerOrderId, final long makerOrderId, final int makerAccountId, final long price,
            final long quantity, final long takerLeavesQuantity, final long makerLeavesQuantity)
        {
            fills++;
        }

        public void onCancelled(
            final long orderId, final int accountId, final Side side, final long price, final long cancelledQuantity,
            final CancelReason reason)
        {
            cancels++;
        }

        public void onSelfTradeDecremented(
            final long orderId, final int accountId, final Side side, final long price, final long decrementQuantity,
            final long leavesQuantity)
        {
            others++;
        }

        public void onExpired(final long orderId, final int accountId, final long expiredQuantity)
        {
            others++;
        }

        public void onRested(
            final long orderId, final int accountId, final Side side, final long price, final long leavesQuantity)
        {
            others++;
        }

        public void onAmended(
            final long orderId, final int accountId, final long newPrice, final long newQuantity,
            final boolean keptPriority)
        {
            amends++;
        }

        public void onRejected(final long orderId, final OrderBookReject reason)
        {
            others++;
        }

        public void onLevelChanged(final Side side, final long price, final long totalQuantity, final int orderCount)
        {
            others++;
        }
    }
}
