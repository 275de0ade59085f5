package io.poolbook.replay.settlement;

import java.math.BigInteger;
import java.util.List;

/**
 * One leaf of one of a batch's two Merkle trees, with its place in that tree and its proof. Its value is
 * {@code (address account, address token, int256 delta)} in chain units and its hash is OpenZeppelin's standard
 * leaf, {@code keccak256(bytes.concat(keccak256(abi.encode(account, token, delta))))}.
 * <ul>
 *   <li>In the deltas tree ({@link SettlementBatch#leaves()}), {@code delta} is the net trading change of one chain
 *       address in one token, signed and never zero.</li>
 *   <li>In the withdrawals tree ({@link SettlementBatch#withdrawals()}), {@code delta} is minus what that address
 *       withdrew of the token: a withdrawal is a negative delta, which the contract pays out.</li>
 * </ul>
 * Usually one engine delta makes one leaf; engine accounts that share a chain address (the operator and the fee
 * account, say) are summed into one leaf per token, listed in {@link #sources()}. Immutable.
 */
public final class SettlementLeaf
{
    private final byte[] account;
    private final byte[] token;
    private final BigInteger delta;
    private final byte[] hash;
    private final int treeIndex;
    private final List<byte[]> proof;
    private final List<AccountDelta> sources;

    SettlementLeaf(
        final byte[] account,
        final byte[] token,
        final BigInteger delta,
        final int treeIndex,
        final List<byte[]> proof,
        final List<AccountDelta> sources)
    {
        this.account = account.clone();
        this.token = token.clone();
        this.delta = delta;
        this.hash = hash(account, token, delta);
        this.treeIndex = treeIndex;
        this.proof = proof;
        this.sources = List.copyOf(sources);
    }

    /**
     * The standard leaf hash of {@code (address account, address token, int256 delta)}.
     *
     * @param account 20 bytes.
     * @param token   20 bytes.
     * @param delta   in chain units, within int256.
     * @return {@code keccak256(keccak256(abi.encode(account, token, delta)))}.
     */
    public static byte[] hash(final byte[] account, final byte[] token, final BigInteger delta)
    {
        final byte[] encoded = new AbiEncoder().address(account).address(token).int256(delta).toByteArray();
        return Keccak256.hash(Keccak256.hash(encoded));
    }

    /** The account's chain address (a copy). */
    public byte[] account()
    {
        return account.clone();
    }

    /** The token's chain address (a copy). */
    public byte[] token()
    {
        return token.clone();
    }

    /**
     * In the token's chain units, never zero: the net trading change in the deltas tree; minus the amount withdrawn
     * in the withdrawals tree.
     */
    public BigInteger delta()
    {
        return delta;
    }

    /** The standard leaf hash (a copy). */
    public byte[] hash()
    {
        return hash.clone();
    }

    /** Position in the tree's array, as OpenZeppelin's dump gives it. */
    public int treeIndex()
    {
        return treeIndex;
    }

    /** Sibling hashes from the leaf up, for {@code MerkleProof.verify(proof, root, leaf)}; do not modify. */
    public List<byte[]> proof()
    {
        return proof;
    }

    /** The engine deltas summed into this leaf, in (account, asset) order; for a withdrawal, those that withdrew. */
    public List<AccountDelta> sources()
    {
        return sources;
    }
}
