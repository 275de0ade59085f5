package io.poolbook.replay.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the scenario parser with Jazzer: the input's bytes, read as UTF-8 (malformed
 * sequences become U+FFFD), are a scenario text checked by {@link ScenarioParserOracle}, the same oracle as the
 * property-based {@link ScenarioParserFuzzTest}. Committed inputs are plain scenario files.
 * <p>
 * The normal build runs the committed inputs under
 * {@code src/test/resources/io/poolbook/replay/fuzz/ScenarioParserJazzerTestInputs/parse/} (regression mode);
 * {@code JAZZER_FUZZ=1} fuzzes for {@code maxDuration} and adds any crashing input to that folder.
 */
final class ScenarioParserJazzerTest
{
    @FuzzTest(maxDuration = "5m")
    void parse(final byte[] text)
    {
        ScenarioParserOracle.check(new String(text, StandardCharsets.UTF_8));
    }
}
