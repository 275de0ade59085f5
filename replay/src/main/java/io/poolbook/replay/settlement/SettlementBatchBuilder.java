package io.poolbook.replay.settlement;

import io.poolbook.codecs.MessageHeaderDecoder;
import io.poolbook.codecs.SettlementBatchCutDecoder;
import io.poolbook.codecs.SettlementDeltaDecoder;
import io.poolbook.codecs.SettlementPoolDeltaDecoder;
import io.poolbook.engine.EventListener;
import org.agrona.DirectBuffer;

import java.util.function.Consumer;

/**
 * Builds {@link SettlementBatch}es from the engine's event stream. A {@code SettlementBatchCut} opens a batch; the
 * {@code deltaCount} {@code SettlementDelta} and then {@code poolCount} {@code SettlementPoolDelta} events that
 * follow it fill it (each delta with its net trading change and, apart from it, the amount withdrawn, which goes
 * into the batch's withdrawals tree); when the last one arrives the batch is built, chained to the one before, and
 * handed to the sink. Every other event is ignored, so the builder can listen to the whole stream (it is an
 * {@link EventListener}, and can be given to the engine directly).
 * <p>
 * The stream must be the engine's: a delta outside an open batch, of another batch, a pool delta before the
 * account deltas are all in, a cut before the previous batch is complete, a batch that does not follow the
 * previous one (index + 1, range starting after the previous range), or a negative withdrawal is a broken stream
 * and throws {@link IllegalStateException} rather than producing a batch the chain would accept. Not thread-safe.
 */
public final class SettlementBatchBuilder implements EventListener
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final SettlementBatchCutDecoder cut = new SettlementBatchCutDecoder();
    private final SettlementDeltaDecoder delta = new SettlementDeltaDecoder();
    private final SettlementPoolDeltaDecoder poolDelta = new SettlementPoolDeltaDecoder();
    private final SettlementBatch.Draft draft = new SettlementBatch.Draft();

    private final ChainDirectory directory;
    private final int feeAccountId;
    private final JournalHashLookup journalHashes;
    private final Consumer<SettlementBatch> sink;

    private byte[] lastBatchHash;
    private long lastIndex = -1;
    private long lastToSequence = -1;
    private boolean open;
    private long openIndex;
    private long openToSequence;
    private int deltasExpected;
    private int poolDeltasExpected;
    private long batchesBuilt;

    /**
     * @param directory     the chain's names for engine accounts, assets and markets.
     * @param feeAccountId  the account that collects trading fees.
     * @param journalHashes the journal's chain hash at each batch's last sequence.
     * @param prevBatchHash hash of the batch before the first one this builder will see:
     *                      {@link SettlementBatch#genesisHash()} from the start of the journal.
     * @param sink          receives each batch when complete.
     */
    public SettlementBatchBuilder(
        final ChainDirectory directory,
        final int feeAccountId,
        final JournalHashLookup journalHashes,
        final byte[] prevBatchHash,
        final Consumer<SettlementBatch> sink)
    {
        if (prevBatchHash.length != Keccak256.LENGTH)
        {
            throw new IllegalArgumentException("previous batch hash is 32 bytes, not " + prevBatchHash.length);
        }
        this.directory = directory;
        this.feeAccountId = feeAccountId;
        this.journalHashes = journalHashes;
        this.lastBatchHash = prevBatchHash.clone();
        this.sink = sink;
    }

    /** Hash of the last batch built, or the one given at construction (a copy). */
    public byte[] lastBatchHash()
    {
        return lastBatchHash.clone();
    }

    /** Batches built so far. */
    public long batchesBuilt()
    {
        return batchesBuilt;
    }

    /** Has a batch been cut whose deltas have not all arrived? */
    public boolean isBatchOpen()
    {
        return open;
    }

    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            throw new IllegalArgumentException("event shorter than a message header: " + length);
        }
        header.wrap(buffer, offset);
        if (header.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return;
        }
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (header.templateId())
        {
            case SettlementBatchCutDecoder.TEMPLATE_ID:
                cut.wrap(buffer, body, header.blockLength(), header.version());
                onCut();
                break;

            case SettlementDeltaDecoder.TEMPLATE_ID:
                delta.wrap(buffer, body, header.blockLength(), header.version());
                onDelta();
                break;

            case SettlementPoolDeltaDecoder.TEMPLATE_ID:
                poolDelta.wrap(buffer, body, header.blockLength(), header.version());
                onPoolDelta();
                break;

            default:
                break;
        }
    }

    private void onCut()
    {
        final long index = cut.batchIndex();
        if (open)
        {
            throw new IllegalStateException("batch " + index + " cut before batch " + openIndex + " was complete");
        }
        if (lastIndex >= 0 && (index != lastIndex + 1 || cut.fromSequence() != lastToSequence + 1))
        {
            throw new IllegalStateException("batch " + index + " from sequence " + cut.fromSequence() +
                " does not follow batch " + lastIndex + " to sequence " + lastToSequence);
        }
        if (cut.deltaCount() < 0 || cut.poolCount() < 0)
        {
            throw new IllegalStateException("batch " + index + ": negative delta or pool count");
        }

        draft.reset()
            .index(index)
            .fromSequence(cut.fromSequence())
            .toSequence(cut.toSequence())
            .tradeCount(cut.tradeCount())
            .engineStateHash(cut.stateHash())
            .feeAccountId(feeAccountId);
        open = true;
        openIndex = index;
        openToSequence = cut.toSequence();
        deltasExpected = cut.deltaCount();
        poolDeltasExpected = cut.poolCount();
        completeIfFull();
    }

    private void onDelta()
    {
        checkBelongs(delta.batchIndex(), "delta");
        if (draft.deltaCount() == deltasExpected)
        {
            throw new IllegalStateException("batch " + openIndex + ": more than " + deltasExpected + " deltas");
        }
        draft.delta(delta.accountId(), delta.assetId(), delta.delta(), delta.withdrawn());
        completeIfFull();
    }

    private void onPoolDelta()
    {
        checkBelongs(poolDelta.batchIndex(), "pool delta");
        if (draft.deltaCount() != deltasExpected)
        {
            throw new IllegalStateException("batch " + openIndex + ": pool delta before the account deltas were in");
        }
        draft.poolDelta(poolDelta.marketId(), poolDelta.baseReserveDelta(), poolDelta.quoteReserveDelta(),
            poolDelta.sharesDelta());
        completeIfFull();
    }

    private void checkBelongs(final long batchIndex, final String what)
    {
        if (!open || batchIndex != openIndex)
        {
            throw new IllegalStateException(what + " of batch " + batchIndex + " outside " +
                (open ? "open batch " + openIndex : "any open batch"));
        }
    }

    private void completeIfFull()
    {
        if (draft.deltaCount() == deltasExpected && draft.poolDeltaCount() == poolDeltasExpected)
        {
            final byte[] journalHash = journalHashes.hashAt(openToSequence);
            if (null == journalHash)
            {
                throw new IllegalStateException("batch " + openIndex + ": no journal hash at " + openToSequence);
            }
            final SettlementBatch batch = draft
                .journalHash(journalHash)
                .prevBatchHash(lastBatchHash)
                .build(directory);
            open = false;
            lastIndex = batch.index();
            lastToSequence = batch.toSequence();
            lastBatchHash = batch.batchHash();
            batchesBuilt++;
            sink.accept(batch);
        }
    }
}
