package io.poolbook.gateway.chain;

/**
 * Points where a crash test stops a bridge thread dead (by throwing {@link Crash}), leaving its files exactly as a
 * kill at that instant would: after a Deposit was handed to the node but before the cursor moved, and after a
 * batch's transaction was sent but before its receipt was seen.
 */
public interface BridgeFaults
{
    /** No faults. */
    BridgeFaults NONE = new BridgeFaults()
    {
    };

    /** Called after a Deposit for {@code chainReference} was answered by the node, before anything is recorded. */
    default void afterDepositSent(final long depositId)
    {
    }

    /** Called after the {@code settleBatch} transaction of batch {@code index} was sent, before its receipt. */
    default void afterBatchSent(final long index)
    {
    }

    /** Thrown by a fault to kill the thread where it stands. */
    final class Crash extends Error
    {
        private static final long serialVersionUID = 1L;

        public Crash(final String where)
        {
            super("simulated crash " + where);
        }
    }
}
