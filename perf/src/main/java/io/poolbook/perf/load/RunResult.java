package io.poolbook.perf.load;

import org.HdrHistogram.Histogram;

/**
 * One measured run at one target rate: the round trips (coordinated omission corrected, nanoseconds), what was sent
 * and answered in the measured window, and the garbage collections in it.
 */
public final class RunResult
{
    public final String name;
    public final double targetRate;
    public final Histogram histogram;
    public final double seconds;
    public final long sent;
    public final long rejected;
    public final String rejectReasons;
    public final boolean drained;
    public final long gcCollections;
    public final String gc;

    public RunResult(
        final String name,
        final double targetRate,
        final Histogram histogram,
        final double seconds,
        final long sent,
        final long rejected,
        final String rejectReasons,
        final boolean drained,
        final long gcCollections,
        final String gc)
    {
        this.name = name;
        this.targetRate = targetRate;
        this.histogram = histogram;
        this.seconds = seconds;
        this.sent = sent;
        this.rejected = rejected;
        this.rejectReasons = rejectReasons;
        this.drained = drained;
        this.gcCollections = gcCollections;
        this.gc = gc;
    }

    /** Collections in the measured window. */
    public long gcCollections()
    {
        return gcCollections;
    }

    /** Microseconds at a percentile. */
    public double micros(final double percentile)
    {
        return histogram.getValueAtPercentile(percentile) / 1e3;
    }

    public double maxMicros()
    {
        return histogram.getMaxValue() / 1e3;
    }

    /**
     * Commands of the measured window answered per second, from the window's start to the last answer (so a
     * backlog that outlasts the window lowers it).
     */
    public double achievedRate()
    {
        return histogram.getTotalCount() / seconds;
    }

    /** A row of the report's tables: name or rate, counts, percentiles in µs, drained, GC. */
    public String markdownRow()
    {
        return String.format("| %s | %,d | %,d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %s | %s |",
            name.contains("-run") || name.startsWith("warm") ? name : String.format("%,.0f/s", targetRate),
            histogram.getTotalCount(), rejected, micros(50), micros(90), micros(99), micros(99.9), micros(99.99),
            maxMicros(), drained ? "yes" : "**no**", gc);
    }

    public String summary()
    {
        return String.format(
            "%s: target %,.0f/s, measured %,d round trips (%,.0f/s), %,d rejected by the engine (%s), %s%n" +
            "  µs  p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  p99.99 %.1f  max %.1f%n  GC in the measured window: %s",
            name, targetRate, histogram.getTotalCount(), achievedRate(), rejected, rejectReasons,
            drained ? "all answered" : "NOT all answered in time (overloaded)",
            micros(50), micros(90), micros(99), micros(99.9), micros(99.99), maxMicros(), gc);
    }
}
