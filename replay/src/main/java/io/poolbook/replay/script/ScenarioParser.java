package io.poolbook.replay.script;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a text scenario, one command per line, and encodes each into the SBE bytes of that command with the
 * sequence, timestamp and session a sequencer would stamp on it. Generic over the schema: every command message
 * is available by its name, with its fields by their names, without code per message.
 *
 * <pre>
 * scenario   = { line }
 * line       = [ directive | command ] [ "#" comment ]
 * directive  = "@time" time | "@step" duration | "@session" integer
 * command    = MessageName { field "=" value }
 * field      = name [ "[" index "]" ] { "." name }     (composite members, repeating-group entries)
 * value      = integer | enum name | null | text | 0x-hex | "quoted text"
 * time       = duration | "+" duration | ISO-8601 instant
 * duration   = integer [ "ns" | "us" | "ms" | "s" ]
 * </pre>
 *
 * Names of messages, fields and enum values match ignoring case, hyphens and underscores ({@code NewOrder},
 * {@code new-order}). Integers may have {@code _} between digits. Fields not given are 0, the enum's first value,
 * the optional null value, or zero bytes. Only commands may appear (template ids below
 * {@value #FIRST_EVENT_TEMPLATE_ID}). Sequences start at 1; time starts at 0 and advances by the step (1 ms unless
 * set) after each command, and never goes backwards. Every problem in the whole text is reported, each with its
 * line, as one {@link ScenarioException}.
 */
public final class ScenarioParser
{
    /** Template ids from here on are events, market data and journal records, never commands. */
    public static final int FIRST_EVENT_TEMPLATE_ID = 100;
    /** Time between two commands unless {@code @step} says otherwise: 1 ms. */
    public static final long DEFAULT_TIME_STEP_NS = 1_000_000L;
    /** Errors reported before giving up on a scenario. */
    public static final int MAX_ERRORS = 50;

    private static final char COMMENT = '#';
    private static final char QUOTE = '"';
    private static final char ESCAPE = '\\';
    private static final String BYTE_ORDER_MARK = "\uFEFF";

    private final ProtocolSchema schema;
    private final MessageEncoder encoder;

    /**
     * @param schema whose commands the scenarios hold.
     */
    public ScenarioParser(final ProtocolSchema schema)
    {
        this.schema = schema;
        this.encoder = new MessageEncoder(schema);
    }

    /**
     * Parses a scenario held in a string.
     *
     * @param source name that errors give, such as the file name.
     * @param text   of the scenario.
     * @return the encoded commands.
     * @throws ScenarioException listing every problem, each with its line.
     */
    public Scenario parse(final String source, final String text) throws ScenarioException
    {
        try
        {
            return parse(source, new StringReader(text));
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("a string cannot fail to read", ex);
        }
    }

    /**
     * Parses a scenario.
     *
     * @param source name that errors give, such as the file name.
     * @param reader of the scenario text; read to its end, not closed.
     * @return the encoded commands.
     * @throws IOException       when reading fails.
     * @throws ScenarioException listing every problem, each with its line.
     */
    public Scenario parse(final String source, final Reader reader) throws IOException, ScenarioException
    {
        final Context context = new Context(source);
        final BufferedReader lines = reader instanceof BufferedReader ? (BufferedReader)reader : new BufferedReader(reader);
        String line;
        int lineNumber = 0;
        while (null != (line = lines.readLine()) && context.errors.size() < MAX_ERRORS)
        {
            lineNumber++;
            if (1 == lineNumber && line.startsWith(BYTE_ORDER_MARK))
            {
                line = line.substring(BYTE_ORDER_MARK.length());
            }
            parseLine(context, lineNumber, line);
        }
        if (!context.errors.isEmpty())
        {
            if (context.errors.size() >= MAX_ERRORS)
            {
                context.errors.add(source + ": stopped after " + MAX_ERRORS + " errors");
            }
            throw new ScenarioException(context.errors);
        }
        return context.scenario;
    }

    /** What a scenario's lines set for the lines after them. */
    private static final class Context
    {
        final String source;
        final Scenario scenario;
        final List<String> errors = new ArrayList<>();
        final List<String> lineErrors = new ArrayList<>();
        long sequence = 1;
        long time = 0;
        long lastStampedTime = 0;
        long step = DEFAULT_TIME_STEP_NS;
        long sessionId = 0;

        Context(final String source)
        {
            this.source = source;
            this.scenario = new Scenario(source);
        }

        void error(final int line, final String message)
        {
            errors.add(source + ":" + line + ": " + message);
        }
    }

    private void parseLine(final Context context, final int lineNumber, final String line)
    {
        final List<Word> words = new ArrayList<>();
        final String problem = split(line, words);
        if (null != problem)
        {
            context.error(lineNumber, problem);
            return;
        }
        if (words.isEmpty())
        {
            return;
        }
        if (words.get(0).text().startsWith("@") && !words.get(0).quoted())
        {
            parseDirective(context, lineNumber, words);
        }
        else
        {
            parseCommand(context, lineNumber, words);
        }
    }

    private void parseCommand(final Context context, final int lineNumber, final List<Word> words)
    {
        final String name = words.get(0).text();
        final MessageModel message = schema.message(name);
        if (null == message)
        {
            final List<String> commandNames = new ArrayList<>();
            schema.messages().stream().filter(ScenarioParser::isCommand).forEach((m) -> commandNames.add(m.name));
            final List<String> nearest = Names.nearest(name, commandNames);
            context.error(lineNumber, "unknown command '" + name + "'" +
                (nearest.isEmpty() ? "" : "; did you mean " + String.join(" or ", nearest) + "?") +
                (name.contains("=") ? "; a line starts with the command's name, then field=value pairs" : ""));
            return;
        }
        if (!isCommand(message))
        {
            context.error(lineNumber, message.name + " (template id " + message.templateId +
                ") is not a command; a scenario holds commands only (template ids below " + FIRST_EVENT_TEMPLATE_ID + ")");
            return;
        }

        final List<MessageEncoder.Assignment> assignments = new ArrayList<>(words.size() - 1);
        final List<String> lineErrors = context.lineErrors;
        lineErrors.clear();
        for (int i = 1; i < words.size(); i++)
        {
            final String word = words.get(i).text();
            final int equals = word.indexOf('=');
            if (equals <= 0)
            {
                lineErrors.add(message.name + ": expected field=value, got '" + word + "'");
                continue;
            }
            final String value = word.substring(equals + 1);
            if (value.isEmpty() && !words.get(i).quoted())
            {
                lineErrors.add(message.name + "." + word.substring(0, equals) + ": no value after '='");
                continue;
            }
            assignments.add(new MessageEncoder.Assignment(word.substring(0, equals), value));
        }

        final Scenario scenario = context.scenario;
        final int length = encoder.encode(message, assignments, scenario.encodingBuffer(), scenario.limit(), lineErrors);
        if (!lineErrors.isEmpty())
        {
            lineErrors.forEach((error) -> context.error(lineNumber, error));
            return;
        }
        scenario.add(context.sequence, context.time, context.sessionId, lineNumber, length);
        context.sequence++;
        context.lastStampedTime = context.time;
        context.time = addExact(context.time, context.step);
    }

    private static long addExact(final long time, final long step)
    {
        final long sum = time + step;
        return sum < time ? Long.MAX_VALUE : sum;
    }

    private static boolean isCommand(final MessageModel message)
    {
        return message.templateId < FIRST_EVENT_TEMPLATE_ID;
    }

    private static void parseDirective(final Context context, final int lineNumber, final List<Word> words)
    {
        final String directive = words.get(0).text().toLowerCase(Locale.ROOT);
        if (!directive.equals("@time") && !directive.equals("@step") && !directive.equals("@session"))
        {
            context.error(lineNumber, "unknown directive '" + words.get(0).text() + "'; directives: @time, @step, @session");
            return;
        }
        if (words.size() != 2)
        {
            context.error(lineNumber, directive + " takes one value, as in " + example(directive));
            return;
        }
        final String value = words.get(1).text();
        switch (directive)
        {
            case "@time":
            {
                final boolean relative = value.startsWith("+");
                final long time;
                if (relative)
                {
                    final long duration = parseDuration(value.substring(1));
                    time = duration < 0 ? -1 : addExact(context.time, duration);
                }
                else
                {
                    time = parseTime(value);
                }
                if (time < 0)
                {
                    context.error(lineNumber, "@time: '" + value + "' is not a time; write nanoseconds (1_000), " +
                        "a duration (5ms, 2s), +duration to move on, or an ISO-8601 instant (2025-01-01T00:00:00Z)");
                }
                else if (time < context.lastStampedTime)
                {
                    context.error(lineNumber, "@time: " + time + " ns is before the previous command's time, " +
                        context.lastStampedTime + " ns; time never goes backwards");
                }
                else
                {
                    context.time = time;
                }
                break;
            }

            case "@step":
            {
                final long step = parseDuration(value);
                if (step < 0)
                {
                    context.error(lineNumber, "@step: '" + value + "' is not a duration; as in " + example(directive));
                }
                else
                {
                    context.step = step;
                }
                break;
            }

            default:
            {
                final long sessionId = parseCount(value);
                if (sessionId < 0)
                {
                    context.error(lineNumber, "@session: '" + value + "' is not a session id (an integer from 0)");
                }
                else
                {
                    context.sessionId = sessionId;
                }
                break;
            }
        }
    }

    private static String example(final String directive)
    {
        switch (directive)
        {
            case "@time":
                return "@time 1_000_000 or @time +5ms or @time 2025-01-01T00:00:00Z";
            case "@step":
                return "@step 1ms";
            default:
                return "@session 7";
        }
    }

    /**
     * @return nanoseconds, or -1 when the text is no time.
     */
    private static long parseTime(final String text)
    {
        if (text.indexOf('T') > 0)
        {
            try
            {
                final Instant instant = Instant.parse(text);
                return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
            }
            catch (final DateTimeParseException | ArithmeticException ex)
            {
                return -1;
            }
        }
        return parseDuration(text);
    }

    /**
     * @return nanoseconds of a non-negative integer with an optional unit (ns, us, ms, s), or -1 when it is none.
     */
    private static long parseDuration(final String text)
    {
        long unit = 1;
        String digits = text;
        if (text.endsWith("ns"))
        {
            digits = text.substring(0, text.length() - 2);
        }
        else if (text.endsWith("us"))
        {
            unit = 1_000L;
            digits = text.substring(0, text.length() - 2);
        }
        else if (text.endsWith("ms"))
        {
            unit = 1_000_000L;
            digits = text.substring(0, text.length() - 2);
        }
        else if (text.endsWith("s"))
        {
            unit = 1_000_000_000L;
            digits = text.substring(0, text.length() - 1);
        }
        final long count = parseCount(digits);
        if (count < 0 || count > Long.MAX_VALUE / unit)
        {
            return -1;
        }
        return count * unit;
    }

    /**
     * @return a non-negative decimal integer with {@code _} allowed between digits, or -1 when it is none.
     */
    private static long parseCount(final String digits)
    {
        if (digits.isEmpty() || digits.startsWith("_") || digits.endsWith("_"))
        {
            return -1;
        }
        long value = 0;
        try
        {
            for (int i = 0; i < digits.length(); i++)
            {
                final char c = digits.charAt(i);
                if (c == '_')
                {
                    continue;
                }
                if (c < '0' || c > '9')
                {
                    return -1;
                }
                value = Math.addExact(Math.multiplyExact(value, 10), c - '0');
            }
            return value;
        }
        catch (final ArithmeticException ex)
        {
            return -1;
        }
    }

    /**
     * Splits a line into words at whitespace outside quotes, stopping at a {@code #} outside quotes. A quoted
     * part loses its quotes; inside it, a backslash escapes a quote or a backslash.
     *
     * @return null, or what is wrong with the line.
     */
    private static String split(final String line, final List<Word> words)
    {
        final StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean quoted = false;
        boolean wordHasQuotes = false;
        for (int i = 0; i < line.length(); i++)
        {
            final char c = line.charAt(i);
            if (quoted)
            {
                if (c == ESCAPE && i + 1 < line.length() && (line.charAt(i + 1) == QUOTE || line.charAt(i + 1) == ESCAPE))
                {
                    word.append(line.charAt(++i));
                }
                else if (c == QUOTE)
                {
                    quoted = false;
                }
                else
                {
                    word.append(c);
                }
            }
            else if (c == COMMENT)
            {
                break;
            }
            else if (Character.isWhitespace(c))
            {
                if (inWord)
                {
                    words.add(new Word(word.toString(), wordHasQuotes));
                    word.setLength(0);
                    inWord = false;
                    wordHasQuotes = false;
                }
            }
            else if (c == QUOTE)
            {
                quoted = true;
                inWord = true;
                wordHasQuotes = true;
            }
            else
            {
                word.append(c);
                inWord = true;
            }
        }
        if (quoted)
        {
            return "unterminated quote";
        }
        if (inWord)
        {
            words.add(new Word(word.toString(), wordHasQuotes));
        }
        return null;
    }

    /** A word of a line, and whether any of it was quoted. */
    private record Word(String text, boolean quoted)
    {
    }
}
