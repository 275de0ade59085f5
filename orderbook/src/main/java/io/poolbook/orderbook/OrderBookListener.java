package io.poolbook.orderbook;

/**
 * Receives everything an {@link OrderBook} does, synchronously, in the order it happens. Every handler takes
 * primitives and enum constants, so nothing is allocated per event.
 * <p>
 * The events of one command, in order:
 * <ul>
 *     <li>a rejected command emits {@link #onRejected} alone and changes nothing;</li>
 *     <li>{@link OrderBook#placeOrder} emits {@link #onAccepted}, then per opposite level it takes from: the
 *     {@link #onFill}, {@link #onCancelled} and {@link #onSelfTradeDecremented} events of that level in queue
 *     order, then one {@link #onLevelChanged} for the level if it changed; then the end of the order: nothing
 *     (filled, or cancelled by self-trade prevention), {@link #onExpired} (IOC or market remainder), or
 *     {@link #onRested} and {@link #onLevelChanged} (limit or post-only remainder);</li>
 *     <li>{@link OrderBook#cancelOrder} emits {@link #onCancelled} then {@link #onLevelChanged};</li>
 *     <li>{@link OrderBook#amendOrder} emits {@link #onAmended}, then {@link #onLevelChanged} for the level the
 *     order left or changed; after a price change it then matches like a new taker (as above) and, if some is
 *     left, emits {@link #onLevelChanged} for the level it joins.</li>
 * </ul>
 * A resting order fully filled emits no event of its own: its last fill has {@code makerLeavesQuantity == 0}.
 * Handlers must not call back into the book that emits them.
 */
public interface OrderBookListener
{
    /**
     * A new order passed validation and enters the book.
     *
     * @param orderId   of the order.
     * @param accountId that owns the order.
     * @param side      of the order.
     * @param orderType of the order.
     * @param price     limit price in effect (after a post-only slide), the protection price of a market order, or
     *                  {@link OrderBook#NULL_PRICE} for a market order without one.
     * @param quantity  in effect: as given, or for a market buy with a quote budget and no quantity, the book's
     *                  maximum rounded down to whole lots.
     */
    void onAccepted(long orderId, int accountId, Side side, OrderType orderType, long price, long quantity);

    /**
     * A trade between a taker and a resting (maker) order, at the maker's price.
     *
     * @param takerOrderId        of the taking order.
     * @param makerOrderId        of the resting order.
     * @param makerAccountId      that owns the resting order.
     * @param price               of the trade, the maker's price.
     * @param quantity            traded, in base units.
     * @param takerLeavesQuantity what the taker has left after this trade.
     * @param makerLeavesQuantity what the maker has left after this trade; zero means it left the book.
     */
    void onFill(
        long takerOrderId,
        long makerOrderId,
        int makerAccountId,
        long price,
        long quantity,
        long takerLeavesQuantity,
        long makerLeavesQuantity);

    /**
     * An order, or the remainder of a taker, was cancelled.
     *
     * @param orderId           of the order.
     * @param accountId         that owns the order.
     * @param side              of the order.
     * @param price             of the order (a taker's limit or protection price, possibly
     *                          {@link OrderBook#NULL_PRICE}).
     * @param cancelledQuantity what was left of the order, now gone.
     * @param reason            for the cancel.
     */
    void onCancelled(long orderId, int accountId, Side side, long price, long cancelledQuantity, CancelReason reason);

    /**
     * {@link SelfTradePrevention#DECREMENT_AND_CANCEL} reduced the larger of the two orders without a trade; the
     * order lives on with {@code leavesQuantity} (a resting order keeps its time priority).
     *
     * @param orderId           of the order.
     * @param accountId         that owns the order.
     * @param side              of the order.
     * @param price             of the order (a taker's limit or protection price).
     * @param decrementQuantity taken off the order.
     * @param leavesQuantity    left after the decrement, always positive.
     */
    void onSelfTradeDecremented(
        long orderId, int accountId, Side side, long price, long decrementQuantity, long leavesQuantity);

    /**
     * The remainder of an IOC or market order expired after matching.
     *
     * @param orderId         of the order.
     * @param accountId       that owns the order.
     * @param expiredQuantity what was left unfilled.
     */
    void onExpired(long orderId, int accountId, long expiredQuantity);

    /**
     * A new order came to rest on the book (the rest of a limit or post-only order, or
     * {@link OrderBook#restOrder}). An amended order that stays or rests again emits {@link #onAmended} instead.
     *
     * @param orderId        of the order.
     * @param accountId      that owns the order.
     * @param side           of the order.
     * @param price          it rests at.
     * @param leavesQuantity it rests with.
     */
    void onRested(long orderId, int accountId, Side side, long price, long leavesQuantity);

    /**
     * A resting order was amended. A price change may be followed by fills in which this order is the taker.
     *
     * @param orderId      of the order.
     * @param accountId    that owns the order.
     * @param newPrice     of the order.
     * @param newQuantity  leaves quantity of the order, before any fills the amend causes.
     * @param keptPriority true when the order kept its place in the queue (a quantity cut).
     */
    void onAmended(long orderId, int accountId, long newPrice, long newQuantity, boolean keptPriority);

    /**
     * A command was refused and changed nothing.
     *
     * @param orderId of the command's order.
     * @param reason  for the reject.
     */
    void onRejected(long orderId, OrderBookReject reason);

    /**
     * A price level changed: the new state to publish as L2 market data. A level that emptied has zero quantity
     * and zero orders.
     *
     * @param side          of the level.
     * @param price         of the level.
     * @param totalQuantity resting at the level now.
     * @param orderCount    resting at the level now.
     */
    void onLevelChanged(Side side, long price, long totalQuantity, int orderCount);
}
