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

    /**
     * @param out   where lines go.
     * @param quiet if true, only warnings and errors are printed.
     */
    public NodeLog(final PrintStream out, final boolean quiet)
    {
        this.out = out;
        this.quiet = quiet;
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
        line("ERROR", message + (null == cause ? "" : ": " + cause));
        if (null != cause)
        {
            cause.printStackTrace(out);
        }
    }

    private void line(final String level, final String message)
    {
        final String text = LocalTime.now().format(TIME) + ' ' + level + " [" + Thread.currentThread().getName() +
            "] " + message;
        synchronized (out)
        {
            out.println(text);
        }
    }
}
