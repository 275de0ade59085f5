package io.poolbook.engine.fuzz;

import io.poolbook.codecs.*;
import io.poolbook.codecs.frame.FrameValidator;
import io.poolbook.codecs.frame.FrameVerdict;
import io.poolbook.engine.CommandWriter;
import io.poolbook.engine.Engine;
import io.poolbook.engine.EngineConfig;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Bad input into the engine's decode path: valid commands of every template, mutated (bytes flipped and set, header
 * fields changed, truncated, extended), go through {@link Engine#onCommand}. Each must leave the engine standing and
 * produce at most one {@code CommandRejected}, and a rejected command nothing else; a frame the validator refuses
 * gives exactly one {@code CommandRejected} with the validator's reason. Replaying the same inputs into a fresh
 * engine gives the same state hash. The committed corpus {@code fuzz/engine-frames.hex} runs first.
 * <p>
 * Longer run: {@code -Dpoolbook.fuzz.executions=1000000 -Dpoolbook.fuzz.seed=N}; {@code -Dpoolbook.fuzz.saveCorpus=FILE}
 * writes one input per distinct outcome (verdict, template, reject reason) found, to add to the corpus.
 */
final class EngineDecodeFuzzTest
{
    private static final int EXECUTIONS = Integer.getInteger("poolbook.fuzz.executions", 20_000);
    private static final int OPERATOR = 0;
    private static final int ALICE = 1;
    private static final int BOB = 2;

    private final CommandWriter commands = new CommandWriter();
    private final List<byte[]> events = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final CommandRejectedDecoder rejected = new CommandRejectedDecoder();
    private Engine engine;
    private long sequence;

    /** Found by this fuzzer (seed 6307995909495, execution 5624). */
    static final String QUOTE_OVERFLOW = "30000f0079100000020000000c00000000000000010000002d000000000000000a00000000000000" +
        "370000000000003d0a00000000000000";

    /** Found by this fuzzer: the bid was placed before the ask's overflow was found; both are now checked first. */
    @Test
    void quoteRejectedForOverflowChangesNothing()
    {
        engine = newEngine();
        setUp();
        send(commands.quote(BOB, 12, 1, 45, 10, 55, 10));
        final byte[] before = businessState();
        final byte[] input = HexFormat.of().parseHex(QUOTE_OVERFLOW);
        events.clear();
        engine.onCommand(++sequence, 1_000_000L * sequence, 1, new UnsafeBuffer(input), 0, input.length);
        assertEquals(1, events.size(), this::describeEvents);
        assertArrayEquals(before, businessState(), "a rejected command changes nothing");
    }

    /** The engine's snapshot less the command counters (last sequence, commands in the open batch). */
    private byte[] businessState()
    {
        final org.agrona.DirectBuffer snapshot = engine.snapshot();
        final byte[] bytes = new byte[engine.snapshotLength()];
        snapshot.getBytes(0, bytes);
        java.util.Arrays.fill(bytes, 20, 28, (byte)0);
        java.util.Arrays.fill(bytes, 68, 84, (byte)0);
        return bytes;
    }

    @Test
    void corpusAndMutatedCommandsNeverBreakTheEngine() throws IOException
    {
        final long seed = Long.getLong("poolbook.fuzz.seed", System.nanoTime());
        final Random random = new Random(seed);
        engine = newEngine();
        setUp();
        final List<byte[]> seeds = seeds();

        final List<byte[]> corpus = readCorpus("/fuzz/engine-frames.hex");
        assertFalse(corpus.isEmpty(), "the committed corpus");
        for (final byte[] input : corpus)
        {
            apply(input, "corpus");
        }

        final Set<ByteBuffer> distinct = new HashSet<>();
        final Map<String, byte[]> outcomes = new LinkedHashMap<>();
        int refusedByValidator = 0;
        int rejectedByEngine = 0;
        for (int i = 0; i < EXECUTIONS; i++)
        {
            final byte[] input = FrameMutator.mutate(seeds.get(random.nextInt(seeds.size())), random);
            distinct.add(ByteBuffer.wrap(input));
            final String outcome = apply(input, "seed " + seed + " execution " + i);
            if (outcome.startsWith("refused"))
            {
                refusedByValidator++;
            }
            else if (outcome.startsWith("rejected"))
            {
                rejectedByEngine++;
            }
            outcomes.putIfAbsent(outcome, input);
        }

        // Determinism: the same inputs into a fresh engine give the same state.
        final Engine replay = newEngine();
        long replaySequence = 0;
        for (final byte[] input : inputs)
        {
            replay.onCommand(++replaySequence, 1_000_000L * replaySequence, 1, new UnsafeBuffer(input), 0, input.length);
        }
        assertEquals(engine.stateHash(), replay.stateHash(), "replay equals live, seed " + seed);

        System.out.printf("engine decode fuzz: seed %d, %d corpus inputs, %d executions, %d distinct inputs, " +
                "%d refused by the validator, %d rejected by the engine, %d distinct outcomes%n",
            seed, corpus.size(), EXECUTIONS, distinct.size(), refusedByValidator, rejectedByEngine, outcomes.size());
        final String save = System.getProperty("poolbook.fuzz.saveCorpus");
        if (null != save)
        {
            final StringBuilder text = new StringBuilder();
            outcomes.forEach((outcome, input) -> text.append(HexFormat.of().formatHex(input))
                .append(" # ").append(outcome).append('\n'));
            Files.writeString(Path.of(save), text.toString());
        }
    }

    private Engine newEngine()
    {
        return new Engine(new EngineConfig().operatorAccountId(OPERATOR).feeAccountId(OPERATOR).maxOpenOrdersPerAccount(200),
            this::onEvent);
    }

    private void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        events.add(bytes);
    }

    /** Sends one input; checks the outcome; returns a short description of it. */
    private String apply(final byte[] input, final String where)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(input);
        final FrameVerdict verdict = FrameValidator.validate(buffer, 0, input.length);
        events.clear();
        inputs.add(input);
        try
        {
            engine.onCommand(++sequence, 1_000_000L * sequence, 1, buffer, 0, input.length);
        }
        catch (final RuntimeException | AssertionError ex)
        {
            throw new AssertionError(where + ": the engine threw on " + HexFormat.of().formatHex(input), ex);
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
        final String hex = HexFormat.of().formatHex(input);
        assertTrue(rejects <= 1, () -> where + ": more than one reject for " + hex);
        if (FrameVerdict.VALID != verdict)
        {
            assertEquals(1, events.size(), () -> where + ": only the reject for a " + verdict + " frame " + hex);
            assertEquals(1, rejects, () -> where + ": a reject for a " + verdict + " frame " + hex);
            assertEquals(verdict.rejectReason(), reason, () -> where + ": " + hex);
            return "refused " + verdict;
        }
        final int template = new UnsafeBuffer(input).getShort(2, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (1 == rejects)
        {
            assertEquals(1, events.size(), () -> where + ": a rejected command emits only the reject: " + hex +
                " emitted " + describeEvents());
            return "rejected template " + template + " " + reason;
        }
        return "accepted template " + template;
    }

    private String describeEvents()
    {
        final StringBuilder text = new StringBuilder();
        for (final byte[] event : events)
        {
            text.append(io.poolbook.engine.script.MessageJsonWriter.toJson(
                io.poolbook.engine.script.ProtocolSchema.load(), new UnsafeBuffer(event), 0, event.length)).append('\n');
        }
        return text.toString();
    }

    private void send(final int length)
    {
        final byte[] bytes = new byte[length];
        commands.buffer().getBytes(commands.offset(), bytes);
        events.clear();
        inputs.add(bytes);
        engine.onCommand(++sequence, 1_000_000L * sequence, 1, new UnsafeBuffer(bytes), 0, length);
    }

    private void setUp()
    {
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

    /** One valid command of each kind the engine takes. */
    private List<byte[]> seeds()
    {
        final List<byte[]> seeds = new ArrayList<>();
        seeds.add(copy(commands.newOrder(ALICE, 10, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
            SelfTradePrevention.CANCEL_TAKER, 50, 10, 0)));
        seeds.add(copy(commands.newOrder(BOB, 11, 1, Side.SELL, OrderType.MARKET, TimeInForce.IOC,
            SelfTradePrevention.CANCEL_TAKER, 0, 5, 0)));
        seeds.add(copy(commands.cancelOrder(ALICE, 1, 1)));
        seeds.add(copy(commands.cancelByClientOrderId(ALICE, 1, 2)));
        seeds.add(copy(commands.amendOrder(ALICE, 1, 1, 45, 50)));
        seeds.add(copy(commands.massCancel(BOB, 1)));
        seeds.add(copy(commands.quote(BOB, 12, 1, 45, 10, 55, 10)));
        seeds.add(copy(commands.cancelOnDisconnect(BOB, 1)));
        seeds.add(copy(commands.swap(BOB, 13, 1, Side.BUY, 1_000, 0)));
        seeds.add(copy(commands.addLiquidity(BOB, 14, 1, 1_000, 50_000, 0)));
        seeds.add(copy(commands.removeLiquidity(ALICE, 15, 1, 10, 0, 0)));
        seeds.add(copy(commands.withdraw(ALICE, 16, 1, 10)));
        seeds.add(copy(commands.addAsset(OPERATOR, 3, "X", 6, 18, new byte[20])));
        seeds.add(copy(commands.addMarket(OPERATOR, 2, 1, 2, 1, 1, 1, 1_000_000L, 0, 10)));
        seeds.add(copy(commands.createPool(OPERATOR, 1, 30, false)));
        seeds.add(copy(commands.registerAccount(OPERATOR, 3, new byte[32], new byte[20])));
        seeds.add(copy(commands.deposit(OPERATOR, ALICE, 1, 1_000, new byte[32])));
        seeds.add(copy(commands.haltMarket(OPERATOR, 1)));
        seeds.add(copy(commands.resumeMarket(OPERATOR, 1)));
        seeds.add(copy(commands.cutSettlementBatch(OPERATOR)));
        return seeds;
    }

    private byte[] copy(final int length)
    {
        final byte[] bytes = new byte[length];
        commands.buffer().getBytes(commands.offset(), bytes);
        return bytes;
    }

    /** Lines of hex, {@code #} comments. */
    static List<byte[]> readCorpus(final String resource) throws IOException
    {
        final List<byte[]> inputs = new ArrayList<>();
        try (InputStream in = EngineDecodeFuzzTest.class.getResourceAsStream(resource))
        {
            assertNotNull(in, resource);
            for (final String rawLine : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
            {
                final int hash = rawLine.indexOf('#');
                final String line = (hash >= 0 ? rawLine.substring(0, hash) : rawLine).strip();
                if (!line.isEmpty())
                {
                    inputs.add(HexFormat.of().parseHex(line));
                }
            }
        }
        return inputs;
    }
}
