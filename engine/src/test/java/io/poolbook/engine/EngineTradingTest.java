package io.poolbook.engine;

import io.poolbook.codecs.*;
import org.junit.jupiter.api.Test;

import static io.poolbook.engine.EngineHarness.*;
import static org.junit.jupiter.api.Assertions.*;

final class EngineTradingTest
{
    private static final long BASE_DEPOSIT = 1_000_000_000L;
    private static final long QUOTE_DEPOSIT = 1_000_000_000_000L;

    private final EngineHarness h = new EngineHarness().standardMarket(1, 2, 3);
    private final CommandWriter c = h.commands;

    @Test
    void aCrossingOrderTradesAtTheMakersPriceWithFeesAndExactBalances()
    {
        h.ok(c.limit(1, 11, MARKET, Side.SELL, 1_000, 5 * LOT));
        final long sellId = h.acceptedOrderId();
        assertEquals(5 * LOT, h.locked(1, BASE));

        h.ok(c.limit(2, 21, MARKET, Side.BUY, 1_010, 3 * LOT));
        assertEquals(2, h.count(FillDecoder.TEMPLATE_ID));
        final FillDecoder maker = h.nth(FillDecoder.TEMPLATE_ID, 0, new FillDecoder());
        assertEquals(LiquiditySource.MAKER, maker.liquidity());
        assertEquals(sellId, maker.orderId());
        assertEquals(1_000, maker.price());
        assertEquals(3 * LOT, maker.quantity());
        assertEquals(3_000, maker.quoteAmount());
        assertEquals(3, maker.fee(), "10 bps of 3000, rounded up");
        assertEquals(2 * LOT, maker.leavesQuantity());
        final FillDecoder taker = h.nth(FillDecoder.TEMPLATE_ID, 1, new FillDecoder());
        assertEquals(LiquiditySource.TAKER, taker.liquidity());
        assertEquals(6, taker.fee(), "20 bps of 3000");
        assertEquals(11, maker.clientOrderId());
        assertEquals(21, taker.clientOrderId());
        assertEquals(1, h.count(PublicTradeDecoder.TEMPLATE_ID));

        assertEquals(BASE_DEPOSIT - 5 * LOT, h.available(1, BASE));
        assertEquals(2 * LOT, h.locked(1, BASE));
        assertEquals(QUOTE_DEPOSIT + 3_000 - 3, h.available(1, QUOTE));
        assertEquals(BASE_DEPOSIT + 3 * LOT, h.available(2, BASE));
        assertEquals(QUOTE_DEPOSIT - 3_000 - 6, h.available(2, QUOTE));
        assertEquals(0, h.locked(2, QUOTE), "the filled taker's excess lock is released");
        assertEquals(9, h.available(OPERATOR, QUOTE), "fees to the fee account");
    }

    @Test
    void aRestingBuyLocksNotionalFeeAndRoundingAllowanceAndACancelReleasesIt()
    {
        h.ok(c.limit(2, 5, MARKET, Side.BUY, 990, 4 * LOT));
        final long orderId = h.acceptedOrderId();
        assertEquals(3_960 + 8 + 4, h.locked(2, QUOTE));
        assertEquals(1, h.count(L2UpdateDecoder.TEMPLATE_ID));

        h.ok(c.cancelOrder(2, MARKET, orderId));
        final OrderCancelledDecoder cancelled = h.first(OrderCancelledDecoder.TEMPLATE_ID, new OrderCancelledDecoder());
        assertEquals(CancelReason.USER, cancelled.reason());
        assertEquals(4 * LOT, cancelled.cancelledQuantity());
        assertEquals(0, h.locked(2, QUOTE));
        assertEquals(QUOTE_DEPOSIT, h.available(2, QUOTE));
        final L2UpdateDecoder level = h.first(L2UpdateDecoder.TEMPLATE_ID, new L2UpdateDecoder());
        assertEquals(0, level.quantity());
    }

    @Test
    void cancelByClientOrderIdFindsTheOrder()
    {
        h.ok(c.limit(2, 77, MARKET, Side.BUY, 990, LOT));
        h.ok(c.cancelByClientOrderId(2, MARKET, 77));
        assertEquals(77, h.first(OrderCancelledDecoder.TEMPLATE_ID, new OrderCancelledDecoder()).clientOrderId());
        h.rejects(c.cancelByClientOrderId(2, MARKET, 77), RejectReason.UNKNOWN_ORDER);
    }

    @Test
    void aQuantityCutKeepsPriorityAndAPriceChangeLosesIt()
    {
        h.ok(c.limit(1, 1, MARKET, Side.SELL, 1_000, 5 * LOT));
        final long first = h.acceptedOrderId();
        h.ok(c.limit(2, 2, MARKET, Side.SELL, 1_000, 5 * LOT));
        final long second = h.acceptedOrderId();

        h.ok(c.amendOrder(1, MARKET, first, 0, 2 * LOT));
        final OrderAmendedDecoder cut = h.first(OrderAmendedDecoder.TEMPLATE_ID, new OrderAmendedDecoder());
        assertEquals(BooleanType.TRUE, cut.keptPriority());
        assertEquals(2 * LOT, h.locked(1, BASE));

        h.ok(c.limit(3, 3, MARKET, Side.BUY, 1_000, LOT));
        assertEquals(first, h.nth(FillDecoder.TEMPLATE_ID, 0, new FillDecoder()).orderId(), "still first in line");

        h.ok(c.amendOrder(1, MARKET, first, 1_010, 0));
        h.ok(c.amendOrder(1, MARKET, first, 1_000, 0));
        assertEquals(BooleanType.FALSE, h.first(OrderAmendedDecoder.TEMPLATE_ID, new OrderAmendedDecoder()).keptPriority());
        h.ok(c.limit(3, 4, MARKET, Side.BUY, 1_000, LOT));
        assertEquals(second, h.nth(FillDecoder.TEMPLATE_ID, 0, new FillDecoder()).orderId(), "lost its place");
    }

    @Test
    void anAmendThatNeedsMoreFundsThanAvailableIsRejected()
    {
        h.account(9);
        h.deposit(9, QUOTE, 1_100);
        h.ok(c.limit(9, 1, MARKET, Side.BUY, 1_000, LOT));
        final long orderId = h.acceptedOrderId();
        h.rejects(c.amendOrder(9, MARKET, orderId, 0, 2 * LOT), RejectReason.INSUFFICIENT_FUNDS);
        h.ok(c.amendOrder(9, MARKET, orderId, 500, 2 * LOT));
        assertEquals(1_000 + 2 + 2, h.locked(9, QUOTE));
    }

    @Test
    void iocRemainderExpiresAndNothingRests()
    {
        h.ok(c.limit(1, 1, MARKET, Side.SELL, 1_000, LOT));
        h.ok(c.newOrder(2, 2, MARKET, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, SelfTradePrevention.CANCEL_TAKER,
            1_000, 3 * LOT, 0));
        assertEquals(1, h.count(FillDecoder.TEMPLATE_ID) / 2);
        assertEquals(2 * LOT, h.first(OrderExpiredDecoder.TEMPLATE_ID, new OrderExpiredDecoder()).expiredQuantity());
        assertEquals(0, h.locked(2, QUOTE));
        assertEquals(0, h.engine.trading().orders().size());
    }

    @Test
    void fokThatCannotFillIsRejectedWhole()
    {
        h.ok(c.limit(1, 1, MARKET, Side.SELL, 1_000, LOT));
        h.rejects(c.newOrder(2, 2, MARKET, Side.BUY, OrderType.LIMIT, TimeInForce.FOK,
            SelfTradePrevention.CANCEL_TAKER, 1_000, 3 * LOT, 0), RejectReason.FOK_NOT_FILLABLE);
    }

    @Test
    void postOnlyThatWouldTakeIsRejectedAndSlideRestsOneTickAway()
    {
        h.ok(c.limit(1, 1, MARKET, Side.SELL, 1_000, LOT));
        h.rejects(c.newOrder(2, 2, MARKET, Side.BUY, OrderType.LIMIT, TimeInForce.POST_ONLY,
            SelfTradePrevention.CANCEL_TAKER, 1_000, LOT, 0), RejectReason.POST_ONLY_WOULD_TAKE);
        h.ok(c.newOrder(2, 3, MARKET, Side.BUY, OrderType.LIMIT, TimeInForce.POST_ONLY_SLIDE,
            SelfTradePrevention.CANCEL_TAKER, 1_050, LOT, 0));
        assertEquals(990, h.engine.markets().get(MARKET).book().bestBid());
        assertEquals(990 + 2 + 1, h.locked(2, QUOTE), "lock follows the slid price");
    }

    @Test
    void marketBuyWithAQuoteBudgetSpendsNoMoreThanTheBudget()
    {
        h.ok(c.limit(1, 1, MARKET, Side.SELL, 1_000, 2 * LOT));
        h.ok(c.limit(1, 2, MARKET, Side.SELL, 1_100, 2 * LOT));
        h.ok(c.newOrder(2, 3, MARKET, Side.BUY, OrderType.MARKET, TimeInForce.IOC, SelfTradePrevention.CANCEL_TAKER,
            0, 0, 3_200));
        final long spent = QUOTE_DEPOSIT - h.available(2, QUOTE);
        assertTrue(spent <= 3_200, "spent " + spent);
        assertEquals(BASE_DEPOSIT + 3 * LOT, h.available(2, BASE), "2 lots at 1000 and 1 at 1100 fit 3200 with fees");
        assertEquals(0, h.locked(2, QUOTE));
    }

    @Test
    void selfTradeIsPreventedInEveryMode()
    {
        for (final SelfTradePrevention mode : new SelfTradePrevention[]{ SelfTradePrevention.CANCEL_TAKER,
            SelfTradePrevention.CANCEL_RESTING, SelfTradePrevention.CANCEL_BOTH,
            SelfTradePrevention.DECREMENT_AND_CANCEL })
        {
            final EngineHarness fresh = new EngineHarness().standardMarket(1);
            fresh.ok(fresh.commands.limit(1, 1, MARKET, Side.SELL, 1_000, 2 * LOT));
            fresh.ok(fresh.commands.newOrder(1, 2, MARKET, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, mode, 1_000,
                LOT, 0));
            assertEquals(0, fresh.count(FillDecoder.TEMPLATE_ID), mode.name());
            assertEquals(fresh.engine.markets().get(MARKET).book().orderCount(),
                fresh.engine.trading().orders().size(), "records follow the book");
        }
    }

    @Test
    void massCancelAndCancelOnDisconnectCancelEveryOrderOfTheAccount()
    {
        h.ok(c.limit(2, 1, MARKET, Side.BUY, 900, LOT));
        h.ok(c.limit(2, 2, MARKET, Side.BUY, 910, LOT));
        h.ok(c.limit(2, 3, MARKET, Side.SELL, 2_000, LOT));
        h.ok(c.limit(3, 4, MARKET, Side.BUY, 900, LOT));

        h.ok(c.massCancel(2, CommandWriter.ALL_MARKETS));
        assertEquals(3, h.count(OrderCancelledDecoder.TEMPLATE_ID));
        assertEquals(CancelReason.MASS_CANCEL, h.first(OrderCancelledDecoder.TEMPLATE_ID,
            new OrderCancelledDecoder()).reason());
        assertEquals(0, h.locked(2, QUOTE));
        assertEquals(0, h.locked(2, BASE));

        h.ok(c.cancelOnDisconnect(3, 99));
        assertEquals(CancelReason.DISCONNECT, h.first(OrderCancelledDecoder.TEMPLATE_ID,
            new OrderCancelledDecoder()).reason());
        assertEquals(0, h.engine.trading().orders().size());
    }

    @Test
    void aQuoteReplacesTheAccountsPreviousQuote()
    {
        h.ok(c.quote(2, 1, MARKET, 990, LOT, 1_010, LOT));
        assertEquals(2, h.count(OrderAcceptedDecoder.TEMPLATE_ID));
        h.ok(c.quote(2, 2, MARKET, 980, 2 * LOT, 1_020, 2 * LOT));
        assertEquals(2, h.count(OrderCancelledDecoder.TEMPLATE_ID));
        assertEquals(CancelReason.REPLACED, h.first(OrderCancelledDecoder.TEMPLATE_ID,
            new OrderCancelledDecoder()).reason());
        assertEquals(980, h.engine.markets().get(MARKET).book().bestBid());
        assertEquals(2, h.engine.trading().orders().size());
        h.rejects(c.quote(2, 3, MARKET, 1_000, LOT, 1_000, LOT), RejectReason.INVALID_PRICE);
    }

    @Test
    void withdrawDebitsAvailableAndIsRefusedBeyondIt()
    {
        h.ok(c.withdraw(2, 5, QUOTE, 1_000));
        assertEquals(QUOTE_DEPOSIT - 1_000, h.available(2, QUOTE));
        h.rejects(c.withdraw(2, 6, QUOTE, QUOTE_DEPOSIT), RejectReason.INSUFFICIENT_FUNDS);
        h.rejects(c.withdraw(2, 6, 99, 1), RejectReason.UNKNOWN_ASSET);
        h.rejects(c.withdraw(2, 6, QUOTE, 0), RejectReason.INVALID_AMOUNT);
    }

    @Test
    void haltedMarketRefusesNewOrdersButAllowsCancels()
    {
        h.ok(c.limit(2, 1, MARKET, Side.BUY, 900, LOT));
        final long orderId = h.acceptedOrderId();
        h.ok(c.haltMarket(OPERATOR, MARKET));
        assertEquals(MarketStatus.HALTED, h.first(MarketStatusChangedDecoder.TEMPLATE_ID,
            new MarketStatusChangedDecoder()).status());
        h.rejects(c.limit(2, 2, MARKET, Side.BUY, 900, LOT), RejectReason.MARKET_HALTED);
        h.rejects(c.amendOrder(2, MARKET, orderId, 910, 0), RejectReason.MARKET_HALTED);
        h.ok(c.cancelOrder(2, MARKET, orderId));
        h.ok(c.resumeMarket(OPERATOR, MARKET));
        h.ok(c.limit(2, 2, MARKET, Side.BUY, 900, LOT));
    }

    @Test
    void badInputIsRejectedWithAReasonAndChangesNothing()
    {
        h.ok(c.limit(1, 1, MARKET, Side.SELL, 1_000, LOT));
        final long othersOrder = h.acceptedOrderId();

        h.rejects(c.limit(42, 1, MARKET, Side.BUY, 1_000, LOT), RejectReason.UNKNOWN_ACCOUNT);
        h.rejects(c.limit(2, 1, 77, Side.BUY, 1_000, LOT), RejectReason.UNKNOWN_MARKET);
        h.rejects(c.cancelOrder(2, MARKET, 12345), RejectReason.UNKNOWN_ORDER);
        h.rejects(c.cancelOrder(2, MARKET, othersOrder), RejectReason.NOT_OWNER);
        h.rejects(c.amendOrder(2, MARKET, othersOrder, 1_010, 0), RejectReason.NOT_OWNER);
        h.rejects(c.limit(2, 1, MARKET, Side.BUY, 0, LOT), RejectReason.INVALID_PRICE);
        h.rejects(c.limit(2, 1, MARKET, Side.BUY, 1_005, LOT), RejectReason.PRICE_OFF_TICK);
        h.rejects(c.limit(2, 1, MARKET, Side.BUY, 1_000, 0), RejectReason.INVALID_QUANTITY);
        h.rejects(c.limit(2, 1, MARKET, Side.BUY, 1_000, -LOT), RejectReason.INVALID_QUANTITY);
        h.rejects(c.limit(2, 1, MARKET, Side.BUY, 1_000, LOT + 1), RejectReason.QUANTITY_OFF_LOT);
        h.rejects(c.limit(2, 1, MARKET, Side.BUY, 1_000, 2_000_000 * LOT), RejectReason.QUANTITY_ABOVE_MAXIMUM);
        h.rejects(c.limit(2, 1, MARKET, Side.BUY, 1_000_000_000_000L, 1_000 * LOT), RejectReason.INSUFFICIENT_FUNDS);
        h.rejects(c.limit(2, 1, MARKET, Side.BUY, Long.MAX_VALUE - 7, 1_000 * LOT), RejectReason.OVERFLOW);
        h.account(9);
        h.deposit(9, BASE, LOT - 1);
        h.rejects(c.limit(9, 1, MARKET, Side.SELL, 1_000, LOT), RejectReason.INSUFFICIENT_FUNDS);
        h.rejects(c.swap(2, 1, MARKET, Side.BUY, 100, 0), RejectReason.UNKNOWN_POOL);

        h.ok(c.limit(2, 1, MARKET, Side.BUY, 900, LOT));
        h.rejects(c.limit(2, 1, MARKET, Side.BUY, 900, LOT), RejectReason.DUPLICATE_CLIENT_ORDER_ID);
    }

    @Test
    void malformedEnumsAndFramesAreRejectedNotThrown()
    {
        final int length = c.limit(2, 1, MARKET, Side.BUY, 1_000, LOT);
        final org.agrona.MutableDirectBuffer buffer = (org.agrona.MutableDirectBuffer)c.buffer();
        final int sideOffset = MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.sideEncodingOffset();
        buffer.putByte(sideOffset, (byte)7);
        h.rejects(length, RejectReason.INVALID_ORDER_TYPE);
        h.rejects(length - 3, RejectReason.MALFORMED);
        h.rejects(4, RejectReason.MALFORMED);
    }

    @Test
    void adminCommandsFromAnyoneButTheOperatorAreRefused()
    {
        h.rejects(c.addAsset(1, 9, "X", 6, 18, address(9)), RejectReason.NOT_OPERATOR);
        h.rejects(c.addMarket(1, 9, BASE, QUOTE, 1, 1, 1, 10, 0, 0), RejectReason.NOT_OPERATOR);
        h.rejects(c.createPool(1, MARKET, 30, false), RejectReason.NOT_OPERATOR);
        h.rejects(c.registerAccount(1, 9, key(9), address(9)), RejectReason.NOT_OPERATOR);
        h.rejects(c.deposit(1, 1, QUOTE, 5, new byte[32]), RejectReason.NOT_OPERATOR);
        h.rejects(c.haltMarket(1, MARKET), RejectReason.NOT_OPERATOR);
        h.rejects(c.resumeMarket(1, MARKET), RejectReason.NOT_OPERATOR);
        h.rejects(c.cutSettlementBatch(1), RejectReason.NOT_OPERATOR);
    }

    @Test
    void adminBadInputIsRejected()
    {
        h.rejects(c.addAsset(OPERATOR, BASE, "B", 6, 18, address(1)), RejectReason.DUPLICATE_ID);
        h.rejects(c.addAsset(OPERATOR, 9, "X", 19, 18, address(9)), RejectReason.INVALID_ARGUMENT);
        h.rejects(c.addMarket(OPERATOR, MARKET, BASE, QUOTE, 1, 1, 1, 10, 0, 0), RejectReason.DUPLICATE_ID);
        h.rejects(c.addMarket(OPERATOR, 9, BASE, 99, 1, 1, 1, 10, 0, 0), RejectReason.UNKNOWN_ASSET);
        h.rejects(c.addMarket(OPERATOR, 9, BASE, BASE, 1, 1, 1, 10, 0, 0), RejectReason.INVALID_ARGUMENT);
        h.rejects(c.addMarket(OPERATOR, 9, BASE, QUOTE, 0, 1, 1, 10, 0, 0), RejectReason.INVALID_QUANTITY);
        h.rejects(c.addMarket(OPERATOR, 9, BASE, QUOTE, 1, 1, 1, 10, 30, 20), RejectReason.INVALID_FEE);
        h.rejects(c.addMarket(OPERATOR, 9, BASE, QUOTE, 1, 1, 1, 10, -30, 20), RejectReason.INVALID_FEE);
        h.rejects(c.createPool(OPERATOR, 77, 30, false), RejectReason.UNKNOWN_MARKET);
        h.rejects(c.createPool(OPERATOR, MARKET, 20_000, false), RejectReason.INVALID_FEE);
        h.rejects(c.registerAccount(OPERATOR, 1, key(1), address(1)), RejectReason.DUPLICATE_ID);
        h.rejects(c.deposit(OPERATOR, 42, QUOTE, 5, new byte[32]), RejectReason.UNKNOWN_ACCOUNT);
        h.rejects(c.deposit(OPERATOR, 1, 99, 5, new byte[32]), RejectReason.UNKNOWN_ASSET);
        h.rejects(c.deposit(OPERATOR, 1, QUOTE, 0, new byte[32]), RejectReason.INVALID_AMOUNT);
        h.rejects(c.deposit(OPERATOR, 1, QUOTE, Long.MAX_VALUE, new byte[32]), RejectReason.OVERFLOW);
        h.rejects(c.haltMarket(OPERATOR, 77), RejectReason.UNKNOWN_MARKET);
    }

    @Test
    void aSettlementBatchCarriesTheNetDeltasSortedAndTheNextStartsEmpty()
    {
        h.ok(c.limit(1, 1, MARKET, Side.SELL, 1_000, LOT));
        h.ok(c.limit(2, 2, MARKET, Side.BUY, 1_000, LOT));
        h.ok(c.withdraw(3, 3, QUOTE, 500));
        h.ok(c.cutSettlementBatch(OPERATOR));

        final SettlementBatchCutDecoder cut = h.first(SettlementBatchCutDecoder.TEMPLATE_ID,
            new SettlementBatchCutDecoder());
        assertEquals(0, cut.batchIndex());
        assertEquals(1, cut.fromSequence());
        assertEquals(h.sequence, cut.toSequence());
        assertEquals(1, cut.tradeCount());
        assertEquals(6, cut.deltaCount(), "fee account's quote, 1 and 2 in both assets, 3's withdrawal");
        assertEquals(6, h.count(SettlementDeltaDecoder.TEMPLATE_ID));
        long previousKey = Long.MIN_VALUE;
        long quoteSum = 0;
        long withdrawn = 0;
        for (int i = 0; i < 6; i++)
        {
            final SettlementDeltaDecoder delta = h.nth(SettlementDeltaDecoder.TEMPLATE_ID, i,
                new SettlementDeltaDecoder());
            final long key = ((long)delta.accountId() << 32) | delta.assetId();
            assertTrue(key > previousKey, "sorted by account, then asset");
            previousKey = key;
            quoteSum += delta.assetId() == QUOTE ? delta.delta() : 0;
            withdrawn += delta.withdrawn();
            if (delta.accountId() == 3)
            {
                assertEquals(0, delta.delta(), "a withdrawal is not a trading delta");
                assertEquals(500, delta.withdrawn());
            }
        }
        assertEquals(0, quoteSum, "trades net to zero, fees included");
        assertEquals(500, withdrawn, "the withdrawal is reported apart, to be paid out");

        h.ok(c.cutSettlementBatch(OPERATOR));
        final SettlementBatchCutDecoder next = h.first(SettlementBatchCutDecoder.TEMPLATE_ID,
            new SettlementBatchCutDecoder());
        assertEquals(1, next.batchIndex());
        assertEquals(0, next.deltaCount());
        assertEquals(cut.toSequence() + 1, next.fromSequence());
    }

    @Test
    void batchesAreCutByCommandCountWhenConfigured()
    {
        final EngineHarness counted = new EngineHarness(new EngineConfig().batchCommands(3));
        counted.standardMarket();
        assertEquals(1, counted.engine.batches().batchIndex(), "three commands, one batch");
    }

    @Test
    void theFeeAccountGetsItsConfiguredChainAddress()
    {
        final byte[] address = EngineConfig.parseAddress("0x00112233445566778899aabbccddeeff00112233");
        final EngineHarness configured = new EngineHarness(new EngineConfig().feeAccountId(5).feeAccountAddress(address));
        assertArrayEquals(address, configured.engine.accounts().get(5).chainAddress());
        assertArrayEquals(new byte[20], configured.engine.accounts().get(OPERATOR).chainAddress());
        assertThrows(IllegalArgumentException.class, () -> EngineConfig.parseAddress("0x1234"));
    }
}
