package io.poolbook.replay;

import io.poolbook.engine.Engine;
import io.poolbook.engine.EngineConfig;
import io.poolbook.engine.EventListener;
import io.poolbook.replay.journal.JournalReader;
import io.poolbook.replay.snapshot.SnapshotStore;

import java.nio.file.Files;
import java.util.function.Consumer;

/**
 * Brings an engine to the state a data folder records: the newest whole snapshot (at or before a sequence), then
 * the journal from there on. A damaged snapshot falls back to an older one, and with none usable to a full replay.
 * The node does this at start-up; the audit tools to look at any sequence.
 */
public final class Recovery
{
    private final DataFolder folder;
    private final EngineConfig config;
    private final Consumer<String> log;
    private long restoredFromSnapshot;
    private long replayed;

    /**
     * @param folder to recover from.
     * @param config the engine configuration the folder records (see {@link DataFolder#engineConfig}).
     * @param log    told what happens: the snapshot used, snapshots skipped and why.
     */
    public Recovery(final DataFolder folder, final EngineConfig config, final Consumer<String> log)
    {
        this.folder = folder;
        this.config = config;
        this.log = log;
    }

    /**
     * An engine at the folder's last sequence, or at {@code maxSequence} if that comes first.
     *
     * @param maxSequence last command to apply.
     * @param listener    receives the events of the replayed commands (not of those inside the snapshot).
     * @param useSnapshots whether to start from a snapshot; false replays the whole journal.
     * @return the engine.
     */
    public Engine recover(final long maxSequence, final EventListener listener, final boolean useSnapshots)
    {
        Engine engine = null;
        if (useSnapshots)
        {
            engine = new SnapshotStore(folder.snapshots(), Integer.MAX_VALUE)
                .loadNewest(maxSequence, () -> new Engine(config, listener), log);
        }
        if (null == engine)
        {
            engine = new Engine(config, listener);
        }
        else
        {
            log.accept("restored the snapshot at sequence " + engine.lastSequence());
        }
        restoredFromSnapshot = engine.lastSequence();

        if (Files.isDirectory(folder.journal()) && maxSequence > engine.lastSequence())
        {
            replayed = new JournalReader(folder.journal()).read(engine.lastSequence() + 1, maxSequence, engine);
        }
        return engine;
    }

    /** Sequence of the snapshot the last recovery started from; 0 when it replayed from the start. */
    public long restoredFromSnapshot()
    {
        return restoredFromSnapshot;
    }

    /** Commands the last recovery replayed from the journal. */
    public long replayed()
    {
        return replayed;
    }
}
