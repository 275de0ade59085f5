package io.poolbook.replay.fuzz;

import io.poolbook.replay.script.ScenarioException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The scenario parser on bad text: any text, lines of the committed corpus {@code fuzz/scenarios.pbs} mutated, and
 * random mixes of the grammar's own tokens, each checked by {@link ScenarioParserOracle} (shared with the
 * coverage-guided {@link ScenarioParserJazzerTest}): a scenario that keeps its promises, or a
 * {@link ScenarioException}; any other exception is a bug. Counts are printed after the class. For a longer run
 * raise the {@code tries} below.
 */
final class ScenarioParserFuzzTest
{
    private static final AtomicLong EXECUTIONS = new AtomicLong();
    private static final AtomicLong REFUSED = new AtomicLong();
    private static final Set<String> DISTINCT = ConcurrentHashMap.newKeySet();
    private static final String[] TOKENS = {
        "NewOrder", "AddAsset", "Quote", "Swap", "Deposit", "RegisterAccount", "CutSettlementBatch", "OrderAccepted",
        "Logon", "accountId", "price", "quantity", "side", "BUY", "SELL", "null", "=", "==", "#", "@time", "@step",
        "@session", "[", "]", "[0]", ".", "0x", "0xff", "\"", "\"text\"", "_", "1_000", "-1", "+5ms", "1s", "99999999999999999999",
        "9223372036854775807", "-9223372036854775808", "2026-01-01T00:00:00Z", " ", "  ", "\t", "\n", "\r\n", "\u0000",
        "\u00e9", "\uD83D\uDE00", "\\", "levels[3].price", "symbol", "publicKey", "ns", "us", "ms"};

    static List<String> corpusLines() throws IOException
    {
        try (InputStream in = ScenarioParserFuzzTest.class.getResourceAsStream("/fuzz/scenarios.pbs"))
        {
            assertNotNull(in);
            final List<String> lines = new ArrayList<>();
            for (final String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
            {
                if (!line.startsWith("#") && !line.isBlank())
                {
                    lines.add(line);
                }
            }
            return lines;
        }
    }

    private static void parse(final String text)
    {
        EXECUTIONS.incrementAndGet();
        DISTINCT.add(text);
        if (ScenarioParserOracle.check(text))
        {
            REFUSED.incrementAndGet();
        }
    }

    @Example
    void everyCorpusLineAloneAndAllTogether() throws IOException
    {
        final List<String> lines = corpusLines();
        for (final String line : lines)
        {
            parse(line);
        }
        parse(String.join("\n", lines));
    }

    @Property(tries = 3000)
    void mutatedCorpusLines(@ForAll("mutatedLines") final String text)
    {
        parse(text);
    }

    @Property(tries = 2000)
    void tokenSoup(@ForAll("tokenSoup") final String text)
    {
        parse(text);
    }

    @Property(tries = 1000)
    void anyText(@ForAll final String text)
    {
        parse(text);
    }

    @Provide
    Arbitrary<String> mutatedLines() throws IOException
    {
        final List<String> lines = corpusLines();
        return Arbitraries.of(lines).flatMap((line) -> Arbitraries.integers().between(0, line.length())
            .flatMap((at) -> Arbitraries.integers().between(0, Math.max(0, line.length() - at))
                .flatMap((cut) -> Arbitraries.of(TOKENS).map((token) ->
                    line.substring(0, at) + token + line.substring(Math.min(line.length(), at + cut))))));
    }

    @Provide
    Arbitrary<String> tokenSoup()
    {
        return Arbitraries.of(TOKENS).list().ofMaxSize(30).map((tokens) -> String.join("", tokens));
    }

    @AfterContainer
    static void report()
    {
        System.out.printf("scenario parser fuzz: %d executions, %d distinct texts, %d refused with ScenarioException%n",
            EXECUTIONS.get(), DISTINCT.size(), REFUSED.get());
    }
}
