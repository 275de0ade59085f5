package io.poolbook.gateway.cli;

import io.poolbook.engine.Engine;
import io.poolbook.engine.EngineConfig;
import io.poolbook.gateway.chain.WithdrawProofCommand;
import io.poolbook.gateway.cluster.ClusterCommand;
import io.poolbook.gateway.demo.DemoCommand;
import io.poolbook.gateway.node.NodeCommand;
import io.poolbook.replay.DeprecatedProperties;
import io.poolbook.replay.audit.ReplayCommand;
import io.poolbook.replay.script.ScriptCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * The {@code poolbook} launcher: one entry point for everything an operator, a trader or a tester runs.
 * Subcommands arrive with the modules that implement them; one not built yet says so and exits with
 * {@link ExitCode#NOT_AVAILABLE}.
 */
@Command(
    name = "poolbook",
    mixinStandardHelpOptions = true,
    versionProvider = PoolbookCommand.Version.class,
    description = "Poolbook: an exchange node for decentralized exchanges. A deterministic engine matches orders " +
        "against a limit order book and constant-product pools, journals every input and cuts settlement batches.%n",
    footer = {
        "",
        "Exit codes: 0 done, 1 failed, 2 bad command line, 3 not in this build yet.",
        "Settings can also be given as system properties (-Dpoolbook.<name>=...) through POOLBOOK_JAVA_OPTS."
    })
public final class PoolbookCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public Integer call()
    {
        spec.commandLine().usage(System.out);
        return ExitCode.OK;
    }

    /**
     * Builds the command line with its subcommands and the exit codes of {@link ExitCode}, after applying the
     * renamed properties ({@link DeprecatedProperties}).
     *
     * @return a ready-to-execute command line.
     */
    public static CommandLine commandLine()
    {
        // Before any option reads its default: a renamed property set under its old name is copied to its new one.
        DeprecatedProperties.apply();
        final CommandLine commandLine = new CommandLine(new PoolbookCommand());
        commandLine.addSubcommand(new NodeCommand());
        commandLine.addSubcommand(new DemoCommand());
        commandLine.addSubcommand("script", new ScriptCommand((listener) -> new Engine(new EngineConfig(), listener)));
        commandLine.addSubcommand(new ReplayCommand());
        commandLine.addSubcommand(new ClusterCommand());
        commandLine.addSubcommand(new KeygenCommand());
        commandLine.addSubcommand(new io.poolbook.gateway.cli.admin.AdminCommand());
        commandLine.addSubcommand(new io.poolbook.gateway.cli.trade.TradeCommand());
        commandLine.addSubcommand(new WithdrawProofCommand());
        commandLine.addSubcommand(new NotBuiltCommand.Bench());
        commandLine.addSubcommand(new CommandLine.HelpCommand());
        return commandLine
            .setExitCodeExceptionMapper((ex) -> ex instanceof CommandLine.ParameterException ?
                ExitCode.USAGE : ExitCode.FAILURE);
    }

    public static void main(final String[] args)
    {
        System.exit(commandLine().execute(args));
    }

    /** Version from the jar's manifest, or the development version when run from classes. */
    static final class Version implements CommandLine.IVersionProvider
    {
        public String[] getVersion()
        {
            final String version = PoolbookCommand.class.getPackage().getImplementationVersion();
            return new String[]{ "poolbook " + (null == version ? "development build" : version) };
        }
    }
}
