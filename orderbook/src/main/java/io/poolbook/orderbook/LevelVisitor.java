package io.poolbook.orderbook;

/**
 * Visits price levels from the best outwards, see {@link OrderBook#forEachLevel}.
 */
@FunctionalInterface
public interface LevelVisitor
{
    /**
     * One price level.
     *
     * @param side          of the level.
     * @param price         of the level.
     * @param totalQuantity resting at the level.
     * @param orderCount    resting at the level.
     */
    void onLevel(Side side, long price, long totalQuantity, int orderCount);
}
