package io.poolbook.replay.script;

import io.poolbook.engine.CommandHandler;
import io.poolbook.engine.EventListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code poolbook script FILE}: runs a text scenario through the engine in this process and prints every event
 * as a JSON line, for trying the exchange out, writing examples and testing by hand. Parsing is done by
 * {@link ScenarioParser}, output by {@link MessageJsonWriter}; the engine comes from a factory given to the
 * constructor, so that this command does not depend on how the engine is built.
 * <p>
 * Exit codes: 0 ran, 1 the file could not be read or parsed or the engine failed (the reason on standard error,
 * naming FILE:LINE), 2 bad command line.
 */
@Command(
    name = "script",
    mixinStandardHelpOptions = true,
    usageHelpWidth = ScriptCommand.HELP_WIDTH,
    description = {
        "Runs a text scenario through the engine in this process and prints every event it emits as one JSON",
        "object per line on standard output. Nothing runs unless the whole scenario parses; each problem goes",
        "to standard error as FILE:LINE: what is wrong."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:the scenario ran",
        "1:the file could not be read or parsed, or the engine failed",
        "2:bad command line"
    },
    footerHeading = "%nScenario syntax:%n",
    footer = {
        "  One command per line. # starts a comment (outside quotes). Blank lines are ignored.",
        "",
        "  line      = [ directive | command ] [ # comment ]",
        "  command   = Name { field=value }         a command of the schema (template ids 1-99)",
        "  field     = name [ [i] ] { .name }       .member of a composite, [i] entry i of a group",
        "  value     = integer | ENUM_NAME | null | text | \"quoted text\" | 0xHEX",
        "  directive = @time TIME                   stamp the next command at TIME",
        "            | @step DURATION               time added after each command (default 1ms)",
        "            | @session N                   session of the commands that follow (default 0)",
        "  TIME      = DURATION | +DURATION | ISO-8601 instant     e.g. 5ms, +2s, 2025-01-01T00:00:00Z",
        "  DURATION  = integer [ ns | us | ms | s ]                nanoseconds without a unit",
        "",
        "  Names of commands, fields and enum values ignore case, '-' and '_':",
        "    NewOrder = new-order = NEW_ORDER, timeInForce=POST_ONLY = time-in-force=post-only.",
        "  Integers are decimal, may have '_' between digits (1_000_000) and must fit the field's type.",
        "  Char arrays take text: symbol=ETH, symbol=\"two words\" (\\\" and \\\\ escape inside quotes).",
        "  Byte arrays take 0x-hex, zero-padded at the end: tokenAddress=0xc02aaa39b223fe8d0a0e5c4f27ead908.",
        "  null gives an optional field its null value: MassCancel accountId=1 marketId=null (every market).",
        "  Fields left out are 0, the enum's first value, the optional null value, or zero bytes.",
        "  Sequences start at 1 and rise by one a command. Time starts at 0 and never goes backwards.",
        "  The operator is account 0: admin commands (AddAsset ... CutSettlementBatch) are its own.",
        "",
        "Output:",
        "  One JSON object per event; fields in schema order, enums by name, byte arrays as 0x-hex, groups",
        "  as arrays, an optional field's null value as null:",
        "    {\"type\":\"OrderAccepted\",\"inputSequence\":7,\"accountId\":1,\"marketId\":1,...}",
        "  With --echo, each command first, with the context the sequencer stamped on it:",
        "    {\"sequence\":7,\"timestamp\":6000000,\"sessionId\":0,\"command\":{\"type\":\"NewOrder\",...}}",
        "",
        "Example:",
        "  # admin commands leave accountId out: it is 0, the operator",
        "  AddAsset assetId=1 engineScale=8 chainDecimals=18 symbol=ETH",
        "  AddAsset assetId=2 engineScale=6 chainDecimals=6 symbol=USDC",
        "  AddMarket marketId=1 baseAssetId=1 quoteAssetId=2 tickSize=1 lotSize=1 maxQuantity=1_000_000",
        "  RegisterAccount newAccountId=1",
        "  RegisterAccount newAccountId=2",
        "  Deposit targetAccountId=1 assetId=2 amount=1_000_000_000 chainReference=0x01",
        "  Deposit targetAccountId=2 assetId=1 amount=1_000_000 chainReference=0x02",
        "  @time 2025-01-01T00:00:00Z",
        "  NewOrder accountId=2 clientOrderId=1 marketId=1 side=SELL price=3_000 quantity=100",
        "  new-order account-id=1 client-order-id=1 market-id=1 side=buy price=3_000 quantity=100",
        "  CancelByClientOrderId accountId=2 marketId=1 clientOrderId=1",
        "",
        "  More in the examples/ folder. The commands and their fields follow, from the schema itself."
    })
public final class ScriptCommand implements Callable<Integer>
{
    /** The scenario ran to its end. */
    public static final int EXIT_OK = 0;
    /** The file could not be read or parsed, or the engine failed. */
    public static final int EXIT_FAILED = 1;

    /** Columns of the help: the grammar and examples are laid out for it. */
    static final int HELP_WIDTH = 100;

    /** Stands for standard input in place of a file name. */
    public static final String STDIN = "-";

    private static final String COMMANDS_SECTION_KEY = "poolbookScriptCommands";
    private static final String INDENT = "  ";
    private static final String FIELD_INDENT = "      ";
    private static final int MAX_ENUM_VALUES_INLINE = 8;

    @Parameters(
        index = "0",
        paramLabel = "FILE",
        description = "Scenario to run (by convention *.pbs), or - to read it from standard input.")
    String file;

    @Option(names = "--echo", description = "Print each command as JSON, with its sequence, time and session, " +
        "before the events it causes.")
    boolean echo;

    private CommandSpec spec;
    private final Function<EventListener, CommandHandler> engineFactory;
    private final InputStream stdin;

    /**
     * @param engineFactory builds the engine that the scenario runs through, given where its events go.
     */
    public ScriptCommand(final Function<EventListener, CommandHandler> engineFactory)
    {
        this(engineFactory, System.in);
    }

    /**
     * @param engineFactory builds the engine that the scenario runs through, given where its events go.
     * @param stdin         read when the file is {@value #STDIN}.
     */
    public ScriptCommand(final Function<EventListener, CommandHandler> engineFactory, final InputStream stdin)
    {
        this.engineFactory = Objects.requireNonNull(engineFactory, "engineFactory");
        this.stdin = Objects.requireNonNull(stdin, "stdin");
    }

    @Spec
    void spec(final CommandSpec spec)
    {
        this.spec = spec;
        final UsageMessageSpec usage = spec.usageMessage();
        usage.sectionMap().put(COMMANDS_SECTION_KEY, (help) -> commandReference(usage.width()));
        final List<String> keys = new ArrayList<>(usage.sectionKeys());
        keys.remove(COMMANDS_SECTION_KEY);
        keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_FOOTER) + 1, COMMANDS_SECTION_KEY);
        usage.sectionKeys(keys);
    }

    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final String source = STDIN.equals(file) ? "<stdin>" : file;

        final ProtocolSchema schema;
        try
        {
            schema = ProtocolSchema.load();
        }
        catch (final IllegalStateException ex)
        {
            err.println("poolbook script: " + ex.getMessage());
            return EXIT_FAILED;
        }

        final Scenario scenario;
        try
        {
            scenario = read(schema, source);
        }
        catch (final NoSuchFileException | InvalidPathException ex)
        {
            err.println("poolbook script: " + source + ": no such file");
            return EXIT_FAILED;
        }
        catch (final CharacterCodingException ex)
        {
            err.println("poolbook script: " + source + " is not UTF-8 text");
            return EXIT_FAILED;
        }
        catch (final IOException ex)
        {
            err.println("poolbook script: cannot read " + source + ": " + ex);
            return EXIT_FAILED;
        }
        catch (final ScenarioException ex)
        {
            ex.errors().forEach(err::println);
            return EXIT_FAILED;
        }

        final int exitCode = run(schema, scenario, out, err);
        out.flush();
        if (out.checkError())
        {
            err.println("poolbook script: writing the output failed");
            return EXIT_FAILED;
        }
        return exitCode;
    }

    private Scenario read(final ProtocolSchema schema, final String source) throws IOException, ScenarioException
    {
        final ScenarioParser parser = new ScenarioParser(schema);
        if (STDIN.equals(file))
        {
            final Reader reader = new InputStreamReader(stdin, StandardCharsets.UTF_8);
            return parser.parse(source, reader);
        }
        try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8))
        {
            return parser.parse(source, reader);
        }
    }

    private int run(final ProtocolSchema schema, final Scenario scenario, final PrintWriter out, final PrintWriter err)
    {
        int index = -1;
        try (MessageJsonWriter writer = new MessageJsonWriter(schema, out))
        {
            final EventListener events = (buffer, offset, length) ->
            {
                try
                {
                    writer.writeMessage(buffer, offset, length);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            };

            final CommandHandler engine;
            try
            {
                engine = engineFactory.apply(events);
            }
            catch (final RuntimeException ex)
            {
                err.println("poolbook script: the engine could not be built: " + ex);
                ex.printStackTrace(err);
                return EXIT_FAILED;
            }

            for (index = 0; index < scenario.size(); index++)
            {
                final long sequence = scenario.sequence(index);
                final long timestamp = scenario.timestamp(index);
                final long sessionId = scenario.sessionId(index);
                final int offset = scenario.offset(index);
                final int length = scenario.length(index);
                if (echo)
                {
                    writer.writeCommand(sequence, timestamp, sessionId, scenario.buffer(), offset, length);
                }
                engine.onCommand(sequence, timestamp, sessionId, scenario.buffer(), offset, length);
            }
            return EXIT_OK;
        }
        catch (final IOException | UncheckedIOException ex)
        {
            err.println("poolbook script: writing the output failed: " + ex.getMessage());
            return EXIT_FAILED;
        }
        catch (final RuntimeException ex)
        {
            out.flush();
            err.println(scenario.source() + ":" + scenario.line(index) + ": the engine failed on command " +
                scenario.sequence(index) + " (" +
                schema.messageName(schema.templateId(scenario.buffer(), scenario.offset(index))) + "): " + ex);
            ex.printStackTrace(err);
            return EXIT_FAILED;
        }
    }

    /**
     * Every command of the schema with its fields and the values they take: the reference part of the help,
     * built from the schema so that it is never out of date.
     */
    static String commandReference(final int width)
    {
        final ProtocolSchema schema;
        try
        {
            schema = ProtocolSchema.load();
        }
        catch (final IllegalStateException ex)
        {
            return String.format("%nCommands: not available (%s)%n", ex.getMessage());
        }

        final StringBuilder text = new StringBuilder(4096);
        final Map<String, FieldModel> longEnums = new TreeMap<>();
        text.append(System.lineSeparator()).append("Commands (template id; field:values):").append(System.lineSeparator());
        for (final MessageModel message : schema.messages())
        {
            if (message.templateId >= ScenarioParser.FIRST_EVENT_TEMPLATE_ID)
            {
                continue;
            }
            String heading = message.name + " [" + message.templateId + "]";
            if (null != message.description && !message.description.isEmpty())
            {
                heading += ": " + message.description;
            }
            wrap(text, List.of(heading.split(" ")), INDENT, INDENT + "    ", width);

            final List<String> fieldWords = new ArrayList<>();
            describeBlock(message.body, "", fieldWords, longEnums);
            if (fieldWords.isEmpty())
            {
                fieldWords.add("(no fields)");
            }
            wrap(text, fieldWords, FIELD_INDENT, FIELD_INDENT, width);
        }
        if (!longEnums.isEmpty())
        {
            text.append(System.lineSeparator()).append("Enums with many values:").append(System.lineSeparator());
            for (final FieldModel field : longEnums.values())
            {
                final List<String> words = new ArrayList<>();
                words.add(field.typeName + ":");
                words.addAll(List.of(field.valueNames));
                wrap(text, words, INDENT, FIELD_INDENT, width);
            }
        }
        return text.toString();
    }

    private static void describeBlock(
        final BlockModel block, final String prefix, final List<String> words, final Map<String, FieldModel> longEnums)
    {
        for (final FieldModel field : block.fields)
        {
            describeField(field, prefix + field.name, words, longEnums);
        }
        for (final GroupModel group : block.groups)
        {
            describeBlock(group.entry, prefix + group.name + "[i].", words, longEnums);
        }
        for (final VarDataModel data : block.varData)
        {
            words.add(prefix + data.name + ":" + (null != data.charset ? "text" : "0x-hex"));
        }
    }

    private static void describeField(
        final FieldModel field, final String path, final List<String> words, final Map<String, FieldModel> longEnums)
    {
        if (field.kind == FieldModel.Kind.COMPOSITE)
        {
            for (final FieldModel member : field.members)
            {
                describeField(member, path + "." + member.name, words, longEnums);
            }
        }
        else if (field.kind == FieldModel.Kind.ENUM && field.valueNames.length > MAX_ENUM_VALUES_INLINE)
        {
            words.add(path + ":" + field.typeName + (field.optional ? "|null" : ""));
            longEnums.put(field.typeName, field);
        }
        else if (field.kind != FieldModel.Kind.CONSTANT)
        {
            words.add(path + ":" + field.valueHint());
        }
    }

    private static void wrap(
        final StringBuilder text,
        final List<String> words,
        final String firstIndent,
        final String indent,
        final int width)
    {
        int column = 0;
        boolean first = true;
        for (final String word : words)
        {
            if (first)
            {
                text.append(firstIndent).append(word);
                column = firstIndent.length() + word.length();
                first = false;
            }
            else if (column + 1 + word.length() > width)
            {
                text.append(System.lineSeparator()).append(indent).append(word);
                column = indent.length() + word.length();
            }
            else
            {
                text.append(' ').append(word);
                column += 1 + word.length();
            }
        }
        text.append(System.lineSeparator());
    }
}
