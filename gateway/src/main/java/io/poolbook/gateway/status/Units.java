package io.poolbook.gateway.status;

import io.poolbook.gateway.status.NodeStatus.AssetInfo;
import io.poolbook.gateway.status.NodeStatus.MarketInfo;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.regex.Pattern;

/**
 * Converts the numbers people type ({@code 1.5} WETH, a price of {@code 3000.25} USDC per WETH) to the engine's
 * integers and back, exactly: decimal text is parsed as {@link BigDecimal}, never as a double, and a number that is
 * not a whole count of engine units is refused rather than rounded. A price is quote per one whole base unit for
 * people and quote engine units per lot for the engine (docs/PROTOCOL.md, "Units").
 */
public final class Units
{
    private static final Pattern DECIMAL = Pattern.compile("[0-9][0-9_,]*(\\.[0-9_]+)?|\\.[0-9_]+");

    private Units()
    {
    }

    /**
     * @param text decimal digits with an optional fraction; {@code _} and {@code ,} group digits.
     * @param what what the number is, for the error message.
     * @return its exact value.
     * @throws IllegalArgumentException if it is not a plain non-negative decimal number.
     */
    public static BigDecimal decimal(final String text, final String what)
    {
        final String trimmed = null == text ? "" : text.trim();
        if (!DECIMAL.matcher(trimmed).matches())
        {
            throw new IllegalArgumentException(what + " '" + text + "' is not a number (digits, an optional " +
                "decimal point; no sign, no exponent)");
        }
        return new BigDecimal(trimmed.replace("_", "").replace(",", ""));
    }

    /**
     * @return {@code text} of an asset in its engine units.
     * @throws IllegalArgumentException if it has more decimals than the asset's engine scale or overflows.
     */
    public static long amount(final AssetInfo asset, final String text)
    {
        final BigDecimal value = decimal(text, "amount");
        return exact(value.movePointRight(asset.engineScale()), value.toPlainString() + " " + asset.symbol() +
            " is finer than one engine unit (" + asset.symbol() + " has " + asset.engineScale() + " decimals)");
    }

    /**
     * @return a price in quote per one whole base unit as the engine's price: quote engine units per lot.
     * @throws IllegalArgumentException if that is not a whole number of quote units.
     */
    public static long price(final MarketInfo market, final AssetInfo base, final AssetInfo quote, final String text)
    {
        final BigDecimal value = decimal(text, "price");
        final BigDecimal perLot = value.movePointRight(quote.engineScale())
            .multiply(BigDecimal.valueOf(market.lotSize())).movePointLeft(base.engineScale());
        return exact(perLot, "price " + value.toPlainString() + " " + quote.symbol() + " is not a whole number of " +
            quote.symbol() + " engine units per lot of " + format(base, market.lotSize()) + " " + base.symbol());
    }

    /** An engine amount as a decimal of the asset, without trailing zeros. */
    public static String format(final AssetInfo asset, final long amount)
    {
        return plain(BigDecimal.valueOf(amount, asset.engineScale()));
    }

    /** An engine price (quote units per lot) as quote per one whole base unit. */
    public static String formatPrice(final MarketInfo market, final AssetInfo base, final AssetInfo quote,
        final long price)
    {
        final BigDecimal perBase = new BigDecimal(BigInteger.valueOf(price)).movePointLeft(quote.engineScale())
            .movePointRight(base.engineScale()).divide(BigDecimal.valueOf(market.lotSize()), MathContext.DECIMAL64);
        return plain(perBase);
    }

    private static String plain(final BigDecimal value)
    {
        final BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    private static long exact(final BigDecimal units, final String finerMessage)
    {
        final BigDecimal stripped = units.stripTrailingZeros();
        if (stripped.scale() > 0)
        {
            throw new IllegalArgumentException(finerMessage);
        }
        try
        {
            return stripped.longValueExact();
        }
        catch (final ArithmeticException ex)
        {
            throw new IllegalArgumentException(units.toPlainString() + " engine units do not fit in 64 bits");
        }
    }
}
