package io.poolbook.gateway.session;

import io.poolbook.codecs.RejectReason;

/**
 * The ingress side of one client connection (one Aeron image on an ingress subscription): whether and as whom it
 * is logged on, its heartbeat deadline, its rate allowance and which refusals were already logged. Owned by the
 * ingress thread.
 */
final class Session
{
    static final int NO_ACCOUNT = -1;

    private final long sessionId;
    private final long imageKey;
    private final String source;
    private final long connectedNs;
    private final long emissionIntervalNs;
    private final long burstToleranceNs;

    private boolean loggedOn;
    private boolean replyPathOpen;
    private int accountId = NO_ACCOUNT;
    private boolean cancelOnDisconnect;
    private long heartbeatTimeoutNs;
    private long lastReceivedNs;
    private long theoreticalArrivalNs;
    private long loggedReasons;

    Session(
        final long sessionId,
        final long imageKey,
        final String source,
        final long nowNs,
        final int rateLimit,
        final int rateBurst)
    {
        this.sessionId = sessionId;
        this.imageKey = imageKey;
        this.source = source;
        this.connectedNs = nowNs;
        this.lastReceivedNs = nowNs;
        this.emissionIntervalNs = Math.max(1, 1_000_000_000L / rateLimit);
        this.burstToleranceNs = emissionIntervalNs * rateBurst;
        this.theoreticalArrivalNs = nowNs;
    }

    long sessionId()
    {
        return sessionId;
    }

    long imageKey()
    {
        return imageKey;
    }

    String source()
    {
        return source;
    }

    long connectedNs()
    {
        return connectedNs;
    }

    boolean isLoggedOn()
    {
        return loggedOn;
    }

    int accountId()
    {
        return accountId;
    }

    boolean cancelOnDisconnect()
    {
        return cancelOnDisconnect;
    }

    boolean isReplyPathOpen()
    {
        return replyPathOpen;
    }

    void replyPathOpened()
    {
        replyPathOpen = true;
    }

    void loggedOn(final int accountId, final boolean cancelOnDisconnect, final long heartbeatTimeoutNs)
    {
        this.loggedOn = true;
        this.accountId = accountId;
        this.cancelOnDisconnect = cancelOnDisconnect;
        this.heartbeatTimeoutNs = heartbeatTimeoutNs;
    }

    void onReceived(final long nowNs)
    {
        lastReceivedNs = nowNs;
    }

    /** True once a logged-on session has been silent for longer than its heartbeat timeout. */
    boolean isTimedOut(final long nowNs)
    {
        return loggedOn && nowNs - lastReceivedNs > heartbeatTimeoutNs;
    }

    /**
     * Takes one message from the session's allowance: a generic cell rate algorithm, so a session may send
     * {@code rateBurst} messages at once and {@code rateLimit} per second sustained.
     *
     * @return false if the message exceeds the allowance.
     */
    boolean tryAcquire(final long nowNs)
    {
        final long arrival = Math.max(theoreticalArrivalNs, nowNs);
        if (arrival - nowNs > burstToleranceNs)
        {
            return false;
        }
        theoreticalArrivalNs = arrival + emissionIntervalNs;
        return true;
    }

    /**
     * Marks a refusal reason as logged for this session.
     *
     * @return true the first time for the reason, so the caller logs it once.
     */
    boolean firstTime(final RejectReason reason)
    {
        final long bit = 1L << (reason.value() & 63);
        if (0 != (loggedReasons & bit))
        {
            return false;
        }
        loggedReasons |= bit;
        return true;
    }

    public String toString()
    {
        return "session " + sessionId + (loggedOn ? " (account " + accountId + ")" : "") + " from " + source;
    }
}
