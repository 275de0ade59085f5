package io.poolbook.engine.market;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

final class OpenOrdersTest
{
    private static final long SLOTS = 1 << 18;

    @Test
    void ordersSharingADirectSlotAreAllFound()
    {
        final OpenOrders orders = new OpenOrders();
        final OrderRecord first = orders.add(5, 0, 1, 0, 1, true, 10);
        final OrderRecord second = orders.add(5 + SLOTS, 0, 1, 0, 1, true, 20);
        final OrderRecord third = orders.add(5 + 2 * SLOTS, 0, 2, 1, 1, false, 30);
        assertSame(first, orders.get(5));
        assertSame(second, orders.get(5 + SLOTS));
        assertSame(third, orders.get(5 + 2 * SLOTS));
        assertEquals(3, orders.size());

        orders.remove(first);
        assertNull(orders.get(5));
        assertSame(second, orders.get(5 + SLOTS));
        final OrderRecord fourth = orders.add(5 + 3 * SLOTS, 0, 1, 0, 1, true, 40);
        assertSame(fourth, orders.get(5 + 3 * SLOTS));
        assertSame(third, orders.get(5 + 2 * SLOTS));
        assertEquals(3, orders.size());
    }

    @Test
    void randomAddsAndRemovesAgreeWithAPlainMap()
    {
        final OpenOrders orders = new OpenOrders();
        final java.util.Map<Long, OrderRecord> expected = new java.util.HashMap<>();
        final Random random = new Random(3);
        long nextId = 1;
        for (int i = 0; i < 200_000; i++)
        {
            if (expected.isEmpty() || random.nextInt(3) > 0)
            {
                final long id = nextId;
                nextId += 1 + random.nextInt(3) * SLOTS / 2;
                expected.put(id, orders.add(id, 0, 1, 0, 1, true, 1));
            }
            else
            {
                final long id = expected.keySet().iterator().next();
                orders.remove(expected.remove(id));
                assertNull(orders.get(id));
            }
            if (i % 1_000 == 0)
            {
                for (final java.util.Map.Entry<Long, OrderRecord> entry : expected.entrySet())
                {
                    assertSame(entry.getValue(), orders.get(entry.getKey()));
                }
            }
        }
        assertEquals(expected.size(), orders.size());
        orders.clear();
        assertEquals(0, orders.size());
    }
}
