package io.poolbook.orderbook;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

final class OrderIdMapTest
{
    @Test
    void shouldAgreeWithHashMapUnderRandomPutsAndRemoves()
    {
        final SplittableRandom random = new SplittableRandom(11);
        final OrderIdMap map = new OrderIdMap(4);
        final Map<Long, Order> expected = new HashMap<>();
        for (int i = 0; i < 400_000; i++)
        {
            // A narrow id range keeps probe runs long and removals in the middle of them.
            final long orderId = random.nextInt(2_000) - 1_000;
            if (random.nextInt(3) == 0 || expected.containsKey(orderId))
            {
                assertSame(expected.remove(orderId), map.remove(orderId));
            }
            else
            {
                final Order order = new Order();
                order.orderId = orderId;
                map.put(order);
                expected.put(orderId, order);
            }
            assertEquals(expected.size(), map.size());
            final long probe = random.nextInt(2_000) - 1_000;
            assertSame(expected.get(probe), map.get(probe));
        }
        for (final Map.Entry<Long, Order> entry : expected.entrySet())
        {
            assertSame(entry.getValue(), map.get(entry.getKey()));
        }
    }

    @Test
    void shouldHandleExtremeIdsAndClear()
    {
        final OrderIdMap map = new OrderIdMap(0);
        final long[] ids = { Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1 };
        for (final long id : ids)
        {
            final Order order = new Order();
            order.orderId = id;
            map.put(order);
        }
        for (final long id : ids)
        {
            assertEquals(id, map.get(id).orderId);
        }

        map.clear();

        assertEquals(0, map.size());
        assertNull(map.get(0));
    }
}
