package io.poolbook.perf.orderbook;

import io.poolbook.orderbook.CancelReason;
import io.poolbook.orderbook.OrderBook;
import io.poolbook.orderbook.OrderBookListener;
import io.poolbook.orderbook.OrderBookReject;
import io.poolbook.orderbook.OrderType;
import io.poolbook.orderbook.SelfTradePrevention;
import io.poolbook.orderbook.Side;
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A deterministic command sequence in the shape of exchange-core's order generator, pre-generated so that a
 * benchmark measures only the book: a fill phase that builds about {@code targetOrders} resting orders around the
 * mid, then a benchmark phase of GTC and IOC orders, cancels, price moves towards the last trade and quantity cuts.
 * Prices, sizes and moves follow exchange-core's generator (GTC prices clustered around the last trade within 5,000
 * ticks, sizes of 1 + r6 * r6 * r6 lots, each move 1% of the way to the last trade and at least a tick); command
 * kinds are drawn with the reference shares, a GTC becoming a cancel (or the reverse) when a side strays more than
 * a few dozen orders from its target.
 * <p>
 * The sequence is produced by running it against a real {@link OrderBook}, so every command is valid where it
 * stands; replaying it from an empty book of the same configuration reproduces the same book, command by command.
 */
public final class ReferenceMix
{
    public static final byte PLACE_GTC = 0;
    public static final byte PLACE_IOC = 1;
    public static final byte CANCEL = 2;
    public static final byte MOVE = 3;
    public static final byte REDUCE = 4;

    public static final long TICK_SIZE = 5;
    public static final long LOT_SIZE = 100;
    public static final long MAX_QUANTITY = 1_000 * LOT_SIZE;

    private static final long CENTRAL_PRICE_TICKS = 100_000;
    private static final long PRICE_DEVIATION_TICKS = 5_000;
    private static final int ACCOUNTS = 1_000;
    private static final SelfTradePrevention SELF_TRADE_PREVENTION = SelfTradePrevention.CANCEL_TAKER;

    private final int fillCount;
    private final int commandCount;
    private final byte[] kinds;
    private final boolean[] isBuy;
    private final int[] accounts;
    private final long[] orderIds;
    private final long[] prices;
    private final long[] quantities;

    private ReferenceMix(final int fillCapacity, final int commandCount)
    {
        final int capacity = fillCapacity + commandCount;
        this.commandCount = commandCount;
        kinds = new byte[capacity];
        isBuy = new boolean[capacity];
        accounts = new int[capacity];
        orderIds = new long[capacity];
        prices = new long[capacity];
        quantities = new long[capacity];
        fillCount = Generator.NOT_SET;
    }

    private ReferenceMix(final ReferenceMix raw, final int fillCount)
    {
        this.fillCount = fillCount;
        this.commandCount = raw.commandCount;
        kinds = raw.kinds;
        isBuy = raw.isBuy;
        accounts = raw.accounts;
        orderIds = raw.orderIds;
        prices = raw.prices;
        quantities = raw.quantities;
    }

    /**
     * Generate the mix.
     *
     * @param seed         of the random choices.
     * @param targetOrders resting orders to build and hold, both sides together.
     * @param commandCount commands of the benchmark phase.
     * @return the mix.
     */
    public static ReferenceMix generate(final long seed, final int targetOrders, final int commandCount)
    {
        return new Generator(seed, targetOrders, commandCount).generate();
    }

    /**
     * @param listener for the book.
     * @return an empty book with the configuration the mix was generated for.
     */
    public static OrderBook newBook(final OrderBookListener listener)
    {
        return new OrderBook(TICK_SIZE, LOT_SIZE, MAX_QUANTITY, 4_096, listener);
    }

    /**
     * @return commands of the benchmark phase.
     */
    public int commandCount()
    {
        return commandCount;
    }

    /**
     * Replay the fill phase: from an empty book this builds the starting book of the benchmark phase.
     *
     * @param book to fill.
     */
    public void replayFill(final OrderBook book)
    {
        replay(book, 0, fillCount);
    }

    /**
     * Replay the benchmark phase on a book built by {@link #replayFill(OrderBook)}.
     *
     * @param book to drive.
     * @return how many commands the book accepted.
     */
    public int replayCommands(final OrderBook book)
    {
        return replay(book, fillCount, fillCount + commandCount);
    }

    /**
     * Count the benchmark phase's commands of one kind.
     *
     * @param kind of command, e.g. {@link #MOVE}.
     * @return how many commands of the benchmark phase are of that kind.
     */
    public int count(final byte kind)
    {
        int count = 0;
        for (int i = fillCount; i < fillCount + commandCount; i++)
        {
            if (kinds[i] == kind)
            {
                count++;
            }
        }
        return count;
    }

    private int replay(final OrderBook book, final int from, final int to)
    {
        final byte[] kinds = this.kinds;
        final long[] orderIds = this.orderIds;
        final long[] prices = this.prices;
        final long[] quantities = this.quantities;
        int accepted = 0;
        for (int i = from; i < to; i++)
        {
            final boolean ok;
            switch (kinds[i])
            {
                case PLACE_GTC:
                    ok = book.placeOrder(orderIds[i], accounts[i], isBuy[i] ? Side.BUY : Side.SELL, OrderType.LIMIT,
                        prices[i], quantities[i], SELF_TRADE_PREVENTION);
                    break;

                case PLACE_IOC:
                    ok = book.placeOrder(orderIds[i], accounts[i], isBuy[i] ? Side.BUY : Side.SELL, OrderType.IOC,
                        prices[i], quantities[i], SELF_TRADE_PREVENTION);
                    break;

                case CANCEL:
                    ok = book.cancelOrder(orderIds[i]);
                    break;

                default:
                    ok = book.amendOrder(orderIds[i], prices[i], quantities[i]);
                    break;
            }
            if (ok)
            {
                accepted++;
            }
        }
        return accepted;
    }

    /**
     * Runs the generator against a real book and records the commands.
     */
    private static final class Generator implements OrderBookListener
    {
        static final int NOT_SET = -1;

        // The reference shares by count; the rest, 71%, are price moves.
        static final int GTC_PERCENT = 13;
        static final int IOC_PERCENT = 2;
        static final int CANCEL_PERCENT = 7;
        static final int REDUCE_PERCENT = 7;

        // A side further than this from its target swaps a GTC for a cancel, or the reverse.
        static final int SIZE_SLACK = 25;

        private final SplittableRandom random;
        private final int targetOrdersPerSide;
        private final int commandCount;
        private final OrderBook book = newBook(this);
        private final Long2LongHashMap priceById = new Long2LongHashMap(-1);
        private final Long2LongHashMap leavesById = new Long2LongHashMap(-1);
        private final Long2LongHashMap indexById = new Long2LongHashMap(-1);
        private long[] liveIds = new long[1_024];
        private boolean[] liveIsBid = new boolean[1_024];
        private int liveCount;
        private int bidCount;
        private int askCount;
        private long lastTradePriceTicks = CENTRAL_PRICE_TICKS;
        private long nextOrderId = 1;
        private ReferenceMix mix;
        private int size;

        Generator(final long seed, final int targetOrders, final int commandCount)
        {
            random = new SplittableRandom(seed);
            targetOrdersPerSide = targetOrders / 2;
            this.commandCount = commandCount;
        }

        ReferenceMix generate()
        {
            mix = new ReferenceMix(targetOrdersPerSide * 8, commandCount);
            while (bidCount < targetOrdersPerSide || askCount < targetOrdersPerSide)
            {
                final boolean buy = bidCount < targetOrdersPerSide && (askCount >= targetOrdersPerSide || random.nextBoolean());
                placeGtc(buy);
            }
            final int fillCount = size;
            final int end = fillCount + commandCount;
            while (size < end)
            {
                nextCommand();
            }
            return new ReferenceMix(mix, fillCount);
        }

        private void nextCommand()
        {
            final boolean buy = random.nextBoolean();
            final int sideCount = buy ? bidCount : askCount;
            int choice = random.nextInt(100);
            if (choice < GTC_PERCENT && sideCount > targetOrdersPerSide + SIZE_SLACK)
            {
                choice = GTC_PERCENT + IOC_PERCENT;
            }
            else if (choice >= GTC_PERCENT + IOC_PERCENT && choice < GTC_PERCENT + IOC_PERCENT + CANCEL_PERCENT &&
                sideCount < targetOrdersPerSide - SIZE_SLACK)
            {
                choice = 0;
            }

            if (choice < GTC_PERCENT)
            {
                placeGtc(buy);
                return;
            }
            if (choice < GTC_PERCENT + IOC_PERCENT)
            {
                placeIoc(buy);
                return;
            }
            if (0 == liveCount)
            {
                return;
            }

            long orderId = liveIds[random.nextInt(liveCount)];
            final boolean cancel = choice < GTC_PERCENT + IOC_PERCENT + CANCEL_PERCENT;
            final boolean reduce = !cancel && choice < GTC_PERCENT + IOC_PERCENT + CANCEL_PERCENT + REDUCE_PERCENT;
            if (cancel)
            {
                // Cancel on the side the choice was made for, so that the size control acts on that side.
                for (int attempt = 0; attempt < 8 && liveIsBid[(int)indexById.get(orderId)] != buy; attempt++)
                {
                    orderId = liveIds[random.nextInt(liveCount)];
                }
            }
            for (int attempt = 0; reduce && attempt < 8 && leavesById.get(orderId) == LOT_SIZE; attempt++)
            {
                orderId = liveIds[random.nextInt(liveCount)];
            }
            final long leaves = leavesById.get(orderId);
            if (cancel)
            {
                record(CANCEL, false, 0, orderId, 0, 0);
                check(book.cancelOrder(orderId));
            }
            else if (reduce && leaves > LOT_SIZE)
            {
                final long newLeaves = leaves - LOT_SIZE * (1 + random.nextInt((int)(leaves / LOT_SIZE) - 1));
                final long price = priceById.get(orderId);
                record(REDUCE, false, 0, orderId, price, newLeaves);
                check(book.amendOrder(orderId, price, newLeaves));
            }
            else
            {
                final long priceTicks = priceById.get(orderId) / TICK_SIZE;
                final long distance = lastTradePriceTicks - priceTicks;
                final long move = 0 == distance ? (random.nextBoolean() ? 1 : -1) :
                    distance > 0 ? Math.max(1, distance / 100) : Math.min(-1, distance / 100);
                final long newPrice = (priceTicks + move) * TICK_SIZE;
                record(MOVE, false, 0, orderId, newPrice, leaves);
                check(book.amendOrder(orderId, newPrice, leaves));
            }
        }

        private void placeGtc(final boolean buy)
        {
            final long deviation = 1 + (long)(Math.pow(random.nextDouble(), 2) * PRICE_DEVIATION_TICKS);
            long offset = 0;
            for (int i = 0; i < 4; i++)
            {
                offset += random.nextLong(deviation);
            }
            offset = offset / 4 * 2 - deviation;
            if (offset > 0 == buy)
            {
                offset = -offset;
            }
            final long orderId = nextOrderId++;
            final int account = random.nextInt(ACCOUNTS);
            final long price = (lastTradePriceTicks + offset) * TICK_SIZE;
            final long quantity = size();
            record(PLACE_GTC, buy, account, orderId, price, quantity);
            check(book.placeOrder(orderId, account, buy ? Side.BUY : Side.SELL, OrderType.LIMIT, price, quantity,
                SELF_TRADE_PREVENTION));
        }

        private void placeIoc(final boolean buy)
        {
            final long orderId = nextOrderId++;
            final int account = random.nextInt(ACCOUNTS);
            final long priceTicks = buy ? lastTradePriceTicks + PRICE_DEVIATION_TICKS :
                lastTradePriceTicks - PRICE_DEVIATION_TICKS;
            final long quantity = size();
            record(PLACE_IOC, buy, account, orderId, priceTicks * TICK_SIZE, quantity);
            check(book.placeOrder(orderId, account, buy ? Side.BUY : Side.SELL, OrderType.IOC,
                priceTicks * TICK_SIZE, quantity, SELF_TRADE_PREVENTION));
        }

        private long size()
        {
            return LOT_SIZE * (1 + random.nextInt(6) * random.nextInt(6) * random.nextInt(6));
        }

        private void record(
            final byte kind, final boolean buy, final int account, final long orderId, final long price,
            final long quantity)
        {
            final int i = size++;
            mix.kinds[i] = kind;
            mix.isBuy[i] = buy;
            mix.accounts[i] = account;
            mix.orderIds[i] = orderId;
            mix.prices[i] = price;
            mix.quantities[i] = quantity;
        }

        private static void check(final boolean accepted)
        {
            if (!accepted)
            {
                throw new IllegalStateException("generated command rejected");
            }
        }

        private void addLive(final long orderId, final boolean buy, final long price, final long leaves)
        {
            if (liveCount == liveIds.length)
            {
                liveIds = Arrays.copyOf(liveIds, liveCount * 2);
                liveIsBid = Arrays.copyOf(liveIsBid, liveCount * 2);
            }
            indexById.put(orderId, liveCount);
            liveIds[liveCount] = orderId;
            liveIsBid[liveCount] = buy;
            liveCount++;
            priceById.put(orderId, price);
            leavesById.put(orderId, leaves);
            if (buy)
            {
                bidCount++;
            }
            else
            {
                askCount++;
            }
        }

        private void removeLive(final long orderId)
        {
            final int index = (int)indexById.remove(orderId);
            if (index < 0)
            {
                return;
            }
            if (liveIsBid[index])
            {
                bidCount--;
            }
            else
            {
                askCount--;
            }
            final int last = --liveCount;
            final long lastId = liveIds[last];
            liveIds[index] = lastId;
            liveIsBid[index] = liveIsBid[last];
            if (lastId != orderId)
            {
                indexById.put(lastId, index);
            }
            priceById.remove(orderId);
            leavesById.remove(orderId);
        }

        private void updateOrRemove(final long orderId, final long leaves)
        {
            if (!indexById.containsKey(orderId))
            {
                return;
            }
            if (0 == leaves)
            {
                removeLive(orderId);
            }
            else
            {
                leavesById.put(orderId, leaves);
            }
        }

        public void onAccepted(
            final long orderId, final int accountId, final Side side, final OrderType orderType, final long price,
            final long quantity)
        {
        }

        public void onFill(
            final long takerOrderId, final long makerOrderId, final int makerAccountId, final long price,
            final long quantity, final long takerLeavesQuantity, final long makerLeavesQuantity)
        {
            lastTradePriceTicks = price / TICK_SIZE;
            updateOrRemove(makerOrderId, makerLeavesQuantity);
            updateOrRemove(takerOrderId, takerLeavesQuantity);
        }

        public void onCancelled(
            final long orderId, final int accountId, final Side side, final long price, final long cancelledQuantity,
            final CancelReason reason)
        {
            removeLive(orderId);
        }

        public void onSelfTradeDecremented(
            final long orderId, final int accountId, final Side side, final long price, final long decrementQuantity,
            final long leavesQuantity)
        {
            if (indexById.containsKey(orderId))
            {
                leavesById.put(orderId, leavesQuantity);
            }
        }

        public void onExpired(final long orderId, final int accountId, final long expiredQuantity)
        {
        }

        public void onRested(
            final long orderId, final int accountId, final Side side, final long price, final long leavesQuantity)
        {
            addLive(orderId, Side.BUY == side, price, leavesQuantity);
        }

        public void onAmended(
            final long orderId, final int accountId, final long newPrice, final long newQuantity,
            final boolean keptPriority)
        {
            priceById.put(orderId, newPrice);
            leavesById.put(orderId, newQuantity);
        }

        public void onRejected(final long orderId, final OrderBookReject reason)
        {
        }

        public void onLevelChanged(final Side side, final long price, final long totalQuantity, final int orderCount)
        {
        }
    }
}
