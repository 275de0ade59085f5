package io.poolbook.gateway.node;

import io.poolbook.gateway.cli.PoolbookCommand;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code poolbook} subcommands in-process as the launcher would, capturing what they print; the CLI writes
 * to System.out and System.err, so those are swapped for the call (tests in one JVM run one at a time).
 */
final class Cli
{
    final int exitCode;
    final String out;
    final String err;

    private Cli(final int exitCode, final String out, final String err)
    {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static synchronized Cli run(final List<String> prefix, final String... args)
    {
        final List<String> all = new ArrayList<>(prefix);
        all.addAll(List.of(args));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream savedOut = System.out;
        final PrintStream savedErr = System.err;
        final int code;
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        try
        {
            code = PoolbookCommand.commandLine().execute(all.toArray(new String[0]));
        }
        finally
        {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        final Cli cli = new Cli(code, out.toString(), err.toString());
        savedOut.println("poolbook " + String.join(" ", all) + " -> " + code + "\n" + cli.out + cli.err);
        return cli;
    }

    public String toString()
    {
        return "exit " + exitCode + "\n" + out + err;
    }
}
