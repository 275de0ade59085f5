package io.poolbook.gateway.demo;

import io.aeron.Aeron;
import io.aeron.driver.ThreadingMode;
import io.poolbook.client.ClientConfig;
import io.poolbook.client.ClientListener;
import io.poolbook.client.PoolbookClient;
import io.poolbook.client.auth.Ed25519Keys;
import io.poolbook.client.marketdata.BookBuilder;
import io.poolbook.client.marketdata.L2Book;
import io.poolbook.client.marketdata.MarketDataClient;
import io.poolbook.codecs.*;
import io.poolbook.gateway.node.Node;
import io.poolbook.gateway.node.NodeConfig;
import io.poolbook.gateway.pipeline.IdleMode;
import io.poolbook.gateway.telemetry.NodeLog;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The scripted market behind {@code poolbook demo}. Units: WETH and USDC both have 6 engine decimals; the market
 * trades lots of 0.001 WETH priced in USDC engine units per lot, so a price of 3,000,000 is 3,000 USDC per WETH.
 */
final class Demo
{
    private static final int OPERATOR = 0;
    private static final int ALICE = 1;
    private static final int BOB = 2;
    private static final int MAKER = 3;
    private static final int WETH = 1;
    private static final int USDC = 2;
    private static final int MARKET = 1;
    private static final long ONE = 1_000_000;
    private static final long LOT = 1_000;
    private static final long TIMEOUT_MS = 5_000;

    private final PrintStream out;
    private final Path requestedDataDir;
    private final boolean quietNode;
    private final List<Party> parties = new ArrayList<>();
    private final BookBuilder books = new BookBuilder();
    private MarketDataClient marketData;

    private final int liveSeconds;
    private final int liveRate;
    private final Histogram roundTrips = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    private final long[] sentAtNs = new long[1 << 16];
    private long fills;

    Demo(final PrintStream out, final Path dataDir, final boolean quietNode)
    {
        this(out, dataDir, quietNode, 0, 0);
    }

    Demo(final PrintStream out, final Path dataDir, final boolean quietNode, final int liveSeconds, final int liveRate)
    {
        this.out = out;
        this.requestedDataDir = dataDir;
        this.quietNode = quietNode;
        this.liveSeconds = liveSeconds;
        this.liveRate = liveRate;
    }

    /**
     * Runs the demo.
     *
     * @return whether {@code replay verify} passed on what the node wrote (true when the live phase is skipped).
     * @throws IOException if the working folders cannot be made.
     */
    boolean run() throws IOException
    {
        final long startNs = System.nanoTime();
        final Path work = Files.createTempDirectory("poolbook-demo");
        final Path dataDir = null == requestedDataDir ? work.resolve("data") : requestedDataDir;
        final KeyPair operatorKeys = Ed25519Keys.generate();
        final NodeConfig config = new NodeConfig()
            .dataDir(dataDir)
            .aeronDir(work.resolve("aeron").toString())
            .threadingMode(ThreadingMode.SHARED)
            .termLength(64 * 1024)
            .ingressChannel("")
            .ingressIpc(true)
            .marketDataChannel("")
            .marketDataIpc(true)
            .marketDataSnapshotIntervalMs(200)
            .idleMode(IdleMode.BACKOFF)
            .operatorKey(Ed25519Keys.toHex(operatorKeys.getPublic()))
            .driverCustomiser((context) -> context.dirDeleteOnStart(true).dirDeleteOnShutdown(true));

        say("== starting an embedded node (IPC only) with its journal in " + dataDir);
        final Node node = Node.launch(config, new NodeLog(out, quietNode));
        Aeron aeron = null;
        try
        {
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(config.aeronDir()));
            marketData = MarketDataClient.ipc(aeron, config.marketDataStreamId(), books);
            script(aeron, config, operatorKeys);
            if (liveSeconds > 0)
            {
                live(aeron);
            }
        }
        finally
        {
            for (final Party party : parties)
            {
                CloseHelper.quietClose(party.client);
            }
            CloseHelper.quietCloseAll(marketData, aeron);
            say("== stopping the node");
            node.close();
        }
        boolean verified = true;
        if (liveSeconds > 0)
        {
            say("== replay verify " + dataDir);
            final java.io.StringWriter report = new java.io.StringWriter();
            final picocli.CommandLine verify = new picocli.CommandLine(new io.poolbook.replay.audit.ReplayCommand());
            verify.setOut(new java.io.PrintWriter(report, true));
            verify.setErr(new java.io.PrintWriter(report, true));
            verified = 0 == verify.execute("verify", dataDir.toString());
            report.toString().lines().forEach((line) -> say("   " + line));
        }
        if (null == requestedDataDir)
        {
            IoUtil.delete(work.toFile(), true);
        }
        say("== done in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs) + " ms");
        return verified;
    }

    /**
     * The live phase: two market makers requote around the mid while the traders send limit and market orders and
     * swaps, open loop at the given rate; a line of statistics every second, then a summary.
     */
    private void live(final Aeron aeron)
    {
        final Party operator = parties.get(0);
        final Party alice = parties.get(1);
        final Party bob = parties.get(2);
        final Party[] makers = { new Party("mm1", 10, Ed25519Keys.generate()), new Party("mm2", 11, Ed25519Keys.generate()) };
        say("== live: two market makers and two traders for " + liveSeconds + " s at about " + liveRate + " commands/s");
        for (final Party maker : makers)
        {
            step(operator, "register and fund " + maker.name, () ->
                operator.client.registerAccount(maker.accountId, Ed25519Keys.raw(maker.keys.getPublic()),
                    address(maker.accountId)) &&
                operator.client.deposit(maker.accountId, WETH, 1_000 * ONE, reference(40 + maker.accountId)) &&
                operator.client.deposit(maker.accountId, USDC, 3_000_000 * ONE, reference(50 + maker.accountId)));
            maker.client = PoolbookClient.connect(aeron, ClientConfig.ipc(), maker);
            parties.add(maker);
            logon(maker, true);
        }
        step(makers[0], "add 100 WETH and 300,000 USDC to the pool", () ->
            makers[0].client.addLiquidity(1, MARKET, 100 * ONE, 300_000 * ONE, 0));
        for (final Party party : parties)
        {
            party.quiet = true;
        }

        final java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        final long startNs = System.nanoTime();
        final long intervalNs = TimeUnit.SECONDS.toNanos(1) / Math.max(1, liveRate);
        long nextSendNs = startNs;
        long nextReportNs = startNs + TimeUnit.SECONDS.toNanos(1);
        long clientId = 1_000;
        long sent = 0;
        long sentLastSecond = 0;
        long fillsLastSecond = 0;
        final long endNs = startNs + TimeUnit.SECONDS.toNanos(liveSeconds);
        final Histogram second = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        while (System.nanoTime() < endNs)
        {
            final long now = System.nanoTime();
            while (nextSendNs <= now)
            {
                final long id = ++clientId;
                sentAtNs[(int)id & (sentAtNs.length - 1)] = nextSendNs;
                final long mid = 3_000 + (random.nextInt(21) - 10);
                final int kind = random.nextInt(100);
                if (kind < 40)
                {
                    final Party maker = makers[random.nextInt(2)];
                    maker.client.quote(id, MARKET, price(mid - 1 - random.nextInt(3)), ONE,
                        price(mid + 1 + random.nextInt(3)), ONE);
                }
                else if (kind < 75)
                {
                    final Party trader = random.nextBoolean() ? alice : bob;
                    final boolean buy = random.nextBoolean();
                    trader.client.newOrder(id, MARKET, buy ? Side.BUY : Side.SELL, OrderType.LIMIT, TimeInForce.IOC,
                        SelfTradePrevention.CANCEL_TAKER, price(buy ? mid + 2 : mid - 2), LOT * (1 + random.nextInt(50)),
                        0);
                }
                else if (kind < 90)
                {
                    final Party trader = random.nextBoolean() ? alice : bob;
                    final boolean buy = random.nextBoolean();
                    trader.client.newOrder(id, MARKET, buy ? Side.BUY : Side.SELL, OrderType.MARKET, TimeInForce.IOC,
                        SelfTradePrevention.CANCEL_TAKER, price(buy ? mid + 20 : mid - 20),
                        LOT * (1 + random.nextInt(20)), 0);
                }
                else
                {
                    final Party trader = random.nextBoolean() ? alice : bob;
                    final boolean buy = random.nextBoolean();
                    trader.client.swap(id, MARKET, buy ? Side.BUY : Side.SELL, buy ? 300 * ONE / 1_000 : ONE / 10, 0);
                }
                sent++;
                nextSendNs += intervalNs;
            }
            int work = marketData.poll();
            for (final Party party : parties)
            {
                work += party.client.poll();
            }
            if (now >= nextReportNs)
            {
                second.add(roundTrips);
                say(String.format("   t=%ds  %,d commands/s  %,d fills  round trip p50 %,d us  p99 %,d us  " +
                    "pool %s  book mid %s", TimeUnit.NANOSECONDS.toSeconds(now - startNs), sent - sentLastSecond,
                    fills - fillsLastSecond, roundTrips.getValueAtPercentile(50) / 1_000,
                    roundTrips.getValueAtPercentile(99) / 1_000, poolPrice(), bookMid()));
                sentLastSecond = sent;
                fillsLastSecond = fills;
                roundTrips.reset();
                nextReportNs += TimeUnit.SECONDS.toNanos(1);
            }
            if (0 == work)
            {
                Thread.yield();
            }
        }
        await(() -> parties.stream().allMatch((party) -> party.quietFor(200)), 5_000);
        second.add(roundTrips);
        say(String.format("== live summary: %,d commands in %d s, %,d fills, round trip p50 %,d us, p99 %,d us, " +
            "max %,d us (open loop, from the intended send time)", sent, liveSeconds, fills,
            second.getValueAtPercentile(50) / 1_000, second.getValueAtPercentile(99) / 1_000,
            second.getMaxValue() / 1_000));
    }

    /** A response to a command sent in the live phase: record its round trip from the intended send time. */
    private void onLiveResponse(final long clientId)
    {
        if (clientId > 1_000)
        {
            final long sentAt = sentAtNs[(int)clientId & (sentAtNs.length - 1)];
            if (sentAt > 0)
            {
                roundTrips.recordValue(Math.min(System.nanoTime() - sentAt, roundTrips.getHighestTrackableValue()));
                sentAtNs[(int)clientId & (sentAtNs.length - 1)] = 0;
            }
        }
    }

    private String poolPrice()
    {
        final long base = books.poolBaseReserve(MARKET);
        return base > 0 ? String.format("%.1f", (double)books.poolQuoteReserve(MARKET) / base) : "-";
    }

    private String bookMid()
    {
        final L2Book book = books.book(MARKET, true);
        final long bid = book.bestBid();
        final long ask = book.bestAsk();
        return bid > 0 && ask > 0 ? String.format("%.1f", (bid + ask) / 2.0 / LOT) : "-";
    }

    private void script(final Aeron aeron, final NodeConfig config, final KeyPair operatorKeys)
    {
        final Party operator = connect(aeron, "operator", OPERATOR, operatorKeys);
        logon(operator, false);

        say("== the operator sets up assets, a market, its pool and three accounts");
        final Party alice = new Party("alice", ALICE, Ed25519Keys.generate());
        final Party bob = new Party("bob", BOB, Ed25519Keys.generate());
        final Party maker = new Party("maker", MAKER, Ed25519Keys.generate());
        step(operator, "add asset WETH", () -> operator.client.addAsset(WETH, "WETH", 6, 18, address(0xE1)));
        step(operator, "add asset USDC", () -> operator.client.addAsset(USDC, "USDC", 6, 6, address(0xC1)));
        step(operator, "add market WETH/USDC, lot 0.001 WETH, tick 1 USDC/WETH, fees 0/10 bps", () ->
            operator.client.addMarket(MARKET, WETH, USDC, LOT, LOT, LOT, 1_000 * ONE, 0, 10));
        step(operator, "create a pool for the market, fee 30 bps", () -> operator.client.createPool(MARKET, 30, false));
        for (final Party party : new Party[]{ alice, bob, maker })
        {
            step(operator, "register account " + party.accountId + " (" + party.name + ")", () ->
                operator.client.registerAccount(party.accountId, Ed25519Keys.raw(party.keys.getPublic()),
                    address(party.accountId)));
        }
        step(operator, "deposit 10 WETH and 50,000 USDC to alice and bob, 100 WETH and 400,000 USDC to the maker", () ->
            operator.client.deposit(ALICE, WETH, 10 * ONE, reference(1)) &&
            operator.client.deposit(ALICE, USDC, 50_000 * ONE, reference(2)) &&
            operator.client.deposit(BOB, WETH, 10 * ONE, reference(3)) &&
            operator.client.deposit(BOB, USDC, 50_000 * ONE, reference(4)) &&
            operator.client.deposit(MAKER, WETH, 100 * ONE, reference(5)) &&
            operator.client.deposit(MAKER, USDC, 400_000 * ONE, reference(6)));

        say("== the traders and the market maker log on (Ed25519 over account and nonce)");
        for (final Party party : new Party[]{ alice, bob, maker })
        {
            party.client = PoolbookClient.connect(aeron, ClientConfig.ipc(), party);
            parties.add(party);
            logon(party, party == maker);
        }

        say("== the maker adds 50 WETH and 150,000 USDC to the pool (3,000 USDC per WETH) and quotes 2,990 / 3,010");
        step(maker, "add liquidity", () -> maker.client.addLiquidity(1, MARKET, 50 * ONE, 150_000 * ONE, 0));
        step(maker, "quote 2 WETH each side", () ->
            maker.client.quote(2, MARKET, price(2_990), 2 * ONE, price(3_010), 2 * ONE));

        say("== alice offers 1 WETH at 3,000; bob buys 1 WETH at 3,000: they cross");
        step(alice, "limit sell 1 WETH @ 3,000", () -> alice.client.limit(11, MARKET, Side.SELL, price(3_000), ONE));
        step(bob, "limit buy 1 WETH @ 3,000", () -> bob.client.limit(21, MARKET, Side.BUY, price(3_000), ONE));
        settle(alice);

        say("== bob swaps 0.5 WETH for USDC against the pool, at least 1,400 USDC out");
        step(bob, "swap sell 0.5 WETH", () -> bob.client.swap(22, MARKET, Side.SELL, ONE / 2, 1_400 * ONE));

        say("== bob sends an order for alice's account: the gateway refuses it before the engine");
        final byte[] scratch = new byte[128];
        final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(scratch);
        final int length = new CommandWriter(buffer, 0).limit(ALICE, 99, MARKET, Side.BUY, price(1), LOT);
        step(bob, "order as account 1", () -> bob.client.send(buffer, 0, length));

        say("== the maker disconnects; cancel-on-disconnect cancels its quote");
        maker.client.close();
        parties.remove(maker);
        await(() -> books.isLive(MARKET) && books.book(MARKET, true).quantityAt(Side.BUY, price(2_990)) == 0, 3_000);

        awaitSnapshot();
        final L2Book book = books.book(MARKET, true);
        say("== market data (book builder from the feed, live=" + books.isLive(MARKET) + ", " + books.gaps() +
            " gaps): " + describe(book));
        say("   pool reserves " + units(books.poolBaseReserve(MARKET)) + " WETH / " +
            units(books.poolQuoteReserve(MARKET)) + " USDC, feed sequence " + books.lastFeedSequence());
        for (final Party party : new Party[]{ alice, bob })
        {
            say("   " + party.name + " holds " + units(party.available[WETH]) + " WETH (+" +
                units(party.locked[WETH]) + " locked), " + units(party.available[USDC]) + " USDC (+" +
                units(party.locked[USDC]) + " locked)");
        }
    }

    private Party connect(final Aeron aeron, final String name, final int accountId, final KeyPair keys)
    {
        final Party party = new Party(name, accountId, keys);
        party.client = PoolbookClient.connect(aeron, ClientConfig.ipc(), party);
        parties.add(party);
        return party;
    }

    private void logon(final Party party, final boolean cancelOnDisconnect)
    {
        say(party.name + " logs on as account " + party.accountId +
            (cancelOnDisconnect ? " with cancel-on-disconnect" : ""));
        if (!party.client.logon(party.accountId, party.keys.getPrivate(), cancelOnDisconnect))
        {
            throw new IllegalStateException(party.name + " could not send its logon: the node back-pressured");
        }
        if (!party.client.awaitLogon(TIMEOUT_MS))
        {
            throw new IllegalStateException(party.name + " could not log on: " + party.client.logonReason());
        }
    }

    private void step(final Party party, final String what, final BooleanSupplier send)
    {
        say(party.name + " > " + what);
        final long before = party.responses;
        if (!send.getAsBoolean())
        {
            throw new IllegalStateException(party.name + " could not send: " + what);
        }
        await(() -> party.responses > before && party.quietFor(50), TIMEOUT_MS);
    }

    private void settle(final Party party)
    {
        await(() -> party.quietFor(100), 1_000);
    }

    private void awaitSnapshot()
    {
        final long seen = books.lastFeedSequence();
        await(() -> books.isLive(MARKET) && books.lastFeedSequence() >= seen, 2_000);
    }

    private void await(final BooleanSupplier condition, final long timeoutMs)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("timed out waiting for the node");
            }
            int work = marketData.poll();
            for (final Party party : parties)
            {
                work += party.client.poll();
            }
            if (0 == work)
            {
                Thread.yield();
            }
        }
    }

    private void say(final String line)
    {
        out.println(line);
    }

    private static long price(final long usdcPerWeth)
    {
        return usdcPerWeth * LOT;
    }

    private static String units(final long amount)
    {
        return String.format("%,.3f", amount / (double)ONE);
    }

    private static String describe(final L2Book book)
    {
        final StringBuilder text = new StringBuilder("bids");
        for (int i = 0; i < book.depth(Side.BUY); i++)
        {
            text.append(' ').append(units(book.quantity(Side.BUY, i))).append(" @ ").append(book.price(Side.BUY, i) / LOT);
        }
        text.append(" | asks");
        for (int i = 0; i < book.depth(Side.SELL); i++)
        {
            text.append(' ').append(units(book.quantity(Side.SELL, i))).append(" @ ").append(book.price(Side.SELL, i) / LOT);
        }
        return text.toString();
    }

    private static String commandName(final int templateId)
    {
        switch (templateId)
        {
            case AddAssetDecoder.TEMPLATE_ID:
                return "AddAsset";
            case AddMarketDecoder.TEMPLATE_ID:
                return "AddMarket";
            case CreatePoolDecoder.TEMPLATE_ID:
                return "CreatePool";
            case RegisterAccountDecoder.TEMPLATE_ID:
                return "RegisterAccount";
            case DepositDecoder.TEMPLATE_ID:
                return "Deposit for account";
            case NewOrderDecoder.TEMPLATE_ID:
                return "NewOrder";
            case MassCancelDecoder.TEMPLATE_ID:
                return "MassCancel";
            default:
                return "template " + templateId;
        }
    }

    private static byte[] address(final int seed)
    {
        final byte[] address = new byte[20];
        address[19] = (byte)seed;
        address[0] = (byte)0xA0;
        return address;
    }

    private static byte[] reference(final int seed)
    {
        final byte[] reference = new byte[32];
        reference[31] = (byte)seed;
        return reference;
    }

    /** One demo client: prints every response in a line of its own and keeps its balances. */
    private final class Party implements ClientListener
    {
        final String name;
        final int accountId;
        final KeyPair keys;
        final long[] available = new long[3];
        final long[] locked = new long[3];
        PoolbookClient client;
        boolean quiet;
        long responses;
        long lastResponseNs = System.nanoTime();

        Party(final String name, final int accountId, final KeyPair keys)
        {
            this.name = name;
            this.accountId = accountId;
            this.keys = keys;
        }

        boolean quietFor(final long ms)
        {
            return System.nanoTime() - lastResponseNs > TimeUnit.MILLISECONDS.toNanos(ms);
        }

        private void print(final String line)
        {
            responses++;
            lastResponseNs = System.nanoTime();
            if (!quiet)
            {
                say("    " + name + " < " + line);
            }
        }

        public void onLogonResponse(final LogonResponseDecoder response)
        {
            print("logon " + response.status() + (response.status() == LogonStatus.ACCEPTED ?
                ", session " + response.sessionId() + ", heartbeat " + response.heartbeatIntervalMs() + " ms" :
                ": " + response.reason()));
        }

        public void onSessionReject(final SessionRejectDecoder reject)
        {
            print(commandName(reject.refTemplateId()) + " refused by the gateway: " + reject.reason());
        }

        public void onLogout(final LogoutDecoder logout)
        {
            print("logged out: " + logout.reason());
        }

        public void onOrderAccepted(final OrderAcceptedDecoder event)
        {
            onLiveResponse(event.clientOrderId());
            print("order " + event.orderId() + " accepted: " + event.side() + " " + units(event.quantity()) +
                " @ " + event.price() / LOT);
        }

        public void onCommandRejected(final CommandRejectedDecoder event)
        {
            onLiveResponse(event.clientId());
            print(commandName(event.refTemplateId()) + " rejected: " + event.reason());
        }

        public void onFill(final FillDecoder event)
        {
            fills++;
            print("fill " + event.side() + " " + units(event.quantity()) + " WETH @ " + event.price() / LOT +
                " as " + event.liquidity() + ", fee " + units(event.fee()) + " USDC, leaves " +
                units(event.leavesQuantity()));
        }

        public void onOrderCancelled(final OrderCancelledDecoder event)
        {
            print("order " + event.orderId() + " cancelled (" + event.reason() + "), " +
                units(event.cancelledQuantity()) + " WETH");
        }

        public void onOrderExpired(final OrderExpiredDecoder event)
        {
            print("order " + event.orderId() + " expired, " + units(event.expiredQuantity()) + " WETH unfilled");
        }

        public void onSwapDone(final SwapDoneDecoder event)
        {
            onLiveResponse(event.clientOrderId());
            print("swap " + event.side() + ": paid " + units(event.amountIn()) + ", received " +
                units(event.amountOut()) + " (pool fee " + units(event.poolFee()) + ")");
        }

        public void onLiquidityAdded(final LiquidityAddedDecoder event)
        {
            print("liquidity added: " + units(event.baseAmount()) + " WETH + " + units(event.quoteAmount()) +
                " USDC for " + event.shares() + " shares");
        }

        public void onBalanceChanged(final BalanceChangedDecoder event)
        {
            final int asset = event.assetId();
            if (asset > 0 && asset < available.length)
            {
                available[asset] = event.available();
                locked[asset] = event.locked();
            }
            print("balance " + (asset == WETH ? "WETH" : asset == USDC ? "USDC" : "LP shares") + ": " +
                units(event.available()) + " available, " + units(event.locked()) + " locked");
        }

        public void onCommandAccepted(final CommandAcceptedDecoder event)
        {
            print(commandName(event.refTemplateId()) + " " + event.clientId() + " accepted");
        }

        public void onAccountRegistered(final AccountRegisteredDecoder event)
        {
            print("account " + event.accountId() + " registered");
        }

        public void onMarketStatusChanged(final MarketStatusChangedDecoder event)
        {
            print("market " + event.marketId() + " " + event.status());
        }
    }
}
