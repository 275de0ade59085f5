package io.poolbook.client.marketdata;

import io.poolbook.codecs.Side;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

final class L2BookTest
{
    @Test
    void levelsStaySortedBestFirstThroughInsertsUpdatesAndRemovals()
    {
        final L2Book book = new L2Book(1);
        for (int i = 0; i < 40; i++)
        {
            book.set(Side.BUY, 100 + (i * 7) % 40, 1 + i, 1);
            book.set(Side.SELL, 200 + (i * 11) % 40, 1 + i, 1);
        }
        assertEquals(40, book.depth(Side.BUY));
        assertEquals(139, book.bestBid());
        assertEquals(200, book.bestAsk());
        for (int i = 1; i < 40; i++)
        {
            assertEquals(book.price(Side.BUY, i - 1) - 1, book.price(Side.BUY, i));
            assertEquals(book.price(Side.SELL, i - 1) + 1, book.price(Side.SELL, i));
        }

        book.set(Side.BUY, 139, 0, 0);
        book.set(Side.SELL, 220, 0, 0);
        book.set(Side.SELL, 999, 0, 0);
        book.set(Side.BUY, 120, 77, 3);
        assertEquals(39, book.depth(Side.BUY));
        assertEquals(39, book.depth(Side.SELL));
        assertEquals(138, book.bestBid());
        assertEquals(77, book.quantityAt(Side.BUY, 120));
        assertEquals(0, book.quantityAt(Side.SELL, 220));
    }
}
