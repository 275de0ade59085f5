package io.poolbook.replay.settlement;

/**
 * Gives the journal's chain hash at a sequence: the hash that commits to every journal record up to and including
 * that one. A settlement batch records it for its last sequence, tying the batch to the exact input it came from.
 */
@FunctionalInterface
public interface JournalHashLookup
{
    /**
     * @param sequence of a journal record already written.
     * @return the journal's 32-byte chain hash after that record.
     */
    byte[] hashAt(long sequence);
}
