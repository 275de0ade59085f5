package io.poolbook.perf.engine;

import io.poolbook.engine.Engine;
import io.poolbook.engine.EngineConfig;
import io.poolbook.engine.SnapshotCodec;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.BenchmarkParams;
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
 * Two methods, one per setting of Agrona's buffer bounds checks: {@link #commands} with them on (the default of
 * Agrona and of production unless the docs say otherwise) and {@link #commandsUnchecked} with them off
 * ({@code -Dagrona.disable.bounds.checks=true}, as the launcher runs the node); JMH reports them apart. Each
 * fork checks that Agrona runs with the setting its method says (the method's flag comes after the common ones).
 * <p>
 * What is measured besides the rate: {@code events} and {@code eventBytes} (secondary results, per second:
 * divide by the score for per command), and the exact events and bytes per command of the stream, printed once
 * per trial from a full pass over it. Each invocation runs {@link #BATCH} commands; when fewer than that are left
 * the engine is restored from the stream's starting snapshot in an untimed per-invocation set-up (a rare,
 * allocating step, about once every 200 invocations, so {@code -prof gc} shows the steady state).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsPrepend = {
    "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Dagrona.disable.bounds.checks=true", "-Xms3g", "-Xmx3g" })
public class EngineBenchmark
{
    static final int BATCH = 10_000;
    private static final String BOUNDS_CHECKS_OFF = "agrona.disable.bounds.checks";

    @Param({ "reference", "dex" })
    public String mix;

    @Param({ "2000000" })
    public int commands;

    private CommandStream stream;
    private Engine engine;
    private int next;
    private long eventCount;
    private long eventByteCount;

    /** Events and their bytes, as rates: per command, divide by the benchmark's score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class EventCounters
    {
        public long events;
        public long eventBytes;
    }

    @Setup(Level.Trial)
    public void generate(final BenchmarkParams params)
    {
        final boolean wantChecks = !params.getBenchmark().endsWith("Unchecked");
        if (DirectBuffer.SHOULD_BOUNDS_CHECK != wantChecks)
        {
            throw new IllegalStateException(params.getBenchmark() + " measures bounds checks " +
                (wantChecks ? "on" : "off") + " but the fork runs with them " + (wantChecks ? "off" : "on"));
        }
        stream = "reference".equals(mix) ?
            WorkloadGenerator.referenceMix(commands, 42) :
            WorkloadGenerator.dexMix(1_000, 200, 10_000, commands, 42);
        restart();
        for (int i = 0; i < stream.size(); i++)
        {
            stream.feed(engine, i);
        }
        System.out.printf("%nstream: %,d commands, %.3f events and %.1f event bytes per command, " +
            "state hash %016x, bounds checks %s%n", stream.size(), eventCount / (double)stream.size(),
            eventByteCount / (double)stream.size(), engine.stateHash(), DirectBuffer.SHOULD_BOUNDS_CHECK ? "on" : "off");
        restart();
    }

    @Setup(Level.Invocation)
    public void restartAtEnd()
    {
        if (stream.size() - next < BATCH)
        {
            restart();
        }
    }

    private void restart()
    {
        engine = new Engine(new EngineConfig().operatorAccountId(WorkloadGenerator.OPERATOR)
            .feeAccountId(WorkloadGenerator.OPERATOR), (buffer, offset, length) ->
            {
                eventCount++;
                eventByteCount += length;
            });
        final byte[] snapshot = stream.initialSnapshot();
        SnapshotCodec.read(engine, new UnsafeBuffer(snapshot), 0, snapshot.length);
        next = 0;
    }

    /**
     * Bounds checks on.
     *
     * @param counters of events.
     * @param blackhole keeps the result alive.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    @Fork(jvmArgsAppend = "-D" + BOUNDS_CHECKS_OFF + "=false")
    public void commands(final EventCounters counters, final Blackhole blackhole)
    {
        run(counters, blackhole);
    }

    /**
     * Bounds checks off.
     *
     * @param counters of events.
     * @param blackhole keeps the result alive.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    @Fork(jvmArgsAppend = "-D" + BOUNDS_CHECKS_OFF + "=true")
    public void commandsUnchecked(final EventCounters counters, final Blackhole blackhole)
    {
        run(counters, blackhole);
    }

    private void run(final EventCounters counters, final Blackhole blackhole)
    {
        final CommandStream stream = this.stream;
        final Engine engine = this.engine;
        final long eventsBefore = eventCount;
        final long bytesBefore = eventByteCount;
        int next = this.next;
        for (int i = 0; i < BATCH; i++)
        {
            stream.feed(engine, next++);
        }
        this.next = next;
        counters.events += eventCount - eventsBefore;
        counters.eventBytes += eventByteCount - bytesBefore;
        blackhole.consume(eventCount);
    }
}
