package io.poolbook.gateway.cli.trade;

import io.poolbook.gateway.cli.ExitCode;
import io.poolbook.gateway.cli.connect.CliAeron;
import io.poolbook.gateway.cli.connect.CliException;
import io.poolbook.gateway.cli.connect.NodeReference;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code poolbook trade book MARKET}: the market's L2 book from the feed's next snapshot, printed once. */
@Command(name = "book", mixinStandardHelpOptions = true,
    description = "Print a market's L2 book (from the feed's next snapshot) and exit; no key needed.")
final class BookCommand implements Callable<Integer>
{
    @ParentCommand
    TradeCommand trade;

    @Parameters(index = "0", paramLabel = "MARKET", description = "Market: id or BASE/QUOTE.")
    String market;

    @Option(names = "--depth", defaultValue = "10", description = "Levels per side (default: ${DEFAULT-VALUE}).")
    int depth;

    public Integer call()
    {
        return trade.run("book", (out) ->
        {
            final NodeReference reference = NodeReference.fetch(trade.target.http, trade.target.timeoutMs);
            try (CliAeron transport = CliAeron.open(trade.target);
                MarketView view = new MarketView(transport, reference, reference.market(market)))
            {
                final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(trade.target.timeoutMs);
                final SleepingMillisIdleStrategy idle = new SleepingMillisIdleStrategy(1);
                while (!view.isLive())
                {
                    if (System.nanoTime() > deadline)
                    {
                        throw CliException.failed("no book snapshot from the feed at " + transport.describeNode() +
                            " in " + trade.target.timeoutMs + " ms; is the node running, and --market-data right?");
                    }
                    idle.idle(view.poll());
                }
                out.print(view.render(depth));
                return ExitCode.OK;
            }
        });
    }
}
