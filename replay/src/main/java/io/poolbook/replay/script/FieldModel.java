package io.poolbook.replay.script;

import uk.co.real_logic.sbe.PrimitiveType;
import uk.co.real_logic.sbe.PrimitiveValue;

import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.util.List;

/**
 * One field of a message block, or one member of a composite, flattened from the SBE IR tokens into what the
 * scenario encoder and the JSON writer need: where it sits, how it is encoded, and what values it may take.
 */
final class FieldModel
{
    /** How a field's bytes are read and written. */
    enum Kind
    {
        /** One integer or floating point value. */
        NUMBER,
        /** One code of an enum, written by name. */
        ENUM,
        /** A bit set, written as choice names. */
        SET,
        /** A fixed-length char array holding text. */
        CHARS,
        /** A fixed-length int8 or uint8 array, written as 0x-hex. */
        BYTES,
        /** A fixed-length array of any other primitive. */
        NUMBER_ARRAY,
        /** A composite of other fields. */
        COMPOSITE,
        /** A constant: in the schema, never on the wire. */
        CONSTANT
    }

    final String name;
    final Kind kind;
    /** Offset from the start of the block that holds the field. */
    final int offset;
    /** Bytes the field occupies in its block. */
    final int encodedLength;
    /** Schema version that introduced the field. */
    final int sinceVersion;
    final boolean optional;

    final PrimitiveType primitiveType;
    final ByteOrder byteOrder;
    /** Elements of an array kind, 1 otherwise. */
    final int arrayLength;
    final PrimitiveValue minValue;
    final PrimitiveValue maxValue;
    final PrimitiveValue nullValue;
    final Charset charset;

    /** The enum or set's type name, or the primitive type's name. */
    final String typeName;
    /** Enum value or set choice names, in schema order. */
    final String[] valueNames;
    /** Enum codes or set bit positions, matching {@link #valueNames}. */
    final long[] valueCodes;

    /** Members of a composite; empty for other kinds. */
    final List<FieldModel> members;
    /** Text of a constant's value. */
    final String constantText;

    private final NameIndex<FieldModel> memberIndex;

    FieldModel(
        final String name,
        final Kind kind,
        final int offset,
        final int encodedLength,
        final int sinceVersion,
        final boolean optional,
        final PrimitiveType primitiveType,
        final ByteOrder byteOrder,
        final int arrayLength,
        final PrimitiveValue minValue,
        final PrimitiveValue maxValue,
        final PrimitiveValue nullValue,
        final Charset charset,
        final String typeName,
        final String[] valueNames,
        final long[] valueCodes,
        final List<FieldModel> members,
        final String constantText)
    {
        this.name = name;
        this.kind = kind;
        this.offset = offset;
        this.encodedLength = encodedLength;
        this.sinceVersion = sinceVersion;
        this.optional = optional;
        this.primitiveType = primitiveType;
        this.byteOrder = byteOrder;
        this.arrayLength = arrayLength;
        this.minValue = minValue;
        this.maxValue = maxValue;
        this.nullValue = nullValue;
        this.charset = charset;
        this.typeName = typeName;
        this.valueNames = valueNames;
        this.valueCodes = valueCodes;
        this.members = members;
        this.constantText = constantText;
        this.memberIndex = new NameIndex<>(members, (member) -> member.name);
    }

    /**
     * The member of a composite with this name, as {@link NameIndex} matches names.
     *
     * @param memberName as written.
     * @return the member, or null.
     */
    FieldModel member(final String memberName)
    {
        return memberIndex.find(memberName);
    }

    /**
     * Short description of the values the field takes, without spaces, for help and error messages.
     *
     * @return e.g. {@code int64}, {@code int32|null}, {@code BUY|SELL}, {@code text(16)}, {@code 0x-hex(20)}.
     */
    String valueHint()
    {
        switch (kind)
        {
            case NUMBER:
                return primitiveType.primitiveName() + (optional ? "|null" : "");
            case ENUM:
                return String.join("|", valueNames) + (optional ? "|null" : "");
            case SET:
                return "set(" + String.join("|", valueNames) + ")";
            case CHARS:
                return "text(" + arrayLength + ")";
            case BYTES:
                return "0x-hex(" + arrayLength + ")";
            case NUMBER_ARRAY:
                return primitiveType.primitiveName() + ",...(" + arrayLength + ")";
            case COMPOSITE:
                return "composite";
            case CONSTANT:
                return "constant(" + constantText + ")";
            default:
                throw new IllegalStateException(kind.name());
        }
    }
}
