package io.poolbook.gateway.demo;

import io.poolbook.gateway.cli.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code poolbook demo}: an embedded node and a few in-process clients over the real gateway (Aeron IPC), printing
 * what happens in readable lines, then exiting.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
        "Run an embedded node and, over its real gateway, an operator who sets up two assets, a market with a pool " +
            "and three accounts, a market maker who adds liquidity and quotes, two traders who cross, and a swap. " +
            "Prints each step and the events it caused, then the book and the balances. Then two market makers " +
            "quote and the traders send limit and market orders and swaps for --seconds, with a line of " +
            "statistics every second (commands/s, fills, round trip p50 and p99, pool price against book mid) and " +
            "a summary; finally runs 'replay verify' on the journal the node wrote and prints the verdict."
    })
public final class DemoCommand implements Callable<Integer>
{
    @Option(names = "--data-dir", paramLabel = "DIR",
        description = "Keep the node's journal here (default: a temporary folder, deleted at the end).")
    Path dataDir;

    @Option(names = "--quiet-node", description = "Hide the node's own log lines.")
    boolean quietNode;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "5",
        description = "Length of the live trading phase (default: ${DEFAULT-VALUE}; 0 to skip it).")
    int seconds;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "1000",
        description = "Commands per second the live phase aims at (default: ${DEFAULT-VALUE}).")
    int rate;

    /** {@inheritDoc} */
    public Integer call()
    {
        try
        {
            return new Demo(System.out, dataDir, quietNode, seconds, rate).run() ? ExitCode.OK : ExitCode.FAILURE;
        }
        catch (final Exception ex)
        {
            System.err.println("poolbook demo: failed: " + ex);
            ex.printStackTrace(System.err);
            return ExitCode.FAILURE;
        }
    }
}
