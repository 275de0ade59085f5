package io.poolbook.perf.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The report keeps the sections other commands measure when it rewrites the document. */
final class ReportCommandTest
{
    @TempDir
    Path root;

    @Test
    void keepsTheWebSocketSectionUpToTheNextHeadingAndNothingWhenThereIsNone() throws Exception
    {
        final Path doc = root.resolve("PERFORMANCE.md");
        assertEquals("", ReportCommand.keptSection(doc, ReportCommand.WEBSOCKET_SECTION), "no document yet");

        Files.writeString(doc, "# Performance\n\n## Machine\n\nx\n\n" + ReportCommand.WEBSOCKET_SECTION +
            "\n\nfigures\n\n### detail\n\nmore\n\n## What ran beside it\n\ny\n");
        assertEquals("\n" + ReportCommand.WEBSOCKET_SECTION + "\n\nfigures\n\n### detail\n\nmore\n",
            ReportCommand.keptSection(doc, ReportCommand.WEBSOCKET_SECTION));

        Files.writeString(doc, "# Performance\n\n" + ReportCommand.WEBSOCKET_SECTION + "\n\nlast\n");
        assertEquals("\n" + ReportCommand.WEBSOCKET_SECTION + "\n\nlast\n",
            ReportCommand.keptSection(doc, ReportCommand.WEBSOCKET_SECTION));

        Files.writeString(doc, "# Performance\n\n## Machine\n\nx\n");
        assertEquals("", ReportCommand.keptSection(doc, ReportCommand.WEBSOCKET_SECTION));
    }
}
