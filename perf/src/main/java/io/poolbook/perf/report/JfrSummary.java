package io.poolbook.perf.report;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Profiler evidence from a JFR recording of a load run: CPU used by this JVM against the whole machine (the rest is
 * what ran beside it), execution samples by thread, and the hottest top frames, as Markdown.
 */
final class JfrSummary
{
    private JfrSummary()
    {
    }

    static String markdown(final Path recording) throws IOException
    {
        final Map<String, Integer> byThread = new HashMap<>();
        final Map<String, Integer> byFrame = new HashMap<>();
        double jvm = 0;
        double machine = 0;
        int cpuEvents = 0;
        int samples = 0;
        for (final RecordedEvent event : RecordingFile.readAllEvents(recording))
        {
            final String type = event.getEventType().getName();
            if ("jdk.CPULoad".equals(type))
            {
                jvm += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
                machine += event.getFloat("machineTotal");
                cpuEvents++;
            }
            else if ("jdk.ExecutionSample".equals(type))
            {
                samples++;
                final RecordedThread thread = event.getThread("sampledThread");
                byThread.merge(null == thread ? "?" : thread.getJavaName(), 1, Integer::sum);
                final RecordedStackTrace stack = event.getStackTrace();
                if (null != stack && !stack.getFrames().isEmpty())
                {
                    final RecordedFrame frame = stack.getFrames().get(0);
                    byFrame.merge(frame.getMethod().getType().getName() + "." + frame.getMethod().getName(), 1,
                        Integer::sum);
                }
            }
        }
        final StringBuilder md = new StringBuilder();
        if (cpuEvents > 0)
        {
            md.append(String.format("CPU (jdk.CPULoad, mean of %d samples, share of all cores): this JVM %.0f%%, " +
                "the whole machine %.0f%%, so other processes took about %.0f%%.%n%n", cpuEvents,
                100 * jvm / cpuEvents, 100 * machine / cpuEvents, 100 * (machine - jvm) / cpuEvents));
        }
        md.append(String.format("Execution samples: %d.%n%n| thread | samples |%n|---|---:|%n", samples));
        top(md, byThread, samples, 8);
        md.append("\n| hottest top frame | samples |\n|---|---:|\n");
        top(md, byFrame, samples, 10);
        return md.append('\n').toString();
    }

    private static void top(final StringBuilder md, final Map<String, Integer> counts, final int total, final int n)
    {
        final List<Map.Entry<String, Integer>> entries = new java.util.ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
        for (int i = 0; i < Math.min(n, entries.size()); i++)
        {
            md.append(String.format("| `%s` | %.1f%% |%n", entries.get(i).getKey(),
                100.0 * entries.get(i).getValue() / Math.max(1, total)));
        }
    }
}
