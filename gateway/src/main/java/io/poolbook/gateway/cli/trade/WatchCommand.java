package io.poolbook.gateway.cli.trade;

import io.poolbook.gateway.cli.ExitCode;
import io.poolbook.gateway.cli.connect.CliAeron;
import io.poolbook.gateway.cli.connect.NodeReference;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code poolbook trade watch MARKET}: the market's book and trades live from the feed. On a terminal the book is
 * redrawn in place; otherwise (piped, logged) each change prints the book again, so the output reads as a log.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
    description = {
        "Watch a market live: its L2 book redrawn on every change and each trade as it happens, until Ctrl-C, " +
            "--seconds or --trades; no key needed.",
        "Exit codes: 0 stopped (or --trades seen), 1 --trades not seen within --seconds or the node not reachable, " +
            "2 bad command line."
    })
final class WatchCommand implements Callable<Integer>
{
    private static final String CLEAR = "\033[H\033[2J";

    @ParentCommand
    TradeCommand trade;

    @Parameters(index = "0", paramLabel = "MARKET", description = "Market: id or BASE/QUOTE.")
    String market;

    @Option(names = "--depth", defaultValue = "10", description = "Levels per side (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--seconds", defaultValue = "0", description = "Stop after this long; 0 runs until Ctrl-C.")
    long seconds;

    @Option(names = "--trades", defaultValue = "0", description = "Stop once this many trades were seen; 0 for no limit.")
    long tradesWanted;

    public Integer call()
    {
        return trade.run("watch", (out) ->
        {
            final NodeReference reference = NodeReference.fetch(trade.target.http, trade.target.timeoutMs);
            final boolean terminal = null != System.console();
            final AtomicBoolean running = new AtomicBoolean(true);
            final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
            final Thread onCtrlC = new Thread(() ->
            {
                running.set(false);
                try
                {
                    stopped.await(2, TimeUnit.SECONDS); // let the loop close the CLI's driver and its folder
                }
                catch (final InterruptedException ignore)
                {
                    Thread.currentThread().interrupt();
                }
            });
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            try (CliAeron transport = CliAeron.open(trade.target);
                MarketView view = new MarketView(transport, reference, reference.market(market)))
            {
                out.println("watching " + reference.symbol(reference.market(market)) + " on " +
                    transport.describeNode() + (seconds > 0 ? " for " + seconds + " s" : "") +
                    (tradesWanted > 0 ? " until " + tradesWanted + " trades" : "") + "; Ctrl-C stops");
                final long deadline = seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) :
                    Long.MAX_VALUE;
                final SleepingMillisIdleStrategy idle = new SleepingMillisIdleStrategy(1);
                while (running.get() && System.nanoTime() < deadline &&
                    (0 == tradesWanted || view.trades() < tradesWanted))
                {
                    idle.idle(view.poll());
                    final boolean changed = view.takeChanged();
                    final java.util.List<String> trades = view.takeTrades();
                    if ((changed || !trades.isEmpty()) && view.isLive())
                    {
                        out.print((terminal ? CLEAR : "") + view.render(depth));
                        trades.forEach(out::println);
                        out.flush();
                    }
                    else if (!trades.isEmpty())
                    {
                        trades.forEach(out::println);
                    }
                }
                if (tradesWanted > 0 && view.trades() < tradesWanted)
                {
                    System.err.println("poolbook trade watch: saw " + view.trades() + " of " + tradesWanted +
                        " trades in " + seconds + " s");
                    return ExitCode.FAILURE;
                }
                return ExitCode.OK;
            }
            finally
            {
                stopped.countDown();
                try
                {
                    Runtime.getRuntime().removeShutdownHook(onCtrlC);
                }
                catch (final IllegalStateException ignore)
                {
                    // shutting down already
                }
            }
        });
    }
}
