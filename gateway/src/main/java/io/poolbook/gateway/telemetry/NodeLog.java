package io.poolbook.gateway.telemetry;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * The node's human-readable log: one line per thing that happened (start-up, sessions, refusals, shutdown), with
 * the time and the thread. Nothing on the order path logs; refusals are logged once per session and reason.
 */
public final class NodeLog
{
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final PrintStream out;
    private final boolean quiet;
    private final boolean json;

    /**
     * @param out   where lines go.
     * @param quiet if true, only warnings and errors are printed.
     */
    public NodeLog(final PrintStream out, final boolean quiet)
    {
        this(out, quiet, false);
    }

    private NodeLog(final PrintStream out, final boolean quiet, final boolean json)
    {
        this.out = out;
        this.quiet = quiet;
        this.json = json;
    }

    /**
     * A structured log: one JSON object per line with {@code time} (ISO-8601 UTC), {@code level}, {@code thread}
     * and {@code message} (and {@code error} with the stack trace for errors), for log shippers.
     */
    public static NodeLog jsonLines(final PrintStream out)
    {
        return new NodeLog(out, false, true);
    }

    /** A log to standard output. */
    public static NodeLog stdout()
    {
        return new NodeLog(System.out, false);
    }

    public void info(final String message)
    {
        if (!quiet)
        {
            line("INFO ", message);
        }
    }

    public void warn(final String message)
    {
        line("WARN ", message);
    }

    public void error(final String message, final Throwable cause)
    {
        if (json)
        {
            final java.io.StringWriter trace = new java.io.StringWriter();
            if (null != cause)
            {
                cause.printStackTrace(new java.io.PrintWriter(trace));
            }
            jsonLine("ERROR", message + (null == cause ? "" : ": " + cause), trace.toString());
            return;
        }
        line("ERROR", message + (null == cause ? "" : ": " + cause));
        if (null != cause)
        {
            cause.printStackTrace(out);
        }
    }

    private void jsonLine(final String level, final String message, final String error)
    {
        final com.fasterxml.jackson.core.io.JsonStringEncoder encoder =
            com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance();
        final String text = "{\"time\":\"" + java.time.Instant.now() + "\",\"level\":\"" + level.trim() +
            "\",\"thread\":\"" + new String(encoder.quoteAsString(Thread.currentThread().getName())) +
            "\",\"message\":\"" + new String(encoder.quoteAsString(message)) + "\"" +
            (error.isEmpty() ? "" : ",\"error\":\"" + new String(encoder.quoteAsString(error)) + "\"") + "}";
        synchronized (out)
        {
            out.println(text);
        }
    }

    private void line(final String level, final String message)
    {
        if (json)
        {
            jsonLine(level, message, "");
            return;
        }
        final String text = LocalTime.now().format(TIME) + ' ' + level + " [" + Thread.currentThread().getName() +
            "] " + message;
        synchronized (out)
        {
            out.println(text);
        }
    }
}
