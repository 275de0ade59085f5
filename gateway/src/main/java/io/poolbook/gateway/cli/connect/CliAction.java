package io.poolbook.gateway.cli.connect;

import io.poolbook.gateway.cli.ExitCode;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintStream;

/**
 * The body of one {@code poolbook admin} or {@code poolbook trade} subcommand, and the one place its outcome becomes
 * an exit code: what it returns, or the message of a {@link CliException} (its own code) or of an
 * {@link IllegalArgumentException} (a bad value, {@link ExitCode#USAGE}) on stderr, prefixed with the command.
 */
@FunctionalInterface
public interface CliAction
{
    /**
     * @param out where the node's answer is printed.
     * @return the exit code.
     */
    int run(PrintStream out);

    /**
     * @param command the command as typed, e.g. {@code "poolbook admin halt"}, to prefix error messages.
     * @param action  what it does.
     * @return the exit code.
     */
    static int execute(final String command, final CliAction action)
    {
        try
        {
            return action.run(System.out);
        }
        catch (final CliException ex)
        {
            System.err.println(command + ": " + ex.getMessage());
            return ex.exitCode();
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println(command + ": " + ex.getMessage());
            return ExitCode.USAGE;
        }
    }

    /**
     * A command group run without a subcommand: prints its usage.
     *
     * @param spec the group's command.
     * @return {@link ExitCode#USAGE}.
     */
    static int usage(final CommandSpec spec)
    {
        spec.commandLine().usage(System.out);
        return ExitCode.USAGE;
    }
}
