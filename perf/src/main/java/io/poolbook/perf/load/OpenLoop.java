package io.poolbook.perf.load;

import io.poolbook.codecs.RejectReason;
import io.poolbook.gateway.pipeline.IdleMode;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.IdleStrategy;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The open-loop driver: command {@code k} is due at {@code start + k / rate} and goes to session {@code k mod N};
 * it is sent when due whatever the answers to earlier ones are doing, and its round trip is measured from when it was
 * due (see {@link Session}). One thread sends and polls every session; between due times it idles like the node.
 */
public final class OpenLoop
{
    private static final int MAX_BURST = 256;
    private final LoadNode node;
    private final List<Session> sessions;
    private final Workload workload;
    private final SplittableRandom random;
    private final IdleStrategy idle;
    private final long drainTimeoutNs;
    private final GcWatch gc = new GcWatch();

    public OpenLoop(
        final LoadNode node,
        final List<Session> sessions,
        final Workload workload,
        final SplittableRandom random,
        final String idleMode,
        final long drainTimeoutMs)
    {
        this.node = node;
        this.sessions = sessions;
        this.workload = workload;
        this.random = random;
        this.idle = IdleMode.parse(idleMode).newIdleStrategy();
        this.drainTimeoutNs = TimeUnit.MILLISECONDS.toNanos(drainTimeoutMs);
    }

    /**
     * Sends at {@code rate} for the warm-up then the measured time, then waits for the answers (up to the drain
     * timeout).
     */
    public RunResult run(final String name, final double rate, final double warmupSeconds, final double seconds)
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        final double intervalNs = 1e9 / rate;
        final long startNs = System.nanoTime() + 1_000_000;
        final long measureFromNs = startNs + (long)(warmupSeconds * 1e9);
        final long endNs = measureFromNs + (long)(seconds * 1e9);
        final long[] sentBefore = new long[sessions.size()];
        final long[] rejectedBefore = new long[sessions.size()];
        final long[] reasonsBefore = new long[256];
        for (int i = 0; i < sessions.size(); i++)
        {
            sessions.get(i).recordInto(histogram, measureFromNs, endNs);
        }
        final int n = sessions.size();
        boolean measuring = false;
        long command = 0;
        long dueNs = startNs;
        boolean behind = false;
        while (dueNs < endNs)
        {
            final long nowNs = System.nanoTime();
            if (nowNs > endNs + drainTimeoutNs)
            {
                // The sender itself cannot keep the rate: the rest of the window is never sent.
                behind = true;
                break;
            }
            if (!measuring && nowNs >= measureFromNs)
            {
                measuring = true;
                gc.mark();
                for (int i = 0; i < n; i++)
                {
                    sentBefore[i] = sessions.get(i).sent;
                    rejectedBefore[i] = sessions.get(i).rejected;
                }
                reasons(reasonsBefore, -1);
            }
            int work = 0;
            while (dueNs <= nowNs && dueNs < endNs && work < MAX_BURST)
            {
                final Session session = sessions.get((int)(command % n));
                session.intend(dueNs);
                while (!workload.send(session, random))
                {
                    node.pollAll();
                }
                command++;
                work++;
                dueNs = startNs + (long)(command * intervalNs);
            }
            work += node.pollAll();
            idle.idle(work);
        }
        final long drainDeadline = System.nanoTime() + drainTimeoutNs;
        while (node.outstanding() > 0 && System.nanoTime() < drainDeadline)
        {
            idle.idle(node.pollAll());
        }
        final boolean drained = !behind && node.outstanding() == 0;
        // The window's commands were all answered by now: a sender or node that fell behind stretches it.
        final double elapsedSeconds = Math.max(seconds, (System.nanoTime() - measureFromNs) / 1e9);
        long sent = 0;
        long rejected = 0;
        for (int i = 0; i < n; i++)
        {
            sent += sessions.get(i).sent - sentBefore[i];
            rejected += sessions.get(i).rejected - rejectedBefore[i];
            sessions.get(i).recordInto(histogram, Long.MAX_VALUE, Long.MAX_VALUE);
        }
        if (!drained)
        {
            // Answers still due after the timeout would land in the next run: wait them out, unrecorded.
            final long deadline = System.nanoTime() + 4 * drainTimeoutNs;
            while (node.outstanding() > 0 && System.nanoTime() < deadline)
            {
                idle.idle(node.pollAll());
            }
        }
        final long[] reasons = new long[256];
        reasons(reasons, 1);
        final StringBuilder why = new StringBuilder();
        for (int r = 0; r < reasons.length; r++)
        {
            final long count = reasons[r] + (measuring ? reasonsBefore[r] : 0);
            if (count > 0)
            {
                why.append(why.length() > 0 ? ", " : "").append(RejectReason.get((short)r)).append(' ').append(count);
            }
        }
        return new RunResult(name, rate, histogram, elapsedSeconds, sent, rejected, why.toString(), drained,
            gc.collections(), gc.describe());
    }

    private void reasons(final long[] into, final int sign)
    {
        for (final Session session : sessions)
        {
            for (int r = 0; r < into.length; r++)
            {
                into[r] += sign * session.rejectReasons[r];
            }
        }
    }
}
