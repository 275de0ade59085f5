package io.poolbook.client.marketdata;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.poolbook.codecs.BookSnapshotDecoder;
import io.poolbook.codecs.L2UpdateDecoder;
import io.poolbook.codecs.MarketStatusChangedDecoder;
import io.poolbook.codecs.MessageHeaderDecoder;
import io.poolbook.codecs.PoolStateDecoder;
import io.poolbook.codecs.PublicTradeDecoder;
import io.poolbook.codecs.frame.FrameValidator;
import io.poolbook.codecs.frame.FrameVerdict;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

/**
 * A subscriber to a node's market-data feed: polls the feed's subscription, checks each message's framing and hands
 * it, decoded in place, to a {@link MarketDataListener} such as a {@link BookBuilder}. Poll-driven and
 * allocation-free per message.
 * <p>
 * Channels: over IPC {@code aeron:ipc?tether=false} (an untethered subscriber that falls behind is skipped ahead
 * rather than holding the node's publication back; it sees a gap and recovers from the next snapshot); over UDP
 * {@code aeron:udp?endpoint=LOCAL_HOST:0|control=NODE_HOST:PORT} for the node's multi-destination feed.
 */
public final class MarketDataClient implements AutoCloseable
{
    private final Subscription subscription;
    private final MarketDataListener listener;
    private final FragmentHandler assembler = new FragmentAssembler(this::onFragment);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final L2UpdateDecoder l2Update = new L2UpdateDecoder();
    private final PublicTradeDecoder publicTrade = new PublicTradeDecoder();
    private final PoolStateDecoder poolState = new PoolStateDecoder();
    private final BookSnapshotDecoder bookSnapshot = new BookSnapshotDecoder();
    private final MarketStatusChangedDecoder marketStatus = new MarketStatusChangedDecoder();
    private long rejected;

    /**
     * @param aeron    client of a driver that reaches the node.
     * @param channel  of the feed.
     * @param streamId of the feed.
     * @param listener receives the messages during {@link #poll()}.
     */
    public MarketDataClient(final Aeron aeron, final String channel, final int streamId, final MarketDataListener listener)
    {
        this.subscription = aeron.addSubscription(channel, streamId);
        this.listener = listener;
    }

    /** An untethered IPC subscriber of the feed on the given stream. */
    public static MarketDataClient ipc(final Aeron aeron, final int streamId, final MarketDataListener listener)
    {
        return new MarketDataClient(aeron, "aeron:ipc?tether=false", streamId, listener);
    }

    /**
     * Delivers what arrived.
     *
     * @return fragments read.
     */
    public int poll()
    {
        return subscription.poll(assembler, 64);
    }

    /** True once the node's feed publication is connected to this subscriber. */
    public boolean isConnected()
    {
        return subscription.isConnected();
    }

    /** Messages that failed framing checks. */
    public long rejected()
    {
        return rejected;
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header fragmentHeader)
    {
        if (FrameVerdict.VALID != FrameValidator.validate(buffer, offset, length))
        {
            rejected++;
            return;
        }
        listener.onFrame(buffer, offset, length);
        header.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (header.templateId())
        {
            case L2UpdateDecoder.TEMPLATE_ID:
                listener.onL2Update(l2Update.wrap(buffer, body, blockLength, version));
                break;
            case PublicTradeDecoder.TEMPLATE_ID:
                listener.onPublicTrade(publicTrade.wrap(buffer, body, blockLength, version));
                break;
            case PoolStateDecoder.TEMPLATE_ID:
                listener.onPoolState(poolState.wrap(buffer, body, blockLength, version));
                break;
            case BookSnapshotDecoder.TEMPLATE_ID:
                listener.onBookSnapshot(bookSnapshot.wrap(buffer, body, blockLength, version));
                break;
            case MarketStatusChangedDecoder.TEMPLATE_ID:
                listener.onMarketStatusChanged(marketStatus.wrap(buffer, body, blockLength, version));
                break;
            default:
                break;
        }
    }

    public void close()
    {
        CloseHelper.quietClose(subscription);
    }
}
