package io.poolbook.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.poolbook.codecs.*;
import io.poolbook.engine.Engine;
import io.poolbook.engine.EngineConfig;
import io.poolbook.engine.EventListener;
import io.poolbook.engine.account.Account;
import io.poolbook.engine.account.Asset;
import io.poolbook.engine.market.Market;
import io.poolbook.replay.journal.JournalReader;
import io.poolbook.replay.settlement.ChainAsset;
import io.poolbook.replay.settlement.ChainMarket;
import io.poolbook.replay.settlement.MapChainDirectory;
import io.poolbook.replay.settlement.SettlementBatch;
import io.poolbook.replay.settlement.SettlementBatchBuilder;
import io.poolbook.replay.settlement.SettlementBatchWriter;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Writes a node's settlement batches as it runs: an {@link EventListener} for the node's output stage, after the
 * durability gate, so a batch is written only once the journal holding its commands is durable. It keeps its own
 * copy of the reference data a batch needs (chain addresses, tokens, decimals, markets), seeded from the engine at
 * start-up and kept current from the engine's {@code AccountRegistered}, {@code AssetAdded}, {@code MarketAdded}
 * and {@code PoolCreated} events, so it never reads engine state from another thread. The journal hash at each
 * batch's end is read back from the journal files.
 * <p>
 * At start-up it continues the batch chain from the last batch on disk; if batches the journal produced are
 * missing (a crash between the cut and the write, or a write that failed on a full disk) it replays the journal to
 * write them first. A batch file that cannot be written while running is reported and skipped, never retried on the
 * output thread: the batch chain in memory goes on, and the next start writes what is missing.
 */
public final class SettlementRecorder implements EventListener
{
    private final MapChainDirectory directory = new MapChainDirectory();
    private final SettlementBatchBuilder builder;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final AccountRegisteredDecoder accountRegistered = new AccountRegisteredDecoder();
    private final AssetAddedDecoder assetAdded = new AssetAddedDecoder();
    private final MarketAddedDecoder marketAdded = new MarketAddedDecoder();
    private final PoolCreatedDecoder poolCreated = new PoolCreatedDecoder();
    private final byte[] address = new byte[20];

    /**
     * @param folder the node's data folder.
     * @param engine the engine after start-up recovery, before it takes new input (read here, on this thread).
     * @param log            told what happens.
     * @param onWriteFailure told of each batch whose files could not be written while running.
     * @throws IOException if batch files cannot be read or written at start-up.
     */
    public SettlementRecorder(
        final DataFolder folder,
        final Engine engine,
        final Consumer<String> log,
        final Consumer<UncheckedIOException> onWriteFailure)
        throws IOException
    {
        seed(engine);
        final SettlementBatchWriter writer = new SettlementBatchWriter(folder.settlement());
        final long nextIndex = engine.batches().batchIndex();
        final long missing = firstMissing(writer, nextIndex);
        if (missing < nextIndex)
        {
            log.accept("settlement batch " + missing + " (of 0.." + (nextIndex - 1) + ") is missing; rewriting the " +
                "batches from the journal");
            rewriteFromJournal(folder, engine.config(), writer);
        }
        final byte[] previous = nextIndex == 0 ? SettlementBatch.genesisHash() : batchHash(writer.jsonPath(nextIndex - 1));
        final JournalReader hashes = new JournalReader(folder.journal(), false);
        builder = new SettlementBatchBuilder(directory, engine.config().feeAccountId(), hashes::hashAt, previous,
            (batch) ->
            {
                try
                {
                    writer.write(batch);
                }
                catch (final IOException ex)
                {
                    onWriteFailure.accept(new UncheckedIOException("settlement batch " + batch.index() +
                        " not written (the next start writes it from the journal)", ex));
                }
            });
    }

    private static long firstMissing(final SettlementBatchWriter writer, final long nextIndex)
    {
        for (long index = 0; index < nextIndex; index++)
        {
            if (!Files.exists(writer.jsonPath(index)) || !Files.exists(writer.calldataPath(index)))
            {
                return index;
            }
        }
        return nextIndex;
    }

    public void onEvent(final DirectBuffer buffer, final int offset, final int length)
    {
        header.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (header.templateId())
        {
            case AccountRegisteredDecoder.TEMPLATE_ID:
                accountRegistered.wrap(buffer, body, header.blockLength(), header.version());
                final byte[] chainAddress = new byte[20];
                accountRegistered.getChainAddress(chainAddress, 0, chainAddress.length);
                directory.account(accountRegistered.accountId(), chainAddress);
                break;

            case AssetAddedDecoder.TEMPLATE_ID:
                assetAdded.wrap(buffer, body, header.blockLength(), header.version());
                assetAdded.getTokenAddress(address, 0, address.length);
                directory.asset(ChainAsset.token(assetAdded.assetId(), address, assetAdded.engineScale(),
                    assetAdded.chainDecimals()));
                break;

            case MarketAddedDecoder.TEMPLATE_ID:
                marketAdded.wrap(buffer, body, header.blockLength(), header.version());
                directory.market(new ChainMarket(marketAdded.marketId(), marketAdded.baseAssetId(),
                    marketAdded.quoteAssetId()));
                break;

            case PoolCreatedDecoder.TEMPLATE_ID:
                poolCreated.wrap(buffer, body, header.blockLength(), header.version());
                directory.asset(ChainAsset.poolShare(poolCreated.shareAssetId()));
                break;

            default:
                builder.onEvent(buffer, offset, length);
                break;
        }
    }

    private void seed(final Engine engine)
    {
        for (int i = 0; i < engine.accounts().size(); i++)
        {
            final Account account = engine.accounts().atIndex(i);
            directory.account(account.id(), account.chainAddress());
        }
        for (int i = 0; i < engine.assets().size(); i++)
        {
            final Asset asset = engine.assets().atIndex(i);
            directory.asset(asset.isPoolShare() ? ChainAsset.poolShare(asset.id()) :
                ChainAsset.token(asset.id(), asset.tokenAddress(), asset.engineScale(), asset.chainDecimals()));
        }
        for (int i = 0; i < engine.markets().size(); i++)
        {
            final Market market = engine.markets().atIndex(i);
            directory.market(new ChainMarket(market.id(), market.base().id(), market.quote().id()));
        }
    }

    private static void rewriteFromJournal(
        final DataFolder folder, final EngineConfig config, final SettlementBatchWriter writer)
    {
        final SettlementBatchBuilder[] rebuild = new SettlementBatchBuilder[1];
        final Engine replay = new Engine(config, (b, o, l) -> rebuild[0].onEvent(b, o, l));
        final JournalReader hashes = new JournalReader(folder.journal(), false);
        rebuild[0] = new SettlementBatchBuilder(new io.poolbook.replay.settlement.EngineChainDirectory(replay),
            config.feeAccountId(), hashes::hashAt, SettlementBatch.genesisHash(), writer::accept);
        new JournalReader(folder.journal()).read(replay);
    }

    /** The {@code batchHash} a batch's JSON file records. */
    static byte[] batchHash(final Path json) throws IOException
    {
        try (InputStream in = Files.newInputStream(json); JsonParser parser = new JsonFactory().createParser(in))
        {
            int depth = 0;
            for (JsonToken token = parser.nextToken(); null != token; token = parser.nextToken())
            {
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)
                {
                    depth++;
                }
                else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY)
                {
                    depth--;
                }
                else if (depth == 1 && token == JsonToken.FIELD_NAME && "batchHash".equals(parser.currentName()))
                {
                    parser.nextToken();
                    return fromHex(parser.getText());
                }
            }
        }
        throw new IOException("no batchHash in " + json);
    }

    private static byte[] fromHex(final String hex)
    {
        final String digits = hex.startsWith("0x") ? hex.substring(2) : hex;
        final byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
