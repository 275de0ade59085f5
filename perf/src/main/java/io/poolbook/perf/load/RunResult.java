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

    /**
     * Writes this run into {@code properties} under {@code prefix}, histogram and all, for a parent process to
     * {@link #read} (bench load --client-process).
     */
    public void write(final java.util.Properties properties, final String prefix)
    {
        final java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        final int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        properties.setProperty(prefix + "name", name);
        properties.setProperty(prefix + "targetRate", Double.toString(targetRate));
        properties.setProperty(prefix + "histogram",
            java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length)));
        properties.setProperty(prefix + "seconds", Double.toString(seconds));
        properties.setProperty(prefix + "sent", Long.toString(sent));
        properties.setProperty(prefix + "rejected", Long.toString(rejected));
        properties.setProperty(prefix + "rejectReasons", rejectReasons);
        properties.setProperty(prefix + "drained", Boolean.toString(drained));
        properties.setProperty(prefix + "gcCollections", Long.toString(gcCollections));
        properties.setProperty(prefix + "gc", gc);
    }

    /** The run {@link #write} wrote under {@code prefix}, or null if there is none. */
    public static RunResult read(final java.util.Properties properties, final String prefix) throws Exception
    {
        final String name = properties.getProperty(prefix + "name");
        if (null == name)
        {
            return null;
        }
        final Histogram histogram = Histogram.decodeFromCompressedByteBuffer(java.nio.ByteBuffer.wrap(
            java.util.Base64.getDecoder().decode(properties.getProperty(prefix + "histogram"))), 0);
        return new RunResult(name, Double.parseDouble(properties.getProperty(prefix + "targetRate")), histogram,
            Double.parseDouble(properties.getProperty(prefix + "seconds")),
            Long.parseLong(properties.getProperty(prefix + "sent")),
            Long.parseLong(properties.getProperty(prefix + "rejected")), properties.getProperty(prefix + "rejectReasons"),
            Boolean.parseBoolean(properties.getProperty(prefix + "drained")),
            Long.parseLong(properties.getProperty(prefix + "gcCollections")), properties.getProperty(prefix + "gc"));
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
