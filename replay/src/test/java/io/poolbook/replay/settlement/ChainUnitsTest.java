package io.poolbook.replay.settlement;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.*;

class ChainUnitsTest
{
    @Test
    void sixEngineDecimalsToEighteenChainDecimals()
    {
        // 1.5 units of a 6-decimal engine asset = 1_500_000 engine units = 1.5 * 10^18 chain units
        assertEquals(new BigInteger("1500000000000000000"), ChainUnits.toChain(1_500_000, 6, 18));
        assertEquals(new BigInteger("-1500000000000000000"), ChainUnits.toChain(-1_500_000, 6, 18));
        assertEquals(new BigInteger("1000000000000"), ChainUnits.toChain(1, 6, 18));
    }

    @Test
    void sameDecimalsIsIdentity()
    {
        assertEquals(BigInteger.valueOf(123_456_789), ChainUnits.toChain(123_456_789, 6, 6));
        assertEquals(BigInteger.ZERO, ChainUnits.toChain(0, 2, 18));
    }

    @Test
    void exactBeyondLong()
    {
        assertEquals(new BigInteger("9223372036854775807000000000000"), ChainUnits.toChain(Long.MAX_VALUE, 6, 18));
        assertEquals(new BigInteger("-9223372036854775808000000000000"), ChainUnits.toChain(Long.MIN_VALUE, 6, 18));
        assertEquals(new BigInteger("9223372036854775807000000000000000000"), ChainUnits.toChain(Long.MAX_VALUE, 0, 18));
    }

    @Test
    void fewerChainDecimalsThanEngineIsRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> ChainUnits.toChain(1, 8, 6));
        assertThrows(IllegalArgumentException.class, () -> ChainAsset.token(1, new byte[20], 8, 6));
    }

    @Test
    void poolShareHasNoChainUnits()
    {
        assertThrows(IllegalStateException.class, () -> ChainAsset.poolShare(0x4000_0001).toChain(5));
    }
}
