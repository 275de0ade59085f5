package io.poolbook.perf.soak;

import io.poolbook.engine.Engine;
import io.poolbook.engine.EngineAudit;
import io.poolbook.engine.EngineConfig;
import io.poolbook.engine.SnapshotCodec;
import io.poolbook.perf.engine.CommandStream;
import io.poolbook.perf.engine.WorkloadGenerator;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code poolbook bench soak}: the engine under sustained load for minutes, on demand. Round after round it
 * generates a fresh stream of the DEX mix (many markets and accounts, pools in the loop), runs it, checks every
 * invariant ({@link EngineAudit}) and runs it again on a second engine to check that the events and the state hash
 * are the same (determinism). Exits 1 on the first violation.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = "Run the engine under the DEX mix for a while, checking invariants and determinism after every " +
        "round. Exit 0: all held; 1: a violation (printed).")
public final class SoakCommand implements Callable<Integer>
{
    @Option(names = "--seconds", defaultValue = "120", description = "How long to run (default: ${DEFAULT-VALUE}).")
    long seconds;

    @Option(names = "--commands", defaultValue = "500000", description = "Commands per round (default: ${DEFAULT-VALUE}).")
    int commands;

    @Option(names = "--markets", defaultValue = "100", description = "Markets (default: ${DEFAULT-VALUE}).")
    int markets;

    @Option(names = "--pools", defaultValue = "20", description = "Markets with a pool (default: ${DEFAULT-VALUE}).")
    int pools;

    @Option(names = "--accounts", defaultValue = "1000", description = "Accounts (default: ${DEFAULT-VALUE}).")
    int accounts;

    public Integer call()
    {
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
