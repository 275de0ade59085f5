package io.poolbook.gateway.cluster;

import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Publication;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.Header;
import io.poolbook.client.cluster.ClusterCredentials;
import io.poolbook.codecs.AccountRegisteredDecoder;
import io.poolbook.codecs.CommandWriter;
import io.poolbook.codecs.MessageHeaderDecoder;
import io.poolbook.codecs.MessageHeaderEncoder;
import io.poolbook.codecs.RejectReason;
import io.poolbook.codecs.SessionRejectEncoder;
import io.poolbook.codecs.frame.FrameValidator;
import io.poolbook.codecs.frame.FrameVerdict;
import io.poolbook.engine.Engine;
import io.poolbook.engine.EngineConfig;
import io.poolbook.engine.EventListener;
import io.poolbook.engine.SnapshotCodec;
import io.poolbook.gateway.egress.EventRoutes;
import io.poolbook.gateway.session.CommandTemplates;
import io.poolbook.gateway.telemetry.NodeLog;
import io.poolbook.replay.DataFolder;
import io.poolbook.replay.journal.JournalConfig;
import io.poolbook.replay.settlement.SettlementBatch;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The engine as an Aeron Cluster {@link ClusteredService}: a replicated state machine fed by the cluster log.
 * <ul>
 *   <li><b>Input</b>: each session message is one SBE command, header included, exactly as the single node takes
 *   it. It is checked as the node's gateway checks it (framing, a client command, and its account equal to the
 *   account the session authenticated as, from the session's principal); a refused message gets a
 *   {@code SessionReject} and is not sequenced. Checks depend only on the log, so every member refuses alike.</li>
 *   <li><b>Sequencing</b>: the command's sequence is the engine's last sequence + 1, its timestamp the cluster
 *   time of the log entry in nanoseconds (never decreasing), its session the cluster session id. All three come
 *   from the log, so every member stamps every command the same.</li>
 *   <li><b>Journal of record</b>: before it is applied, the command is appended to the member's journal
 *   ({@link MemberJournal}) so the audit tools work on any member's data folder.</li>
 *   <li><b>Output</b>: each event goes to the sessions of the account it concerns (operator events to the
 *   operator's sessions), offered with bounded retries under back-pressure; an event that still cannot be sent is
 *   dropped and counted, never thrown. Followers' offers are no-ops (Aeron mocks them), so only the leader
 *   answers.</li>
 *   <li><b>Sessions</b>: a session that closes with cancel-on-disconnect asked for, and was its account's last,
 *   cancels the account's orders through an engine command, sequenced and journaled like any other.</li>
 *   <li><b>Snapshots</b>: the engine's canonical snapshot bytes in chunks ({@link ServiceSnapshot}); a restarted
 *   member restores the newest and replays the log after it.</li>
 * </ul>
 * Everything runs on the service container's thread; {@link #probe()} and the counters are the only ways in from
 * other threads.
 */
public final class EngineClusteredService implements ClusteredService, EventListener
{
    /** Tries at offering one event to a back-pressured session before it is dropped. */
    static final int EGRESS_ATTEMPTS = 16;

    private static final int HEADER = MessageHeaderDecoder.ENCODED_LENGTH;

    private final int memberId;
    private final DataFolder folder;
    private final EngineConfig engineConfig;
    private final JournalConfig journalConfig;
    private final ClusterKeys keys;
    private final NodeLog log;

    private final Int2ObjectHashMap<ArrayList<ClientSession>> sessionsByAccount = new Int2ObjectHashMap<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AccountRegisteredDecoder accountRegistered = new AccountRegisteredDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SessionRejectEncoder sessionReject = new SessionRejectEncoder();
    private final UnsafeBuffer replyBuffer = new UnsafeBuffer(new byte[64]);
    private final CommandWriter commands = new CommandWriter();
    private final ServiceSnapshot snapshotWriter = new ServiceSnapshot();
    private final byte[] keyScratch = new byte[32];

    private final AtomicLong appliedSequence = new AtomicLong();
    private final AtomicLong egressDropped = new AtomicLong();
    private final AtomicInteger snapshotsTaken = new AtomicInteger();
    private final AtomicInteger snapshotsLoaded = new AtomicInteger();
    private final AtomicReference<CompletableFuture<StateProbe>> pendingProbe = new AtomicReference<>();
    private volatile Cluster.Role role = Cluster.Role.FOLLOWER;

    private Cluster cluster;
    private IdleStrategy idle;
    private Engine engine;
    private MemberJournal journal;
    private long lastTimestamp;
    private boolean isLeader;

    /**
     * @param memberId      this member, for reports.
     * @param folder        the member's data folder (journal, snapshots, settlement).
     * @param engineConfig  the engine configuration the folder records; the same on every member.
     * @param journalConfig journal settings (fsync policy, segment size); its directory is the folder's.
     * @param keys          shared with the member's {@link LogonAuthenticator}.
     * @param log           where the service reports.
     */
    public EngineClusteredService(
        final int memberId,
        final DataFolder folder,
        final EngineConfig engineConfig,
        final JournalConfig journalConfig,
        final ClusterKeys keys,
        final NodeLog log)
    {
        this.memberId = memberId;
        this.folder = folder;
        this.engineConfig = engineConfig;
        this.journalConfig = journalConfig;
        this.keys = keys;
        this.log = log;
    }

    /** {@inheritDoc} */
    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
        this.idle = cluster.idleStrategy();
        engine = new Engine(engineConfig, this);
        byte[] lastBatchHash = SettlementBatch.genesisHash();
        if (null != snapshotImage)
        {
            final ServiceSnapshot.Loader snapshot = new ServiceSnapshot.Loader().load(snapshotImage, idle);
            SnapshotCodec.read(engine, snapshot.engineBytes(), 0, snapshot.engineLength());
            if (engine.stateHash() != snapshot.stateHash() || engine.lastSequence() != snapshot.lastSequence())
            {
                throw new IllegalStateException("restored engine differs from the snapshot it came from: hash " +
                    Long.toHexString(engine.stateHash()) + " at " + engine.lastSequence() + ", recorded " +
                    Long.toHexString(snapshot.stateHash()) + " at " + snapshot.lastSequence());
            }
            lastTimestamp = snapshot.lastTimestamp();
            lastBatchHash = snapshot.lastBatchHash();
            snapshotsLoaded.incrementAndGet();
            log.info("member " + memberId + ": engine restored from the cluster snapshot at sequence " +
                engine.lastSequence() + ", state hash " + Long.toHexString(snapshot.stateHash()));
        }
        keys.registerAll(engine);
        for (final ClientSession session : cluster.clientSessions())
        {
            addSession(session);
        }
        journal = new MemberJournal(folder, journalConfig, engine, lastBatchHash, log);
        appliedSequence.lazySet(engine.lastSequence());
    }

    /** {@inheritDoc} */
    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
        addSession(session);
    }

    /** {@inheritDoc} */
    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
        final byte[] principal = session.encodedPrincipal();
        final int accountId = ClusterCredentials.principalAccountId(principal);
        final ArrayList<ClientSession> sessions = sessionsByAccount.get(accountId);
        if (null == sessions)
        {
            return;
        }
        sessions.remove(session);
        if (sessions.isEmpty())
        {
            sessionsByAccount.remove(accountId);
            if (0 != (ClusterCredentials.principalFlags(principal) & ClusterCredentials.CANCEL_ON_DISCONNECT))
            {
                final int length = commands.cancelOnDisconnect(accountId, session.id());
                apply(session.id(), timestamp, commands.buffer(), commands.offset(), length);
            }
        }
    }

    /** {@inheritDoc} */
    public void onSessionMessage(
        final ClientSession session,
        final long timestamp,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final Header header)
    {
        final FrameVerdict verdict = FrameValidator.validate(buffer, offset, length);
        final int templateId = length >= HEADER ? buffer.getShort(offset + 2, LITTLE_ENDIAN) & 0xFFFF : 0;
        if (FrameVerdict.VALID != verdict)
        {
            reject(session, templateId, 0, verdict.rejectReason());
            return;
        }
        if (!CommandTemplates.isClientCommand(templateId))
        {
            reject(session, templateId, 0, RejectReason.UNKNOWN_TEMPLATE);
            return;
        }
        final int accountId = buffer.getInt(offset + CommandTemplates.accountOffset(templateId), LITTLE_ENDIAN);
        if (accountId != ClusterCredentials.principalAccountId(session.encodedPrincipal()))
        {
            final int clientIdOffset = CommandTemplates.clientIdOffset(templateId);
            final long clientId = CommandTemplates.NONE == clientIdOffset ?
                0 : buffer.getLong(offset + clientIdOffset, LITTLE_ENDIAN);
            reject(session, templateId, clientId, RejectReason.WRONG_ACCOUNT);
            return;
        }
        apply(session.id(), timestamp, buffer, offset, length);
    }

    private void apply(
        final long sessionId, final long clusterTimestamp, final DirectBuffer buffer, final int offset, final int length)
    {
        final long sequence = engine.lastSequence() + 1;
        final long timestamp = Math.max(lastTimestamp, cluster.timeUnit().toNanos(clusterTimestamp));
        lastTimestamp = timestamp;
        journal.onCommand(sequence, timestamp, sessionId, buffer, offset, length);
        engine.onCommand(sequence, timestamp, sessionId, buffer, offset, length);
        appliedSequence.lazySet(sequence);
    }

    /** {@inheritDoc}: an engine event, routed to the sessions it concerns. */
    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        journal.onEvent(buffer, offset, length);
        header.wrap(buffer, offset);
        final int templateId = header.templateId();
        if (AccountRegisteredDecoder.TEMPLATE_ID == templateId)
        {
            accountRegistered.wrap(buffer, offset + HEADER, header.blockLength(), header.version());
            accountRegistered.getPublicKey(keyScratch, 0, keyScratch.length);
            keys.register(accountRegistered.accountId(), keyScratch);
        }
        if (!isLeader)
        {
            return;
        }

        final int route = EventRoutes.route(templateId);
        final int accountId;
        if (EventRoutes.NONE == route)
        {
            return;
        }
        else if (EventRoutes.OPERATOR == route)
        {
            accountId = engineConfig.operatorAccountId();
        }
        else
        {
            accountId = buffer.getInt(offset + route, LITTLE_ENDIAN);
        }
        final ArrayList<ClientSession> sessions = sessionsByAccount.get(accountId);
        if (null != sessions)
        {
            for (int i = 0, size = sessions.size(); i < size; i++)
            {
                offer(sessions.get(i), buffer, offset, length);
            }
        }
    }

    private void offer(final ClientSession session, final DirectBuffer buffer, final int offset, final int length)
    {
        idle.reset();
        for (int attempt = 0; attempt < EGRESS_ATTEMPTS; attempt++)
        {
            final long result = session.offer(buffer, offset, length);
            if (result > 0 || ClientSession.MOCKED_OFFER == result)
            {
                return;
            }
            if (Publication.BACK_PRESSURED != result && Publication.ADMIN_ACTION != result)
            {
                break;
            }
            idle.idle();
        }
        egressDropped.incrementAndGet();
    }

    private void reject(final ClientSession session, final int templateId, final long clientId, final RejectReason reason)
    {
        if (!isLeader)
        {
            return;
        }
        sessionReject.wrapAndApplyHeader(replyBuffer, 0, headerEncoder)
            .sessionId(session.id())
            .refTemplateId(templateId)
            .reason(reason)
            .clientId(clientId);
        offer(session, replyBuffer, 0, HEADER + sessionReject.encodedLength());
    }

    private void addSession(final ClientSession session)
    {
        final byte[] principal = session.encodedPrincipal();
        if (!ClusterCredentials.isPrincipal(principal))
        {
            return;
        }
        final int accountId = ClusterCredentials.principalAccountId(principal);
        keys.onNonceUsed(accountId, ClusterCredentials.nonce(principal));
        sessionsByAccount.computeIfAbsent(accountId, (id) -> new ArrayList<>(2)).add(session);
    }

    /** {@inheritDoc} */
    public void onTimerEvent(final long correlationId, final long timestamp)
    {
    }

    /** {@inheritDoc} */
    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        journal.commit();
        final byte[] lastBatchHash = journal.lastBatchHash();
        final DirectBuffer bytes = engine.snapshot();
        final int length = engine.snapshotLength();
        final long stateHash = SnapshotCodec.hash(bytes, 0, length);
        snapshotWriter.write(snapshotPublication, idle, bytes, length, stateHash, engine.lastSequence(), lastTimestamp,
            lastBatchHash);
        journal.onSnapshot(engine);
        snapshotsTaken.incrementAndGet();
        log.info("member " + memberId + ": snapshot at sequence " + engine.lastSequence() + ", " + length +
            " bytes, state hash " + Long.toHexString(stateHash));
    }

    /** {@inheritDoc} */
    public void onRoleChange(final Cluster.Role newRole)
    {
        isLeader = Cluster.Role.LEADER == newRole;
        role = newRole;
    }

    /** {@inheritDoc} */
    public void onTerminate(final Cluster cluster)
    {
        close();
    }

    /** {@inheritDoc}: commits the journal and answers a {@link #probe()}. */
    public int doBackgroundWork(final long nowNs)
    {
        if (null == journal)
        {
            return 0;
        }
        journal.commit();
        final CompletableFuture<StateProbe> probe = pendingProbe.getAndSet(null);
        if (null != probe)
        {
            probe.complete(new StateProbe(memberId, engine.lastSequence(), engine.stateHash()));
            return 1;
        }
        return 0;
    }

    /**
     * Asks the service thread for the engine's sequence and state hash, answered between two commands.
     *
     * @return completed by the service thread; never if the service has stopped.
     */
    public CompletableFuture<StateProbe> probe()
    {
        final CompletableFuture<StateProbe> probe = new CompletableFuture<>();
        final CompletableFuture<StateProbe> previous = pendingProbe.getAndSet(probe);
        if (null != previous)
        {
            probe.whenComplete((result, error) -> previous.complete(result));
        }
        return probe;
    }

    /** Releases the member journal; after the container has stopped (or from {@code onTerminate}). */
    public void close()
    {
        if (null != journal)
        {
            journal.close();
        }
    }

    /** The role this member's service last heard of. */
    public Cluster.Role role()
    {
        return role;
    }

    /** Sequence of the last command applied. */
    public long appliedSequence()
    {
        return appliedSequence.get();
    }

    /** Events that could not be sent to a session after {@link #EGRESS_ATTEMPTS} tries. */
    public long egressDropped()
    {
        return egressDropped.get();
    }

    public int snapshotsTaken()
    {
        return snapshotsTaken.get();
    }

    public int snapshotsLoaded()
    {
        return snapshotsLoaded.get();
    }

    public int memberId()
    {
        return memberId;
    }
}
