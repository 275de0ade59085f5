package io.poolbook.perf.orderbook;

import io.poolbook.orderbook.CancelReason;
import io.poolbook.orderbook.OrderBook;
import io.poolbook.orderbook.OrderBookListener;
import io.poolbook.orderbook.OrderBookReject;
import io.poolbook.orderbook.OrderType;
import io.poolbook.orderbook.Side;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * One order book under the reference mix (exchange-core's generator: by count about 13% GTC, 2% IOC, 7% cancel,
 * 71% price move, 7% quantity cut) with about 1,000 resting orders around the mid; holding the book near 1,000
 * orders turns a few GTCs into cancels, so the sequence runs 11.2% GTC, 2.0% IOC, 8.8% cancel, 71.0% move and
 * 6.9% cut, on some 390 levels a side ({@link #main} prints it). The commands are generated once, seeded, in the
 * trial set-up; each invocation restores the starting book (outside the measurement, allocating
 * nothing) and replays all {@value #COMMANDS} commands, so the score is book commands per second.
 * <p>
 * The listener only counts events: the cost of the engine's handlers is not the book's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OrderBookBenchmark
{
    static final int COMMANDS = 1 << 20;
    static final int RESTING_ORDERS = 1_000;
    static final long SEED = 42;

    private ReferenceMix mix;
    private CountingListener listener;
    private OrderBook book;

    @Setup(Level.Trial)
    public void generate()
    {
        mix = ReferenceMix.generate(SEED, RESTING_ORDERS, COMMANDS);
        listener = new CountingListener();
        book = ReferenceMix.newBook(listener);
    }

    @Setup(Level.Invocation)
    public void restoreStartingBook()
    {
        book.clear();
        mix.replayFill(book);
    }

    @Benchmark
    @OperationsPerInvocation(COMMANDS)
    public int referenceMix()
    {
        return mix.replayCommands(book);
    }

    /**
     * Prints the mix and the book it keeps, for a look before trusting the numbers.
     *
     * @param args unused.
     */
    public static void main(final String[] args)
    {
        final ReferenceMix mix = ReferenceMix.generate(SEED, RESTING_ORDERS, COMMANDS);
        final CountingListener listener = new CountingListener();
        final OrderBook book = ReferenceMix.newBook(listener);
        mix.replayFill(book);
        System.out.println("starting book: " + book);
        final int accepted = mix.replayCommands(book);
        System.out.printf(
            "commands %d accepted %d: GTC %.1f%%, IOC %.1f%%, cancel %.1f%%, move %.1f%%, reduce %.1f%%%n",
            mix.commandCount(), accepted,
            percent(mix, ReferenceMix.PLACE_GTC), percent(mix, ReferenceMix.PLACE_IOC),
            percent(mix, ReferenceMix.CANCEL), percent(mix, ReferenceMix.MOVE), percent(mix, ReferenceMix.REDUCE));
        System.out.println("final book: " + book + ", fills " + listener.fills);
    }

    private static double percent(final ReferenceMix mix, final byte kind)
    {
        return 100.0 * mix.count(kind) / mix.commandCount();
    }

    static final class CountingListener implements OrderBookListener
    {
        long fills;
        long events;

        public void onAccepted(
            final long orderId, final int accountId, final Side side, final OrderType orderType, final long price,
            final long quantity)
        {
            events++;
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
            events++;
        }

        public void onSelfTradeDecremented(
            final long orderId, final int accountId, final Side side, final long price, final long decrementQuantity,
            final long leavesQuantity)
        {
            events++;
        }

        public void onExpired(final long orderId, final int accountId, final long expiredQuantity)
        {
            events++;
        }

        public void onRested(
            final long orderId, final int accountId, final Side side, final long price, final long leavesQuantity)
        {
            events++;
        }

        public void onAmended(
            final long orderId, final int accountId, final long newPrice, final long newQuantity,
            final boolean keptPriority)
        {
            events++;
        }

        public void onRejected(final long orderId, final OrderBookReject reason)
        {
            events++;
        }

        public void onLevelChanged(final Side side, final long price, final long totalQuantity, final int orderCount)
        {
            events++;
        }
    }
}
