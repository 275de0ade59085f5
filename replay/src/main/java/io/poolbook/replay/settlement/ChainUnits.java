package io.poolbook.replay.settlement;

import java.math.BigInteger;

/**
 * Converts engine units of an asset to the token's smallest chain unit. The engine keeps {@code engineScale}
 * decimal places and the token has {@code chainDecimals >= engineScale}, so one engine unit is exactly
 * {@code 10^(chainDecimals - engineScale)} chain units and the conversion never rounds. The result may exceed a
 * long (a long of 6-decimal units times 10^12 for an 18-decimal token), hence {@link BigInteger}.
 */
public final class ChainUnits
{
    private static final int MAX_DECIMALS = 255;

    private ChainUnits()
    {
    }

    /**
     * @param engineAmount  whole engine units, may be negative.
     * @param engineScale   decimal places of one engine unit.
     * @param chainDecimals the token's decimals on chain, at least {@code engineScale}.
     * @return the same amount in chain units, exactly.
     * @throws IllegalArgumentException when the chain has fewer decimals than the engine or either is out of range.
     */
    public static BigInteger toChain(final long engineAmount, final int engineScale, final int chainDecimals)
    {
        if (engineScale < 0 || chainDecimals > MAX_DECIMALS || chainDecimals < engineScale)
        {
            throw new IllegalArgumentException(
                "chain decimals " + chainDecimals + " must be at least the engine scale " + engineScale);
        }
        return BigInteger.valueOf(engineAmount).multiply(BigInteger.TEN.pow(chainDecimals - engineScale));
    }
}
