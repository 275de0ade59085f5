package io.poolbook.gateway.cli.connect;

import java.util.HexFormat;

/**
 * Fixed-length byte fields as people type them on a command line or in a genesis file: hex digits with an optional
 * {@code 0x}, for chain addresses (20 bytes), transaction hashes (32) and raw public keys (32).
 */
public final class Hex
{
    private Hex()
    {
    }

    /**
     * @param text   hex digits, {@code 0x} optional; null or empty for all zeros.
     * @param length bytes expected.
     * @param what   the field, for the error message.
     * @return the bytes.
     * @throws IllegalArgumentException if the text is not {@code length} bytes of hex.
     */
    public static byte[] bytes(final String text, final int length, final String what)
    {
        if (null == text || text.isEmpty())
        {
            return new byte[length];
        }
        final String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        if (digits.length() != 2 * length || !digits.chars().allMatch((c) -> Character.digit(c, 16) >= 0))
        {
            throw new IllegalArgumentException(what + " must be " + length + " bytes in hex (" + 2 * length +
                " hex digits, 0x optional), not '" + text + "'");
        }
        return HexFormat.of().parseHex(digits);
    }
}
