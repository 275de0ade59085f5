package io.poolbook.orderbook;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties of the book's integer arithmetic, checked against {@link BigInteger}.
 */
final class NotionalPropertyTest
{
    private static final EventRecorder NO_EVENTS = new EventRecorder();

    @Property
    void notionalIsExactOrReportedAsOverflow(
        @ForAll @LongRange(min = 1, max = 1_000_000) final long lotSize,
        @ForAll @LongRange(min = 0) final long price,
        @ForAll @LongRange(min = 0, max = 1L << 40) final long lots)
    {
        final OrderBook book = new OrderBook(1, lotSize, Long.MAX_VALUE, 0, NO_EVENTS);
        final BigInteger exact = BigInteger.valueOf(price).multiply(BigInteger.valueOf(lots));
        final long quantity = lots * lotSize;
        if (quantity / lotSize != lots)
        {
            return;
        }

        final long notional = book.notional(price, quantity);

        if (exact.bitLength() < 64)
        {
            assertEquals(exact.longValueExact(), notional);
        }
        else
        {
            assertEquals(OrderBook.NOTIONAL_OVERFLOW, notional);
        }
    }

    @Property
    void limitOrderIsAcceptedExactlyWhenItsNotionalFits(
        @ForAll @LongRange(min = 1, max = Long.MAX_VALUE) final long price,
        @ForAll @LongRange(min = 1, max = 1L << 32) final long quantity)
    {
        final EventRecorder events = new EventRecorder();
        final OrderBook book = new OrderBook(1, 1, Long.MAX_VALUE, 0, events);
        final boolean fits = BigInteger.valueOf(price).multiply(BigInteger.valueOf(quantity)).bitLength() < 64;

        final boolean accepted = book.placeOrder(
            1, 1, Side.SELL, OrderType.LIMIT, price, quantity, SelfTradePrevention.CANCEL_TAKER);

        assertEquals(fits, accepted);
        if (!fits)
        {
            assertEquals(java.util.List.of("rejected(1, OVERFLOW)"), events.events());
            assertFalse(book.containsOrder(1));
        }
        else
        {
            assertTrue(book.containsOrder(1));
        }
    }
}
