package io.poolbook.engine;

import io.poolbook.codecs.*;
import io.poolbook.engine.account.Account;
import io.poolbook.engine.account.Asset;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Drives an engine command by command the way the node does (sequence and time stamped per command) and keeps
 * the events of the last command, decoded on demand.
 */
final class EngineHarness
{
    static final int OPERATOR = 0;
    static final int BASE = 1;
    static final int QUOTE = 2;
    static final int MARKET = 1;
    static final long TICK = 10;
    static final long LOT = 100;

    final Engine engine;
    final CommandWriter commands = new CommandWriter();
    final List<byte[]> lastEvents = new ArrayList<>();
    final ByteArrayOutputStream allEvents = new ByteArrayOutputStream();
    long sequence;
    long timestamp = 1_000_000_000L;

    EngineHarness()
    {
        this(new EngineConfig().operatorAccountId(OPERATOR).feeAccountId(OPERATOR));
    }

    EngineHarness(final EngineConfig config)
    {
        engine = new Engine(config, this::onEvent);
    }

    private void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        lastEvents.add(bytes);
        allEvents.write(bytes, 0, length);
    }

    /** Sends the command just written to {@link #commands}; returns this for chaining assertions. */
    EngineHarness send(final int length)
    {
        lastEvents.clear();
        engine.onCommand(++sequence, timestamp += 1_000, 1, commands.buffer(), commands.offset(), length);
        return this;
    }

    /** Sends and asserts the command was accepted (no CommandRejected). */
    EngineHarness ok(final int length)
    {
        send(length);
        final CommandRejectedDecoder rejected = firstOrNull(CommandRejectedDecoder.TEMPLATE_ID, new CommandRejectedDecoder());
        assertNull(rejected, () -> "rejected: " + rejected);
        return this;
    }

    /** Sends and asserts the command was rejected with this reason and produced no other event. */
    void rejects(final int length, final RejectReason reason)
    {
        final byte[] before = businessState();
        send(length);
        assertEquals(1, lastEvents.size(), () -> "only the reject: " + describe());
        final CommandRejectedDecoder rejected = first(CommandRejectedDecoder.TEMPLATE_ID, new CommandRejectedDecoder());
        assertEquals(reason, rejected.reason(), this::describe);
        assertArrayEquals(before, businessState(), "a rejected command changes nothing");
    }

    /** The engine's snapshot less the command counters (last sequence, commands in the open batch). */
    byte[] businessState()
    {
        final DirectBuffer snapshot = engine.snapshot();
        final byte[] bytes = new byte[engine.snapshotLength()];
        snapshot.getBytes(0, bytes);
        java.util.Arrays.fill(bytes, 20, 28, (byte)0);
        java.util.Arrays.fill(bytes, 68, 84, (byte)0);
        return bytes;
    }

    int count(final int templateId)
    {
        int count = 0;
        for (final byte[] event : lastEvents)
        {
            if (templateIdOf(event) == templateId)
            {
                count++;
            }
        }
        return count;
    }

    <T extends org.agrona.sbe.MessageDecoderFlyweight> T first(final int templateId, final T decoder)
    {
        final T found = firstOrNull(templateId, decoder);
        assertNotNull(found, () -> "no event " + templateId + " in " + describe());
        return found;
    }

    <T extends org.agrona.sbe.MessageDecoderFlyweight> T nth(final int templateId, final int n, final T decoder)
    {
        int seen = 0;
        for (final byte[] event : lastEvents)
        {
            if (templateIdOf(event) == templateId && seen++ == n)
            {
                return wrap(event, decoder);
            }
        }
        fail("no event " + templateId + " #" + n + " in " + describe());
        return null;
    }

    <T extends org.agrona.sbe.MessageDecoderFlyweight> T firstOrNull(final int templateId, final T decoder)
    {
        for (final byte[] event : lastEvents)
        {
            if (templateIdOf(event) == templateId)
            {
                return wrap(event, decoder);
            }
        }
        return null;
    }

    private static <T extends org.agrona.sbe.MessageDecoderFlyweight> T wrap(final byte[] event, final T decoder)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(event);
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        decoder.wrap(buffer, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(), header.version());
        return decoder;
    }

    static int templateIdOf(final byte[] event)
    {
        return new MessageHeaderDecoder().wrap(new UnsafeBuffer(event), 0).templateId();
    }

    String describe()
    {
        final StringBuilder text = new StringBuilder();
        for (final byte[] event : lastEvents)
        {
            text.append("\n  ").append(decodeToString(event));
        }
        return text.toString();
    }

    static String decodeToString(final byte[] event)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(event);
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        final int body = MessageHeaderDecoder.ENCODED_LENGTH;
        switch (header.templateId())
        {
            case OrderAcceptedDecoder.TEMPLATE_ID:
                return new OrderAcceptedDecoder().wrap(buffer, body, header.blockLength(), 0).toString();
            case CommandRejectedDecoder.TEMPLATE_ID:
                return new CommandRejectedDecoder().wrap(buffer, body, header.blockLength(), 0).toString();
            case FillDecoder.TEMPLATE_ID:
                return new FillDecoder().wrap(buffer, body, header.blockLength(), 0).toString();
            case OrderCancelledDecoder.TEMPLATE_ID:
                return new OrderCancelledDecoder().wrap(buffer, body, header.blockLength(), 0).toString();
            case BalanceChangedDecoder.TEMPLATE_ID:
                return new BalanceChangedDecoder().wrap(buffer, body, header.blockLength(), 0).toString();
            case L2UpdateDecoder.TEMPLATE_ID:
                return new L2UpdateDecoder().wrap(buffer, body, header.blockLength(), 0).toString();
            case PublicTradeDecoder.TEMPLATE_ID:
                return new PublicTradeDecoder().wrap(buffer, body, header.blockLength(), 0).toString();
            case OrderExpiredDecoder.TEMPLATE_ID:
                return new OrderExpiredDecoder().wrap(buffer, body, header.blockLength(), 0).toString();
            case OrderAmendedDecoder.TEMPLATE_ID:
                return new OrderAmendedDecoder().wrap(buffer, body, header.blockLength(), 0).toString();
            case SwapDoneDecoder.TEMPLATE_ID:
                return new SwapDoneDecoder().wrap(buffer, body, header.blockLength(), 0).toString();
            case PoolStateDecoder.TEMPLATE_ID:
                return new PoolStateDecoder().wrap(buffer, body, header.blockLength(), 0).toString();
            default:
                return "template " + header.templateId();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Set-up
    // ---------------------------------------------------------------------------------------------------------

    static byte[] address(final int seed)
    {
        final byte[] address = new byte[20];
        for (int i = 0; i < address.length; i++)
        {
            address[i] = (byte)(seed * 31 + i);
        }
        return address;
    }

    static byte[] key(final int seed)
    {
        final byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++)
        {
            key[i] = (byte)(seed * 17 + i);
        }
        return key;
    }

    EngineHarness asset(final int assetId, final String symbol)
    {
        return ok(commands.addAsset(OPERATOR, assetId, symbol, 6, 18, address(assetId)));
    }

    EngineHarness account(final int accountId)
    {
        return ok(commands.registerAccount(OPERATOR, accountId, key(accountId), address(100 + accountId)));
    }

    EngineHarness deposit(final int accountId, final int assetId, final long amount)
    {
        return ok(commands.deposit(OPERATOR, accountId, assetId, amount, new byte[32]));
    }

    /** Assets BASE and QUOTE, market MARKET (tick 10, lot 100, maker 10 bps, taker 20 bps) and funded accounts. */
    EngineHarness standardMarket(final int... accountIds)
    {
        asset(BASE, "BASE");
        asset(QUOTE, "QUOTE");
        ok(commands.addMarket(OPERATOR, MARKET, BASE, QUOTE, TICK, LOT, LOT, 1_000_000 * LOT, 10, 20));
        for (final int accountId : accountIds)
        {
            account(accountId);
            deposit(accountId, BASE, 1_000_000_000L);
            deposit(accountId, QUOTE, 1_000_000_000_000L);
        }
        return this;
    }

    long available(final int accountId, final int assetId)
    {
        final Account account = engine.accounts().get(accountId);
        final Asset asset = engine.assets().get(assetId);
        return account.available(asset.index());
    }

    long locked(final int accountId, final int assetId)
    {
        final Account account = engine.accounts().get(accountId);
        final Asset asset = engine.assets().get(assetId);
        return account.locked(asset.index());
    }

    /** Order id the last command's OrderAccepted gave. */
    long acceptedOrderId()
    {
        return first(OrderAcceptedDecoder.TEMPLATE_ID, new OrderAcceptedDecoder()).orderId();
    }
}
