package io.poolbook.engine.fuzz;

import io.poolbook.codecs.*;
import io.poolbook.codecs.frame.FrameValidator;
import io.poolbook.codecs.frame.FrameVerdict;
import io.poolbook.engine.Engine;
import io.poolbook.engine.EngineAudit;
import io.poolbook.engine.EngineConfig;
import io.poolbook.engine.EventListener;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What must hold when any bytes reach the engine's decode path, shared by the mutation fuzzer
 * ({@link EngineDecodeFuzzTest}) and the coverage-guided one ({@link EngineDecodeJazzerTest}): one engine with two
 * assets, a market with a pool, two funded accounts and two resting orders; each input goes through
 * {@link Engine#onCommand} and must leave the engine standing, produce at most one {@code CommandRejected}, and a
 * rejected command nothing else and no change of state (the snapshot, less the command counters, is unchanged);
 * a frame the validator refuses gives exactly one {@code CommandRejected} with the validator's reason; after every
 * input {@link EngineAudit} finds no broken invariant; and replaying every input into a fresh engine gives the
 * same state hash.
 */
final class EngineDecodeOracle
{
    static final int OPERATOR = 0;
    static final int ALICE = 1;
    static final int BOB = 2;

    /** Snapshot bytes that every command changes, rejected or not: last sequence; open batch's start and count. */
    private static final int LAST_SEQUENCE_AT = 20;
    private static final int BATCH_START_AT = 68;
    private static final int BATCH_COUNT_END = 84;

    private final CommandWriter commands = new CommandWriter();
    private final List<byte[]> events = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final CommandRejectedDecoder rejected = new CommandRejectedDecoder();
    private final Engine engine;
    private long sequence;

    /** An engine set up with reference data, balances, a pool and two resting orders; the set-up is checked too. */
    EngineDecodeOracle()
    {
        engine = newEngine(this::onEvent);
        send(commands.addAsset(OPERATOR, 1, "BASE", 6, 18, new byte[20]));
        send(commands.addAsset(OPERATOR, 2, "QUOTE", 6, 6, new byte[20]));
        send(commands.addMarket(OPERATOR, 1, 1, 2, 1, 1, 1, 1_000_000_000L, 0, 10));
        send(commands.createPool(OPERATOR, 1, 30, false));
        for (final int account : new int[] {ALICE, BOB})
        {
            final byte[] key = new byte[32];
            key[0] = (byte)account;
            final byte[] address = new byte[20];
            address[19] = (byte)account;
            send(commands.registerAccount(OPERATOR, account, key, address));
            send(commands.deposit(OPERATOR, account, 1, 1_000_000_000L, new byte[32]));
            send(commands.deposit(OPERATOR, account, 2, 1_000_000_000L, new byte[32]));
        }
        send(commands.addLiquidity(ALICE, 1, 1, 1_000_000, 50_000_000, 0));
        send(commands.limit(ALICE, 2, 1, Side.BUY, 40, 100));
        send(commands.limit(BOB, 3, 1, Side.SELL, 60, 100));
    }

    private static Engine newEngine(final EventListener listener)
    {
        return new Engine(new EngineConfig().operatorAccountId(OPERATOR).feeAccountId(OPERATOR)
            .maxOpenOrdersPerAccount(200).batchCommands(0).batchNanos(0), listener);
    }

    private void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        events.add(bytes);
    }

    private void send(final int length)
    {
        final byte[] command = copy(length);
        final String outcome = apply(command, "set-up");
        assertTrue(outcome.startsWith("accepted"), () -> "set-up command " + outcome + "\n" + describeEvents());
    }

    /**
     * Sends one input, checks the outcome, and returns a short description of it.
     *
     * @param input any bytes.
     * @param where names the input in a failure.
     * @return {@code refused VERDICT}, {@code rejected template T REASON} or {@code accepted template T}.
     */
    String apply(final byte[] input, final String where)
    {
        final String hex = HexFormat.of().formatHex(input);
        final UnsafeBuffer buffer = new UnsafeBuffer(input);
        final FrameVerdict verdict = FrameValidator.validate(buffer, 0, input.length);
        final byte[] before = businessState();
        events.clear();
        inputs.add(input);
        try
        {
            engine.onCommand(++sequence, 1_000_000L * sequence, 1, buffer, 0, input.length);
        }
        catch (final RuntimeException | AssertionError ex)
        {
            throw new AssertionError(where + ": the engine threw on " + hex, ex);
        }
        int rejects = 0;
        RejectReason reason = null;
        for (final byte[] event : events)
        {
            header.wrap(new UnsafeBuffer(event), 0);
            if (CommandRejectedDecoder.TEMPLATE_ID == header.templateId())
            {
                rejects++;
                rejected.wrapAndApplyHeader(new UnsafeBuffer(event), 0, header);
                reason = rejected.reason();
            }
        }
        assertTrue(rejects <= 1, () -> where + ": more than one reject for " + hex);
        if (1 == rejects)
        {
            assertArrayEquals(before, businessState(), () -> where + ": a rejected command changed the state: " + hex);
        }
        final String violation = EngineAudit.check(engine);
        assertNull(violation, () -> where + ": " + violation + " after " + hex);

        if (FrameVerdict.VALID != verdict)
        {
            assertEquals(1, events.size(), () -> where + ": only the reject for a " + verdict + " frame " + hex);
            assertEquals(1, rejects, () -> where + ": a reject for a " + verdict + " frame " + hex);
            assertEquals(verdict.rejectReason(), reason, () -> where + ": " + hex);
            return "refused " + verdict;
        }
        final int template = buffer.getShort(2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (1 == rejects)
        {
            assertEquals(1, events.size(), () -> where + ": a rejected command emits only the reject: " + hex +
                " emitted " + describeEvents());
            return "rejected template " + template + " " + reason;
        }
        return "accepted template " + template;
    }

    /**
     * Replays every input so far, set-up included, into a fresh engine and checks that it ends in the same state.
     *
     * @param where names the run in a failure.
     */
    void checkReplayEqualsLive(final String where)
    {
        final Engine replay = newEngine((buffer, offset, length) -> {});
        long replaySequence = 0;
        for (final byte[] input : inputs)
        {
            replaySequence++;
            replay.onCommand(replaySequence, 1_000_000L * replaySequence, 1, new UnsafeBuffer(input), 0, input.length);
        }
        assertEquals(engine.stateHash(), replay.stateHash(), () -> where + ": replay differs from live");
    }

    /** One valid command of each kind the engine takes, for this set-up. */
    List<byte[]> validCommands()
    {
        final List<byte[]> valid = new ArrayList<>();
        valid.add(copy(commands.newOrder(ALICE, 10, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
            SelfTradePrevention.CANCEL_TAKER, 50, 10, 0)));
        valid.add(copy(commands.newOrder(BOB, 11, 1, Side.SELL, OrderType.MARKET, TimeInForce.IOC,
            SelfTradePrevention.CANCEL_TAKER, 0, 5, 0)));
        valid.add(copy(commands.cancelOrder(ALICE, 1, 1)));
        valid.add(copy(commands.cancelByClientOrderId(ALICE, 1, 2)));
        valid.add(copy(commands.amendOrder(ALICE, 1, 1, 45, 50)));
        valid.add(copy(commands.massCancel(BOB, 1)));
        valid.add(copy(commands.quote(BOB, 12, 1, 45, 10, 55, 10)));
        valid.add(copy(commands.cancelOnDisconnect(BOB, 1)));
        valid.add(copy(commands.swap(BOB, 13, 1, Side.BUY, 1_000, 0)));
        valid.add(copy(commands.addLiquidity(BOB, 14, 1, 1_000, 50_000, 0)));
        valid.add(copy(commands.removeLiquidity(ALICE, 15, 1, 10, 0, 0)));
        valid.add(copy(commands.withdraw(ALICE, 16, 1, 10)));
        valid.add(copy(commands.addAsset(OPERATOR, 3, "X", 6, 18, new byte[20])));
        valid.add(copy(commands.addMarket(OPERATOR, 2, 1, 2, 1, 1, 1, 1_000_000L, 0, 10)));
        valid.add(copy(commands.createPool(OPERATOR, 1, 30, false)));
        valid.add(copy(commands.registerAccount(OPERATOR, 3, new byte[32], new byte[20])));
        valid.add(copy(commands.deposit(OPERATOR, ALICE, 1, 1_000, new byte[32])));
        valid.add(copy(commands.haltMarket(OPERATOR, 1)));
        valid.add(copy(commands.resumeMarket(OPERATOR, 1)));
        valid.add(copy(commands.cutSettlementBatch(OPERATOR)));
        return valid;
    }

    /** Inputs sent so far, set-up included. */
    int inputCount()
    {
        return inputs.size();
    }

    private byte[] copy(final int length)
    {
        final byte[] bytes = new byte[length];
        commands.buffer().getBytes(commands.offset(), bytes);
        return bytes;
    }

    /** The engine's snapshot less what every command changes. */
    private byte[] businessState()
    {
        final DirectBuffer snapshot = engine.snapshot();
        final byte[] bytes = new byte[engine.snapshotLength()];
        snapshot.getBytes(0, bytes);
        Arrays.fill(bytes, LAST_SEQUENCE_AT, LAST_SEQUENCE_AT + Long.BYTES, (byte)0);
        Arrays.fill(bytes, BATCH_START_AT, BATCH_COUNT_END, (byte)0);
        return bytes;
    }

    /** The last input's events, one a line as template id and hex (the JSON writer is a tool outside the engine). */
    private String describeEvents()
    {
        final StringBuilder text = new StringBuilder();
        for (final byte[] event : events)
        {
            header.wrap(new UnsafeBuffer(event), 0);
            text.append("template ").append(header.templateId()).append(' ')
                .append(HexFormat.of().formatHex(event)).append('\n');
        }
        return text.toString();
    }
}
