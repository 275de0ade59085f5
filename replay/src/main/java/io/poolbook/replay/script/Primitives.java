package io.poolbook.replay.script;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import uk.co.real_logic.sbe.PrimitiveType;

import java.nio.ByteOrder;

/**
 * Reads and writes one SBE primitive at an index of a buffer. Integers travel as the long holding their value
 * (unsigned types zero-extended; uint64 as its two's complement bits); float and double as a double.
 */
final class Primitives
{
    private Primitives()
    {
    }

    static boolean isFloatingPoint(final PrimitiveType type)
    {
        return type == PrimitiveType.FLOAT || type == PrimitiveType.DOUBLE;
    }

    static long getLong(final DirectBuffer buffer, final int index, final PrimitiveType type, final ByteOrder order)
    {
        switch (type)
        {
            case CHAR:
            case UINT8:
                return buffer.getByte(index) & 0xFFL;
            case INT8:
                return buffer.getByte(index);
            case INT16:
                return buffer.getShort(index, order);
            case UINT16:
                return buffer.getShort(index, order) & 0xFFFFL;
            case INT32:
                return buffer.getInt(index, order);
            case UINT32:
                return buffer.getInt(index, order) & 0xFFFF_FFFFL;
            case INT64:
            case UINT64:
                return buffer.getLong(index, order);
            default:
                throw new IllegalArgumentException("not an integer type: " + type);
        }
    }

    static void putLong(
        final MutableDirectBuffer buffer, final int index, final PrimitiveType type, final ByteOrder order, final long value)
    {
        switch (type)
        {
            case CHAR:
            case UINT8:
            case INT8:
                buffer.putByte(index, (byte)value);
                break;
            case INT16:
            case UINT16:
                buffer.putShort(index, (short)value, order);
                break;
            case INT32:
            case UINT32:
                buffer.putInt(index, (int)value, order);
                break;
            case INT64:
            case UINT64:
                buffer.putLong(index, value, order);
                break;
            default:
                throw new IllegalArgumentException("not an integer type: " + type);
        }
    }

    static double getDouble(final DirectBuffer buffer, final int index, final PrimitiveType type, final ByteOrder order)
    {
        return type == PrimitiveType.FLOAT ? buffer.getFloat(index, order) : buffer.getDouble(index, order);
    }

    static void putDouble(
        final MutableDirectBuffer buffer, final int index, final PrimitiveType type, final ByteOrder order, final double value)
    {
        if (type == PrimitiveType.FLOAT)
        {
            buffer.putFloat(index, (float)value, order);
        }
        else
        {
            buffer.putDouble(index, value, order);
        }
    }
}
