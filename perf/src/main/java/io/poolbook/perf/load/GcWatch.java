package io.poolbook.perf.load;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Collections and collection time of every collector in this JVM (the node's threads and the load generator's) between
 * two points, from the GarbageCollectorMXBeans: taken at the end of the warm-up and at the end of the run, the
 * difference is what the steady state cost. The aim is no collection at all.
 */
public final class GcWatch
{
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final long[] counts = new long[collectors.size()];
    private final long[] millis = new long[collectors.size()];

    /** Marks the start of the window. */
    public void mark()
    {
        for (int i = 0; i < counts.length; i++)
        {
            counts[i] = collectors.get(i).getCollectionCount();
            millis[i] = collectors.get(i).getCollectionTime();
        }
    }

    /** Collections since {@link #mark()}. */
    public long collections()
    {
        long total = 0;
        for (int i = 0; i < counts.length; i++)
        {
            total += collectors.get(i).getCollectionCount() - counts[i];
        }
        return total;
    }

    /** Per collector since {@link #mark()}, e.g. "G1 Young Generation 2 (7 ms)"; "none" when nothing ran. */
    public String describe()
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < counts.length; i++)
        {
            final long count = collectors.get(i).getCollectionCount() - counts[i];
            if (count > 0)
            {
                text.append(text.length() > 0 ? ", " : "").append(collectors.get(i).getName()).append(' ')
                    .append(count).append(" (").append(collectors.get(i).getCollectionTime() - millis[i])
                    .append(" ms)");
            }
        }
        return text.length() == 0 ? "none" : text.toString();
    }
}
