package io.poolbook.replay.settlement;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.poolbook.replay.settlement.SettlementFixture.*;
import static org.junit.jupiter.api.Assertions.*;

class SettleCallTest
{
    @Test
    void selectorOfTheDocumentedSignature()
    {
        assertEquals("settleBatch(uint64,bytes32,bytes32,uint64,uint64,bytes32,uint32,bytes32)", SettleCall.SIGNATURE);
        // also computed with ethereum-cryptography's keccak256 in Node
        assertEquals("0x657e8164", Hex.toHex(SettleCall.selector()));
    }

    @Test
    void calldataLayoutIsSelectorThenEightWords()
    {
        final SettlementBatch batch = draft().build(directory());
        final byte[] calldata = batch.calldata();
        assertEquals(4 + 8 * 32, calldata.length);
        final String hex = Hex.toHex(calldata).substring(2);
        assertEquals("657e8164", hex.substring(0, 8));
        assertEquals(String.format("%064x", 3), word(hex, 0));
        assertEquals(Hex.toHex(Reference.hash(41)).substring(2), word(hex, 1));
        assertEquals(Hex.toHex(Reference.hash(42)).substring(2), word(hex, 2));
        assertEquals(String.format("%064x", 101), word(hex, 3));
        assertEquals(String.format("%064x", 200), word(hex, 4));
        assertEquals(Hex.toHex(batch.deltasRoot()).substring(2), word(hex, 5));
        assertEquals(String.format("%064x", 5), word(hex, 6));
        assertEquals(Hex.toHex(batch.contentHash()).substring(2), word(hex, 7));
    }

    @Test
    void decodeRefusesOtherCalls()
    {
        final byte[] calldata = draft().build(directory()).calldata();
        assertThrows(IllegalArgumentException.class, () -> SettleCall.decode(Arrays.copyOf(calldata, 100)));
        final byte[] otherSelector = calldata.clone();
        otherSelector[0] ^= 1;
        assertThrows(IllegalArgumentException.class, () -> SettleCall.decode(otherSelector));
        final byte[] hugeIndex = calldata.clone();
        hugeIndex[4] = 1;
        assertThrows(IllegalArgumentException.class, () -> SettleCall.decode(hugeIndex));
    }

    private static String word(final String hex, final int index)
    {
        return hex.substring(8 + 64 * index, 8 + 64 * (index + 1));
    }
}
