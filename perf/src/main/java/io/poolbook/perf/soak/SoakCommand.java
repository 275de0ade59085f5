package io.poolbook.perf.soak;

import io.poolbook.engine.Engine;
import io.poolbook.engine.EngineAudit;
import io.poolbook.engine.EngineConfig;
import io.poolbook.engine.SnapshotCodec;
import io.poolbook.perf.engine.CommandStream;
import io.poolbook.perf.engine.WorkloadGenerator;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code poolbook bench soak}: sustained load for minutes, on demand, with the invariants and determinism checked.
 * By default the bare engine: round after round it generates a fresh stream of the DEX mix (many markets and
 * accounts, pools in the loop), runs it, checks every invariant ({@link EngineAudit}) and runs it again on a second
 * engine to check that the events and the state hash are the same (determinism); exits 1 on the first violation.
 * With {@code --node}, a real node through its gateway instead ({@link NodeSoak}): client sessions, journal,
 * snapshots, settlement, a restart, then the audit, replay equals live byte for byte, and {@code replay verify}.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Run the engine under the DEX mix for a while, checking invariants and determinism after every round.",
        "With --node, run a real node instead: client sessions over the gateway (IPC), open loop at --rate, with " +
            "mass cancels, settlement batch cuts, engine snapshots and a restart half-way; then close it and check " +
            "the engine's invariants, that a replay of the journal reaches the same state hash and emits the live " +
            "node's durable events byte for byte, that every answer the sessions saw is journaled, and replay verify.",
        "Exit 0: all held; 1: a violation (printed)." })
public final class SoakCommand implements Callable<Integer>
{
    @Option(names = "--seconds", defaultValue = "120", description = "How long to run (default: ${DEFAULT-VALUE}).")
    long seconds;

    @Option(names = "--node", description = "Soak a real node through its gateway instead of the bare engine.")
    boolean node;

    @Option(names = "--markets", description = "Markets (default: 100; with --node: 4, each with a pool in the dex " +
        "workload).")
    Integer markets;

    @ArgGroup(validate = false, heading = "%nEngine soak (without --node):%n")
    EngineOptions engineOptions = new EngineOptions();

    @ArgGroup(validate = false, heading = "%nNode soak (--node):%n")
    NodeOptions nodeOptions = new NodeOptions();

    /** Settings of the engine soak. */
    static final class EngineOptions
    {
        @Option(names = "--commands", description = "Commands per round (default: ${DEFAULT-VALUE}).")
        int commands = 500_000;

        @Option(names = "--pools", description = "Markets with a pool (default: ${DEFAULT-VALUE}).")
        int pools = 20;

        @Option(names = "--accounts", description = "Accounts (default: ${DEFAULT-VALUE}).")
        int accounts = 1_000;
    }

    /** Settings of the node soak. */
    static final class NodeOptions
    {
        @Option(names = "--rate", description = "Commands/s offered, open loop (default: ${DEFAULT-VALUE}).")
        double rate = 20_000;

        @Option(names = "--sessions", description = "Client sessions, one account each (default: ${DEFAULT-VALUE}).")
        int sessions = 4;

        @Option(names = "--workload", description = "dex (swaps, quotes, limits, liquidity) or exchange (limits, " +
            "amends, cancels on one market) (default: ${DEFAULT-VALUE}).")
        String workload = "dex";

        @Option(names = "--fsync", description = "Journal fsync policy: always, interval_ms, none " +
            "(default: ${DEFAULT-VALUE}).")
        String fsync = "interval_ms";

        @Option(names = "--idle", description = "Idle mode of the node and the load thread: busy-spin, yield, " +
            "backoff, sleep (default: ${DEFAULT-VALUE}).")
        String idle = "backoff";

        @Option(names = { "--engine-snapshot-every", "--snapshot-every" }, description = "Engine snapshot every " +
            "this many commands, as the node's --engine-snapshot-every (default: ${DEFAULT-VALUE}).")
        long snapshotEvery = 100_000;

        @Option(names = "--batch-commands", description = "The engine cuts a settlement batch every this many " +
            "commands; 0 for none (default: ${DEFAULT-VALUE}).")
        long batchCommands = 20_000;

        @Option(names = "--cut-every-seconds", description = "The operator cuts a settlement batch this often; 0 " +
            "for never (default: ${DEFAULT-VALUE}).")
        double cutEverySeconds = 5;

        @Option(names = "--mass-cancels", paramLabel = "PER_MILLE", description = "Commands out of 1,000 that are " +
            "a session's mass cancel in one market (default: ${DEFAULT-VALUE}).")
        int massCancelPerMille = 5;

        @Option(names = "--no-restart", description = "Do not restart the node half-way.")
        boolean noRestart;

        @Option(names = "--progress-seconds", description = "Seconds between progress lines " +
            "(default: ${DEFAULT-VALUE}).")
        double progressSeconds = 5;

        @Option(names = "--seed", description = "Seed of the workload's random choices (default: ${DEFAULT-VALUE}).")
        long seed = 42;

        @Option(names = "--dir", description = "Empty folder for the node's data, kept (default: a temporary one, " +
            "deleted when every check holds).")
        Path dir;

        @Option(names = "--verbose", description = "Print the node's own log lines too.")
        boolean verbose;
    }

    public Integer call()
    {
        return node ? soakNode() : soakEngine();
    }

    private int soakNode()
    {
        final NodeSoak soak = new NodeSoak();
        soak.seconds = seconds;
        soak.markets = null == markets ? soak.markets : markets;
        soak.rate = nodeOptions.rate;
        soak.sessions = nodeOptions.sessions;
        soak.workload = nodeOptions.workload;
        soak.fsync = nodeOptions.fsync;
        soak.idle = nodeOptions.idle;
        soak.snapshotEvery = nodeOptions.snapshotEvery;
        soak.batchCommands = nodeOptions.batchCommands;
        soak.cutEverySeconds = nodeOptions.cutEverySeconds;
        soak.massCancelPerMille = nodeOptions.massCancelPerMille;
        soak.restart = !nodeOptions.noRestart;
        soak.progressSeconds = nodeOptions.progressSeconds;
        soak.seed = nodeOptions.seed;
        soak.dir = nodeOptions.dir;
        soak.verbose = nodeOptions.verbose;
        try
        {
            return soak.execute(System.out) ? 0 : 1;
        }
        catch (final Exception ex)
        {
            System.out.println("soak-node: FAILED: " + ex);
            ex.printStackTrace(System.out);
            return 1;
        }
    }

    private int soakEngine()
    {
        final int markets = null == this.markets ? 100 : this.markets;
        final int commands = engineOptions.commands;
        final int pools = engineOptions.pools;
        final int accounts = engineOptions.accounts;
        final long endNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long totalCommands = 0;
        int round = 0;
        while (round == 0 || System.nanoTime() < endNs)
        {
            round++;
            final long startNs = System.nanoTime();
            final CommandStream stream = WorkloadGenerator.dexMix(markets, pools, accounts, commands, 1_000 + round);
            final long[] firstEvents = { 0, 0 };
            final Engine first = run(stream, firstEvents);
            final String violation = EngineAudit.check(first);
            final long[] secondEvents = { 0, 0 };
            final Engine second = run(stream, secondEvents);
            totalCommands += stream.size();
            final double seconds = (System.nanoTime() - startNs) / 1e9;
            System.out.printf("soak: round %d, %,d commands, %,d events, %d trades, %.1f s (two runs), state hash %016x%n",
                round, stream.size(), firstEvents[0], first.trading().lastTradeId(), seconds, first.stateHash());
            if (null != violation)
            {
                System.out.println("soak: FAILED in round " + round + ": " + violation);
                return 1;
            }
            if (first.stateHash() != second.stateHash() || firstEvents[0] != secondEvents[0] ||
                firstEvents[1] != secondEvents[1])
            {
                System.out.println("soak: FAILED in round " + round + ": the same input gave different results");
                return 1;
            }
        }
        System.out.printf("soak: OK, %d rounds, %,d commands, invariants and determinism held after every round%n",
            round, totalCommands);
        return 0;
    }

    /** Runs a stream on a fresh engine; counts events and folds their bytes into a running hash. */
    private static Engine run(final CommandStream stream, final long[] eventCountAndHash)
    {
        final Engine engine = new Engine(new EngineConfig().operatorAccountId(WorkloadGenerator.OPERATOR)
            .feeAccountId(WorkloadGenerator.OPERATOR), (buffer, offset, length) ->
            {
                eventCountAndHash[0]++;
                eventCountAndHash[1] = eventCountAndHash[1] * 31 + SnapshotCodec.hash(buffer, offset, length);
            });
        final byte[] snapshot = stream.initialSnapshot();
        SnapshotCodec.read(engine, new UnsafeBuffer(snapshot), 0, snapshot.length);
        for (int i = 0; i < stream.size(); i++)
        {
            stream.feed(engine, i);
        }
        return engine;
    }
}
