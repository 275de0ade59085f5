package io.poolbook.replay.audit;

import io.poolbook.replay.DataFolder;
import io.poolbook.replay.journal.JournalCorruptionException;
import io.poolbook.replay.journal.JournalReader;
import io.poolbook.replay.script.MessageJsonWriter;
import io.poolbook.replay.script.ProtocolSchema;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code poolbook replay dump DATA_DIR [--from SEQ] [--to SEQ]}: the journal's records as JSON lines, each with
 * its sequence, timestamp, session and the command decoded by the schema.
 */
@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    description = "Print the journal's records as JSON lines: sequence, timestamp, session and the command.")
final class DumpCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "DATA_DIR", description = "The node's data folder.")
    Path dataDir;

    @Option(names = "--from", paramLabel = "SEQ", description = "First sequence to print (default: the first).")
    long from = 1;

    @Option(names = "--to", paramLabel = "SEQ", description = "Last sequence to print (default: the last).")
    long to = Long.MAX_VALUE;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public Integer call() throws IOException
    {
        final DataFolder folder = new DataFolder(dataDir);
        if (!folder.hasJournal())
        {
            spec.commandLine().getErr().println("dump: no journal in " + dataDir);
            return ReplayCommand.MISMATCH;
        }
        final PrintWriter out = spec.commandLine().getOut();
        try (MessageJsonWriter json = new MessageJsonWriter(ProtocolSchema.load(), out))
        {
            new JournalReader(folder.journal(), true).read(from, to,
                (sequence, timestamp, sessionId, buffer, offset, length) ->
                {
                    try
                    {
                        json.writeCommand(sequence, timestamp, sessionId, buffer, offset, length);
                    }
                    catch (final IOException ex)
                    {
                        throw new UncheckedIOException(ex);
                    }
                });
        }
        catch (final JournalCorruptionException ex)
        {
            out.flush();
            spec.commandLine().getErr().println("dump: journal damaged at sequence " + ex.sequence() + ": " +
                ex.getMessage());
            return ReplayCommand.MISMATCH;
        }
        out.flush();
        return 0;
    }
}
