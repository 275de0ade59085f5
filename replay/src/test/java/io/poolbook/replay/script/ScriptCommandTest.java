package io.poolbook.replay.script;

import io.poolbook.codecs.CommandAcceptedEncoder;
import io.poolbook.codecs.MessageHeaderEncoder;
import io.poolbook.engine.CommandHandler;
import io.poolbook.engine.EventListener;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code poolbook script} end to end, with a fake engine that answers every command with one CommandAccepted
 * event: the JSON on standard output, the errors on standard error, and the exit codes.
 */
final class ScriptCommandTest
{
    private static final String SCENARIO = String.join("\n",
        "# two commands",
        "AddAsset accountId=0 assetId=1 engineScale=8 chainDecimals=18 symbol=ETH",
        "@time 1s",
        "@session 5",
        "new-order accountId=1 clientOrderId=9 marketId=1 side=BUY price=100 quantity=10",
        "");

    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<String> received = new ArrayList<>();

    /** Answers each command with a CommandAccepted carrying its sequence, template id and timestamp. */
    private final Function<EventListener, CommandHandler> fakeEngine = (events) ->
    {
        final UnsafeBuffer eventBuffer = new UnsafeBuffer(new byte[64]);
        final CommandAcceptedEncoder accepted = new CommandAcceptedEncoder();
        final ProtocolSchema schema = ProtocolSchema.load();
        return (sequence, timestamp, sessionId, buffer, offset, length) ->
        {
            received.add(sequence + "/" + timestamp + "/" + sessionId + "/" + schema.messageName(schema.templateId(buffer, offset)));
            accepted.wrapAndApplyHeader(eventBuffer, 0, new MessageHeaderEncoder())
                .inputSequence(sequence)
                .accountId(buffer.getInt(offset + MessageHeaderEncoder.ENCODED_LENGTH, java.nio.ByteOrder.LITTLE_ENDIAN))
                .refTemplateId(schema.templateId(buffer, offset))
                .clientId(timestamp);
            events.onEvent(eventBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + accepted.encodedLength());
        };
    };

    private int run(final Function<EventListener, CommandHandler> engine, final InputStream stdin, final String... args)
    {
        return new CommandLine(new ScriptCommand(engine, stdin))
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    }

    private int run(final String... args)
    {
        return run(fakeEngine, new ByteArrayInputStream(new byte[0]), args);
    }

    private Path write(final String name, final String text) throws IOException
    {
        final Path file = directory.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void printsEveryEventAsAJsonLine() throws IOException
    {
        final Path file = write("two.pbs", SCENARIO);
        assertEquals(0, run(file.toString()), err.toString());
        assertEquals("", err.toString());
        assertEquals(List.of("1/0/0/AddAsset", "2/1000000000/5/NewOrder"), received);

        final List<Map<String, Object>> lines = JsonLines.parseLines(out.toString());
        assertEquals(2, lines.size(), out.toString());
        assertEquals(Map.of("type", "CommandAccepted", "inputSequence", 1L, "accountId", 0L, "refTemplateId", 40L,
            "clientId", 0L), lines.get(0));
        assertEquals(Map.of("type", "CommandAccepted", "inputSequence", 2L, "accountId", 1L, "refTemplateId", 10L,
            "clientId", 1_000_000_000L), lines.get(1));
    }

    @Test
    void echoPrintsEachCommandBeforeItsEvents() throws IOException
    {
        final Path file = write("two.pbs", SCENARIO);
        assertEquals(0, run("--echo", file.toString()), err.toString());
        final List<Map<String, Object>> lines = JsonLines.parseLines(out.toString());
        assertEquals(4, lines.size(), out.toString());
        assertEquals(1L, lines.get(0).get("sequence"));
        assertEquals("AddAsset", ((Map<?, ?>)lines.get(0).get("command")).get("type"));
        assertEquals("ETH", ((Map<?, ?>)lines.get(0).get("command")).get("symbol"));
        assertEquals("CommandAccepted", lines.get(1).get("type"));
        assertEquals(2L, lines.get(2).get("sequence"));
        assertEquals(1_000_000_000L, lines.get(2).get("timestamp"));
        assertEquals(5L, lines.get(2).get("sessionId"));
        assertEquals("BUY", ((Map<?, ?>)lines.get(2).get("command")).get("side"));
        assertEquals("CommandAccepted", lines.get(3).get("type"));
    }

    @Test
    void readsStandardInputForADash()
    {
        final InputStream stdin = new ByteArrayInputStream(SCENARIO.getBytes(StandardCharsets.UTF_8));
        assertEquals(0, run(fakeEngine, stdin, "-"), err.toString());
        assertEquals(2, JsonLines.parseLines(out.toString()).size());
    }

    @Test
    void aParseErrorRunsNothingAndNamesFileAndLine() throws IOException
    {
        final Path file = write("bad.pbs", SCENARIO + "NewOrder side=UP\nNewOrder prise=1\n");
        assertEquals(1, run(file.toString()));
        assertEquals("", out.toString());
        assertEquals(List.of(), received, "nothing runs unless all of it parses");
        final String[] errors = err.toString().split("\\R");
        assertEquals(2, errors.length, err.toString());
        assertTrue(errors[0].startsWith(file + ":6: NewOrder.side: 'UP' is not a Side"), errors[0]);
        assertTrue(errors[1].startsWith(file + ":7: NewOrder has no field 'prise'; did you mean price?"), errors[1]);
        assertFalse(err.toString().contains("Exception"), "no stack trace: " + err);
        assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void aParseErrorOnStandardInputNamesIt()
    {
        final InputStream stdin = new ByteArrayInputStream("Fill\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, run(fakeEngine, stdin, "-"));
        assertTrue(err.toString().startsWith("<stdin>:1: Fill (template id 102) is not a command"), err.toString());
    }

    @Test
    void aMissingFileIsAnErrorWithoutAStackTrace()
    {
        final String missing = directory.resolve("missing.pbs").toString();
        assertEquals(1, run(missing));
        assertEquals("poolbook script: " + missing + ": no such file" + System.lineSeparator(), err.toString());
    }

    @Test
    void aFileThatIsNotUtf8IsAnErrorWithoutAStackTrace() throws IOException
    {
        final Path file = directory.resolve("latin1.pbs");
        Files.write(file, new byte[]{ 'A', 'd', 'd', (byte)0xE9, '\n' });
        assertEquals(1, run(file.toString()));
        assertEquals("poolbook script: " + file + " is not UTF-8 text" + System.lineSeparator(), err.toString());
    }

    @Test
    void anEngineFailureNamesTheCommandItFailedOn() throws IOException
    {
        final Path file = write("two.pbs", SCENARIO);
        final Function<EventListener, CommandHandler> failing = (events) -> (sequence, timestamp, sessionId, buffer, offset, length) ->
        {
            if (sequence == 2)
            {
                throw new IllegalStateException("boom");
            }
        };
        assertEquals(1, run(failing, new ByteArrayInputStream(new byte[0]), file.toString()));
        assertTrue(err.toString().startsWith(file + ":5: the engine failed on command 2 (NewOrder): " +
            "java.lang.IllegalStateException: boom"), err.toString());
    }

    @Test
    void badCommandLinesExitWithTwo()
    {
        assertEquals(2, run());
        assertTrue(err.toString().contains("Missing required parameter: 'FILE'"), err.toString());
        assertEquals(2, run("--no-such-option", "x.pbs"));
        assertEquals(2, run("a.pbs", "b.pbs"));
    }

    @Test
    void helpDocumentsTheSyntaxAndListsEveryCommandFromTheSchema()
    {
        assertEquals(0, run("--help"));
        final String help = out.toString();
        for (final String expected : List.of(
            "Usage: script [-hV] [--echo] FILE",
            "--echo",
            "Scenario syntax:",
            "command   = Name { field=value }",
            "@time TIME",
            "@step DURATION",
            "@session N",
            "Example:",
            "Exit",
            "Commands (template id; field:values):",
            "NewOrder [10]",
            "side:BUY|SELL",
            "timeInForce:GTC|IOC|FOK|POST_ONLY|POST_ONLY_SLIDE",
            "symbol:text(16)",
            "tokenAddress:0x-hex(20)",
            "marketId:int32|null",
            "CutSettlementBatch [47]"))
        {
            assertTrue(help.contains(expected), () -> "help lacks '" + expected + "':\n" + help);
        }
        assertFalse(help.contains("Fill ["), "events are not commands");
    }
}
