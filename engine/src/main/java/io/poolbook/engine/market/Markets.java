package io.poolbook.engine.market;

import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;

/**
 * The registry of markets. Looks up by id; iterates in registration order.
 */
public final class Markets
{
    private final Int2ObjectHashMap<Market> byId = new Int2ObjectHashMap<>();
    private final List<Market> inOrder = new ArrayList<>();

    /**
     * The market with this id.
     *
     * @param marketId to look up.
     * @return the market, or null when unknown.
     */
    public Market get(final int marketId)
    {
        return byId.get(marketId);
    }

    public Market atIndex(final int index)
    {
        return inOrder.get(index);
    }

    public int size()
    {
        return inOrder.size();
    }

    public void add(final Market market)
    {
        byId.put(market.id(), market);
        inOrder.add(market);
    }
}
