package io.poolbook.gateway.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.*;

final class PoolbookCommandTest
{
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        final CommandLine commandLine = PoolbookCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    @Test
    void helpListsEverySubcommand()
    {
        assertEquals(ExitCode.OK, run("--help"));
        for (final String name : new String[]{ "node", "demo", "script", "replay", "bench" })
        {
            assertTrue(out.toString().contains("  " + name), name + " in\n" + out);
        }
    }

    @Test
    void everySubcommandHasHelp()
    {
        for (final String name : new String[]{ "node", "demo", "script", "replay", "bench" })
        {
            assertEquals(ExitCode.OK, run(name, "--help"), name);
            assertTrue(out.toString().contains("Usage: poolbook " + name), out.toString());
        }
    }

    @Test
    void anUnknownSubcommandIsAUsageError()
    {
        assertEquals(ExitCode.USAGE, run("frobnicate"));
        assertTrue(err.toString().contains("frobnicate"), err.toString());
    }
}
