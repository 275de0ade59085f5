package io.poolbook.engine.market;

import io.poolbook.engine.Registry;

/**
 * The registry of markets. Looks up by id; iterates in registration order.
 */
public final class Markets
{
    private final Registry<Market> registry = new Registry<>();

    /**
     * The market with this id.
     *
     * @param marketId to look up.
     * @return the market, or null when unknown.
     */
    public Market get(final int marketId)
    {
        return registry.get(marketId);
    }

    public Market atIndex(final int index)
    {
        return registry.atIndex(index);
    }

    public int size()
    {
        return registry.size();
    }

    public void add(final Market market)
    {
        registry.add(market.id(), market);
    }
}
