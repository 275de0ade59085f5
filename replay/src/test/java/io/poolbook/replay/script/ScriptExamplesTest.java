package io.poolbook.replay.script;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every scenario in the project's examples/ folder parses, so that the examples in the docs always run.
 */
final class ScriptExamplesTest
{
    /** Tests run in the replay module's folder; the examples sit beside it. */
    private static final Path EXAMPLES = Path.of("..", "examples");

    @TestFactory
    List<DynamicTest> everyExampleParses() throws IOException
    {
        assertTrue(Files.isDirectory(EXAMPLES), EXAMPLES.toAbsolutePath() + " is missing");
        final List<Path> files;
        try (Stream<Path> listing = Files.list(EXAMPLES))
        {
            files = listing.filter((file) -> file.toString().endsWith(".pbs")).sorted().toList();
        }
        final List<String> names = files.stream().map((file) -> file.getFileName().toString()).toList();
        assertTrue(names.containsAll(List.of("basic-trading.pbs", "amm-routing.pbs", "bad-input.pbs")), names.toString());

        final ScenarioParser parser = new ScenarioParser(ProtocolSchema.load());
        final List<DynamicTest> tests = new ArrayList<>();
        for (final Path file : files)
        {
            tests.add(DynamicTest.dynamicTest(file.getFileName().toString(), () ->
            {
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
                {
                    final Scenario scenario = parser.parse(file.toString(), reader);
                    assertTrue(scenario.size() >= 5, file + " has " + scenario.size() + " commands");
                }
            }));
        }
        return tests;
    }
}
