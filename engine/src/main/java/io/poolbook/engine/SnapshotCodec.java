package io.poolbook.engine;

import io.poolbook.amm.ConstantProductPool;
import io.poolbook.engine.account.Account;
import io.poolbook.engine.account.Accounts;
import io.poolbook.engine.account.Asset;
import io.poolbook.engine.account.Assets;
import io.poolbook.engine.market.Market;
import io.poolbook.engine.market.OpenOrders;
import io.poolbook.engine.market.OrderRecord;
import io.poolbook.engine.market.Trading;
import io.poolbook.orderbook.OrderBook;
import io.poolbook.orderbook.OrderView;
import io.poolbook.orderbook.SelfTradePrevention;
import io.poolbook.orderbook.Side;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Writes the whole engine state to bytes and reads it back. The layout is canonical: everything is written in
 * registration or priority order, never hash order, so equal states give equal bytes, and
 * {@link #stateHash(Engine)} is a hash of those bytes. Restoring into a fresh engine with the same configuration,
 * then feeding it the rest of the input, gives exactly the events and hash of an uninterrupted run.
 * <p>
 * Layout (little-endian): magic, format version, configuration, counters, the open settlement batch, assets,
 * accounts with balances, markets with their pools, every live order in its account's order, then each book's
 * resting orders in priority order.
 */
public final class SnapshotCodec
{
    /** "PBSNAP01" */
    public static final long MAGIC = 0x3130_5041_4E53_4250L;
    public static final int FORMAT_VERSION = 1;

    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(64 * 1024);
    private final OrderView orderView = new OrderView();
    private final byte[] symbolBytes = new byte[16];
    private int position;
    private Engine engine;
    private Market market;
    private Side side;

    /**
     * Writes the engine's state.
     *
     * @param engine to snapshot.
     * @return the buffer holding the snapshot from offset 0; valid until the next call.
     */
    public DirectBuffer write(final Engine engine)
    {
        this.engine = engine;
        position = 0;
        putLong(MAGIC);
        putInt(FORMAT_VERSION);

        final EngineConfig config = engine.config();
        putInt(config.operatorAccountId());
        putInt(config.feeAccountId());

        final Trading trading = engine.trading();
        putLong(engine.lastSequence());
        putLong(trading.lastOrderId());
        putLong(trading.lastTradeId());
        putLong(engine.events().feedSequence());

        final SettlementBatches batches = engine.batches();
        putLong(batches.batchIndex());
        putLong(batches.fromSequence());
        putLong(batches.startTimestamp());
        putLong(batches.commandsInBatch());
        putLong(batches.tradeIdAtStart());
        final int countsAt = position;
        putInt(0);
        putInt(0);
        final int deltaCount = engine.ledger().forEachBatchDelta(this::putAccountDelta);
        final int poolDeltaCount = engine.ledger().forEachBatchPoolDelta(this::putDelta);
        buffer.putInt(countsAt, deltaCount, LITTLE_ENDIAN);
        buffer.putInt(countsAt + 4, poolDeltaCount, LITTLE_ENDIAN);

        final Assets assets = engine.assets();
        putInt(assets.size());
        for (int i = 0; i < assets.size(); i++)
        {
            final Asset asset = assets.atIndex(i);
            putInt(asset.id());
            putSymbol(asset.symbol());
            putInt(asset.engineScale());
            putInt(asset.chainDecimals());
            putBytes(asset.tokenAddress());
            putInt(asset.poolMarketId());
            putLong(asset.supply());
        }

        final Accounts accounts = engine.accounts();
        putInt(accounts.size());
        for (int i = 0; i < accounts.size(); i++)
        {
            final Account account = accounts.atIndex(i);
            putInt(account.id());
            putBytes(account.publicKey());
            putBytes(account.chainAddress());
            for (int a = 0; a < assets.size(); a++)
            {
                putLong(account.available(a));
                putLong(account.locked(a));
            }
        }

        putInt(engine.markets().size());
        for (int i = 0; i < engine.markets().size(); i++)
        {
            final Market market = engine.markets().atIndex(i);
            putInt(market.id());
            putInt(market.base().id());
            putInt(market.quote().id());
            putLong(market.tickSize());
            putLong(market.lotSize());
            putLong(market.minQuantity());
            putLong(market.maxQuantity());
            putInt(market.makerFeeBps());
            putInt(market.takerFeeBps());
            putInt(market.isHalted() ? 1 : 0);
            final ConstantProductPool pool = market.pool();
            putInt(null == pool ? 0 : 1);
            if (null != pool)
            {
                putLong(pool.baseReserve());
                putLong(pool.quoteReserve());
                putLong(pool.totalShares());
                putInt(pool.feeBasisPoints());
                putInt(pool.protocolFeeOn() ? 1 : 0);
                putLong(pool.rootKLast());
                putLong(pool.protocolSharesAccrued());
            }
        }

        final OpenOrders orders = trading.orders();
        putInt(orders.size());
        for (int i = 0; i < accounts.size(); i++)
        {
            for (OrderRecord record = orders.first(i); null != record; record = orders.next(record))
            {
                putInt(i);
                putInt(record.marketId());
                putLong(record.orderId());
                putLong(record.clientOrderId());
                putInt(record.isBuy() ? 1 : 0);
                putLong(record.locked());
                putLong(record.filledQuantity());
                putInt(record.isQuote() ? 1 : 0);
            }
        }

        for (int i = 0; i < engine.markets().size(); i++)
        {
            market = engine.markets().atIndex(i);
            final OrderBook book = market.book();
            putInt(book.orderCount());
            for (final Side side : SIDES)
            {
                this.side = side;
                book.forEachLevel(side, Integer.MAX_VALUE, this::onLevel);
            }
        }

        this.engine = null;
        this.market = null;
        return buffer;
    }

    /** Length of the last snapshot written. */
    public int length()
    {
        return position;
    }

    /**
     * A 64-bit hash of the engine's whole state: equal for equal states, cheap enough for every settlement
     * batch. Not cryptographic; tamper evidence is the journal's hash chain.
     *
     * @param engine to hash.
     * @return the hash.
     */
    public long stateHash(final Engine engine)
    {
        final DirectBuffer bytes = write(engine);
        return hash(bytes, 0, position);
    }

    /**
     * Hashes bytes with a 64-bit multiply-xorshift mix, eight bytes at a time.
     *
     * @return the hash.
     */
    public static long hash(final DirectBuffer bytes, final int offset, final int length)
    {
        long h = 0x243F_6A88_85A3_08D3L ^ length;
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            h = mix(h ^ bytes.getLong(offset + i, LITTLE_ENDIAN));
        }
        long tail = 0;
        for (int shift = 0; i < length; i++, shift += 8)
        {
            tail |= (bytes.getByte(offset + i) & 0xFFL) << shift;
        }
        return mix(mix(h ^ tail) ^ length);
    }

    private static long mix(final long value)
    {
        long h = value * 0x9E37_79B9_7F4A_7C15L;
        h ^= h >>> 32;
        h *= 0xD6E8_FEB8_6659_FD93L;
        h ^= h >>> 32;
        return h;
    }

    /**
     * Restores a snapshot into a fresh engine (one that has processed no command) with the same configuration.
     *
     * @param engine to restore into.
     * @param bytes  holding the snapshot.
     * @param offset of its first byte.
     * @param length of the snapshot.
     * @throws IllegalArgumentException if the snapshot is not one this format reads, or for another configuration.
     */
    public static void read(final Engine engine, final DirectBuffer bytes, final int offset, final int length)
    {
        final Reader in = new Reader(bytes, offset, length);
        if (in.getLong() != MAGIC || in.getInt() != FORMAT_VERSION)
        {
            throw new IllegalArgumentException("not a Poolbook engine snapshot of format " + FORMAT_VERSION);
        }
        final EngineConfig config = engine.config();
        if (in.getInt() != config.operatorAccountId() || in.getInt() != config.feeAccountId())
        {
            throw new IllegalArgumentException("snapshot was taken under another operator or fee account");
        }
        if (engine.lastSequence() != 0)
        {
            throw new IllegalStateException("restore needs a fresh engine");
        }

        final long lastSequence = in.getLong();
        final long lastOrderId = in.getLong();
        final long lastTradeId = in.getLong();
        final long feedSequence = in.getLong();
        engine.restoreLastSequence(lastSequence);
        engine.trading().restoreCounters(lastOrderId, lastTradeId);
        engine.events().feedSequence(feedSequence);

        final long batchIndex = in.getLong();
        final long fromSequence = in.getLong();
        final long startTimestamp = in.getLong();
        final long commandsInBatch = in.getLong();
        final long tradeIdAtStart = in.getLong();
        engine.batches().restore(batchIndex, fromSequence, startTimestamp, commandsInBatch, tradeIdAtStart);
        final int deltaCount = in.getInt();
        final int poolDeltaCount = in.getInt();
        for (int i = 0; i < deltaCount; i++)
        {
            engine.ledger().restoreBatchDelta(in.getInt(), in.getInt(), in.getLong(), in.getLong());
        }
        for (int i = 0; i < poolDeltaCount; i++)
        {
            engine.ledger().restoreBatchPoolDelta(in.getInt(), in.getInt(), in.getLong());
        }

        final Assets assets = engine.assets();
        final int assetCount = in.getInt();
        for (int i = 0; i < assetCount; i++)
        {
            final int id = in.getInt();
            final String symbol = in.getSymbol();
            final int engineScale = in.getInt();
            final int chainDecimals = in.getInt();
            final byte[] address = in.getBytes(20);
            final int poolMarketId = in.getInt();
            assets.restore(id, symbol, engineScale, chainDecimals, address, poolMarketId, in.getLong());
        }

        final Accounts accounts = engine.accounts();
        accounts.clear();
        final int accountCount = in.getInt();
        for (int i = 0; i < accountCount; i++)
        {
            final Account account = accounts.register(in.getInt(), in.getBytes(32), in.getBytes(20), assetCount);
            for (int a = 0; a < assetCount; a++)
            {
                final long available = in.getLong();
                Accounts.restoreBalance(account, a, available, in.getLong());
            }
        }

        final int marketCount = in.getInt();
        for (int i = 0; i < marketCount; i++)
        {
            final Market market = new Market(
                in.getInt(),
                assets.get(in.getInt()),
                assets.get(in.getInt()),
                in.getLong(),
                in.getLong(),
                in.getLong(),
                in.getLong(),
                in.getInt(),
                in.getInt(),
                engine.trading().bookListener(),
                engine.trading().orderStore());
            market.halted(in.getInt() == 1);
            if (in.getInt() == 1)
            {
                final ConstantProductPool pool = new ConstantProductPool();
                final long baseReserve = in.getLong();
                final long quoteReserve = in.getLong();
                final long totalShares = in.getLong();
                final int feeBps = in.getInt();
                final boolean protocolFeeOn = in.getInt() == 1;
                final long rootKLast = in.getLong();
                final long protocolShares = in.getLong();
                final int status = pool.restore(baseReserve, quoteReserve, totalShares, feeBps, protocolFeeOn,
                    rootKLast, protocolShares);
                if (status != 0)
                {
                    throw new IllegalArgumentException("snapshot holds an invalid pool for market " + market.id());
                }
                market.pool(pool, assets.get(Assets.poolShareId(market.id())));
            }
            engine.markets().add(market);
        }

        final int orderCount = in.getInt();
        for (int i = 0; i < orderCount; i++)
        {
            final Account account = accounts.atIndex(in.getInt());
            final int marketId = in.getInt();
            final long orderId = in.getLong();
            final long clientOrderId = in.getLong();
            final boolean buy = in.getInt() == 1;
            final long locked = in.getLong();
            final long filledQuantity = in.getLong();
            engine.trading().restoreOrder(account, marketId, orderId, clientOrderId, buy, locked, filledQuantity,
                in.getInt() == 1);
        }

        for (int i = 0; i < marketCount; i++)
        {
            final Market market = engine.markets().atIndex(i);
            final int resting = in.getInt();
            for (int r = 0; r < resting; r++)
            {
                final long orderId = in.getLong();
                final long price = in.getLong();
                final long leaves = in.getLong();
                engine.trading().restoreRest(market, orderId, price, leaves, SelfTradePrevention.values()[in.getInt()]);
            }
        }
        if (in.position != offset + length)
        {
            throw new IllegalArgumentException("snapshot has " + (offset + length - in.position) + " bytes left over");
        }
    }

    private static final Side[] SIDES = { Side.BUY, Side.SELL };

    private void onLevel(final Side side, final long price, final long totalQuantity, final int orderCount)
    {
        market.book().forEachOrderAtLevel(side, price, this::onOrder);
    }

    private void onOrder(final long orderId, final int accountId, final long leavesQuantity)
    {
        market.book().readOrder(orderId, orderView);
        putLong(orderId);
        putLong(orderView.price());
        putLong(leavesQuantity);
        putInt(orderView.selfTradePrevention().ordinal());
    }

    private void putAccountDelta(final int accountId, final int assetId, final long delta, final long withdrawn)
    {
        putInt(accountId);
        putInt(assetId);
        putLong(delta);
        putLong(withdrawn);
    }

    private void putDelta(final int owner, final int assetOrComponent, final long delta)
    {
        putInt(owner);
        putInt(assetOrComponent);
        putLong(delta);
    }

    private void putLong(final long value)
    {
        buffer.putLong(position, value, LITTLE_ENDIAN);
        position += 8;
    }

    private void putInt(final int value)
    {
        buffer.putInt(position, value, LITTLE_ENDIAN);
        position += 4;
    }

    private void putBytes(final byte[] bytes)
    {
        buffer.putBytes(position, bytes);
        position += bytes.length;
    }

    private void putSymbol(final String symbol)
    {
        java.util.Arrays.fill(symbolBytes, (byte)0);
        final byte[] encoded = symbol.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(encoded, 0, symbolBytes, 0, Math.min(encoded.length, symbolBytes.length));
        putBytes(symbolBytes);
    }

    /** Bounds-checked reads of a snapshot, so a damaged one fails with a clear message. */
    private static final class Reader
    {
        private final DirectBuffer bytes;
        private final int end;
        private int position;

        Reader(final DirectBuffer bytes, final int offset, final int length)
        {
            this.bytes = bytes;
            this.position = offset;
            this.end = offset + length;
        }

        private void need(final int count)
        {
            if (position + count > end)
            {
                throw new IllegalArgumentException("snapshot truncated at byte " + position);
            }
        }

        long getLong()
        {
            need(8);
            final long value = bytes.getLong(position, LITTLE_ENDIAN);
            position += 8;
            return value;
        }

        int getInt()
        {
            need(4);
            final int value = bytes.getInt(position, LITTLE_ENDIAN);
            position += 4;
            return value;
        }

        byte[] getBytes(final int count)
        {
            need(count);
            final byte[] value = new byte[count];
            bytes.getBytes(position, value);
            position += count;
            return value;
        }

        String getSymbol()
        {
            final byte[] raw = getBytes(16);
            int length = 0;
            while (length < raw.length && raw[length] != 0)
            {
                length++;
            }
            return new String(raw, 0, length, StandardCharsets.US_ASCII);
        }
    }
}
