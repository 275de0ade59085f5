package io.poolbook.gateway.testkit;


import io.poolbook.client.auth.Ed25519Keys;

import java.security.KeyPair;

/**
 * A small market the tests set up through the operator's session: assets 1 (base) and 2 (quote), market 1 with lot
 * and tick 1, a pool, and trader accounts funded with both assets.
 */
public final class Market
{
    public static final int BASE = 1;
    public static final int QUOTE = 2;
    public static final int MARKET = 1;
    public static final long FUNDS = 1_000_000_000L;

    private Market()
    {
    }

    /**
     * Sets up the market and registers and funds the traders.
     *
     * @param operator logged-on operator.
     * @param traders  account ids to register, with their keys.
     */
    public static void setUp(final TestClient operator, final int[] accounts, final KeyPair[] keys)
    {
        final long before = operator.accepted;
        operator.client.addAsset(BASE, "BASE", 6, 18, new byte[20]);
        operator.client.addAsset(QUOTE, "QUOTE", 6, 6, new byte[20]);
        operator.client.addMarket(MARKET, BASE, QUOTE, 1, 1, 1, 1_000_000_000L, 0, 10);
        operator.client.createPool(MARKET, 30, false);
        int expected = 4;
        for (int i = 0; i < accounts.length; i++)
        {
            final byte[] address = new byte[20];
            address[19] = (byte)accounts[i];
            operator.client.registerAccount(accounts[i], Ed25519Keys.raw(keys[i].getPublic()), address);
            operator.client.deposit(accounts[i], BASE, FUNDS, new byte[32]);
            operator.client.deposit(accounts[i], QUOTE, FUNDS, new byte[32]);
            expected += 3;
        }
        final int count = expected;
        TestClient.await("market set up", () -> operator.accepted - before >= count, operator);
        if (!operator.commandRejects.isEmpty())
        {
            throw new AssertionError("set-up refused: " + operator.received);
        }
    }
}
