package io.poolbook.replay.audit;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/**
 * {@code poolbook replay}: the audit tools operations run on a node's data folder. Each replays the journal
 * through the engine exactly as the node ran it.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = "Audit tools on a node's data folder: verify it, dump its journal, look at any sequence.",
    subcommands = { VerifyCommand.class, DumpCommand.class, StateCommand.class })
public final class ReplayCommand implements Callable<Integer>
{
    /** Exit code of a check that found a mismatch or damage. */
    static final int MISMATCH = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public Integer call()
    {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
