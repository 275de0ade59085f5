package io.poolbook.replay.settlement;

import java.util.HashMap;
import java.util.Map;

/**
 * A {@link ChainDirectory} filled by hand: for tools that rebuild reference data from a journal's admin commands,
 * and for tests. Not thread-safe.
 */
public final class MapChainDirectory implements ChainDirectory
{
    private final Map<Integer, byte[]> accountAddresses = new HashMap<>();
    private final Map<Integer, ChainAsset> assets = new HashMap<>();
    private final Map<Integer, ChainMarket> markets = new HashMap<>();

    /**
     * @param accountId engine account.
     * @param address   20 bytes, copied.
     * @return this.
     */
    public MapChainDirectory account(final int accountId, final byte[] address)
    {
        if (address.length != AbiEncoder.ADDRESS_LENGTH)
        {
            throw new IllegalArgumentException("an address is 20 bytes, not " + address.length);
        }
        accountAddresses.put(accountId, address.clone());
        return this;
    }

    /**
     * @param asset to add or replace.
     * @return this.
     */
    public MapChainDirectory asset(final ChainAsset asset)
    {
        assets.put(asset.assetId(), asset);
        return this;
    }

    /**
     * @param market to add or replace.
     * @return this.
     */
    public MapChainDirectory market(final ChainMarket market)
    {
        markets.put(market.marketId(), market);
        return this;
    }

    public byte[] accountAddress(final int accountId)
    {
        final byte[] address = accountAddresses.get(accountId);
        return null == address ? null : address.clone();
    }

    public ChainAsset asset(final int assetId)
    {
        return assets.get(assetId);
    }

    public ChainMarket market(final int marketId)
    {
        return markets.get(marketId);
    }
}
