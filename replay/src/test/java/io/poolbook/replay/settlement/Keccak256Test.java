package io.poolbook.replay.settlement;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

class Keccak256Test
{
    private static String keccakHex(final String text)
    {
        return Hex.toHex(Keccak256.hash(text.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void emptyInput()
    {
        assertEquals("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", keccakHex(""));
    }

    @Test
    void knownVectors()
    {
        assertEquals("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45", keccakHex("abc"));
        // Ethereum's ERC-20 Transfer event topic
        assertEquals("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
            keccakHex("Transfer(address,address,uint256)"));
    }

    @Test
    void isKeccakNotNistSha3()
    {
        // SHA3-256("") is a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a
        assertNotEquals("0xa7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a", keccakHex(""));
    }

    @Test
    void rangeAndPairFormsAgreeWithWholeInput()
    {
        final byte[] data = "xxhello worldyy".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(Keccak256.hash("hello world".getBytes(StandardCharsets.US_ASCII)),
            Keccak256.hash(data, 2, 11));
        final byte[] a = Reference.hash(1);
        final byte[] b = Reference.hash(2);
        assertArrayEquals(Reference.keccak(a, b), Keccak256.hash(a, b));
    }
}
