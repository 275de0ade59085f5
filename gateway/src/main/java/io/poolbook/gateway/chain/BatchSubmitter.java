package io.poolbook.gateway.chain;

import io.poolbook.replay.settlement.AbiEncoder;
import io.poolbook.replay.settlement.Hex;
import io.poolbook.replay.settlement.SettleCall;
import io.poolbook.replay.settlement.SettlementBatchWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Posts the node's settlement batches to the contract in order. The chain is the cursor: each poll asks the
 * contract for {@code nextIndex}, and posts {@code batch-<nextIndex>.calldata} (the call the node wrote once the batch
 * was durable) if it exists. A batch is therefore never posted after the chain has it, and a restart resumes at
 * the first one the chain lacks. While a transaction of the operator is still pending (one sent just before a
 * kill), it waits for it rather than sending a second one. A batch that does not chain onto the contract's last
 * batch hash is reported and stops the submitter: the data folder is not the one the contract settles.
 */
final class BatchSubmitter
{
    private final BridgeConfig config;
    private final EthRpc rpc;
    private final SettlementContract contract;
    private TransactionSender sender;
    private final Path settlement;
    private final CursorFile cursor;
    private final Consumer<String> log;
    private volatile String mismatch;
    private volatile long posted;
    private volatile long chainNextIndex = -1;
    private long waitingFor = -1;

    BatchSubmitter(final BridgeConfig config, final EthRpc rpc, final Consumer<String> log)
    {
        this.config = config;
        this.rpc = rpc;
        this.log = log;
        this.contract = new SettlementContract(rpc, config.contract());
        this.settlement = config.dataDir().resolve("settlement");
        this.cursor = new CursorFile(config.dataDir().resolve("chain").resolve("batches.cursor"));
    }

    String mismatch()
    {
        return mismatch;
    }

    long posted()
    {
        return posted;
    }

    long chainNextIndex()
    {
        return chainNextIndex;
    }

    /** @return true if it posted a batch. */
    boolean poll()
    {
        if (null != mismatch)
        {
            return false;
        }
        final long index = contract.nextIndex();
        chainNextIndex = index;
        if (null == sender)
        {
            sender = new TransactionSender(rpc, config.operatorEthKey(), config.gas()); // asks the chain id
        }
        final Path file = settlement.resolve(SettlementBatchWriter.fileStem(index) + ".calldata");
        if (!Files.exists(file))
        {
            return false;
        }
        if (rpc.nonce(sender.address(), "pending") > rpc.nonce(sender.address(), "latest"))
        {
            if (waitingFor != index)
            {
                waitingFor = index;
                log.accept("bridge: a transaction of the operator is still pending; waiting for it before batch " +
                    index);
            }
            return false;
        }
        final byte[] calldata = read(file);
        final byte[] expectedPrev = contract.lastBatchHash();
        final byte[] prev = Arrays.copyOfRange(calldata, AbiEncoder.SELECTOR_LENGTH + AbiEncoder.WORD,
            AbiEncoder.SELECTOR_LENGTH + 2 * AbiEncoder.WORD);
        if (calldata.length != SettleCall.LENGTH ||
            !Arrays.equals(Arrays.copyOf(calldata, AbiEncoder.SELECTOR_LENGTH), SettleCall.selector()) ||
            !Arrays.equals(prev, expectedPrev))
        {
            mismatch = file + " does not continue the contract's chain of batches (contract last batch hash " +
                Hex.toHex(expectedPrev) + ", the file's prevBatchHash " + Hex.toHex(prev) + ", " + calldata.length +
                " bytes): is this the data folder the contract settles? Posting stops";
            log.accept("bridge: BATCH MISMATCH " + mismatch);
            return false;
        }
        final byte[] hash = sender.send(config.contract(), calldata);
        log.accept("bridge: posted batch " + index + " in transaction " + Hex.toHex(hash));
        config.faults().afterBatchSent(index);
        final TransactionSender.Receipt receipt = sender.awaitReceipt(hash);
        if (!receipt.success())
        {
            throw new ChainRpcException("settleBatch " + index + " reverted in transaction " + Hex.toHex(hash) +
                " (gas used " + receipt.gasUsed() + ")", false, null);
        }
        posted++;
        final Properties done = new Properties();
        done.setProperty("lastPostedIndex", Long.toString(index));
        done.setProperty("transaction", Hex.toHex(hash));
        done.setProperty("block", Long.toString(receipt.blockNumber()));
        done.setProperty("gasUsed", Long.toString(receipt.gasUsed()));
        cursor.write(done, "batch submitter: informational; the contract's nextIndex is the real cursor");
        log.accept("bridge: batch " + index + " accepted on chain in block " + receipt.blockNumber() + ", gas " +
            receipt.gasUsed());
        return true;
    }

    private static byte[] read(final Path file)
    {
        try
        {
            return Hex.fromHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
    }
}
