package io.poolbook.replay.settlement;

/**
 * The two assets of a market, which are the two reserves of its pool.
 *
 * @param marketId     engine market id.
 * @param baseAssetId  asset of the base reserve.
 * @param quoteAssetId asset of the quote reserve.
 */
public record ChainMarket(int marketId, int baseAssetId, int quoteAssetId)
{
}
