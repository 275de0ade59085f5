package io.poolbook.replay.settlement;

import io.poolbook.engine.Engine;
import io.poolbook.engine.account.Account;
import io.poolbook.engine.account.Asset;
import io.poolbook.engine.market.Market;

/**
 * A {@link ChainDirectory} reading the engine's live reference data. The only settlement class that knows the
 * engine's types, so a change to them stays here. Reference data is only ever added, so reading it when a batch
 * is cut gives the values that held for the whole batch. Reads on the engine's thread.
 */
public final class EngineChainDirectory implements ChainDirectory
{
    private final Engine engine;

    /**
     * @param engine whose accounts, assets and markets are looked up.
     */
    public EngineChainDirectory(final Engine engine)
    {
        this.engine = engine;
    }

    public byte[] accountAddress(final int accountId)
    {
        final Account account = engine.accounts().get(accountId);
        return null == account ? null : account.chainAddress().clone();
    }

    public ChainAsset asset(final int assetId)
    {
        final Asset asset = engine.assets().get(assetId);
        if (null == asset)
        {
            return null;
        }
        return asset.isPoolShare() ?
            ChainAsset.poolShare(assetId) :
            ChainAsset.token(assetId, asset.tokenAddress(), asset.engineScale(), asset.chainDecimals());
    }

    public ChainMarket market(final int marketId)
    {
        final Market market = engine.markets().get(marketId);
        return null == market ? null : new ChainMarket(marketId, market.base().id(), market.quote().id());
    }
}
