package io.poolbook.perf.gateway;

import io.poolbook.perf.load.LoadCommand;
import picocli.CommandLine;

/**
 * The first end-to-end harness, now {@code ./poolbook bench load} ({@link LoadCommand}): its node set-up, its
 * open-loop schedule and its coordinated-omission correction moved there, with several sessions, workloads, a step
 * mode, .hgrm files and plots. Kept so that the command in docs/GATEWAY.md still runs: it takes the load command's
 * options ({@code --rate}, {@code --seconds}, {@code --warmup-seconds}, {@code --fsync}, {@code --idle},
 * {@code --transport}, {@code --dir} keep their meaning); the flat-out throughput run is the step mode now.
 */
public final class GatewayRoundTrip
{
    private GatewayRoundTrip()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new LoadCommand()).execute(args));
    }
}
