package io.poolbook.replay.settlement;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The settlement contract's entry point and its calldata:
 * <pre>
 * function settleBatch(
 *     uint64 index, bytes32 prevBatchHash, bytes32 journalHash, uint64 fromSequence, uint64 toSequence,
 *     bytes32 deltasRoot, uint32 leafCount, bytes32 withdrawalsRoot, uint32 withdrawalCount,
 *     bytes32 contentHash) external;
 * </pre>
 * Each tree's root is followed by its leaf count: the deltas tree, then the withdrawals tree.
 * Every argument is static, so the calldata is the selector followed by ten 32-byte words, and those words are
 * exactly {@code abi.encode} of the arguments. The batch hash is defined as their Keccak-256, so the contract gets
 * it with {@code keccak256(msg.data[4:])} and checks the chain by comparing {@code prevBatchHash} with the hash it
 * stored last time.
 */
public final class SettleCall
{
    /** The canonical signature the selector is computed from. */
    public static final String SIGNATURE =
        "settleBatch(uint64,bytes32,bytes32,uint64,uint64,bytes32,uint32,bytes32,uint32,bytes32)";
    /** Words of arguments after the selector. */
    public static final int ARGUMENT_WORDS = 10;
    /** Bytes of calldata: selector and arguments. */
    public static final int LENGTH = AbiEncoder.SELECTOR_LENGTH + ARGUMENT_WORDS * AbiEncoder.WORD;

    private static final byte[] SELECTOR = AbiEncoder.selector(SIGNATURE);

    private SettleCall()
    {
    }

    /** The 4-byte function selector (a copy). */
    public static byte[] selector()
    {
        return SELECTOR.clone();
    }

    /**
     * The arguments, ABI-encoded, without the selector: what the batch hash is the Keccak-256 of.
     *
     * @param index         batch index.
     * @param prevBatchHash hash of the previous batch, zeros for batch 0.
     * @param journalHash   the journal's chain hash at {@code toSequence}.
     * @param fromSequence  first journal sequence the batch covers.
     * @param toSequence    last journal sequence the batch covers.
     * @param deltasRoot      root of the batch's deltas tree.
     * @param leafCount       leaves in the deltas tree.
     * @param withdrawalsRoot root of the batch's withdrawals tree.
     * @param withdrawalCount leaves in the withdrawals tree.
     * @param contentHash     hash of the batch's full content in engine terms.
     * @return ten 32-byte words.
     */
    public static byte[] encodeArguments(
        final long index,
        final byte[] prevBatchHash,
        final byte[] journalHash,
        final long fromSequence,
        final long toSequence,
        final byte[] deltasRoot,
        final int leafCount,
        final byte[] withdrawalsRoot,
        final int withdrawalCount,
        final byte[] contentHash)
    {
        return new AbiEncoder()
            .uint64(index)
            .bytes32(prevBatchHash)
            .bytes32(journalHash)
            .uint64(fromSequence)
            .uint64(toSequence)
            .bytes32(deltasRoot)
            .uint32(leafCount)
            .bytes32(withdrawalsRoot)
            .uint32(withdrawalCount)
            .bytes32(contentHash)
            .toByteArray();
    }

    /**
     * @param batch to settle.
     * @return the full calldata: selector then arguments.
     */
    public static byte[] encode(final SettlementBatch batch)
    {
        return new AbiEncoder()
            .raw(SELECTOR)
            .raw(encodeArguments(batch.index(), batch.prevBatchHash(), batch.journalHash(), batch.fromSequence(),
                batch.toSequence(), batch.deltasRoot(), batch.leafCount(), batch.withdrawalsRoot(),
                batch.withdrawalCount(), batch.contentHash()))
            .toByteArray();
    }

    /**
     * Reads calldata back, checking its length, its selector and that every integer fits its type.
     *
     * @param calldata as {@link #encode(SettlementBatch)} wrote it.
     * @return the arguments.
     * @throws IllegalArgumentException when it is not a {@code settleBatch} call.
     */
    public static Arguments decode(final byte[] calldata)
    {
        if (calldata.length != LENGTH)
        {
            throw new IllegalArgumentException("settleBatch calldata is " + LENGTH + " bytes, not " + calldata.length);
        }
        if (!Arrays.equals(calldata, 0, AbiEncoder.SELECTOR_LENGTH, SELECTOR, 0, AbiEncoder.SELECTOR_LENGTH))
        {
            throw new IllegalArgumentException("not the settleBatch selector");
        }
        return new Arguments(
            unsigned(calldata, 0, 64),
            word(calldata, 1),
            word(calldata, 2),
            unsigned(calldata, 3, 64),
            unsigned(calldata, 4, 64),
            word(calldata, 5),
            (int)unsigned(calldata, 6, 32),
            word(calldata, 7),
            (int)unsigned(calldata, 8, 32),
            word(calldata, 9));
    }

    private static byte[] word(final byte[] calldata, final int index)
    {
        final int from = AbiEncoder.SELECTOR_LENGTH + index * AbiEncoder.WORD;
        return Arrays.copyOfRange(calldata, from, from + AbiEncoder.WORD);
    }

    private static long unsigned(final byte[] calldata, final int index, final int bits)
    {
        final BigInteger value = new BigInteger(1, word(calldata, index));
        final int maxBits = Math.min(bits, Long.SIZE - 1);
        if (value.bitLength() > maxBits)
        {
            throw new IllegalArgumentException("argument " + index + " is out of range: " + value);
        }
        return value.longValue();
    }

    /**
     * The decoded arguments of a {@code settleBatch} call.
     *
     * @param index         batch index.
     * @param prevBatchHash previous batch's hash.
     * @param journalHash   journal's chain hash at {@code toSequence}.
     * @param fromSequence  first journal sequence.
     * @param toSequence    last journal sequence.
     * @param deltasRoot      root of the deltas tree.
     * @param leafCount       leaves in the deltas tree.
     * @param withdrawalsRoot root of the withdrawals tree.
     * @param withdrawalCount leaves in the withdrawals tree.
     * @param contentHash     content hash.
     */
    public record Arguments(
        long index,
        byte[] prevBatchHash,
        byte[] journalHash,
        long fromSequence,
        long toSequence,
        byte[] deltasRoot,
        int leafCount,
        byte[] withdrawalsRoot,
        int withdrawalCount,
        byte[] contentHash)
    {
    }
}
