package io.poolbook.amm;

/**
 * Status codes returned by every {@link ConstantProductPool} operation: {@link #OK} or the reason the operation
 * was rejected. A rejected operation leaves the pool unchanged. Plain int constants so the hot path returns a
 * primitive and the engine can map each code onto its own wire reject reason.
 */
public final class PoolReject
{
    /** Accepted. */
    public static final int OK = 0;

    /** An amount, share count or bound that must be positive is zero or negative. */
    public static final int ZERO_AMOUNT = 1;

    /** The pool holds no liquidity, or the requested output is at or above the reserve that pays it. */
    public static final int INSUFFICIENT_LIQUIDITY = 2;

    /** The operation would pay out nothing: a swap output, the shares minted or a side of a removal rounds to 0. */
    public static final int ZERO_OUTPUT = 3;

    /** The caller's bound was missed: output below its minimum, input above its maximum, shares below minimum. */
    public static final int SLIPPAGE = 4;

    /** More shares than the caller holds, or shares that would reach into the permanently locked minimum. */
    public static final int INSUFFICIENT_SHARES = 5;

    /** A first deposit too small to mint anything above the permanently locked minimum liquidity. */
    public static final int MINIMUM_LIQUIDITY = 6;

    /** A result, or a reserve or share total after the operation, does not fit in a long. */
    public static final int OVERFLOW = 7;

    /** A fee outside 0..9999 basis points. */
    public static final int INVALID_FEE = 8;

    /** A price whose numerator or denominator is not positive. */
    public static final int INVALID_PRICE = 9;

    /** A restored state that breaks the pool's invariants (negative values, shares without reserves, ...). */
    public static final int INVALID_STATE = 10;

    private PoolReject()
    {
    }

    /**
     * Name of a status code, for logs and test messages.
     *
     * @param status a code from this class.
     * @return its constant's name, or {@code "UNKNOWN(n)"}.
     */
    public static String name(final int status)
    {
        switch (status)
        {
            case OK: return "OK";
            case ZERO_AMOUNT: return "ZERO_AMOUNT";
            case INSUFFICIENT_LIQUIDITY: return "INSUFFICIENT_LIQUIDITY";
            case ZERO_OUTPUT: return "ZERO_OUTPUT";
            case SLIPPAGE: return "SLIPPAGE";
            case INSUFFICIENT_SHARES: return "INSUFFICIENT_SHARES";
            case MINIMUM_LIQUIDITY: return "MINIMUM_LIQUIDITY";
            case OVERFLOW: return "OVERFLOW";
            case INVALID_FEE: return "INVALID_FEE";
            case INVALID_PRICE: return "INVALID_PRICE";
            case INVALID_STATE: return "INVALID_STATE";
            default: return "UNKNOWN(" + status + ")";
        }
    }
}
