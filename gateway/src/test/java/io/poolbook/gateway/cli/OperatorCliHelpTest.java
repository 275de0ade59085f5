package io.poolbook.gateway.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.*;

/** Every keygen, admin and trade subcommand is listed and has --help; a missing subcommand is a usage error. */
final class OperatorCliHelpTest
{
    private final StringWriter out = new StringWriter();

    private int run(final String... args)
    {
        final CommandLine commandLine = PoolbookCommand.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(new StringWriter()));
        return commandLine.execute(args);
    }

    @Test
    void everyOperatorCommandHasHelp()
    {
        assertEquals(ExitCode.OK, run("--help"));
        for (final String name : new String[]{ "keygen", "admin", "trade" })
        {
            assertTrue(out.toString().contains("  " + name), name + " in\n" + out);
        }
        final String[][] commands = {
            { "keygen" },
            { "admin", "status" }, { "admin", "add-asset" }, { "admin", "add-market" }, { "admin", "create-pool" },
            { "admin", "register-account" }, { "admin", "deposit" }, { "admin", "halt" }, { "admin", "resume" },
            { "admin", "cut-batch" },
            { "trade", "place" }, { "trade", "cancel" }, { "trade", "amend" }, { "trade", "swap" },
            { "trade", "add-liquidity" }, { "trade", "book" }, { "trade", "watch" }
        };
        for (final String[] command : commands)
        {
            out.getBuffer().setLength(0);
            final String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            assertEquals(ExitCode.OK, run(args), String.join(" ", command));
            assertTrue(out.toString().contains("Usage: poolbook " + String.join(" ", command)), out.toString());
        }
        out.getBuffer().setLength(0);
        assertEquals(ExitCode.OK, run("node", "--help"));
        for (final String option : new String[]{ "--operator-key-file", "--genesis", "--metrics-port", "--metrics-bind",
            "--log-format" })
        {
            assertTrue(out.toString().contains(option), option + " in\n" + out);
        }
    }

    @Test
    void adminOrTradeWithoutASubcommandIsAUsageError()
    {
        assertEquals(ExitCode.USAGE, run("admin"));
        assertEquals(ExitCode.USAGE, run("trade"));
        assertEquals(ExitCode.USAGE, run("admin", "frobnicate"));
    }
}
