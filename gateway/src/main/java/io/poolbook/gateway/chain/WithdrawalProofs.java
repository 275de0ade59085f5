package io.poolbook.gateway.chain;

import io.poolbook.replay.settlement.Hex;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a user needs to take its tokens out: from the node's settlement batch files, every {@code applyDelta} and
 * {@code applyWithdrawal} call for an account, with its leaf, its proof and the ready calldata, in the order that
 * works (per batch, trading deltas first so the settled balance covers the withdrawals). Anyone may send them;
 * tokens only ever go to the leaf's account.
 */
public final class WithdrawalProofs
{
    /**
     * One call for the contract.
     *
     * @param batchIndex batch the leaf is in.
     * @param withdrawal true for {@code applyWithdrawal}, false for {@code applyDelta}.
     * @param account    leaf account.
     * @param token      leaf token.
     * @param delta      leaf delta (chain units; minus the amount for a withdrawal).
     * @param proof      sibling hashes.
     * @param calldata   the call, ready to send to the contract.
     */
    public record LeafCall(long batchIndex, boolean withdrawal, byte[] account, byte[] token, BigInteger delta,
        List<byte[]> proof, byte[] calldata)
    {
        /** @return e.g. {@code applyWithdrawal(3, 0xabc.., 0xdef.., -1000, [2 nodes])}. */
        public String describe()
        {
            return (withdrawal ? "applyWithdrawal" : "applyDelta") + "(" + batchIndex + ", " + Hex.toHex(account) +
                ", " + Hex.toHex(token) + ", " + delta + ", [" + proof.size() + " proof nodes])";
        }
    }

    private WithdrawalProofs()
    {
    }

    /**
     * @param settlementDir the node's settlement folder ({@code DATA_DIR/settlement}).
     * @param account       chain address; null for every account.
     * @param fromBatch     first batch index to include.
     * @return the calls, batch by batch, deltas before withdrawals.
     * @throws IOException if a batch file cannot be read.
     * @throws IllegalArgumentException if a batch file is not a settlement batch.
     */
    public static List<LeafCall> calls(final Path settlementDir, final byte[] account, final long fromBatch)
        throws IOException
    {
        final List<Path> files;
        try (Stream<Path> list = Files.list(settlementDir))
        {
            files = list.filter((p) -> p.getFileName().toString().matches("batch-\\d+\\.json")).sorted().toList();
        }
        final List<LeafCall> calls = new ArrayList<>();
        for (final Path file : files)
        {
            final Map<String, Object> batch = Json.object(Json.parse(Files.readAllBytes(file)), file.toString());
            if (!"poolbook-settlement-batch-v2".equals(batch.get("format")))
            {
                throw new IllegalArgumentException(file + " is not a poolbook-settlement-batch-v2 file");
            }
            final long index = Long.parseLong(Json.text(batch, "index"));
            if (index < fromBatch)
            {
                continue;
            }
            add(calls, index, false, Json.array(batch.get("leaves"), "leaves"), account);
            add(calls, index, true, Json.array(batch.get("withdrawals"), "withdrawals"), account);
        }
        return calls;
    }

    private static void add(final List<LeafCall> calls, final long index, final boolean withdrawal,
        final List<Object> leaves, final byte[] account)
    {
        for (final Object entry : leaves)
        {
            final Map<String, Object> leaf = Json.object(entry, "leaf");
            final byte[] leafAccount = Hex.fromHex(Json.text(leaf, "account"));
            if (null != account && !Arrays.equals(account, leafAccount))
            {
                continue;
            }
            final byte[] token = Hex.fromHex(Json.text(leaf, "token"));
            final BigInteger delta = new BigInteger(Json.text(leaf, "delta"));
            final List<byte[]> proof = Json.array(leaf.get("proof"), "proof").stream()
                .map((node) -> Hex.fromHex(node.toString())).toList();
            calls.add(new LeafCall(index, withdrawal, leafAccount, token, delta, proof,
                SettlementContract.leafCall(withdrawal, index, leafAccount, token, delta, proof)));
        }
    }
}
