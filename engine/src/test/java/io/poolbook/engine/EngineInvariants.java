package io.poolbook.engine;

import io.poolbook.amm.ConstantProductPool;
import io.poolbook.engine.market.Market;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The engine's invariants, checked from the outside: {@link EngineAudit} (conservation per asset, locks equal to
 * what open orders can spend, no negative balance, books never crossed, records in step with books), and each pool's
 * {@code k} per share squared never decreasing (shares minted as protocol fee aside: they dilute by design).
 */
final class EngineInvariants
{
    private final Map<Integer, BigInteger[]> lastPool = new HashMap<>();

    void check(final Engine engine, final String where)
    {
        final String violation = EngineAudit.check(engine);
        assertNull(violation, () -> where + ": " + violation);
        for (int m = 0; m < engine.markets().size(); m++)
        {
            checkPool(engine.markets().atIndex(m), where);
        }
    }

    private void checkPool(final Market market, final String where)
    {
        final ConstantProductPool pool = market.pool();
        if (null == pool || !pool.hasLiquidity())
        {
            return;
        }
        final BigInteger k = BigInteger.valueOf(pool.baseReserve()).multiply(BigInteger.valueOf(pool.quoteReserve()));
        final BigInteger shares = BigInteger.valueOf(pool.totalShares());
        final BigInteger protocol = BigInteger.valueOf(pool.protocolSharesAccrued());
        final BigInteger[] last = lastPool.get(market.id());
        if (null != last)
        {
            // k / S^2 never decreases: k_new * S_old^2 >= k_old * S_new^2, where S_old counts the shares minted to
            // the protocol since (they dilute by design, as Uniswap V2's kLast fee does).
            final BigInteger oldShares = last[1].add(protocol.subtract(last[2]));
            assertTrue(k.multiply(oldShares.pow(2)).compareTo(last[0].multiply(shares.pow(2))) >= 0,
                where + ": pool value per share fell in market " + market.id() + ": k " + last[0] + " -> " + k +
                ", shares " + last[1] + " -> " + shares + ", reserves " + pool.baseReserve() + "/" +
                pool.quoteReserve() + ", protocol " + pool.protocolSharesAccrued());
        }
        lastPool.put(market.id(), new BigInteger[]{ k, shares, protocol });
    }
}
