package io.poolbook.replay.settlement;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static io.poolbook.replay.settlement.Reference.hex;
import static org.junit.jupiter.api.Assertions.*;

class AbiEncoderTest
{
    private static final String ZERO_WORD = "0000000000000000000000000000000000000000000000000000000000000000";

    private static String words(final AbiEncoder encoder)
    {
        return Hex.toHex(encoder.toByteArray()).substring(2);
    }

    @Test
    void addressIsLeftPaddedWithTwelveZeroBytes()
    {
        final byte[] address = hex("0x1111111111111111111111111111111111111111");
        assertEquals("0000000000000000000000001111111111111111111111111111111111111111",
            words(new AbiEncoder().address(address)));
        assertEquals("000000000000000000000000ab5801a7d398351b8be11c439e05c5b3259aec9b",
            words(new AbiEncoder().address(hex("0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B"))));
        assertEquals(ZERO_WORD, words(new AbiEncoder().address(new byte[20])));
    }

    @Test
    void addressMustBeTwentyBytes()
    {
        assertThrows(IllegalArgumentException.class, () -> new AbiEncoder().address(new byte[19]));
        assertThrows(IllegalArgumentException.class, () -> new AbiEncoder().address(new byte[32]));
    }

    @Test
    void int256Zero()
    {
        assertEquals(ZERO_WORD, words(new AbiEncoder().int256(BigInteger.ZERO)));
    }

    @Test
    void int256Positive()
    {
        assertEquals("0000000000000000000000000000000000000000000000000000000000000001",
            words(new AbiEncoder().int256(BigInteger.ONE)));
        // 5 * 10^18 = 0x4563918244f40000
        assertEquals("0000000000000000000000000000000000000000000000004563918244f40000",
            words(new AbiEncoder().int256(new BigInteger("5000000000000000000"))));
        assertEquals("0000000000000000000000000000000000000000000000000000000000000080",
            words(new AbiEncoder().int256(BigInteger.valueOf(128))));
    }

    @Test
    void int256NegativeIsTwosComplementOverThe32Bytes()
    {
        assertEquals("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            words(new AbiEncoder().int256(BigInteger.ONE.negate())));
        assertEquals("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff80",
            words(new AbiEncoder().int256(BigInteger.valueOf(-128))));
        assertEquals("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            words(new AbiEncoder().int256(BigInteger.valueOf(-129))));
        // -(5 * 10^18) = 2^256 - 0x4563918244f40000
        assertEquals("ffffffffffffffffffffffffffffffffffffffffffffffffba9c6e7dbb0c0000",
            words(new AbiEncoder().int256(new BigInteger("-5000000000000000000"))));
    }

    @Test
    void int256LargeBeyondLong()
    {
        // 10^30 = 0xc9f2c9cd04674edea40000000
        assertEquals("000000000000000000000000000000000000000c9f2c9cd04674edea40000000",
            words(new AbiEncoder().int256(BigInteger.TEN.pow(30))));
        assertEquals("fffffffffffffffffffffffffffffffffffffff360d3632fb98b1215c0000000",
            words(new AbiEncoder().int256(BigInteger.TEN.pow(30).negate())));
        // (2^63 - 1) * 10^12, the largest engine amount of a 6-decimal asset in an 18-decimal token
        final BigInteger large = BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.TEN.pow(12));
        assertEquals("00000000000000000000000000000000000000746a5287ffffffff172b5af000",
            words(new AbiEncoder().int256(large)));
        assertEquals("ffffffffffffffffffffffffffffffffffffff8b95ad7800000000e8d4a51000",
            words(new AbiEncoder().int256(large.negate())));
    }

    @Test
    void int256Bounds()
    {
        final BigInteger max = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE);
        final BigInteger min = BigInteger.ONE.shiftLeft(255).negate();
        assertEquals("7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            words(new AbiEncoder().int256(max)));
        assertEquals("8000000000000000000000000000000000000000000000000000000000000000",
            words(new AbiEncoder().int256(min)));
        assertThrows(ArithmeticException.class, () -> new AbiEncoder().int256(max.add(BigInteger.ONE)));
        assertThrows(ArithmeticException.class, () -> new AbiEncoder().int256(min.subtract(BigInteger.ONE)));
    }

    @Test
    void smallIntegers()
    {
        assertEquals("000000000000000000000000000000000000000000000000000000000000002a",
            words(new AbiEncoder().uint64(42)));
        assertEquals("0000000000000000000000000000000000000000000000007fffffffffffffff",
            words(new AbiEncoder().uint64(Long.MAX_VALUE)));
        assertEquals("00000000000000000000000000000000000000000000000000000000ffffffff",
            words(new AbiEncoder().uint32(0xFFFF_FFFFL)));
        assertEquals("fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe",
            words(new AbiEncoder().int64(-2)));
        assertEquals("ffffffffffffffffffffffffffffffffffffffffffffffff8000000000000000",
            words(new AbiEncoder().int64(Long.MIN_VALUE)));
        assertThrows(ArithmeticException.class, () -> new AbiEncoder().uint64(-1));
        assertThrows(ArithmeticException.class, () -> new AbiEncoder().uint32(1L << 32));
        assertThrows(ArithmeticException.class, () -> new AbiEncoder().uint256(BigInteger.ONE.negate()));
        assertThrows(ArithmeticException.class, () -> new AbiEncoder().uint256(BigInteger.ONE.shiftLeft(256)));
    }

    @Test
    void wordsFollowOneAnotherAndResetStartsOver()
    {
        final AbiEncoder encoder = new AbiEncoder()
            .address(hex("0x00000000000000000000000000000000000000ff"))
            .int256(BigInteger.valueOf(-1))
            .bytes32(new byte[32]);
        assertEquals(96, encoder.length());
        assertEquals("00000000000000000000000000000000000000000000000000000000000000ff" +
            "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" + ZERO_WORD, words(encoder));
        assertEquals(0, encoder.reset().length());
        assertEquals(ZERO_WORD, words(encoder.uint64(0)));
    }

    @Test
    void wellKnownSelectors()
    {
        assertEquals("0xa9059cbb", Hex.toHex(AbiEncoder.selector("transfer(address,uint256)")));
        assertEquals("0x70a08231", Hex.toHex(AbiEncoder.selector("balanceOf(address)")));
        assertEquals("0x095ea7b3", Hex.toHex(AbiEncoder.selector("approve(address,uint256)")));
    }

    @Test
    void bytes32WordsPastTheInitialCapacityAreKept()
    {
        // A selector and nine words overflow the initial 256 bytes in the middle of a bytes32 (an applyDelta
        // call with a proof): the word must land in the grown array, not the old one.
        final AbiEncoder abi = new AbiEncoder().raw(AbiEncoder.selector("f()"));
        final byte[] word = new byte[AbiEncoder.WORD];
        for (int i = 0; i < 9; i++)
        {
            java.util.Arrays.fill(word, (byte)(i + 1));
            abi.bytes32(word);
        }
        final byte[] out = abi.toByteArray();
        assertEquals(AbiEncoder.SELECTOR_LENGTH + 9 * AbiEncoder.WORD, out.length);
        for (int i = 0; i < 9; i++)
        {
            assertEquals(i + 1, out[AbiEncoder.SELECTOR_LENGTH + i * AbiEncoder.WORD + 31], "word " + i);
        }
    }
}
