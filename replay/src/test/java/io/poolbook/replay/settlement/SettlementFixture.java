package io.poolbook.replay.settlement;

/**
 * A small world for settlement tests: accounts 0 (operator and fee account, sharing the zero address), 1, 2 and
 * 3 (sharing account 1's address); a 6-decimal asset on an 18-decimal token, an 8-decimal asset on an 8-decimal
 * token; market 1 trading them, with its pool's LP share.
 */
final class SettlementFixture
{
    static final int FEE_ACCOUNT = 0;
    static final int ALICE = 1;
    static final int BOB = 2;
    static final int ALICE_TOO = 3;
    static final int USDC = 2;
    static final int WBTC = 1;
    static final int MARKET = 1;
    static final int LP_SHARE = 0x4000_0000 + MARKET;

    static final byte[] ALICE_ADDRESS = Reference.hex("0xa11ce00000000000000000000000000000000001");
    static final byte[] BOB_ADDRESS = Reference.hex("0x0b0b000000000000000000000000000000000002");
    static final byte[] USDC_TOKEN = Reference.hex("0xc0ffee0000000000000000000000000000000006");
    static final byte[] WBTC_TOKEN = Reference.hex("0xb7c0000000000000000000000000000000000008");

    private SettlementFixture()
    {
    }

    static MapChainDirectory directory()
    {
        return new MapChainDirectory()
            .account(FEE_ACCOUNT, new byte[20])
            .account(ALICE, ALICE_ADDRESS)
            .account(BOB, BOB_ADDRESS)
            .account(ALICE_TOO, ALICE_ADDRESS)
            .asset(ChainAsset.token(USDC, USDC_TOKEN, 6, 18))
            .asset(ChainAsset.token(WBTC, WBTC_TOKEN, 8, 8))
            .asset(ChainAsset.poolShare(LP_SHARE))
            .market(new ChainMarket(MARKET, WBTC, USDC));
    }

    /**
     * A trade of 0.01 WBTC for 600 USDC with a 0.3 USDC fee, and an LP's deposit into the pool; withdrawals of
     * 0.004 WBTC by bob, 100 USDC by alice and 0.00005 USDC by alice's second account (same address), and 7 LP
     * shares by bob, which the engine would refuse and the withdrawals tree ignores.
     */
    static SettlementBatch.Draft draft()
    {
        return new SettlementBatch.Draft()
            .index(3)
            .fromSequence(101)
            .toSequence(200)
            .tradeCount(2)
            .engineStateHash(0x1234_5678_9abc_def0L)
            .feeAccountId(FEE_ACCOUNT)
            .journalHash(Reference.hash(42))
            .prevBatchHash(Reference.hash(41))
            .delta(BOB, WBTC, 1_000_000, 400_000)
            .delta(ALICE, USDC, 600_000_000, 100_000_000)
            .delta(BOB, USDC, -600_300_000 - 1_000_000_000)
            .delta(ALICE, WBTC, -1_000_000)
            .delta(FEE_ACCOUNT, USDC, 300_000)
            .delta(BOB, LP_SHARE, 5_000, 7)
            .delta(ALICE_TOO, USDC, 25, 50)
            .poolDelta(MARKET, 0, 1_000_000_000, 5_000);
    }
}
