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
        for (final String name : new String[]{ "node", "demo", "script", "replay", "cluster", "withdraw-proof", "bench" })
        {
            assertTrue(out.toString().contains("  " + name), name + " in\n" + out);
        }
    }

    @Test
    void everySubcommandHasHelp()
    {
        for (final String name : new String[]{ "node", "demo", "script", "replay", "cluster", "withdraw-proof", "bench" })
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
    @Test
    void nodeHelpShowsEverySettingWithItsProperty()
    {
        assertEquals(ExitCode.OK, run("node", "--help"));
        final String help = out.toString();
        for (final String option : new String[]{ "--data-dir", "--aeron-dir", "--embedded-driver", "--threading-mode",
            "--term-length", "--ingress-channel", "--ingress-ipc", "--ingress-stream", "--market-data-channel",
            "--market-data-ipc", "--market-data-stream", "--snapshot-interval-ms", "--snapshot-depth", "--idle",
            "--input-ring-size", "--output-ring-size", "--max-message-length", "--fsync", "--fsync-interval-ms",
            "--operator-key", "--max-sessions", "--heartbeat-interval-ms", "--logon-timeout-ms", "--rate-limit",
            "--rate-burst", "--slow-consumer-timeout-ms", "--max-pending-bytes", "--connect-timeout-ms" })
        {
            assertTrue(help.contains(option), option + " in\n" + help);
        }
        assertTrue(help.contains("poolbook.node.dataDir"), help);
        assertTrue(help.contains("(default: data)"), help);
    }

    @Test
    void aBadNodeSettingIsAUsageErrorBeforeAnythingStarts()
    {
        assertEquals(ExitCode.USAGE, run("node", "--idle", "sometimes"));
        assertEquals(ExitCode.USAGE, run("node", "--operator-key", "abc"));
        assertEquals(ExitCode.USAGE, run("node", "--input-ring-size", "1000"));
        assertEquals(ExitCode.USAGE, run("node", "--ws-port", "70000"));
    }
}
