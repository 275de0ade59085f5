package io.poolbook.replay;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * How the data folder's files other than the journal (snapshots, settlement batches) are replaced: written whole
 * under a temporary name in the same folder, then moved over the target in one step, so a reader or a crash sees the
 * old file or the new one, never half of one. A write that fails (a full disk) leaves no temporary behind.
 */
public final class AtomicFiles
{
    private AtomicFiles()
    {
    }

    /**
     * Moves a fully written temporary file over its target, atomically where the file system can.
     *
     * @param temporary the written file, in the target's folder.
     * @param target    replaced if it exists.
     * @throws IOException if the move fails.
     */
    public static void moveIntoPlace(final Path temporary, final Path target) throws IOException
    {
        try
        {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Removes the temporary file of a write that failed; a failure to remove it is added to the write's.
     *
     * @param temporary the file to remove, if it exists.
     * @param failure   the write's failure, which the caller rethrows.
     */
    public static void discard(final Path temporary, final IOException failure)
    {
        try
        {
            Files.deleteIfExists(temporary);
        }
        catch (final IOException ex)
        {
            failure.addSuppressed(ex);
        }
    }
}
