package io.poolbook.perf.load;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a run's histogram as an {@code .hgrm} percentile distribution (microseconds) and draws percentile plots
 * with XChart: latency against percentile on the usual log scale of 1 / (1 - p), one series per run.
 */
public final class PercentilePlot
{
    private PercentilePlot()
    {
    }

    /** Writes {@code <dir>/<name>.hgrm}. */
    public static Path writeHgrm(final Path dir, final String name, final Histogram histogram) throws IOException
    {
        Files.createDirectories(dir);
        final Path file = dir.resolve(name + ".hgrm");
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, "UTF-8"))
        {
            histogram.outputPercentileDistribution(out, 1000.0);
        }
        return file;
    }

    /** Draws the runs into {@code <dir>/<name>.png}. */
    static Path draw(final Path dir, final String name, final String title, final List<RunResult> runs)
        throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        final XYChart chart = new XYChartBuilder().width(800).height(480).title(title)
            .xAxisTitle("percentile").yAxisTitle("round trip (µs)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setAxisTickLabelsFont(chart.getStyler().getAxisTickLabelsFont().deriveFont(11f));
        chart.getStyler().setXAxisTickLabelsFormattingFunction((x) -> formatPercentile(x));
        for (final RunResult run : runs)
        {
            final List<Double> xs = new ArrayList<>();
            final List<Double> ys = new ArrayList<>();
            for (final HistogramIterationValue value : run.histogram.percentiles(5))
            {
                final double percentile = value.getPercentileLevelIteratedTo();
                if (percentile >= 100.0)
                {
                    break;
                }
                xs.add(1.0 / (1.0 - percentile / 100.0));
                ys.add(Math.max(0.1, value.getValueIteratedTo() / 1e3));
            }
            if (xs.isEmpty())
            {
                continue;
            }
            final int runIndex = run.name.lastIndexOf("-run");
            final String label = String.format("%,.0f/s", run.targetRate) +
                (runIndex >= 0 ? " " + run.name.substring(runIndex + 1) : "");
            final XYSeries series = chart.addSeries(label, xs, ys);
            series.setMarker(SeriesMarkers.NONE);
        }
        final Path file = dir.resolve(name + ".png");
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }

    private static String formatPercentile(final double x)
    {
        final double percentile = 100.0 * (1.0 - 1.0 / x);
        return percentile < 99.0 ? String.format("%.0f%%", percentile) : String.format("%.4g%%", percentile);
    }
}
