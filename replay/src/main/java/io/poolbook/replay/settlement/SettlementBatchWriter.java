package io.poolbook.replay.settlement;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.poolbook.replay.AtomicFiles;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes each batch into a settlement folder as two files: {@code batch-NNNNNNNNNN.json} for people and tools
 * (every field, the deltas and withdrawals trees with each leaf's proof, and the calldata) and
 * {@code batch-NNNNNNNNNN.calldata} (the {@link SettleCall} calldata as one line of {@code 0x} hex) for the
 * transaction that settles it. The index is zero-padded to ten digits so that file names sort in batch order.
 * <p>
 * JSON conventions (see {@code docs/SETTLEMENT.md}): hashes, addresses and bytes as {@code 0x} lower-case hex;
 * amounts as decimal strings, {@code delta} and {@code withdrawn} in the token's chain units, {@code engineDelta}
 * and {@code engineWithdrawn} in engine units;
 * indexes, sequences and counts as numbers. Each file is written to a temporary name and renamed into place, so a
 * reader never sees half a batch. Not thread-safe.
 */
public final class SettlementBatchWriter implements Consumer<SettlementBatch>
{
    /** The JSON's {@code format} field. */
    public static final String FORMAT = "poolbook-settlement-batch-v2";
    /** Leaf types, as OpenZeppelin's {@code leafEncoding}. */
    public static final List<String> LEAF_ENCODING = List.of("address", "address", "int256");

    private static final JsonFactory JSON_FACTORY = new JsonFactoryBuilder()
        .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        .build();

    private final Path folder;

    /**
     * @param folder to write into; created when missing.
     * @throws IOException when the folder cannot be created.
     */
    public SettlementBatchWriter(final Path folder) throws IOException
    {
        this.folder = Files.createDirectories(folder);
    }

    /**
     * @param index of a batch.
     * @return its file name without extension: {@code batch-} and the index in ten or more digits.
     */
    public static String fileStem(final long index)
    {
        return String.format("batch-%010d", index);
    }

    /** Where the batch with this index's JSON goes. */
    public Path jsonPath(final long index)
    {
        return folder.resolve(fileStem(index) + ".json");
    }

    /** Where the batch with this index's calldata goes. */
    public Path calldataPath(final long index)
    {
        return folder.resolve(fileStem(index) + ".calldata");
    }

    /**
     * Writes the batch's JSON and calldata files, replacing any from an earlier run.
     *
     * @param batch to write.
     * @throws IOException when a file cannot be written.
     */
    public void write(final SettlementBatch batch) throws IOException
    {
        final Path jsonTemp = Files.createTempFile(folder, fileStem(batch.index()), ".json.tmp");
        try
        {
            try (OutputStream out = Files.newOutputStream(jsonTemp))
            {
                writeJson(batch, out);
            }
            AtomicFiles.moveIntoPlace(jsonTemp, jsonPath(batch.index()));
        }
        catch (final IOException ex)
        {
            AtomicFiles.discard(jsonTemp, ex);
            throw ex;
        }

        final Path calldataTemp = Files.createTempFile(folder, fileStem(batch.index()), ".calldata.tmp");
        try
        {
            Files.writeString(calldataTemp, Hex.toHex(batch.calldata()) + "\n", StandardCharsets.US_ASCII);
            AtomicFiles.moveIntoPlace(calldataTemp, calldataPath(batch.index()));
        }
        catch (final IOException ex)
        {
            AtomicFiles.discard(calldataTemp, ex);
            throw ex;
        }
    }

    /** {@link #write(SettlementBatch)} for use as a sink; an I/O failure is rethrown unchecked. */
    public void accept(final SettlementBatch batch)
    {
        try
        {
            write(batch);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("settlement batch " + batch.index(), ex);
        }
    }

    /**
     * Writes a batch as one pretty-printed JSON object in UTF-8.
     *
     * @param batch to write.
     * @param out   receives the JSON; flushed, not closed.
     * @throws IOException when writing fails.
     */
    public static void writeJson(final SettlementBatch batch, final OutputStream out) throws IOException
    {
        try (JsonGenerator json = JSON_FACTORY.createGenerator(out, JsonEncoding.UTF8))
        {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("format", FORMAT);
            json.writeNumberField("index", batch.index());
            json.writeNumberField("fromSequence", batch.fromSequence());
            json.writeNumberField("toSequence", batch.toSequence());
            json.writeNumberField("tradeCount", batch.tradeCount());
            json.writeStringField("engineStateHash", String.format("0x%016x", batch.engineStateHash()));
            json.writeNumberField("feeAccountId", batch.feeAccountId());
            json.writeStringField("journalHash", Hex.toHex(batch.journalHash()));
            json.writeStringField("prevBatchHash", Hex.toHex(batch.prevBatchHash()));
            json.writeStringField("contentHash", Hex.toHex(batch.contentHash()));
            json.writeStringField("batchHash", Hex.toHex(batch.batchHash()));
            json.writeStringField("deltasRoot", Hex.toHex(batch.deltasRoot()));
            json.writeNumberField("leafCount", batch.leafCount());
            json.writeStringField("withdrawalsRoot", Hex.toHex(batch.withdrawalsRoot()));
            json.writeNumberField("withdrawalCount", batch.withdrawalCount());
            writeStrings(json, "leafEncoding", LEAF_ENCODING);

            json.writeArrayFieldStart("leaves");
            for (final SettlementLeaf leaf : batch.leaves())
            {
                writeLeaf(json, leaf);
            }
            json.writeEndArray();

            json.writeArrayFieldStart("withdrawals");
            for (final SettlementLeaf leaf : batch.withdrawals())
            {
                writeLeaf(json, leaf);
            }
            json.writeEndArray();

            json.writeArrayFieldStart("deltas");
            for (final AccountDelta delta : batch.deltas())
            {
                writeDelta(json, delta);
            }
            json.writeEndArray();

            json.writeArrayFieldStart("feeTotals");
            for (final AccountDelta delta : batch.feeTotals())
            {
                writeDelta(json, delta);
            }
            json.writeEndArray();

            json.writeArrayFieldStart("poolDeltas");
            for (final PoolDelta pool : batch.poolDeltas())
            {
                writePool(json, pool);
            }
            json.writeEndArray();

            writeStandardTreeDump(json, "standardMerkleTree", batch.tree(), batch.leaves());
            writeStandardTreeDump(json, "withdrawalsStandardMerkleTree", batch.withdrawalsTree(),
                batch.withdrawals());
            json.writeStringField("settleSignature", SettleCall.SIGNATURE);
            json.writeStringField("calldata", Hex.toHex(batch.calldata()));
            json.writeEndObject();
            json.writeRaw('\n');
        }
        out.flush();
    }

    private static void writeLeaf(final JsonGenerator json, final SettlementLeaf leaf) throws IOException
    {
        json.writeStartObject();
        json.writeStringField("account", Hex.toHex(leaf.account()));
        json.writeStringField("token", Hex.toHex(leaf.token()));
        json.writeStringField("delta", leaf.delta().toString());
        json.writeStringField("hash", Hex.toHex(leaf.hash()));
        json.writeNumberField("treeIndex", leaf.treeIndex());
        json.writeArrayFieldStart("proof");
        for (final byte[] node : leaf.proof())
        {
            json.writeString(Hex.toHex(node));
        }
        json.writeEndArray();
        json.writeArrayFieldStart("sources");
        for (final AccountDelta source : leaf.sources())
        {
            json.writeStartObject();
            json.writeNumberField("accountId", source.accountId());
            json.writeNumberField("assetId", source.assetId());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeDelta(final JsonGenerator json, final AccountDelta delta) throws IOException
    {
        json.writeStartObject();
        json.writeNumberField("accountId", delta.accountId());
        json.writeNumberField("assetId", delta.assetId());
        json.writeStringField("account", Hex.toHex(delta.accountAddress()));
        json.writeBooleanField("poolShare", delta.isPoolShare());
        if (delta.isPoolShare())
        {
            json.writeNullField("token");
            json.writeNullField("delta");
            json.writeNullField("withdrawn");
        }
        else
        {
            json.writeStringField("token", Hex.toHex(delta.tokenAddress()));
            json.writeStringField("delta", delta.chainDelta().toString());
            json.writeStringField("withdrawn", delta.chainWithdrawn().toString());
        }
        json.writeStringField("engineDelta", Long.toString(delta.delta()));
        json.writeStringField("engineWithdrawn", Long.toString(delta.withdrawn()));
        json.writeEndObject();
    }

    private static void writePool(final JsonGenerator json, final PoolDelta pool) throws IOException
    {
        json.writeStartObject();
        json.writeNumberField("marketId", pool.marketId());
        json.writeNumberField("baseAssetId", pool.baseAssetId());
        json.writeNumberField("quoteAssetId", pool.quoteAssetId());
        json.writeStringField("baseReserveDelta", pool.baseReserveChainDelta().toString());
        json.writeStringField("quoteReserveDelta", pool.quoteReserveChainDelta().toString());
        json.writeStringField("engineBaseReserveDelta", Long.toString(pool.baseReserveDelta()));
        json.writeStringField("engineQuoteReserveDelta", Long.toString(pool.quoteReserveDelta()));
        json.writeStringField("sharesDelta", Long.toString(pool.sharesDelta()));
        json.writeEndObject();
    }

    /** A tree as OpenZeppelin's {@code StandardMerkleTree.dump()} gives it, loadable by its {@code load}. */
    private static void writeStandardTreeDump(
        final JsonGenerator json, final String name, final StandardMerkleTree tree, final List<SettlementLeaf> leaves)
        throws IOException
    {
        json.writeObjectFieldStart(name);
        json.writeStringField("format", "standard-v1");
        writeStrings(json, "leafEncoding", LEAF_ENCODING);
        json.writeArrayFieldStart("tree");
        for (int i = 0; i < tree.nodeCount(); i++)
        {
            json.writeString(Hex.toHex(tree.node(i)));
        }
        json.writeEndArray();
        json.writeArrayFieldStart("values");
        for (final SettlementLeaf leaf : leaves)
        {
            json.writeStartObject();
            json.writeArrayFieldStart("value");
            json.writeString(Hex.toHex(leaf.account()));
            json.writeString(Hex.toHex(leaf.token()));
            json.writeString(leaf.delta().toString());
            json.writeEndArray();
            json.writeNumberField("treeIndex", leaf.treeIndex());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeStrings(final JsonGenerator json, final String name, final List<String> values)
        throws IOException
    {
        json.writeArrayFieldStart(name);
        for (final String value : values)
        {
            json.writeString(value);
        }
        json.writeEndArray();
    }
}
