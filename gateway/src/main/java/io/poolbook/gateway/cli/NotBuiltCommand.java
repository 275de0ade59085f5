package io.poolbook.gateway.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * Placeholder for a subcommand whose module has not landed yet: it is listed in the help, and running it says
 * plainly which piece of work brings it, then exits with {@link ExitCode#NOT_AVAILABLE}. Each is replaced by the
 * real command when that work lands.
 */
abstract class NotBuiltCommand implements Callable<Integer>
{
    @Unmatched
    List<String> ignored;

    abstract String arrivesWith();

    public Integer call()
    {
        final Command command = getClass().getAnnotation(Command.class);
        System.err.println("poolbook " + command.name() + ": not in this build yet; it arrives with " + arrivesWith() + ".");
        return ExitCode.NOT_AVAILABLE;
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: JMH micro-benchmarks and the end-to-end load generator (runs from the perf jar).")
    static final class Bench extends NotBuiltCommand
    {
        String arrivesWith()
        {
            return "the perf jar: run it as ./poolbook bench";
        }
    }
}
