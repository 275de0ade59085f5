package io.poolbook.orderbook;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records every event as numbers, so that two books can be compared event by event cheaply, and renders them as
 * text for assertions and failure messages.
 */
final class EventRecorder implements OrderBookListener
{
    static final int ACCEPTED = 1;
    static final int FILL = 2;
    static final int CANCELLED = 3;
    static final int DECREMENTED = 4;
    static final int EXPIRED = 5;
    static final int RESTED = 6;
    static final int AMENDED = 7;
    static final int REJECTED = 8;
    static final int LEVEL = 9;

    private static final int[] FIELD_COUNTS = { 0, 6, 7, 6, 6, 3, 5, 5, 2, 4 };

    private long[] buffer = new long[4096];
    private int size;

    void clear()
    {
        size = 0;
    }

    int size()
    {
        return size;
    }

    long[] buffer()
    {
        return buffer;
    }

    boolean sameAs(final EventRecorder other)
    {
        return Arrays.equals(buffer, 0, size, other.buffer, 0, other.size);
    }

    List<String> events()
    {
        final List<String> events = new ArrayList<>();
        int index = 0;
        while (index < size)
        {
            final int type = (int)buffer[index];
            events.add(describe(index));
            index += 1 + FIELD_COUNTS[type];
        }

        return events;
    }

    /**
     * Walk the events with a visitor: type and the index of the first field.
     */
    void forEach(final EventConsumer consumer)
    {
        int index = 0;
        while (index < size)
        {
            final int type = (int)buffer[index];
            consumer.accept(type, buffer, index + 1);
            index += 1 + FIELD_COUNTS[type];
        }
    }

    @FunctionalInterface
    interface EventConsumer
    {
        void accept(int type, long[] buffer, int fieldIndex);
    }

    private String describe(final int index)
    {
        final long[] b = buffer;
        final int i = index + 1;
        switch ((int)b[index])
        {
            case ACCEPTED:
                return "accepted(" + b[i] + ", " + b[i + 1] + ", " + side(b[i + 2]) + ", " +
                    OrderType.values()[(int)b[i + 3]] + ", " + b[i + 4] + ", " + b[i + 5] + ")";
            case FILL:
                return "fill(" + b[i] + ", " + b[i + 1] + ", " + b[i + 2] + ", " + b[i + 3] + ", " + b[i + 4] + ", " +
                    b[i + 5] + ", " + b[i + 6] + ")";
            case CANCELLED:
                return "cancelled(" + b[i] + ", " + b[i + 1] + ", " + side(b[i + 2]) + ", " + b[i + 3] + ", " +
                    b[i + 4] + ", " + CancelReason.values()[(int)b[i + 5]] + ")";
            case DECREMENTED:
                return "decremented(" + b[i] + ", " + b[i + 1] + ", " + side(b[i + 2]) + ", " + b[i + 3] + ", " +
                    b[i + 4] + ", " + b[i + 5] + ")";
            case EXPIRED:
                return "expired(" + b[i] + ", " + b[i + 1] + ", " + b[i + 2] + ")";
            case RESTED:
                return "rested(" + b[i] + ", " + b[i + 1] + ", " + side(b[i + 2]) + ", " + b[i + 3] + ", " +
                    b[i + 4] + ")";
            case AMENDED:
                return "amended(" + b[i] + ", " + b[i + 1] + ", " + b[i + 2] + ", " + b[i + 3] + ", " +
                    (b[i + 4] != 0) + ")";
            case REJECTED:
                return "rejected(" + b[i] + ", " + OrderBookReject.values()[(int)b[i + 1]] + ")";
            case LEVEL:
                return "level(" + side(b[i]) + ", " + b[i + 1] + ", " + b[i + 2] + ", " + b[i + 3] + ")";
            default:
                return "unknown(" + b[index] + ")";
        }
    }

    private static Side side(final long ordinal)
    {
        return Side.values()[(int)ordinal];
    }

    private void put(final long value)
    {
        if (size == buffer.length)
        {
            buffer = Arrays.copyOf(buffer, size << 1);
        }
        buffer[size++] = value;
    }

    public void onAccepted(
        final long orderId,
        final int accountId,
        final Side side,
        final OrderType orderType,
        final long price,
        final long quantity)
    {
        put(ACCEPTED);
        put(orderId);
        put(accountId);
        put(side.ordinal());
        put(orderType.ordinal());
        put(price);
        put(quantity);
    }

    public void onFill(
        final long takerOrderId,
        final long makerOrderId,
        final int makerAccountId,
        final long price,
        final long quantity,
        final long takerLeavesQuantity,
        final long makerLeavesQuantity)
    {
        put(FILL);
        put(takerOrderId);
        put(makerOrderId);
        put(makerAccountId);
        put(price);
        put(quantity);
        put(takerLeavesQuantity);
        put(makerLeavesQuantity);
    }

    public void onCancelled(
        final long orderId,
        final int accountId,
        final Side side,
        final long price,
        final long cancelledQuantity,
        final CancelReason reason)
    {
        put(CANCELLED);
        put(orderId);
        put(accountId);
        put(side.ordinal());
        put(price);
        put(cancelledQuantity);
        put(reason.ordinal());
    }

    public void onSelfTradeDecremented(
        final long orderId,
        final int accountId,
        final Side side,
        final long price,
        final long decrementQuantity,
        final long leavesQuantity)
    {
        put(DECREMENTED);
        put(orderId);
        put(accountId);
        put(side.ordinal());
        put(price);
        put(decrementQuantity);
        put(leavesQuantity);
    }

    public void onExpired(final long orderId, final int accountId, final long expiredQuantity)
    {
        put(EXPIRED);
        put(orderId);
        put(accountId);
        put(expiredQuantity);
    }

    public void onRested(
        final long orderId, final int accountId, final Side side, final long price, final long leavesQuantity)
    {
        put(RESTED);
        put(orderId);
        put(accountId);
        put(side.ordinal());
        put(price);
        put(leavesQuantity);
    }

    public void onAmended(
        final long orderId, final int accountId, final long newPrice, final long newQuantity, final boolean keptPriority)
    {
        put(AMENDED);
        put(orderId);
        put(accountId);
        put(newPrice);
        put(newQuantity);
        put(keptPriority ? 1 : 0);
    }

    public void onRejected(final long orderId, final OrderBookReject reason)
    {
        put(REJECTED);
        put(orderId);
        put(reason.ordinal());
    }

    public void onLevelChanged(final Side side, final long price, final long totalQuantity, final int orderCount)
    {
        put(LEVEL);
        put(side.ordinal());
        put(price);
        put(totalQuantity);
        put(orderCount);
    }
}
