package io.poolbook.engine;

/**
 * The engine's fixed settings. Part of the engine's identity: two engines agree on events and state hash only
 * when fed the same input under the same configuration. Each can be set as a system property
 * ({@code poolbook.engine.<name>}), as Aeron's settings are.
 */
public final class EngineConfig
{
    /** Account allowed to run admin commands; registered at start. */
    private int operatorAccountId = Integer.getInteger("poolbook.engine.operatorAccountId", 0);
    /** Account that collects trading fees; registered at start if it is not the operator. */
    private int feeAccountId = Integer.getInteger("poolbook.engine.feeAccountId", 0);
    /** Most orders one account may have resting across all markets. */
    private int maxOpenOrdersPerAccount = Integer.getInteger("poolbook.engine.maxOpenOrdersPerAccount", 10_000);
    /** Commands per settlement batch; 0 cuts only on the admin command or the time limit. */
    private long batchCommands = Long.getLong("poolbook.engine.batchCommands", 0);
    /** Journal time per settlement batch in nanoseconds; 0 cuts only on the admin command or the count. */
    private long batchNanos = Long.getLong("poolbook.engine.batchNanos", 0);

    public int operatorAccountId()
    {
        return operatorAccountId;
    }

    public EngineConfig operatorAccountId(final int operatorAccountId)
    {
        this.operatorAccountId = operatorAccountId;
        return this;
    }

    public int feeAccountId()
    {
        return feeAccountId;
    }

    public EngineConfig feeAccountId(final int feeAccountId)
    {
        this.feeAccountId = feeAccountId;
        return this;
    }

    public int maxOpenOrdersPerAccount()
    {
        return maxOpenOrdersPerAccount;
    }

    public EngineConfig maxOpenOrdersPerAccount(final int maxOpenOrdersPerAccount)
    {
        this.maxOpenOrdersPerAccount = maxOpenOrdersPerAccount;
        return this;
    }

    public long batchCommands()
    {
        return batchCommands;
    }

    public EngineConfig batchCommands(final long batchCommands)
    {
        this.batchCommands = batchCommands;
        return this;
    }

    public long batchNanos()
    {
        return batchNanos;
    }

    public EngineConfig batchNanos(final long batchNanos)
    {
        this.batchNanos = batchNanos;
        return this;
    }
}
