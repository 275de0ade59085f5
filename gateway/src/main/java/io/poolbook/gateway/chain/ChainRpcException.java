package io.poolbook.gateway.chain;

/**
 * The Ethereum node could not be reached, or answered a JSON-RPC call with an error. The bridge retries the first
 * kind with back-off; {@link #isUnreachable()} tells them apart.
 */
public final class ChainRpcException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final boolean unreachable;

    ChainRpcException(final String message, final boolean unreachable, final Throwable cause)
    {
        super(message, cause);
        this.unreachable = unreachable;
    }

    /**
     * @return true when the node did not answer at all (connection refused, timeout), false for an error answer.
     */
    public boolean isUnreachable()
    {
        return unreachable;
    }
}
