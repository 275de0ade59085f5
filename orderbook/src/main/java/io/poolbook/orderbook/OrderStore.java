package io.poolbook.orderbook;

/**
 * Where a book gets the object it rests an order in, when its caller keeps per-order state of its own: the caller
 * returns its subclass of {@link Order} for the id, and owns it. The book fills in the order's book fields when it
 * rests it, and forgets it (clearing those fields) once it has reported the order's end (filled, cancelled);
 * the caller may reuse the object only after the book call that ended the order returns.
 */
@FunctionalInterface
public interface OrderStore
{
    /**
     * @param orderId of the order about to rest.
     * @return the caller's object for it, not resting on any book.
     */
    Order orderToRest(long orderId);
}
