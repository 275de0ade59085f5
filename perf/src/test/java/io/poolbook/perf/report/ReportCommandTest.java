package io.poolbook.perf.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The report keeps the hand-written part (figures other commands measure) when it rewrites the document. */
final class ReportCommandTest
{
    @TempDir
    Path root;

    @Test
    void keepsEverythingFromTheHandWrittenLineOnAndNothingWhenThereIsNone() throws Exception
    {
        final Path doc = root.resolve("PERFORMANCE.md");
        assertEquals("", ReportCommand.handWrittenPart(doc), "no document yet");

        Files.writeString(doc, "# Performance\n\n## Machine\n\nx\n\n" + ReportCommand.HAND_WRITTEN +
            "\n\n## WebSocket JSON next to SBE\n\nfigures\n\n## Engine throughput\n\nmore\n");
        assertEquals("\n" + ReportCommand.HAND_WRITTEN + "\n\n## WebSocket JSON next to SBE\n\nfigures\n\n" +
            "## Engine throughput\n\nmore\n", ReportCommand.handWrittenPart(doc));

        Files.writeString(doc, "# Performance\n\n## Machine\n\nx\n");
        assertEquals("", ReportCommand.handWrittenPart(doc), "a generated document alone");
    }
}
