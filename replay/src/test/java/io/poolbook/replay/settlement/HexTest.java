package io.poolbook.replay.settlement;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class HexTest
{
    @Test
    void roundTripsLowerCaseWithPrefix()
    {
        final byte[] bytes = { 0, 1, (byte)0xAB, (byte)0xFF, 0x7F };
        assertEquals("0x0001abff7f", Hex.toHex(bytes));
        assertArrayEquals(bytes, Hex.fromHex("0x0001abff7f"));
        assertArrayEquals(bytes, Hex.fromHex("0001ABFF7F"));
        assertEquals("0x", Hex.toHex(new byte[0]));
    }

    @Test
    void refusesWhatIsNotWholeBytesOfHex()
    {
        assertThrows(IllegalArgumentException.class, () -> Hex.fromHex("0x123"));
        assertThrows(IllegalArgumentException.class, () -> Hex.fromHex("0xzz"));
    }
}
