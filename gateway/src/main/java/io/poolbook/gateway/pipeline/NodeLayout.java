package io.poolbook.gateway.pipeline;

import java.util.Locale;

/**
 * How the node lays its work out on threads. The engine, the journal format and the events are the same in both;
 * only who runs each step differs.
 * <ul>
 *     <li>{@link #COMPACT}: one duty cycle polls ingress, appends and commits the journal, runs the engine and
 *     publishes egress and market data, with the embedded media driver and the Aeron client's conductor invoked
 *     from the same thread. No hand-off between threads, so no hop waits for a parked thread: the layout for
 *     machines with few cores.</li>
 *     <li>{@link #PIPELINED}: ingress, journaler, engine and egress each on a thread of their own, joined by
 *     Disruptor rings, the driver on its own threads; journaling overlaps matching. For many dedicated cores.</li>
 * </ul>
 */
public enum NodeLayout
{
    /**
     * Each duty cycle journals and applies what it took, so the input ring holds one cycle's commands and stays in
     * cache; the engine's events go straight to egress, so the output ring is not used.
     */
    COMPACT(1024, 64),
    /** The rings absorb bursts between threads that run at their own pace. */
    PIPELINED(16384, 65536);

    private final int inputRingSize;
    private final int outputRingSize;

    NodeLayout(final int inputRingSize, final int outputRingSize)
    {
        this.inputRingSize = inputRingSize;
        this.outputRingSize = outputRingSize;
    }

    /** Commands the input ring holds in this layout unless the node is told otherwise. */
    public int inputRingSize()
    {
        return inputRingSize;
    }

    /** Events the output ring holds in this layout unless the node is told otherwise. */
    public int outputRingSize()
    {
        return outputRingSize;
    }

    /** Machines with at most this many cores default to {@link #COMPACT}. */
    public static final int COMPACT_MAX_CORES = 4;

    /**
     * @param name compact, pipelined or auto (compact on up to {@value #COMPACT_MAX_CORES} cores), in any case.
     * @return the layout.
     * @throws IllegalArgumentException for any other name.
     */
    public static NodeLayout parse(final String name)
    {
        final String value = name.trim().toLowerCase(Locale.ROOT);
        switch (value)
        {
            case "compact":
                return COMPACT;
            case "pipelined":
                return PIPELINED;
            case "auto":
                return forCores(Runtime.getRuntime().availableProcessors());
            default:
                throw new IllegalArgumentException("layout must be compact, pipelined or auto: " + name);
        }
    }

    /** The default layout for a machine with this many cores. */
    public static NodeLayout forCores(final int cores)
    {
        return cores <= COMPACT_MAX_CORES ? COMPACT : PIPELINED;
    }

    /** The name a command line takes. */
    public String optionName()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
