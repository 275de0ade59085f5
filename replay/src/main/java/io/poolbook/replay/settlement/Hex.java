package io.poolbook.replay.settlement;

/**
 * {@code 0x}-prefixed lower-case hex, the way Ethereum tools write bytes, hashes and addresses.
 */
public final class Hex
{
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex()
    {
    }

    /**
     * @param bytes to write.
     * @return {@code 0x} followed by two lower-case digits per byte.
     */
    public static String toHex(final byte[] bytes)
    {
        final char[] text = new char[2 + 2 * bytes.length];
        text[0] = '0';
        text[1] = 'x';
        for (int i = 0; i < bytes.length; i++)
        {
            text[2 + 2 * i] = DIGITS[(bytes[i] >>> 4) & 0xF];
            text[3 + 2 * i] = DIGITS[bytes[i] & 0xF];
        }
        return new String(text);
    }

    /**
     * @param text hex digits, either case, with or without {@code 0x}, an even number of them.
     * @return the bytes.
     * @throws IllegalArgumentException when the text is not whole bytes of hex.
     */
    public static byte[] fromHex(final String text)
    {
        final int start = text.startsWith("0x") || text.startsWith("0X") ? 2 : 0;
        final int digits = text.length() - start;
        if ((digits & 1) != 0)
        {
            throw new IllegalArgumentException("odd number of hex digits: " + text);
        }
        final byte[] bytes = new byte[digits / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)((digit(text, start + 2 * i) << 4) | digit(text, start + 2 * i + 1));
        }
        return bytes;
    }

    private static int digit(final String text, final int index)
    {
        final int value = Character.digit(text.charAt(index), 16);
        if (value < 0)
        {
            throw new IllegalArgumentException("not hex at " + index + ": " + text);
        }
        return value;
    }
}
