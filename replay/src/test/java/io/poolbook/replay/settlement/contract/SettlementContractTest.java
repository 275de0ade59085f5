package io.poolbook.replay.settlement.contract;

import io.poolbook.replay.settlement.SettlementBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The settlement contract (replay/src/main/solidity) against what the Java code writes: a real engine run is cut
 * into batches and written to a folder, then {@code src/test/node/settlement-contract.mjs} compiles the contract
 * with solc-js, runs it in an in-process EVM (@ethereumjs/vm) and checks that the calldata and every proof of both
 * trees are accepted once, that each withdrawal pays the right tokens to the right account out of its own settled
 * balance, and that tampered, replayed, out-of-order, unauthorised and cross-tree ones are refused with the
 * contract's named errors. It prints the gas of each transaction. Needs node and npm on the PATH.
 */
class SettlementContractTest
{
    @TempDir
    Path folder;

    @Test
    void contractAcceptsTheJavaBatchesAndProofsAndRefusesWrongOnes() throws Exception
    {
        final List<SettlementBatch> batches = ContractScenario.writeTo(folder);
        assertEquals(3, batches.size());

        final NodeScript node = new NodeScript();
        node.prepare();
        final NodeScript.Result result = node.node("settlement-contract.mjs", folder.toString());

        assertEquals(0, result.exitCode(), () -> "the contract test failed:\n" + result.output());
        final String output = result.output();
        assertTrue(output.contains("PASSED"), output);
        assertTrue(!output.contains("FAIL"), output);
        for (final SettlementBatch batch : batches)
        {
            assertTrue(output.contains("ok    batch " + batch.index() + " from the operator: accepted"), output);
            assertTrue(output.contains("gas   settleBatch " + batch.index() + ":"), output);
        }
        final long leaves = batches.stream().mapToLong(SettlementBatch::leafCount).sum();
        assertTrue(leaves > 0, "the scenario has leaves");
        assertEquals(leaves, count(output, "ok {4}batch \\d+ leaf .*: applied"), output);
        assertEquals(leaves, count(output, "ok {6}the same leaf again: DeltaAlreadyApplied"), output);
        final long withdrawals = batches.stream().mapToLong(SettlementBatch::withdrawalCount).sum();
        assertEquals(List.of(3, 2, 0), batches.stream().map(SettlementBatch::withdrawalCount).toList(),
            "withdrawal leaves per batch: bob's two BTC withdrawals are one");
        assertEquals(withdrawals, count(output, "ok {4}batch \\d+ withdrawal .*: paid"), output);
        assertEquals(withdrawals, count(output, "ok {6}the same withdrawal again: WithdrawalAlreadyApplied"), output);
        assertTrue(count(output, "ok {4}batch \\d+ withdrawal leaf .* presented as a delta: InvalidProof") > 0, output);
        assertTrue(count(output, "ok {4}batch \\d+ delta leaf .* presented as a withdrawal: InvalidProof") > 0, output);
        assertTrue(output.contains("gas   applyWithdrawal batch 0:"), output);
        for (final String refusal : List.of("NotOperator", "UnexpectedBatchIndex", "PrevBatchHashMismatch",
            "JournalRangeMismatch", "InvalidProof", "BatchNotSettled", "DeltaAlreadyApplied",
            "WithdrawalAlreadyApplied", "NotAWithdrawal", "InsufficientBalance", "WithdrawalToZeroAddress",
            "ZeroAmount"))
        {
            assertTrue(output.contains(": " + refusal), "refused with " + refusal);
        }
    }

    private static long count(final String output, final String regex)
    {
        return output.lines().filter(line -> line.matches(regex)).count();
    }
}
