package io.poolbook.amm;

/**
 * Which reserve a swap pays into. The taker's side follows: {@link #BASE_IN} sells base for quote,
 * {@link #QUOTE_IN} buys base with quote.
 */
public enum SwapDirection
{
    /** The taker pays base and receives quote: a sell, priced against the pool's bid. */
    BASE_IN,

    /** The taker pays quote and receives base: a buy, priced against the pool's ask. */
    QUOTE_IN;

    /**
     * The direction that undoes this one.
     *
     * @return {@link #QUOTE_IN} for {@link #BASE_IN} and the other way round.
     */
    public SwapDirection opposite()
    {
        return BASE_IN == this ? QUOTE_IN : BASE_IN;
    }
}
