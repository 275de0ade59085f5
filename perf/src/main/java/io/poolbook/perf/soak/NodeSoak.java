package io.poolbook.perf.soak;

import io.poolbook.engine.Engine;
import io.poolbook.engine.EngineAudit;
import io.poolbook.engine.EngineConfig;
import io.poolbook.gateway.node.Node;
import io.poolbook.gateway.telemetry.NodeLog;
import io.poolbook.perf.load.LoadNode;
import io.poolbook.perf.load.OpenLoop;
import io.poolbook.perf.load.RunResult;
import io.poolbook.perf.load.Session;
import io.poolbook.perf.load.Workload;
import io.poolbook.replay.DataFolder;
import io.poolbook.replay.Recovery;
import io.poolbook.replay.audit.ReplayCommand;
import org.agrona.IoUtil;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A soak run through a real node: an embedded node (shared-threading media driver, IPC ingress, journal, engine
 * snapshots every so many commands, settlement) takes an open-loop load from several client sessions over the
 * gateway for a while, with mass cancels, settlement batch cuts and, half-way, a restart of the node on the same
 * folder. Then, the node closed cleanly, it checks that
 * <ol>
 *     <li>the live engine keeps its invariants ({@link EngineAudit}: conservation, locks, no crossed book);</li>
 *     <li>a replay of the whole journal reaches the live engine's sequence and state hash, and so does a recovery
 *     from the newest snapshot;</li>
 *     <li>the replay emits the live node's durable event stream byte for byte (same count, same SHA-256): the node
 *     started on an empty folder, so both streams start at sequence 1, and across the restart the live stream
 *     continues where it stopped, the restarted node replaying silently;</li>
 *     <li>every command a session sent was answered, and the journal accounts for every answer the sessions counted;
 *     </li>
 *     <li>{@code replay verify} passes on the folder: checksums, hash chain, settlement batches and snapshots on
 *     disk.</li>
 * </ol>
 * The settings are public fields; {@link #execute} runs and leaves the counts and the violations in this object.
 */
public final class NodeSoak
{
    public double seconds = 120;
    public double rate = 20_000;
    public int sessions = 4;
    public String workload = "dex";
    public int markets = 4;
    public String fsync = "interval_ms";
    public String idle = "backoff";
    public int termLength = 64 * 1024;
    public long snapshotEvery = 100_000;
    public long batchCommands = 20_000;
    public double cutEverySeconds = 5;
    public int massCancelPerMille = 5;
    public boolean restart = true;
    public double progressSeconds = 5;
    public long drainTimeoutMs = 10_000;
    public long seed = 42;
    /** Folder for the node's data and Aeron directory; null for a temporary one, deleted when every check holds. */
    public Path dir;
    /** Whether the node's own log prints its info lines (warnings and errors always print). */
    public boolean verbose;

    /** Commands journaled. */
    public long commands;
    /** Events the live node released (durable), and the replay emitted. */
    public long liveEvents;
    public long replayEvents;
    public String liveDigest;
    public String replayDigest;
    /** Commands the sessions sent, and the answers: accepted (acks) or rejected. */
    public long sent;
    public long acks;
    public long rejects;
    public long massCancels;
    /** Settlement batch cuts the operator sent, and batches the engine cut in all (by count too). */
    public long cuts;
    public long batches;
    public int restarts;
    /** Sequence of the snapshot a recovery started from; 0 if none was usable. */
    public long snapshotSequence;
    public long stateHash;
    /** What failed, one line each; empty when every check held. */
    public final List<String> violations = new ArrayList<>();

    /**
     * Runs the load, closes the node, runs the checks.
     *
     * @param out told the progress every few seconds and the verdict.
     * @return true if every check held.
     * @throws Exception if the run could not go on (the node or a session failed).
     */
    public boolean execute(final PrintStream out) throws Exception
    {
        violations.clear();
        restarts = 0;
        final Path root = null == dir ? Files.createTempDirectory("poolbook-soak") : dir;
        final DataFolder folder = new DataFolder(root.resolve("data"));
        if (folder.hasJournal())
        {
            throw new IllegalArgumentException(root + " already holds a journal: the soak needs an empty folder, " +
                "so that the live event stream starts at sequence 1 like the replay's");
        }
        final EventDigest live = new EventDigest();
        final Workload mix = Workload.parse(workload, markets);
        final List<Node> nodes = new ArrayList<>();
        final List<Session> clients;
        final long startNs = System.nanoTime();
        out.printf("soak-node: %s workload, %d markets, %d sessions, %,.0f commands/s for %.0f s, fsync %s, " +
            "snapshots every %,d commands, batches every %,d commands and every %.1f s, mass cancels %d‰, %s%n",
            workload, mix.markets(), sessions, rate, seconds, fsync, snapshotEvery, batchCommands, cutEverySeconds,
            massCancelPerMille, restart ? "one restart half-way" : "no restart");
        try (LoadNode load = new LoadNode(root, "ipc", fsync, idle, out, new NodeLog(out, !verbose), (config) ->
            {
                config.termLength(termLength).engineSnapshotEvery(snapshotEvery).durableEventTap(live);
                config.engineConfig().batchCommands(batchCommands);
            }))
        {
            nodes.add(load.node());
            final SplittableRandom random = new SplittableRandom(seed);
            clients = load.start(mix, sessions, random);
            final SoakMix soak = new SoakMix(mix, load, massCancelPerMille, cutEverySeconds);
            final OpenLoop loop = new OpenLoop(load, clients, soak, random, idle, drainTimeoutMs);
            double done = 0;
            boolean restartDue = restart;
            long[] before = totals(clients);
            while (done < seconds)
            {
                final double slice = Math.min(progressSeconds, seconds - done);
                final RunResult run = loop.run("soak", rate, 0, slice);
                done += slice;
                final long[] now = totals(clients);
                out.printf("soak-node: %3.0f s, offered %,.0f/s, achieved %,.0f/s, %,d sent, %,d acks, " +
                    "%,d rejects%s, journal at %,d, %,d events, %d mass cancels, %d cuts%s%n",
                    done, run.sent / slice, run.achievedRate(), now[0] - before[0],
                    (now[1] - now[2]) - (before[1] - before[2]), now[2] - before[2],
                    run.rejectReasons.isEmpty() ? "" : " (" + run.rejectReasons + ")", load.node().durableSequence(),
                    live.events(), soak.massCancels(), soak.cuts(), run.drained ? "" : ", BEHIND (not all answered)");
                before = now;
                if (restartDue && done >= seconds / 2 && done < seconds)
                {
                    restartDue = false;
                    restartNode(load, nodes, out);
                }
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (load.outstanding() > 0 && System.nanoTime() < deadline)
            {
                if (0 == load.pollAll())
                {
                    Thread.onSpinWait();
                }
            }
            massCancels = soak.massCancels();
            cuts = soak.cuts();
        }
        catch (final Exception | Error ex)
        {
            out.println("soak-node: the run stopped: " + ex + "; data kept in " + root);
            throw ex;
        }
        final double loadSeconds = (System.nanoTime() - startNs) / 1e9;
        final Node last = nodes.get(nodes.size() - 1);
        final Engine engine = last.engine();
        for (final Node node : nodes)
        {
            if (null != node.failure())
            {
                violations.add("the node failed: " + node.failure());
            }
        }

        final long[] totals = totals(clients);
        sent = totals[0];
        acks = totals[1] - totals[2];
        rejects = totals[2];
        commands = engine.lastSequence();
        stateHash = engine.stateHash();
        batches = engine.batches().batchIndex();
        liveEvents = live.events();
        liveDigest = live.hex();
        check(out, engine, folder, live, clients);

        out.printf("soak-node: %s after %.0f s: %,d commands journaled, %,d events (SHA-256 %s), %,d sent, " +
            "%,d acks, %,d rejects, %,d mass cancels, %,d settlement batches (%,d cut by the operator), %d restart(s), " +
            "snapshot at %,d, state hash %016x%n",
            violations.isEmpty() ? "OK" : "FAILED", loadSeconds, commands, liveEvents, liveDigest.substring(0, 16),
            sent, acks, rejects, massCancels, batches, cuts, restarts, snapshotSequence, stateHash);
        for (final String violation : violations)
        {
            out.println("soak-node: VIOLATION " + violation);
        }
        if (null == dir)
        {
            if (violations.isEmpty())
            {
                IoUtil.delete(root.toFile(), true);
            }
            else
            {
                out.println("soak-node: data kept in " + root);
            }
        }
        return violations.isEmpty();
    }

    private void restartNode(final LoadNode load, final List<Node> nodes, final PrintStream out)
    {
        final Node stopped = load.node();
        final long restartNs = System.nanoTime();
        load.restart();
        nodes.add(load.node());
        restarts++;
        final String violation = EngineAudit.check(stopped.engine());
        if (null != violation)
        {
            violations.add("engine audit at the restart (sequence " + stopped.engine().lastSequence() + "): " +
                violation);
        }
        out.printf("soak-node: restarted the node at sequence %,d in %,d ms (it resumed from sequence %,d), " +
            "audit of the stopped engine: %s%n", stopped.durableSequence(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartNs), load.node().recoveredSequence(),
            null == violation ? "ok" : violation);
    }

    private void check(
        final PrintStream out,
        final Engine engine,
        final DataFolder folder,
        final EventDigest live,
        final List<Session> clients)
        throws Exception
    {
        final String audit = EngineAudit.check(engine);
        if (null != audit)
        {
            violations.add("engine audit of the live engine: " + audit);
        }

        final EngineConfig config = folder.readEngineConfig();
        final EventDigest replayed = new EventDigest();
        final AnswerCount answers = new AnswerCount(sessions);
        final long replayNs = System.nanoTime();
        final Engine replay = new Recovery(folder, config, (message) -> {}).recover(Long.MAX_VALUE,
            (buffer, offset, length) ->
            {
                replayed.onEvent(buffer, offset, length);
                answers.onEvent(buffer, offset, length);
            }, false);
        replayEvents = replayed.events();
        replayDigest = replayed.hex();
        out.printf("soak-node: replayed %,d commands in %,d ms: %,d events, input sequences %,d to %,d (live: %,d to " +
            "%,d)%n", replay.lastSequence(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - replayNs),
            replayEvents, replayed.firstInputSequence(), replayed.lastInputSequence(), live.firstInputSequence(),
            live.lastInputSequence());
        if (replay.lastSequence() != engine.lastSequence())
        {
            violations.add(String.format("the replay ends at sequence %,d, the live engine at %,d",
                replay.lastSequence(), engine.lastSequence()));
        }
        if (replay.stateHash() != engine.stateHash())
        {
            violations.add(String.format("state hash: replay %016x, live %016x", replay.stateHash(),
                engine.stateHash()));
        }
        final String difference = live.differenceFrom(replayed);
        if (null != difference)
        {
            violations.add("live events differ from the replay's: " + difference);
        }

        for (final Session session : clients)
        {
            if (session.outstanding() > 0)
            {
                violations.add(String.format("session %d: %,d of %,d commands never answered", session.accountId(),
                    session.outstanding(), session.sent()));
            }
            if (answers.answers(session.accountId()) != session.answered())
            {
                violations.add(String.format("session %d counted %,d answers, the journal accounts for %,d",
                    session.accountId(), session.answered(), answers.answers(session.accountId())));
            }
        }

        final Recovery recovery = new Recovery(folder, config, (message) -> {});
        final Engine restored = recovery.recover(Long.MAX_VALUE, (buffer, offset, length) -> {}, true);
        snapshotSequence = recovery.restoredFromSnapshot();
        if (restored.stateHash() != engine.stateHash())
        {
            violations.add(String.format("state hash: recovery from the snapshot at %,d %016x, live %016x",
                snapshotSequence, restored.stateHash(), engine.stateHash()));
        }
        if (snapshotEvery > 0 && 0 == snapshotSequence && engine.lastSequence() >= 2 * snapshotEvery)
        {
            violations.add(String.format("no usable snapshot after %,d commands with snapshots every %,d",
                engine.lastSequence(), snapshotEvery));
        }

        final StringWriter verifyOut = new StringWriter();
        final PrintWriter verifyWriter = new PrintWriter(verifyOut, true);
        final int verify = new CommandLine(new ReplayCommand()).setOut(verifyWriter).setErr(verifyWriter)
            .execute("verify", folder.root().toString());
        final String verifyText = verifyOut.toString().trim();
        out.println(verifyText.replaceAll("(?m)^verify:", "soak-node: replay verify:"));
        if (0 != verify)
        {
            violations.add("replay verify failed (exit " + verify + ")");
        }
    }

    /** Sent, answered and rejected, summed over the sessions. */
    private static long[] totals(final List<Session> clients)
    {
        final long[] totals = new long[3];
        for (final Session session : clients)
        {
            totals[0] += session.sent();
            totals[1] += session.answered();
            totals[2] += session.rejected();
        }
        return totals;
    }
}
