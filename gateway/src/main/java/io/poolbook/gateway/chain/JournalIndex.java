package io.poolbook.gateway.chain;

import io.poolbook.codecs.AddAssetDecoder;
import io.poolbook.codecs.DepositDecoder;
import io.poolbook.codecs.MessageHeaderDecoder;
import io.poolbook.codecs.RegisterAccountDecoder;
import io.poolbook.codecs.frame.FrameValidator;
import io.poolbook.codecs.frame.FrameVerdict;
import io.poolbook.replay.journal.JournalReader;
import io.poolbook.replay.settlement.Hex;
import org.agrona.DirectBuffer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the bridge learns from the node's journal, read incrementally and read-only: the chain address of each
 * registered account, each asset's token address and units, and the chain reference of every Deposit command ever
 * journaled. The last is what makes crediting exactly-once across restarts: a deposit whose reference is in the
 * journal was already handed to the engine (accepted or rejected) and is never sent again.
 */
final class JournalIndex
{
    /** An asset's token and units. */
    record Asset(int assetId, int engineScale, int chainDecimals)
    {
    }

    private final Path journal;
    private final Map<String, Integer> accounts = new HashMap<>();
    private final Map<String, Asset> assets = new HashMap<>();
    private final Set<String> references = new HashSet<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final RegisterAccountDecoder register = new RegisterAccountDecoder();
    private final AddAssetDecoder addAsset = new AddAssetDecoder();
    private final DepositDecoder deposit = new DepositDecoder();
    private final byte[] address = new byte[20];
    private final byte[] reference = new byte[32];
    private long lastSequence;

    JournalIndex(final Path journal)
    {
        this.journal = journal;
    }

    /** Reads the commands journaled since the last call. */
    void refresh()
    {
        if (!Files.isDirectory(journal))
        {
            return;
        }
        new JournalReader(journal, false).read(lastSequence + 1, this::onCommand);
    }

    Integer accountId(final byte[] chainAddress)
    {
        return accounts.get(Hex.toHex(chainAddress));
    }

    Asset asset(final byte[] tokenAddress)
    {
        return assets.get(Hex.toHex(tokenAddress));
    }

    boolean isCredited(final byte[] chainReference)
    {
        return references.contains(Hex.toHex(chainReference));
    }

    void markCredited(final byte[] chainReference)
    {
        references.add(Hex.toHex(chainReference));
    }

    /** @return Deposit commands seen so far (distinct references). */
    int creditedCount()
    {
        return references.size();
    }

    long lastSequence()
    {
        return lastSequence;
    }

    private void onCommand(final long sequence, final long timestamp, final long sessionId, final DirectBuffer buffer,
        final int offset, final int length)
    {
        lastSequence = sequence;
        if (FrameVerdict.VALID != FrameValidator.validate(buffer, offset, length))
        {
            return;
        }
        header.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (header.templateId())
        {
            case RegisterAccountDecoder.TEMPLATE_ID:
                register.wrap(buffer, body, header.blockLength(), header.version());
                register.getChainAddress(address, 0, address.length);
                accounts.putIfAbsent(Hex.toHex(address), register.newAccountId());
                break;
            case AddAssetDecoder.TEMPLATE_ID:
                addAsset.wrap(buffer, body, header.blockLength(), header.version());
                addAsset.getTokenAddress(address, 0, address.length);
                assets.putIfAbsent(Hex.toHex(address),
                    new Asset(addAsset.assetId(), addAsset.engineScale(), addAsset.chainDecimals()));
                break;
            case DepositDecoder.TEMPLATE_ID:
                deposit.wrap(buffer, body, header.blockLength(), header.version());
                deposit.getChainReference(reference, 0, reference.length);
                references.add(Hex.toHex(reference));
                break;
            default:
                break;
        }
    }
}
