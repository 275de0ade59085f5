package io.poolbook.perf;

import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import io.poolbook.perf.floor.FloorCommand;
import io.poolbook.perf.load.LoadCommand;
import io.poolbook.perf.report.ReportCommand;
import io.poolbook.perf.soak.SoakCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./poolbook bench}: the performance suite. {@code micro} runs the JMH benchmarks packed in this jar;
 * {@code load} drives an embedded node end to end over the gateway; {@code report} regenerates
 * docs/PERFORMANCE.md.
 */
@Command(
    name = "poolbook bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks: JMH micro-benchmarks and the end-to-end load generator.",
    subcommands = { BenchCommand.Micro.class, LoadCommand.class, FloorCommand.class, ReportCommand.class,
        SoakCommand.class })
public final class BenchCommand implements Callable<Integer>
{
    /**
     * Flags every forked benchmark JVM starts with: Agrona 2.x reaches into jdk.internal.misc; bounds checks are off
     * as on the node (frames are validated before any flyweight reads them); a fixed heap. Passed as JMH's
     * {@code jvmArgsPrepend}, so a benchmark's own {@code @Fork(jvmArgsAppend)} comes later and wins: that is how
     * {@code EngineBenchmark.commands} runs with bounds checks on.
     */
    public static final String[] FORK_JVM_ARGS = {
        "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Dagrona.disable.bounds.checks=true",
        "-Xms3g", "-Xmx3g" };

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public Integer call()
    {
        spec.commandLine().usage(System.out);
        return 0;
    }

    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }

    @Command(
        name = "micro",
        mixinStandardHelpOptions = true,
        description = "Runs the JMH benchmarks whose names match the regular expression (all by default).")
    static final class Micro implements Callable<Integer>
    {
        @Parameters(arity = "0..1", paramLabel = "REGEX", description = "Benchmarks to run (JMH include pattern).")
        String include = ".*";

        @Option(names = "--forks", description = "JVM forks per benchmark (default: ${DEFAULT-VALUE}).")
        int forks = 1;

        @Option(names = "--warmup", description = "Warm-up iterations (default: ${DEFAULT-VALUE}).")
        int warmupIterations = 3;

        @Option(names = "--iterations", description = "Measurement iterations (default: ${DEFAULT-VALUE}).")
        int iterations = 5;

        @Option(names = "--seconds", description = "Seconds per iteration (default: ${DEFAULT-VALUE}).")
        int seconds = 2;

        @Option(names = "--prof", description = "A JMH profiler, e.g. gc or jfr; repeatable.")
        List<String> profilers = List.of();

        @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JMH JSON to FILE.")
        String jsonFile;

        @Option(names = "--list", description = "List the matching benchmarks and exit.")
        boolean list;

        public Integer call() throws RunnerException
        {
            final ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .forks(forks)
                .warmupIterations(warmupIterations)
                .warmupTime(TimeValue.seconds(seconds))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(seconds))
                .jvmArgsPrepend(FORK_JVM_ARGS);
            for (final String profiler : profilers)
            {
                options.addProfiler(profiler);
            }
            if (null != jsonFile)
            {
                options.resultFormat(ResultFormatType.JSON).result(jsonFile);
            }

            final Runner runner = new Runner(options.build());
            if (list)
            {
                runner.list();
                return 0;
            }
            return runner.run().isEmpty() ? 1 : 0;
        }
    }
}
