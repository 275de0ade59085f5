package io.poolbook.engine.fuzz;

import io.poolbook.codecs.CommandWriter;
import io.poolbook.engine.Engine;
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
 * fields changed, truncated, extended), go through {@link Engine#onCommand}, each checked by
 * {@link EngineDecodeOracle} (shared with the coverage-guided {@link EngineDecodeJazzerTest}): the engine stands,
 * at most one {@code CommandRejected}, a rejected command emits nothing else and changes nothing, a frame the
 * validator refuses is rejected with the validator's reason, the invariants hold, and replay equals live. The
 * committed corpus {@code fuzz/engine-frames.hex} runs first. This driver gives a bounded, seeded number of
 * executions in every build.
 * <p>
 * Longer run: {@code -Dpoolbook.fuzz.executions=1000000 -Dpoolbook.fuzz.seed=N}; {@code -Dpoolbook.fuzz.saveCorpus=FILE}
 * writes one input per distinct outcome (verdict, template, reject reason) found, to add to the corpus.
 */
final class EngineDecodeFuzzTest
{
    private static final int EXECUTIONS = Integer.getInteger("poolbook.fuzz.executions", 20_000);

    /** Found by this fuzzer (seed 6307995909495, execution 5624). */
    static final String QUOTE_OVERFLOW = "30000f0079100000020000000c00000000000000010000002d000000000000000a00000000000000" +
        "370000000000003d0a00000000000000";

    /** Found by this fuzzer: the bid was placed before the ask's overflow was found; both are now checked first. */
    @Test
    void quoteRejectedForOverflowChangesNothing()
    {
        final EngineDecodeOracle oracle = new EngineDecodeOracle();
        final CommandWriter commands = new CommandWriter();
        final byte[] quote = new byte[commands.quote(EngineDecodeOracle.BOB, 12, 1, 45, 10, 55, 10)];
        commands.buffer().getBytes(commands.offset(), quote);
        assertEquals("accepted template 15", oracle.apply(quote, "a valid quote"));
        assertEquals("rejected template 15 OVERFLOW",
            oracle.apply(HexFormat.of().parseHex(QUOTE_OVERFLOW), "the overflowing quote"));
    }

    /**
     * Found by {@link EngineDecodeJazzerTest}: a GTC sell whose price times lots overflows, on a market with a pool,
     * was accepted and then refused by the book when resting, two answers to one command; it is now refused first.
     */
    static final String SELL_NOTIONAL_OVERFLOW = "2c000a0079100000020000000b0000000000000001000000010000000000000100" +
        "0000342c000000000000000000000000000000";

    @Test
    void sellWhoseNotionalOverflowsIsRejectedBeforeItIsAccepted()
    {
        final EngineDecodeOracle oracle = new EngineDecodeOracle();
        assertEquals("rejected template 10 OVERFLOW",
            oracle.apply(HexFormat.of().parseHex(SELL_NOTIONAL_OVERFLOW), "the overflowing sell"));
    }

    @Test
    void corpusAndMutatedCommandsNeverBreakTheEngine() throws IOException
    {
        final long seed = Long.getLong("poolbook.fuzz.seed", System.nanoTime());
        final Random random = new Random(seed);
        final EngineDecodeOracle oracle = new EngineDecodeOracle();
        final List<byte[]> seeds = oracle.validCommands();

        final List<byte[]> corpus = readCorpus("/fuzz/engine-frames.hex");
        assertFalse(corpus.isEmpty(), "the committed corpus");
        for (final byte[] input : corpus)
        {
            oracle.apply(input, "corpus");
        }

        final Set<ByteBuffer> distinct = new HashSet<>();
        final Map<String, byte[]> outcomes = new LinkedHashMap<>();
        int refusedByValidator = 0;
        int rejectedByEngine = 0;
        for (int i = 0; i < EXECUTIONS; i++)
        {
            final byte[] input = FrameMutator.mutate(seeds.get(random.nextInt(seeds.size())), random);
            distinct.add(ByteBuffer.wrap(input));
            final String outcome = oracle.apply(input, "seed " + seed + " execution " + i);
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
        oracle.checkReplayEqualsLive("seed " + seed);

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
