package io.poolbook.orderbook;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs random commands, valid and invalid, against {@link OrderBook} and {@link ReferenceOrderBook} and compares
 * every event and every return value. After every command it compares the levels the command changed down to the
 * order (time priority included), the best prices and the order count, and checks the book is not crossed; it
 * compares the whole book (L3) and checks all its invariants after every command on the small books and after
 * every 32nd on the wide one, where that full comparison would dominate the run.
 * <p>
 * {@code -Dpoolbook.orderbook.differential.commands=N} sets the total number of commands (default 1,600,000) and
 * {@code -Dpoolbook.orderbook.differential.seeds=S} the number of seeds they are spread over (default 16).
 */
final class OrderBookDifferentialTest
{
    private static final long TICK = 5;
    private static final long LOT = 10;
    private static final long MAX = 1_000;
    private static final int ACCOUNTS = 4;

    private static final long COMMANDS = Long.getLong("poolbook.orderbook.differential.commands", 1_600_000L);
    private static final int SEEDS = Integer.getInteger("poolbook.orderbook.differential.seeds", 16);
    private static final long FIRST_SEED = Long.getLong("poolbook.orderbook.differential.firstSeed", 1);

    @TestFactory
    List<DynamicTest> shouldAgreeWithReferenceBookOnEveryEvent()
    {
        final List<DynamicTest> tests = new ArrayList<>();
        final long commandsPerSeed = Math.max(1, COMMANDS / SEEDS);
        for (long seed = FIRST_SEED; seed < FIRST_SEED + SEEDS; seed++)
        {
            final Profile profile = Profile.values()[(int)(seed % Profile.values().length)];
            final long theSeed = seed;
            tests.add(DynamicTest.dynamicTest(
                "seed " + seed + ", " + profile + " book, " + commandsPerSeed + " commands",
                () -> new Run(theSeed, profile).run(commandsPerSeed)));
        }
        return tests;
    }

    /**
     * Shapes of book: where prices sit (mid and spread in ticks), how often a price crosses, how many orders rest.
     */
    enum Profile
    {
        /**
         * Few levels that cross all the time.
         */
        NARROW(1_000, 10, 4, 120, 0),

        /**
         * Hundreds of levels, so levels come and go deep inside the sorted arrays.
         */
        WIDE(1_000, 300, 8, 600, 31),

        /**
         * Prices so high that a few dozen lots overflow a long: exercises every overflow check.
         */
        NEAR_OVERFLOW(1L << 55, 10, 4, 120, 0),

        /**
         * Prices spread wider than the book's tick ladder: levels outside its window, and the window moving.
         */
        SPARSE(1_000_000, 150_000, 50_000, 150, 0);

        final long midTicks;
        final int spreadTicks;
        final int crossTicks;
        final int maxOrders;
        final int fullCheckMask;

        Profile(
            final long midTicks, final int spreadTicks, final int crossTicks, final int maxOrders,
            final int fullCheckMask)
        {
            this.fullCheckMask = fullCheckMask;
            this.midTicks = midTicks;
            this.spreadTicks = spreadTicks;
            this.crossTicks = crossTicks;
            this.maxOrders = maxOrders;
        }
    }

    private static final class Run
    {
        private final SplittableRandom random;
        private final long midTicks;
        private final int spreadTicks;
        private final int crossTicks;
        private final int maxOrders;
        private final int fullCheckMask;
        private final EventRecorder actualEvents = new EventRecorder();
        private final EventRecorder expectedEvents = new EventRecorder();
        private final OrderBook book = new OrderBook(TICK, LOT, MAX, 8, actualEvents);
        private final ReferenceOrderBook reference = new ReferenceOrderBook(TICK, LOT, MAX, expectedEvents);
        private final MatchResult matchResult = new MatchResult();
        private final OrderView view = new OrderView();
        private final long[] eventCounts = new long[16];
        private final long[] rejectCounts = new long[OrderBookReject.values().length];
        private final long[] selfTradeCounts = new long[SelfTradePrevention.values().length];
        private final BookSnapshot actualSnapshot = new BookSnapshot();
        private final BookSnapshot expectedSnapshot = new BookSnapshot();
        private long nextOrderId = 1;
        private long restingOrderSum;
        private int maxLevels;
        private String command;

        Run(final long seed, final Profile profile)
        {
            random = new SplittableRandom(seed);
            midTicks = profile.midTicks;
            spreadTicks = profile.spreadTicks;
            crossTicks = profile.crossTicks;
            maxOrders = profile.maxOrders;
            fullCheckMask = profile.fullCheckMask;
        }

        void run(final long commands)
        {
            for (long i = 0; i < commands; i++)
            {
                actualEvents.clear();
                expectedEvents.clear();
                step(i);
                if (!actualEvents.sameAs(expectedEvents))
                {
                    fail("events differ at command " + i + ": " + command +
                        "\n  expected: " + expectedEvents.events() + "\n  actual:   " + actualEvents.events());
                }
                checkTouchedLevels(i);
                if ((i & fullCheckMask) == 0 || i == commands - 1)
                {
                    checkBook(i);
                }
                count();
            }
            if (commands >= 50_000)
            {
                checkCoverage(commands);
            }
        }

        private void count()
        {
            restingOrderSum += book.orderCount();
            maxLevels = Math.max(maxLevels, book.levelCount(Side.BUY) + book.levelCount(Side.SELL));
            actualEvents.forEach((type, buffer, i) ->
            {
                eventCounts[type]++;
                if (EventRecorder.REJECTED == type)
                {
                    rejectCounts[(int)buffer[i + 1]]++;
                }
            });
        }

        /**
         * Every event and every reject reason must have been met, or the random commands test less than it seems.
         */
        private void checkCoverage(final long commands)
        {
            final String counts = "average resting orders " + restingOrderSum / commands + ", most levels " +
                maxLevels + ", events "+ Arrays.toString(eventCounts) + ", rejects " +
                Arrays.toString(rejectCounts) + ", self-trade takers " + Arrays.toString(selfTradeCounts);
            if (Boolean.getBoolean("poolbook.orderbook.differential.verbose"))
            {
                System.out.println(counts);
            }
            for (int type = EventRecorder.ACCEPTED; type <= EventRecorder.LEVEL; type++)
            {
                assertTrue(eventCounts[type] > 0, "event type " + type + " never seen: " + counts);
            }
            for (final OrderBookReject reason : OrderBookReject.values())
            {
                assertTrue(rejectCounts[reason.ordinal()] > 0, reason + " never seen: " + counts);
            }
            for (final SelfTradePrevention mode : SelfTradePrevention.values())
            {
                assertTrue(selfTradeCounts[mode.ordinal()] > 0, mode + " never triggered: " + counts);
            }
        }

        private void step(final long index)
        {
            final int op = random.nextInt(100);
            if (reference.orderCount() > maxOrders && op < 50)
            {
                cancelOrder();
            }
            else if (op < 33)
            {
                placeOrder();
            }
            else if (op < 38)
            {
                placeMarketOrder();
            }
            else if (op < 46)
            {
                cancelOrder();
            }
            else if (op < 76)
            {
                amendOrder();
            }
            else if (op < 82)
            {
                matchUpTo();
            }
            else if (op < 90)
            {
                restOrder();
            }
            else
            {
                fillable();
            }
        }

        private void placeOrder()
        {
            final long id = newOrderId();
            final int account = account();
            final Side side = side();
            final OrderType type = random.nextInt(200) == 0 ? null : OrderType.values()[random.nextInt(6)];
            final long price = OrderType.MARKET == type && random.nextBoolean() ? 0 : price(side);
            final long quantity = quantity();
            final SelfTradePrevention stp = stp();
            command = "placeOrder(" + id + ", " + account + ", " + side + ", " + type + ", " + price + ", " +
                quantity + ", " + stp + ")";

            final boolean expected = reference.placeOrder(id, account, side, type, price, quantity, stp);
            final boolean actual = book.placeOrder(id, account, side, type, price, quantity, stp);
            assertEquals(expected, actual, command);
            countSelfTrade(stp);
            if (actual)
            {
                checkTakerEvents(id, acceptedQuantity(id), null);
            }
        }

        private void placeMarketOrder()
        {
            final long id = newOrderId();
            final int account = account();
            final Side side = random.nextInt(10) == 0 ? Side.SELL : Side.BUY;
            final long quantity = random.nextInt(4) == 0 ? 0 : quantity();
            final long protection = random.nextBoolean() ? 0 : price(opposite(side));
            final long budget = random.nextInt(50) == 0 ? -1 : random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(20_000);
            final SelfTradePrevention stp = stp();
            command = "placeMarketOrder(" + id + ", " + account + ", " + side + ", " + quantity + ", " + protection +
                ", " + budget + ", " + stp + ")";

            final boolean expected = reference.placeMarketOrder(id, account, side, quantity, protection, budget, stp);
            final boolean actual = book.placeMarketOrder(id, account, side, quantity, protection, budget, stp);
            assertEquals(expected, actual, command);
            if (actual)
            {
                checkTakerEvents(id, acceptedQuantity(id), null);
            }
        }

        private void cancelOrder()
        {
            final long id = random.nextInt(20) == 0 ? unknownOrderId() : liveOrderId();
            final CancelReason reason = CancelReason.values()[random.nextInt(CancelReason.values().length)];
            command = "cancelOrder(" + id + ", " + reason + ")";

            final boolean expected = reference.cancelOrder(id, reason);
            final boolean actual = CancelReason.USER == reason ? book.cancelOrder(id) : book.cancelOrder(id, reason);
            assertEquals(expected, actual, command);
        }

        private void amendOrder()
        {
            final long id = random.nextInt(30) == 0 ? unknownOrderId() : liveOrderId();
            final ReferenceOrderBook.RefOrder order = reference.find(id);
            long newPrice = price(null == order ? Side.BUY : order.side);
            long newQuantity = quantity();
            if (null != order)
            {
                final int kind = random.nextInt(100);
                if (kind < 45)
                {
                    newPrice = Math.max(TICK, order.price + TICK * (random.nextInt(7) - 3));
                    newQuantity = random.nextBoolean() ? order.leaves : newQuantity;
                }
                else if (kind < 65)
                {
                    newPrice = order.price;
                    newQuantity = order.leaves > LOT ? LOT * (1 + random.nextInt((int)(order.leaves / LOT) - 1)) :
                        order.leaves;
                }
                else if (kind < 80)
                {
                    newPrice = order.price;
                    newQuantity = Math.min(MAX, order.leaves + LOT * (1 + random.nextInt(5)));
                }
                else if (kind < 88)
                {
                    newPrice = order.price;
                    newQuantity = order.leaves;
                }
            }
            command = "amendOrder(" + id + ", " + newPrice + ", " + newQuantity + ")";

            final boolean expected = reference.amendOrder(id, newPrice, newQuantity);
            final boolean actual = book.amendOrder(id, newPrice, newQuantity);
            assertEquals(expected, actual, command);
            if (actual && null != order && newPrice != order.price)
            {
                checkTakerEvents(id, newQuantity, null);
            }
        }

        private void matchUpTo()
        {
            final long id = newOrderId();
            final int account = account();
            final Side side = side();
            final SelfTradePrevention stp = stp();
            final long limit = random.nextInt(5) == 0 ? 0 :
                price(opposite(side)) + (random.nextInt(10) == 0 ? 1 : 0);
            final long quantity = quantity();
            final long budget = Side.BUY == side && random.nextInt(4) == 0 ? 1 + random.nextInt(20_000) : 0;
            command = "matchUpTo(" + id + ", " + account + ", " + side + ", " + stp + ", " + limit + ", " + quantity +
                ", " + budget + ")";

            final long[] expected = reference.matchUpTo(id, account, side, stp, limit, quantity, budget);
            final boolean actual = book.matchUpTo(id, account, side, stp, limit, quantity, budget, matchResult);
            assertEquals(null != expected, actual, command);
            if (actual)
            {
                assertEquals(
                    Arrays.toString(expected),
                    Arrays.toString(new long[]{ matchResult.filledQuantity(), matchResult.filledNotional(),
                        matchResult.leavesQuantity(), matchResult.takerCancelled() ? 1 : 0 }),
                    command);
                checkTakerEvents(id, quantity, matchResult);
            }
        }

        private void restOrder()
        {
            final long id = newOrderId();
            final int account = account();
            final Side side = side();
            final long price = price(side);
            final long quantity = quantity();
            final SelfTradePrevention stp = stp();
            command = "restOrder(" + id + ", " + account + ", " + side + ", " + price + ", " + quantity + ", " +
                stp + ")";

            final boolean expected = reference.restOrder(id, account, side, price, quantity, stp);
            final boolean actual = book.restOrder(id, account, side, price, quantity, stp);
            assertEquals(expected, actual, command);
        }

        private void fillable()
        {
            final int account = account();
            final Side side = side();
            final SelfTradePrevention stp = SelfTradePrevention.values()[random.nextInt(4)];
            final long limit = random.nextInt(5) == 0 ? 0 : price(opposite(side));
            final long quantity = LOT * (1 + random.nextInt(40));
            command = "fillableQuantity(" + side + ", " + account + ", " + stp + ", " + limit + ", " + quantity + ")";

            assertEquals(
                reference.fillableQuantity(side, account, stp, limit, quantity),
                book.fillableQuantity(side, account, stp, limit, quantity),
                command);
        }

        // ---- checks --------------------------------------------------------------------------------------------

        private void countSelfTrade(final SelfTradePrevention stp)
        {
            final boolean[] seen = { false };
            actualEvents.forEach((type, buffer, i) ->
            {
                if ((EventRecorder.CANCELLED == type && CancelReason.SELF_TRADE.ordinal() == buffer[i + 5]) ||
                    EventRecorder.DECREMENTED == type)
                {
                    seen[0] = true;
                }
            });
            if (seen[0] && null != stp)
            {
                selfTradeCounts[stp.ordinal()]++;
            }
        }

        private long acceptedQuantity(final long id)
        {
            final long[] quantity = { -1 };
            actualEvents.forEach((type, buffer, i) ->
            {
                if (EventRecorder.ACCEPTED == type && buffer[i] == id && quantity[0] < 0)
                {
                    quantity[0] = buffer[i + 5];
                }
            });
            assertTrue(quantity[0] >= 0, command);
            return quantity[0];
        }

        /**
         * The taker's fills, decrements and its end (cancel, expiry, resting) account for its whole quantity, and
         * every fill is whole positive lots.
         */
        private void checkTakerEvents(final long id, final long startQuantity, final MatchResult result)
        {
            final long[] state = { startQuantity, 0, 0 };
            actualEvents.forEach((type, buffer, i) ->
            {
                switch (type)
                {
                    case EventRecorder.FILL:
                        assertTrue(buffer[i + 4] > 0 && buffer[i + 4] % LOT == 0, command);
                        assertTrue(buffer[i + 6] >= 0, command);
                        if (buffer[i] == id)
                        {
                            state[0] -= buffer[i + 4];
                            state[1] += buffer[i + 4];
                            state[2] += buffer[i + 3] * (buffer[i + 4] / LOT);
                            assertEquals(state[0], buffer[i + 5], command);
                        }
                        break;

                    case EventRecorder.DECREMENTED:
                        if (buffer[i] == id)
                        {
                            state[0] -= buffer[i + 4];
                            assertEquals(state[0], buffer[i + 5], command);
                        }
                        break;

                    case EventRecorder.CANCELLED:
                        if (buffer[i] == id)
                        {
                            assertEquals(state[0], buffer[i + 4], command);
                            state[0] = 0;
                        }
                        break;

                    case EventRecorder.EXPIRED:
                        if (buffer[i] == id)
                        {
                            assertEquals(state[0], buffer[i + 2], command);
                            state[0] = 0;
                        }
                        break;

                    case EventRecorder.RESTED:
                        if (buffer[i] == id)
                        {
                            assertEquals(state[0], buffer[i + 4], command);
                        }
                        break;

                    default:
                        break;
                }
            });
            assertTrue(state[0] >= 0, command);
            if (null != result)
            {
                assertEquals(state[0], result.leavesQuantity(), command);
                assertEquals(state[1], result.filledQuantity(), command);
                assertEquals(state[2], result.filledNotional(), command);
            }
        }

        /**
         * After every command: each level the command changed holds the same orders in the same time priority in
         * both books, the best prices and quantities agree, and the book is not crossed.
         */
        private void checkTouchedLevels(final long index)
        {
            actualEvents.forEach((type, buffer, i) ->
            {
                if (EventRecorder.LEVEL == type)
                {
                    final Side side = Side.values()[(int)buffer[i]];
                    final long price = buffer[i + 1];
                    final StringBuilder expected = new StringBuilder();
                    for (final ReferenceOrderBook.RefOrder order : reference.list(side))
                    {
                        if (order.price == price)
                        {
                            expected.append(order.id).append(':').append(order.leaves).append(' ');
                        }
                    }
                    final StringBuilder actual = new StringBuilder();
                    book.forEachOrderAtLevel(side, price, (orderId, accountId, leavesQuantity) ->
                    {
                        assertTrue(leavesQuantity > 0 && leavesQuantity % LOT == 0, command);
                        actual.append(orderId).append(':').append(leavesQuantity).append(' ');
                    });
                    assertEquals(expected.toString(), actual.toString(), "level " + side + " " + price +
                        " after command " + index + ": " + command);
                }
            });
            assertEquals(reference.orderCount(), book.orderCount(), command);
            for (final Side side : Side.values())
            {
                assertEquals(reference.bestPrice(side), book.bestPrice(side), command);
                assertEquals(reference.quantityAtBest(side), book.quantityAtBest(side), command);
            }
            final long bestBid = book.bestBid();
            final long bestAsk = book.bestAsk();
            assertTrue(0 == bestBid || 0 == bestAsk || bestBid < bestAsk, "crossed after " + command);
        }

        /**
         * The whole book, every level and order, is the same in both, and its invariants hold.
         */
        private void checkBook(final long index)
        {
            actualSnapshot.capture(book);
            expectedSnapshot.capture(reference);
            if (!actualSnapshot.sameAs(expectedSnapshot))
            {
                fail("books differ after command " + index + ": " + command +
                    "\n  expected: " + expectedSnapshot + "\n  actual:   " + actualSnapshot);
            }
            actualSnapshot.checkInvariants(TICK, LOT, MAX, command);

            final long id = liveOrderId();
            final ReferenceOrderBook.RefOrder order = reference.find(id);
            assertEquals(null != order, book.readOrder(id, view), command);
            if (null != order)
            {
                assertEquals(order.side, view.side(), command);
                assertEquals(order.type, view.orderType(), command);
                assertEquals(order.stp, view.selfTradePrevention(), command);
                assertEquals(order.price, view.price(), command);
                assertEquals(order.leaves, view.leavesQuantity(), command);
                assertEquals(order.account, view.accountId(), command);
            }
        }

        // ---- random inputs -------------------------------------------------------------------------------------

        private long newOrderId()
        {
            return random.nextInt(40) == 0 && reference.orderCount() > 0 ? liveOrderId() : nextOrderId++;
        }

        private long liveOrderId()
        {
            final int count = reference.orderCount();
            if (0 == count)
            {
                return unknownOrderId();
            }
            final int index = random.nextInt(count);
            final int bids = reference.bids.size();
            return index < bids ? reference.bids.get(index).id : reference.asks.get(index - bids).id;
        }

        private long unknownOrderId()
        {
            return -1 - random.nextInt(1_000);
        }

        private int account()
        {
            return 1 + random.nextInt(ACCOUNTS);
        }

        private Side side()
        {
            return random.nextInt(300) == 0 ? null : random.nextBoolean() ? Side.BUY : Side.SELL;
        }

        private SelfTradePrevention stp()
        {
            return random.nextInt(300) == 0 ? null : SelfTradePrevention.values()[random.nextInt(4)];
        }

        /**
         * Mostly a passive price for that side, from the mid outwards, sometimes an aggressive one.
         */
        private long price(final Side side)
        {
            if (random.nextInt(1_000) < 20)
            {
                return oddPrice();
            }
            final long offset = random.nextInt(-crossTicks, spreadTicks + 1);
            return TICK * (Side.SELL == side ? midTicks + offset : midTicks - offset);
        }

        private static Side opposite(final Side side)
        {
            return Side.BUY == side ? Side.SELL : Side.BUY;
        }

        private long oddPrice()
        {
            final int kind = random.nextInt(9);
            if (kind < 3)
            {
                return -TICK * random.nextInt(3);
            }
            if (kind < 6)
            {
                return TICK * midTicks + 1 + random.nextInt((int)TICK - 1);
            }
            return TICK << (50 + random.nextInt(11));
        }

        private long quantity()
        {
            final int kind = random.nextInt(1_000);
            if (kind < 3)
            {
                return -LOT * random.nextInt(2);
            }
            if (kind < 6)
            {
                return LOT + 1 + random.nextInt((int)LOT - 1);
            }
            if (kind < 9)
            {
                return MAX + LOT * (1 + random.nextInt(3));
            }
            if (kind < 20)
            {
                return MAX;
            }
            if (kind < 60)
            {
                return LOT * (1 + random.nextInt((int)(MAX / LOT)));
            }
            return LOT * (1 + random.nextInt(10));
        }
    }
}
