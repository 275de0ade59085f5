package io.poolbook.gateway.cli;

import io.poolbook.gateway.node.NodeCommand;
import io.poolbook.gateway.node.NodeConfig;
import io.poolbook.replay.journal.FsyncPolicy;
import io.poolbook.replay.journal.JournalConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
            "--market-data-ipc", "--market-data-stream", "--market-data-snapshot-interval-ms",
            "--market-data-snapshot-depth", "--engine-snapshot-every", "--idle", "--operator-key-file",
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
    void oldNodeNamesStillWorkWithAWarningAndNewNamesWin()
    {
        final String[] names = { "poolbook.node.snapshotIntervalMs", NodeConfig.MARKET_DATA_SNAPSHOT_INTERVAL_MS_PROP,
            "poolbook.node.snapshotDepth", NodeConfig.MARKET_DATA_SNAPSHOT_DEPTH_PROP, "poolbook.node.fsync",
            JournalConfig.FSYNC_PROP, "poolbook.node.fsyncIntervalMs", JournalConfig.FSYNC_INTERVAL_MS_PROP };
        final PrintStream err = System.err;
        final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        final NodeCommand node;
        try
        {
            System.setErr(new PrintStream(warnings, true));
            System.setProperty("poolbook.node.snapshotIntervalMs", "250");
            System.setProperty("poolbook.node.snapshotDepth", "7");
            System.setProperty(NodeConfig.MARKET_DATA_SNAPSHOT_DEPTH_PROP, "9");
            System.setProperty("poolbook.node.fsync", "interval_ms");
            System.setProperty("poolbook.node.fsyncIntervalMs", "3");

            final CommandLine commandLine = PoolbookCommand.commandLine();
            commandLine.parseArgs("node");
            node = commandLine.getSubcommands().get("node").getCommand();
        }
        finally
        {
            System.setErr(err);
            for (final String name : names)
            {
                System.clearProperty(name);
            }
        }
        final NodeConfig config = node.toConfig().validate();
        assertEquals(250, config.marketDataSnapshotIntervalMs());
        assertEquals(9, config.marketDataSnapshotDepth(), "the new name wins");
        assertEquals(FsyncPolicy.INTERVAL_MS, config.journal().fsyncPolicy());
        assertEquals(3, config.journal().fsyncIntervalMs());
        final String text = warnings.toString();
        assertTrue(text.contains("poolbook.node.snapshotIntervalMs is deprecated, use " +
            NodeConfig.MARKET_DATA_SNAPSHOT_INTERVAL_MS_PROP), text);
        assertTrue(text.contains("poolbook.node.fsync is deprecated, use " + JournalConfig.FSYNC_PROP), text);
        assertTrue(text.contains("poolbook.node.snapshotDepth is deprecated and ignored"), text);
    }

    @Test
    void oldNodeFlagsAreHiddenButStillWork()
    {
        assertEquals(ExitCode.OK, run("node", "--help"));
        assertFalse(out.toString().contains("--snapshot-interval-ms"), out.toString());
        assertFalse(out.toString().contains("--snapshot-depth"), out.toString());

        final CommandLine commandLine = PoolbookCommand.commandLine();
        commandLine.parseArgs("node", "--snapshot-interval-ms", "300", "--snapshot-depth", "5", "--fsync", "none");
        final NodeCommand node = commandLine.getSubcommands().get("node").getCommand();
        final NodeConfig config = node.toConfig().validate();
        assertEquals(300, config.marketDataSnapshotIntervalMs());
        assertEquals(5, config.marketDataSnapshotDepth());
        assertEquals(FsyncPolicy.NONE, config.journal().fsyncPolicy());

        final CommandLine both = PoolbookCommand.commandLine();
        both.parseArgs("node", "--snapshot-interval-ms", "300", "--market-data-snapshot-interval-ms", "400");
        assertEquals(400, both.getSubcommands().get("node").<NodeCommand>getCommand().toConfig()
            .marketDataSnapshotIntervalMs(), "the new flag wins");
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
