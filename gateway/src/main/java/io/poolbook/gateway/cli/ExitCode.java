package io.poolbook.gateway.cli;

/**
 * Exit codes of every {@code poolbook} subcommand, so scripts can tell outcomes apart.
 */
public final class ExitCode
{
    /** Done as asked. */
    public static final int OK = 0;
    /** Ran and failed: a check did not pass, a file was bad, the node stopped on an error. */
    public static final int FAILURE = 1;
    /** The command line was wrong; nothing was done. */
    public static final int USAGE = 2;
    /** This subcommand is not part of this build yet. */
    public static final int NOT_AVAILABLE = 3;

    private ExitCode()
    {
    }
}
