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
        assertEquals("settleBatch(uint64,bytes32,bytes32,uint64,uint64,bytes32,uint32,bytes32,uint32,bytes32)",
            SettleCall.SIGNATURE);
        // also computed with @noble/hashes' keccak_256 in Node, and checked against solc by the contract test
        assertEquals("0xcd3412d2", Hex.toHex(SettleCall.selector()));
        assertArrayEquals(Arrays.copyOf(Reference.keccak(SettleCall.SIGNATURE.getBytes()), 4),
            SettleCall.selector());
    }

    @Test
    void calldataLayoutIsSelectorThenTenWords()
    {
        final SettlementBatch batch = draft().build(directory());
        final byte[] calldata = batch.calldata();
        assertEquals(4 + 10 * 32, calldata.length);
        assertEquals(SettleCall.LENGTH, calldata.length);
        final String hex = Hex.toHex(calldata).substring(2);
        assertEquals("cd3412d2", hex.substring(0, 8));
        assertEquals(String.format("%064x", 3), word(hex, 0));
        assertEquals(Hex.toHex(Reference.hash(41)).substring(2), word(hex, 1));
        assertEquals(Hex.toHex(Reference.hash(42)).substring(2), word(hex, 2));
        assertEquals(String.format("%064x", 101), word(hex, 3));
        assertEquals(String.format("%064x", 200), word(hex, 4));
        assertEquals(Hex.toHex(batch.deltasRoot()).substring(2), word(hex, 5));
        assertEquals(String.format("%064x", 5), word(hex, 6));
        assertEquals(Hex.toHex(batch.withdrawalsRoot()).substring(2), word(hex, 7));
        assertEquals(String.format("%064x", 2), word(hex, 8));
        assertEquals(Hex.toHex(batch.contentHash()).substring(2), word(hex, 9));
    }

    @Test
    void withoutWithdrawalsTheWithdrawalsWordsAreZero()
    {
        final SettlementBatch batch = new SettlementBatch.Draft().journalHash(Reference.hash(1))
            .delta(ALICE, USDC, 5).delta(BOB, USDC, -5).build(directory());
        final String hex = Hex.toHex(batch.calldata()).substring(2);
        assertEquals(String.format("%064x", 2), word(hex, 6));
        assertEquals("00".repeat(32), word(hex, 7));
        assertEquals("00".repeat(32), word(hex, 8));
        final SettleCall.Arguments arguments = SettleCall.decode(batch.calldata());
        assertArrayEquals(new byte[32], arguments.withdrawalsRoot());
        assertEquals(0, arguments.withdrawalCount());
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
        final byte[] hugeWithdrawalCount = calldata.clone();
        hugeWithdrawalCount[4 + 8 * 32 + 27] = 1;
        assertThrows(IllegalArgumentException.class, () -> SettleCall.decode(hugeWithdrawalCount));
        final byte[] oldLength = Arrays.copyOf(calldata, 4 + 8 * 32);
        assertThrows(IllegalArgumentException.class, () -> SettleCall.decode(oldLength), "the 8-word format");
    }

    private static String word(final String hex, final int index)
    {
        return hex.substring(8 + 64 * index, 8 + 64 * (index + 1));
    }
}
