package io.poolbook.replay.settlement;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.poolbook.replay.settlement.Reference.hex;
import static io.poolbook.replay.settlement.SettlementFixture.*;
import static org.junit.jupiter.api.Assertions.*;

class SettlementBatchWriterTest
{
    @TempDir
    Path folder;

    @Test
    void writesJsonAndCalldataThatReadBack() throws IOException
    {
        final SettlementBatch batch = draft().build(directory());
        final SettlementBatchWriter writer = new SettlementBatchWriter(folder.resolve("settlement"));
        writer.write(batch);

        final Path jsonPath = folder.resolve("settlement/batch-0000000003.json");
        final Path calldataPath = folder.resolve("settlement/batch-0000000003.calldata");
        assertEquals(jsonPath, writer.jsonPath(3));
        assertEquals(calldataPath, writer.calldataPath(3));
        try (var files = Files.list(folder.resolve("settlement")))
        {
            assertEquals(2, files.count(), "no temporary files left");
        }

        final String calldataText = Files.readString(calldataPath, StandardCharsets.US_ASCII);
        assertTrue(calldataText.endsWith("\n"));
        final byte[] calldata = hex(calldataText.trim());
        assertArrayEquals(batch.calldata(), calldata);
        final SettleCall.Arguments arguments = SettleCall.decode(calldata);
        assertEquals(batch.index(), arguments.index());
        assertArrayEquals(batch.deltasRoot(), arguments.deltasRoot());

        final Map<String, Object> json = object(parse(jsonPath));
        assertEquals(SettlementBatchWriter.FORMAT, json.get("format"));
        assertEquals(3L, number(json.get("index")));
        assertEquals(101L, number(json.get("fromSequence")));
        assertEquals(200L, number(json.get("toSequence")));
        assertEquals(2L, number(json.get("tradeCount")));
        assertEquals("0x123456789abcdef0", json.get("engineStateHash"));
        assertEquals(0L, number(json.get("feeAccountId")));
        assertEquals(Hex.toHex(Reference.hash(42)), json.get("journalHash"));
        assertEquals(Hex.toHex(Reference.hash(41)), json.get("prevBatchHash"));
        assertEquals(Hex.toHex(batch.contentHash()), json.get("contentHash"));
        assertEquals(Hex.toHex(batch.batchHash()), json.get("batchHash"));
        assertEquals(Hex.toHex(batch.deltasRoot()), json.get("deltasRoot"));
        assertEquals(5L, number(json.get("leafCount")));
        assertEquals(Hex.toHex(batch.withdrawalsRoot()), json.get("withdrawalsRoot"));
        assertEquals(2L, number(json.get("withdrawalCount")));
        assertEquals(List.of("address", "address", "int256"), json.get("leafEncoding"));
        assertEquals(SettleCall.SIGNATURE, json.get("settleSignature"));
        assertEquals(calldataText.trim(), json.get("calldata"));

        // every leaf's proof, read back from the JSON, verifies against the root read back from the JSON
        final byte[] root = hex((String)json.get("deltasRoot"));
        final List<Object> leaves = list(json.get("leaves"));
        assertEquals(5, leaves.size());
        for (final Object item : leaves)
        {
            final Map<String, Object> leaf = object(item);
            final byte[] leafHash = Reference.standardLeaf(hex((String)leaf.get("account")),
                hex((String)leaf.get("token")), new BigInteger((String)leaf.get("delta")));
            assertEquals(Hex.toHex(leafHash), leaf.get("hash"));
            final List<byte[]> proof = new ArrayList<>();
            for (final Object node : list(leaf.get("proof")))
            {
                proof.add(hex((String)node));
            }
            assertTrue(Reference.verify(proof, root, leafHash));
        }
        final Map<String, Object> aliceUsdc = object(leaves.get(4));
        assertEquals("600000025000000000000", aliceUsdc.get("delta"));
        assertEquals(2, list(aliceUsdc.get("sources")).size());

        // the same for the withdrawals, against the withdrawals root; each delta is minus the amount withdrawn
        final byte[] withdrawalsRoot = hex((String)json.get("withdrawalsRoot"));
        final List<Object> withdrawals = list(json.get("withdrawals"));
        assertEquals(2, withdrawals.size());
        for (final Object item : withdrawals)
        {
            final Map<String, Object> leaf = object(item);
            final BigInteger delta = new BigInteger((String)leaf.get("delta"));
            assertTrue(delta.signum() < 0);
            final byte[] leafHash = Reference.standardLeaf(hex((String)leaf.get("account")),
                hex((String)leaf.get("token")), delta);
            assertEquals(Hex.toHex(leafHash), leaf.get("hash"));
            final List<byte[]> proof = new ArrayList<>();
            for (final Object node : list(leaf.get("proof")))
            {
                proof.add(hex((String)node));
            }
            assertTrue(Reference.verify(proof, withdrawalsRoot, leafHash));
            assertFalse(Reference.verify(proof, root, leafHash));
        }
        final Map<String, Object> aliceWithdrawal = object(withdrawals.get(1));
        assertEquals(Hex.toHex(ALICE_ADDRESS), aliceWithdrawal.get("account"));
        assertEquals("-100000050000000000000", aliceWithdrawal.get("delta"));
        assertEquals(2, list(aliceWithdrawal.get("sources")).size());

        final List<Object> deltas = list(json.get("deltas"));
        assertEquals(7, deltas.size());
        final Map<String, Object> bobUsdc = object(deltas.get(4));
        assertEquals(2L, number(bobUsdc.get("accountId")));
        assertEquals(2L, number(bobUsdc.get("assetId")));
        assertEquals("-1600300000000000000000", bobUsdc.get("delta"));
        assertEquals("-1600300000", bobUsdc.get("engineDelta"));
        assertEquals("0", bobUsdc.get("withdrawn"));
        assertEquals("0", bobUsdc.get("engineWithdrawn"));
        final Map<String, Object> aliceUsdcDelta = object(deltas.get(2));
        assertEquals("600000000000000000000", aliceUsdcDelta.get("delta"));
        assertEquals("100000000000000000000", aliceUsdcDelta.get("withdrawn"));
        assertEquals("100000000", aliceUsdcDelta.get("engineWithdrawn"));
        assertEquals(Hex.toHex(USDC_TOKEN), bobUsdc.get("token"));
        assertEquals(Boolean.FALSE, bobUsdc.get("poolShare"));
        final Map<String, Object> share = object(deltas.get(5));
        assertEquals(Boolean.TRUE, share.get("poolShare"));
        assertNull(share.get("delta"));
        assertNull(share.get("token"));
        assertNull(share.get("withdrawn"));
        assertEquals("5000", share.get("engineDelta"));
        assertEquals("7", share.get("engineWithdrawn"));

        final List<Object> fees = list(json.get("feeTotals"));
        assertEquals(1, fees.size());
        assertEquals("300000000000000000", object(fees.get(0)).get("delta"));

        final Map<String, Object> pool = object(list(json.get("poolDeltas")).get(0));
        assertEquals(1L, number(pool.get("marketId")));
        assertEquals("1000000000000000000000", pool.get("quoteReserveDelta"));
        assertEquals("1000000000", pool.get("engineQuoteReserveDelta"));
        assertEquals("0", pool.get("baseReserveDelta"));
        assertEquals("5000", pool.get("sharesDelta"));

        // OpenZeppelin's dump: the node array's first entry is the root; each value sits at its tree index
        final Map<String, Object> dump = object(json.get("standardMerkleTree"));
        assertEquals("standard-v1", dump.get("format"));
        final List<Object> tree = list(dump.get("tree"));
        assertEquals(9, tree.size());
        assertEquals(json.get("deltasRoot"), tree.get(0));
        for (final Object item : list(dump.get("values")))
        {
            final Map<String, Object> value = object(item);
            final List<Object> fields = list(value.get("value"));
            final byte[] leafHash = Reference.standardLeaf(hex((String)fields.get(0)), hex((String)fields.get(1)),
                new BigInteger((String)fields.get(2)));
            assertEquals(Hex.toHex(leafHash), tree.get((int)number(value.get("treeIndex"))));
        }
        final Map<String, Object> withdrawalsDump = object(json.get("withdrawalsStandardMerkleTree"));
        assertEquals("standard-v1", withdrawalsDump.get("format"));
        assertEquals(List.of("address", "address", "int256"), withdrawalsDump.get("leafEncoding"));
        final List<Object> withdrawalsTree = list(withdrawalsDump.get("tree"));
        assertEquals(3, withdrawalsTree.size());
        assertEquals(json.get("withdrawalsRoot"), withdrawalsTree.get(0));
        for (final Object item : list(withdrawalsDump.get("values")))
        {
            final Map<String, Object> value = object(item);
            final List<Object> fields = list(value.get("value"));
            final byte[] leafHash = Reference.standardLeaf(hex((String)fields.get(0)), hex((String)fields.get(1)),
                new BigInteger((String)fields.get(2)));
            assertEquals(Hex.toHex(leafHash), withdrawalsTree.get((int)number(value.get("treeIndex"))));
        }
    }

    @Test
    void emptyBatchAndRewriteReplacesFiles() throws IOException
    {
        final SettlementBatchWriter writer = new SettlementBatchWriter(folder);
        final SettlementBatch empty = new SettlementBatch.Draft().index(12).fromSequence(5).toSequence(5)
            .journalHash(Reference.hash(5)).build(directory());
        writer.accept(empty);
        writer.accept(empty);
        final Map<String, Object> json = object(parse(writer.jsonPath(12)));
        assertEquals(0L, number(json.get("leafCount")));
        assertEquals("0x" + "00".repeat(32), json.get("deltasRoot"));
        assertEquals(List.of(), json.get("leaves"));
        assertEquals(List.of(), list(object(json.get("standardMerkleTree")).get("tree")));
        assertEquals(0L, number(json.get("withdrawalCount")));
        assertEquals("0x" + "00".repeat(32), json.get("withdrawalsRoot"));
        assertEquals(List.of(), json.get("withdrawals"));
        assertEquals(List.of(), list(object(json.get("withdrawalsStandardMerkleTree")).get("tree")));
        assertEquals("batch-0000000012", SettlementBatchWriter.fileStem(12));
        try (var files = Files.list(folder))
        {
            assertEquals(2, files.count());
        }
    }

    @Test
    void writerAsSinkOfTheBuilderWritesEachBatch() throws IOException
    {
        final SettlementBatchWriter writer = new SettlementBatchWriter(folder);
        final SettlementBatch first = draft().index(0).fromSequence(1).toSequence(100).build(directory());
        final SettlementBatch second = draft().index(1).fromSequence(101).toSequence(200)
            .prevBatchHash(first.batchHash()).build(directory());
        writer.accept(first);
        writer.accept(second);
        final Map<String, Object> secondJson = object(parse(writer.jsonPath(1)));
        final Map<String, Object> firstJson = object(parse(writer.jsonPath(0)));
        assertEquals(firstJson.get("batchHash"), secondJson.get("prevBatchHash"));
    }

    private static Object parse(final Path path) throws IOException
    {
        try (JsonParser parser = new JsonFactory().createParser(path.toFile()))
        {
            parser.nextToken();
            final Object value = read(parser);
            assertNull(parser.nextToken(), "one object per file");
            return value;
        }
    }

    private static Object read(final JsonParser parser) throws IOException
    {
        final JsonToken token = parser.currentToken();
        switch (token)
        {
            case START_OBJECT:
            {
                final Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() != JsonToken.END_OBJECT)
                {
                    final String name = parser.currentName();
                    parser.nextToken();
                    assertNull(object.put(name, read(parser)), "duplicate field " + name);
                }
                return object;
            }
            case START_ARRAY:
            {
                final List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY)
                {
                    array.add(read(parser));
                }
                return array;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                return parser.getLongValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new AssertionError("unexpected " + token);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(final Object value)
    {
        return (Map<String, Object>)value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(final Object value)
    {
        return (List<Object>)value;
    }

    private static long number(final Object value)
    {
        return (Long)value;
    }
}
