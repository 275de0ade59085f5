package io.poolbook.replay.settlement;

/**
 * The reference data settlement maps engine ids through: each account's chain address, each asset's token and
 * decimals, each market's two assets. Kept to plain lookups so a batch can be built from the engine's reference
 * data ({@link EngineChainDirectory}), from a journal's admin commands, or from a table in a test
 * ({@link MapChainDirectory}) alike.
 */
public interface ChainDirectory
{
    /**
     * @param accountId engine account.
     * @return its 20-byte chain address, or null when unknown.
     */
    byte[] accountAddress(int accountId);

    /**
     * @param assetId engine asset.
     * @return the asset, or null when unknown.
     */
    ChainAsset asset(int assetId);

    /**
     * @param marketId engine market (its pool has the same id).
     * @return the market's assets, or null when unknown.
     */
    ChainMarket market(int marketId);
}
