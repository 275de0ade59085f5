package io.poolbook.perf.engine;

import io.poolbook.engine.Engine;
import io.poolbook.engine.EngineConfig;
import io.poolbook.engine.SnapshotCodec;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * The engine alone on one thread, fed pre-encoded commands (no journal, no network): the figures behind
 * "commands per second" in ARCHITECTURE.md. Two workloads:
 * <ul>
 *   <li>{@code reference}: exchange-core's mix on one market with about 1,000 resting orders;</li>
 *   <li>{@code dex}: the same mix over 1,000 markets and 10,000 accounts, 200 of the markets with a pool, so
 *   about 20% of the takers are routed between book and pool.</li>
 * </ul>
 * Each invocation runs {@link #BATCH} commands; at the end of the stream the engine is restored from the
 * stream's starting snapshot (a rare, allocating step, amortised over millions of commands).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {
    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Dagrona.disable.bounds.checks=true", "-Xms3g", "-Xmx3g" })
public class EngineBenchmark
{
    static final int BATCH = 10_000;

    @Param({ "reference", "dex" })
    public String mix;

    @Param({ "2000000" })
    public int commands;

    private CommandStream stream;
    private Engine engine;
    private int next;
    private long events;

    @Setup(Level.Trial)
    public void generate()
    {
        stream = "reference".equals(mix) ?
            WorkloadGenerator.referenceMix(commands, 42) :
            WorkloadGenerator.dexMix(1_000, 200, 10_000, commands, 42);
        restart();
    }

    private void restart()
    {
        engine = new Engine(new EngineConfig().operatorAccountId(WorkloadGenerator.OPERATOR)
            .feeAccountId(WorkloadGenerator.OPERATOR), (buffer, offset, length) -> events++);
        final byte[] snapshot = stream.initialSnapshot();
        SnapshotCodec.read(engine, new UnsafeBuffer(snapshot), 0, snapshot.length);
        next = 0;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void commands(final Blackhole blackhole)
    {
        final CommandStream stream = this.stream;
        final Engine engine = this.engine;
        int next = this.next;
        for (int i = 0; i < BATCH; i++)
        {
            if (next == stream.size())
            {
                restart();
                this.next = 0;
                commands(blackhole);
                return;
            }
            stream.feed(engine, next++);
        }
        this.next = next;
        blackhole.consume(events);
    }
}
