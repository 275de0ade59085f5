package io.poolbook.replay.settlement;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One settlement batch for the chain: the journal range it covers and the journal's chain hash at its end, the
 * previous batch's hash, every account's net trading delta and amount withdrawn per asset (sorted by account then
 * asset), the pools' reserve and share deltas, the fee account's deltas, the trade count, and what the chain is
 * given: two Merkle trees in OpenZeppelin's {@code StandardMerkleTree} format with the same leaf type
 * {@code (address account, address token, int256 delta)}, one of the trading deltas and one of the withdrawals
 * (a withdrawal is a negative delta, which the contract pays out), and the batch hash.
 * <p>
 * Hashes, all Keccak-256 (see {@code docs/SETTLEMENT.md}):
 * <ul>
 *   <li>{@link #deltasRoot()}: root of the tree of {@link #leaves()}, one per (account address, token address)
 *       with a non-zero net trading change in chain units. LP shares are not leaves.</li>
 *   <li>{@link #withdrawalsRoot()}: root of the tree of {@link #withdrawals()}, one per (account address, token
 *       address) that withdrew, with {@code delta} = minus the amount withdrawn in chain units. LP shares are never
 *       withdrawn (the engine refuses), and are ignored here if they ever are.</li>
 *   <li>{@link #contentHash()}: over ABI words of everything in engine terms: the format
 *       ({@link #CONTENT_FORMAT}), trade count, engine state hash, fee account, then each delta (account, asset,
 *       trading delta, withdrawn) and each pool delta (market, base, quote, shares), each list preceded by its
 *       length.</li>
 *   <li>{@link #batchHash()}: over {@code abi.encode(index, prevBatchHash, journalHash, fromSequence, toSequence,
 *       deltasRoot, leafCount, withdrawalsRoot, withdrawalCount, contentHash)}, the arguments of
 *       {@link SettleCall}; so every field, the previous batch's hash included, is in it, and batches form a chain
 *       a contract can check.</li>
 * </ul>
 * Immutable; made by a {@link Draft}.
 */
public final class SettlementBatch
{
    /** Version of the content hash's encoding, its first word: 2 since deltas carry their withdrawals apart. */
    public static final int CONTENT_FORMAT = 2;
    /** {@link #prevBatchHash()} of batch 0. */
    private static final byte[] GENESIS_HASH = new byte[Keccak256.LENGTH];

    private final long index;
    private final long fromSequence;
    private final long toSequence;
    private final long tradeCount;
    private final long engineStateHash;
    private final int feeAccountId;
    private final byte[] journalHash;
    private final byte[] prevBatchHash;
    private final List<AccountDelta> deltas;
    private final List<PoolDelta> poolDeltas;
    private final List<SettlementLeaf> leaves;
    private final StandardMerkleTree tree;
    private final List<SettlementLeaf> withdrawals;
    private final StandardMerkleTree withdrawalsTree;
    private final byte[] contentHash;
    private final byte[] batchHash;

    private SettlementBatch(
        final Draft draft,
        final List<AccountDelta> deltas,
        final List<PoolDelta> poolDeltas,
        final LeafTree deltasTree,
        final LeafTree withdrawalsTree)
    {
        this.index = draft.index;
        this.fromSequence = draft.fromSequence;
        this.toSequence = draft.toSequence;
        this.tradeCount = draft.tradeCount;
        this.engineStateHash = draft.engineStateHash;
        this.feeAccountId = draft.feeAccountId;
        this.journalHash = draft.journalHash.clone();
        this.prevBatchHash = draft.prevBatchHash.clone();
        this.deltas = Collections.unmodifiableList(deltas);
        this.poolDeltas = Collections.unmodifiableList(poolDeltas);
        this.leaves = Collections.unmodifiableList(deltasTree.leaves());
        this.tree = deltasTree.tree();
        this.withdrawals = Collections.unmodifiableList(withdrawalsTree.leaves());
        this.withdrawalsTree = withdrawalsTree.tree();
        this.contentHash = contentHash(this);
        this.batchHash = Keccak256.hash(SettleCall.encodeArguments(
            index, prevBatchHash, journalHash, fromSequence, toSequence, tree.root(), tree.leafCount(),
            this.withdrawalsTree.root(), this.withdrawalsTree.leafCount(), contentHash));
    }

    /** The hash batch 0 names as its previous one: 32 zero bytes. */
    public static byte[] genesisHash()
    {
        return GENESIS_HASH.clone();
    }

    /** Batches count from 0, one after another. */
    public long index()
    {
        return index;
    }

    /** First journal sequence the batch covers. */
    public long fromSequence()
    {
        return fromSequence;
    }

    /** Last journal sequence the batch covers: the command that cut it. */
    public long toSequence()
    {
        return toSequence;
    }

    /** Trades in the batch. */
    public long tradeCount()
    {
        return tradeCount;
    }

    /** The engine's 64-bit state hash when the batch was cut, for audits against a replay. */
    public long engineStateHash()
    {
        return engineStateHash;
    }

    /** The account that collects trading fees. */
    public int feeAccountId()
    {
        return feeAccountId;
    }

    /** The journal's chain hash at {@link #toSequence()} (a copy). */
    public byte[] journalHash()
    {
        return journalHash.clone();
    }

    /** The previous batch's {@link #batchHash()}, or {@link #genesisHash()} (a copy). */
    public byte[] prevBatchHash()
    {
        return prevBatchHash.clone();
    }

    /**
     * Every (account, asset) the engine reported: a non-zero net trading delta, a withdrawal or both; sorted by
     * account then asset, LP shares included.
     */
    public List<AccountDelta> deltas()
    {
        return deltas;
    }

    /**
     * The fee account's trading deltas: fees collected less rebates paid, per asset. Its withdrawals are not fees,
     * so an entry with only a withdrawal is left out.
     */
    public List<AccountDelta> feeTotals()
    {
        final List<AccountDelta> fees = new ArrayList<>();
        for (final AccountDelta delta : deltas)
        {
            if (delta.accountId() == feeAccountId && delta.delta() != 0)
            {
                fees.add(delta);
            }
        }
        return fees;
    }

    /** Pools' reserve and share deltas, sorted by market. */
    public List<PoolDelta> poolDeltas()
    {
        return poolDeltas;
    }

    /** The deltas tree's leaves (net trading changes), sorted by account address then token address. */
    public List<SettlementLeaf> leaves()
    {
        return leaves;
    }

    /** Leaves in the deltas tree. */
    public int leafCount()
    {
        return leaves.size();
    }

    /** The deltas tree, for its full node array. */
    public StandardMerkleTree tree()
    {
        return tree;
    }

    /** Root of the deltas tree; zeros when there are no leaves (a copy). */
    public byte[] deltasRoot()
    {
        return tree.root();
    }

    /**
     * The withdrawals tree's leaves, sorted by account address then token address; each {@code delta} is minus the
     * amount withdrawn, in chain units.
     */
    public List<SettlementLeaf> withdrawals()
    {
        return withdrawals;
    }

    /** Leaves in the withdrawals tree. */
    public int withdrawalCount()
    {
        return withdrawals.size();
    }

    /** The withdrawals tree, for its full node array. */
    public StandardMerkleTree withdrawalsTree()
    {
        return withdrawalsTree;
    }

    /** Root of the withdrawals tree; zeros when nothing was withdrawn (a copy). */
    public byte[] withdrawalsRoot()
    {
        return withdrawalsTree.root();
    }

    /** Hash of the batch's content in engine terms (a copy). */
    public byte[] contentHash()
    {
        return contentHash.clone();
    }

    /** This batch's hash, the next batch's {@link #prevBatchHash()} (a copy). */
    public byte[] batchHash()
    {
        return batchHash.clone();
    }

    /** The {@link SettleCall} calldata that settles this batch. */
    public byte[] calldata()
    {
        return SettleCall.encode(this);
    }

    private static byte[] contentHash(final SettlementBatch batch)
    {
        final AbiEncoder words = new AbiEncoder()
            .uint32(CONTENT_FORMAT)
            .uint64(batch.tradeCount)
            .int64(batch.engineStateHash)
            .int64(batch.feeAccountId)
            .uint32(batch.deltas.size());
        for (final AccountDelta delta : batch.deltas)
        {
            words.int64(delta.accountId()).int64(delta.assetId()).int64(delta.delta()).int64(delta.withdrawn());
        }
        words.uint32(batch.poolDeltas.size());
        for (final PoolDelta pool : batch.poolDeltas)
        {
            words.int64(pool.marketId())
                .int64(pool.baseReserveDelta())
                .int64(pool.quoteReserveDelta())
                .int64(pool.sharesDelta());
        }
        return words.keccak256();
    }

    /**
     * Collects a batch's fields and deltas, then {@linkplain #build(ChainDirectory) builds} it against the chain's
     * reference data. Reusable after {@link #reset()}; not thread-safe.
     */
    public static final class Draft
    {
        private long index;
        private long fromSequence;
        private long toSequence;
        private long tradeCount;
        private long engineStateHash;
        private int feeAccountId;
        private byte[] journalHash;
        private byte[] prevBatchHash = GENESIS_HASH;
        private final List<RawDelta> rawDeltas = new ArrayList<>();
        private final List<RawPoolDelta> rawPoolDeltas = new ArrayList<>();

        /** Clears the deltas and hashes; the previous hash goes back to genesis. */
        public Draft reset()
        {
            index = 0;
            fromSequence = 0;
            toSequence = 0;
            tradeCount = 0;
            engineStateHash = 0;
            feeAccountId = 0;
            journalHash = null;
            prevBatchHash = GENESIS_HASH;
            rawDeltas.clear();
            rawPoolDeltas.clear();
            return this;
        }

        public Draft index(final long index)
        {
            this.index = index;
            return this;
        }

        public Draft fromSequence(final long fromSequence)
        {
            this.fromSequence = fromSequence;
            return this;
        }

        public Draft toSequence(final long toSequence)
        {
            this.toSequence = toSequence;
            return this;
        }

        public Draft tradeCount(final long tradeCount)
        {
            this.tradeCount = tradeCount;
            return this;
        }

        public Draft engineStateHash(final long engineStateHash)
        {
            this.engineStateHash = engineStateHash;
            return this;
        }

        public Draft feeAccountId(final int feeAccountId)
        {
            this.feeAccountId = feeAccountId;
            return this;
        }

        /** The journal's chain hash at the batch's last sequence, 32 bytes, copied. */
        public Draft journalHash(final byte[] journalHash)
        {
            this.journalHash = checkHash(journalHash, "journal hash").clone();
            return this;
        }

        /** The previous batch's hash, 32 bytes, copied; genesis (zeros) unless set. */
        public Draft prevBatchHash(final byte[] prevBatchHash)
        {
            this.prevBatchHash = checkHash(prevBatchHash, "previous batch hash").clone();
            return this;
        }

        /** Adds one account's net trading delta in one asset, in engine units, without a withdrawal. */
        public Draft delta(final int accountId, final int assetId, final long delta)
        {
            return delta(accountId, assetId, delta, 0);
        }

        /**
         * Adds one account's changes in one asset, in engine units, as a {@code SettlementDelta} reports them.
         *
         * @param accountId engine account.
         * @param assetId   engine asset.
         * @param delta     net trading change (trades, swaps, liquidity, fees), withdrawals not included.
         * @param withdrawn amount withdrawn in the batch, zero or more.
         * @return this.
         */
        public Draft delta(final int accountId, final int assetId, final long delta, final long withdrawn)
        {
            rawDeltas.add(new RawDelta(accountId, assetId, delta, withdrawn));
            return this;
        }

        /** Adds one pool's net changes, in engine units. */
        public Draft poolDelta(
            final int marketId, final long baseReserveDelta, final long quoteReserveDelta, final long sharesDelta)
        {
            rawPoolDeltas.add(new RawPoolDelta(marketId, baseReserveDelta, quoteReserveDelta, sharesDelta));
            return this;
        }

        /** Deltas added so far. */
        public int deltaCount()
        {
            return rawDeltas.size();
        }

        /** Pool deltas added so far. */
        public int poolDeltaCount()
        {
            return rawPoolDeltas.size();
        }

        /**
         * Maps the deltas to chain addresses and units, builds the deltas and withdrawals trees and the hashes.
         *
         * @param directory the chain's names for the engine's accounts, assets and markets.
         * @return the batch.
         * @throws IllegalStateException when a field is missing or out of range, a delta is given twice, a
         *                               withdrawal is negative, or an id is unknown to the directory.
         */
        public SettlementBatch build(final ChainDirectory directory)
        {
            if (null == journalHash)
            {
                throw new IllegalStateException("batch " + index + ": no journal hash");
            }
            if (index < 0 || fromSequence < 0 || toSequence < fromSequence || tradeCount < 0)
            {
                throw new IllegalStateException("batch " + index + ": bad index, range [" + fromSequence + ", " +
                    toSequence + "] or trade count " + tradeCount);
            }

            final List<AccountDelta> deltas = accountDeltas(directory);
            final List<PoolDelta> pools = poolDeltas(directory);
            final LeafTree deltasTree = leafTree(deltas, AccountDelta::chainDelta);
            // a withdrawal is a negative delta: minus the amount withdrawn
            final LeafTree withdrawalsTree = leafTree(deltas, delta -> delta.chainWithdrawn().negate());
            return new SettlementBatch(this, deltas, pools, deltasTree, withdrawalsTree);
        }

        /**
         * One leaf per (account address, token address) whose amounts sum to non-zero, LP shares left out (they
         * have no token); the sources of a leaf are the deltas with a non-zero amount.
         */
        private static LeafTree leafTree(
            final List<AccountDelta> deltas, final Function<AccountDelta, BigInteger> chainAmount)
        {
            final Map<String, List<AccountDelta>> byChainKey = new TreeMap<>();
            for (final AccountDelta delta : deltas)
            {
                if (!delta.isPoolShare() && chainAmount.apply(delta).signum() != 0)
                {
                    final String key = Hex.toHex(delta.accountAddress()) + Hex.toHex(delta.tokenAddress());
                    byChainKey.computeIfAbsent(key, k -> new ArrayList<>()).add(delta);
                }
            }
            final List<List<AccountDelta>> groups = new ArrayList<>();
            final List<BigInteger> sums = new ArrayList<>();
            final List<byte[]> leafHashes = new ArrayList<>();
            for (final List<AccountDelta> group : byChainKey.values())
            {
                BigInteger sum = BigInteger.ZERO;
                for (final AccountDelta delta : group)
                {
                    sum = sum.add(chainAmount.apply(delta));
                }
                if (sum.signum() != 0)
                {
                    final AccountDelta first = group.get(0);
                    groups.add(group);
                    sums.add(sum);
                    leafHashes.add(SettlementLeaf.hash(first.accountAddress(), first.tokenAddress(), sum));
                }
            }

            final StandardMerkleTree tree = StandardMerkleTree.of(leafHashes);
            final List<SettlementLeaf> leaves = new ArrayList<>(groups.size());
            for (int i = 0; i < groups.size(); i++)
            {
                final AccountDelta first = groups.get(i).get(0);
                leaves.add(new SettlementLeaf(first.accountAddress(), first.tokenAddress(), sums.get(i),
                    tree.treeIndex(i), tree.proof(i), groups.get(i)));
            }
            return new LeafTree(leaves, tree);
        }

        private List<AccountDelta> accountDeltas(final ChainDirectory directory)
        {
            final List<RawDelta> sorted = new ArrayList<>(rawDeltas);
            sorted.sort(Comparator.comparingInt(RawDelta::accountId).thenComparingInt(RawDelta::assetId));
            final List<AccountDelta> deltas = new ArrayList<>(sorted.size());
            for (int i = 0; i < sorted.size(); i++)
            {
                final RawDelta raw = sorted.get(i);
                if (i > 0 && sorted.get(i - 1).accountId() == raw.accountId() &&
                    sorted.get(i - 1).assetId() == raw.assetId())
                {
                    throw new IllegalStateException("batch " + index + ": two deltas for account " +
                        raw.accountId() + " asset " + raw.assetId());
                }
                if (raw.withdrawn() < 0)
                {
                    throw new IllegalStateException("batch " + index + ": negative withdrawal " + raw.withdrawn() +
                        " for account " + raw.accountId() + " asset " + raw.assetId());
                }
                final byte[] address = directory.accountAddress(raw.accountId());
                if (null == address)
                {
                    throw new IllegalStateException("batch " + index + ": unknown account " + raw.accountId());
                }
                deltas.add(new AccountDelta(raw.accountId(), raw.delta(), raw.withdrawn(), address,
                    asset(directory, raw.assetId())));
            }
            return deltas;
        }

        private List<PoolDelta> poolDeltas(final ChainDirectory directory)
        {
            final List<RawPoolDelta> sorted = new ArrayList<>(rawPoolDeltas);
            sorted.sort(Comparator.comparingInt(RawPoolDelta::marketId));
            final List<PoolDelta> pools = new ArrayList<>(sorted.size());
            for (int i = 0; i < sorted.size(); i++)
            {
                final RawPoolDelta raw = sorted.get(i);
                if (i > 0 && sorted.get(i - 1).marketId() == raw.marketId())
                {
                    throw new IllegalStateException("batch " + index + ": two pool deltas for market " +
                        raw.marketId());
                }
                final ChainMarket market = directory.market(raw.marketId());
                if (null == market)
                {
                    throw new IllegalStateException("batch " + index + ": unknown market " + raw.marketId());
                }
                pools.add(new PoolDelta(market, asset(directory, market.baseAssetId()),
                    asset(directory, market.quoteAssetId()), raw.baseReserveDelta(), raw.quoteReserveDelta(),
                    raw.sharesDelta()));
            }
            return pools;
        }

        private ChainAsset asset(final ChainDirectory directory, final int assetId)
        {
            final ChainAsset asset = directory.asset(assetId);
            if (null == asset)
            {
                throw new IllegalStateException("batch " + index + ": unknown asset " + assetId);
            }
            return asset;
        }

        private static byte[] checkHash(final byte[] hash, final String name)
        {
            if (hash.length != Keccak256.LENGTH)
            {
                throw new IllegalArgumentException(name + " is 32 bytes, not " + hash.length);
            }
            return hash;
        }
    }

    private record RawDelta(int accountId, int assetId, long delta, long withdrawn)
    {
    }

    private record LeafTree(List<SettlementLeaf> leaves, StandardMerkleTree tree)
    {
    }

    private record RawPoolDelta(int marketId, long baseReserveDelta, long quoteReserveDelta, long sharesDelta)
    {
    }
}
