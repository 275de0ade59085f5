package io.poolbook.gateway.cli.connect;

import io.poolbook.gateway.cli.ExitCode;

/**
 * Ends a CLI command with a message for the person at the terminal and one of the {@link ExitCode}s.
 */
public final class CliException extends RuntimeException
{
    private final int exitCode;

    public CliException(final int exitCode, final String message)
    {
        super(message);
        this.exitCode = exitCode;
    }

    /** A bad value on the command line (exit {@link ExitCode#USAGE}). */
    public static CliException usage(final String message)
    {
        return new CliException(ExitCode.USAGE, message);
    }

    /** The node could not be reached, refused the session or the command (exit {@link ExitCode#FAILURE}). */
    public static CliException failed(final String message)
    {
        return new CliException(ExitCode.FAILURE, message);
    }

    public int exitCode()
    {
        return exitCode;
    }
}
