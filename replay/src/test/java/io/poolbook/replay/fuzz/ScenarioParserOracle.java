package io.poolbook.replay.fuzz;

import io.poolbook.codecs.frame.FrameValidator;
import io.poolbook.codecs.frame.FrameVerdict;
import io.poolbook.replay.script.ProtocolSchema;
import io.poolbook.replay.script.Scenario;
import io.poolbook.replay.script.ScenarioException;
import io.poolbook.replay.script.ScenarioParser;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.junit.jupiter.api.Assertions.*;

/**
 * What must hold for the scenario parser on any text, shared by the property-based fuzzer
 * ({@link ScenarioParserFuzzTest}) and the coverage-guided one ({@link ScenarioParserJazzerTest}): it returns a
 * scenario or throws {@link ScenarioException} with a message; any other exception is a bug. A scenario it returns
 * keeps its documented promises: sequences 1, 2, 3, ..., time never going backwards, and every entry a command
 * (template below {@link ScenarioParser#FIRST_EVENT_TEMPLATE_ID}) in a frame {@link FrameValidator} accepts.
 */
final class ScenarioParserOracle
{
    private static final ScenarioParser PARSER = new ScenarioParser(ProtocolSchema.load());

    private ScenarioParserOracle()
    {
    }

    /**
     * Parses the text and checks the outcome.
     *
     * @param text any text.
     * @return true when the parser refused it with a {@link ScenarioException}, false when it gave a scenario.
     */
    static boolean check(final String text)
    {
        final Scenario scenario;
        try
        {
            scenario = PARSER.parse("fuzz", text);
        }
        catch (final ScenarioException ex)
        {
            assertNotNull(ex.getMessage());
            return true;
        }
        catch (final RuntimeException | StackOverflowError ex)
        {
            throw new AssertionError("the parser threw " + ex + " on: " + escape(text), ex);
        }
        long lastTimestamp = Long.MIN_VALUE;
        for (int i = 0; i < scenario.size(); i++)
        {
            final int index = i;
            final int offset = scenario.offset(i);
            assertEquals(i + 1, scenario.sequence(i), () -> "sequence of command " + index + " in: " + escape(text));
            assertTrue(scenario.timestamp(i) >= lastTimestamp,
                () -> "time went back at command " + index + ": " + escape(text));
            lastTimestamp = scenario.timestamp(i);
            final FrameVerdict verdict = FrameValidator.validate(scenario.buffer(), offset, scenario.length(i));
            assertEquals(FrameVerdict.VALID, verdict,
                () -> "command " + index + " is " + verdict + ": " + escape(text));
            final int template = scenario.buffer().getShort(offset + 2, LITTLE_ENDIAN) & 0xFFFF;
            assertTrue(template < ScenarioParser.FIRST_EVENT_TEMPLATE_ID,
                () -> "command " + index + " has template " + template + ": " + escape(text));
        }
        return false;
    }

    private static String escape(final String text)
    {
        return text.replace("\n", "\\n");
    }
}
