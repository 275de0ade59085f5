package io.poolbook.replay.script;

import org.agrona.MutableDirectBuffer;
import uk.co.real_logic.sbe.PrimitiveType;
import uk.co.real_logic.sbe.PrimitiveValue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes one message from {@code path=value} assignments, by the schema's layout: the scenario language's
 * back end. A path names a field, a composite member ({@code field.member}), a repeating-group entry's field
 * ({@code group[0].field}) or var data; a value is read according to the field's type. Fields not assigned get
 * 0, the enum's first value, the optional null value, or zero bytes. Every problem is reported, none thrown.
 * Public for the node's WebSocket gateway, which turns JSON objects into the same assignments.
 */
public final class MessageEncoder
{
    private static final String NULL_KEYWORD = "null";
    private static final String HEX_PREFIX = "0x";

    private final ProtocolSchema schema;

    /**
     * @param schema whose messages this encodes.
     */
    public MessageEncoder(final ProtocolSchema schema)
    {
        this.schema = schema;
    }

    /** One {@code path=value} from a scenario line. */
    public record Assignment(String path, String value)
    {
    }

    /**
     * Encodes a message named as in the schema, header included.
     *
     * @param messageName to encode, e.g. {@code NewOrder}.
     * @param assignments values for some of its fields.
     * @param buffer      to encode into; grows if it can (an {@code ExpandableArrayBuffer}).
     * @param offset      of the message header.
     * @param errors      receives one line per problem; an unknown name is one.
     * @return length of the encoded message, meaningful only when no error was added.
     */
    public int encode(
        final String messageName,
        final List<Assignment> assignments,
        final MutableDirectBuffer buffer,
        final int offset,
        final List<String> errors)
    {
        final MessageModel message = schema.message(messageName);
        if (null == message)
        {
            errors.add("no message type '" + messageName + "' in the schema");
            return 0;
        }
        return encode(message, assignments, buffer, offset, errors);
    }

    /**
     * Encodes a message, header included.
     *
     * @param message     to encode.
     * @param assignments values for some of its fields.
     * @param buffer      to encode into; grows if it can (an {@code ExpandableArrayBuffer}).
     * @param offset      of the message header.
     * @param errors      receives one line per problem, naming the field; nothing is added when all is well.
     * @return length of the encoded message, meaningful only when no error was added.
     */
    int encode(
        final MessageModel message,
        final List<Assignment> assignments,
        final MutableDirectBuffer buffer,
        final int offset,
        final List<String> errors)
    {
        final EntryValues values = new EntryValues();
        for (final Assignment assignment : assignments)
        {
            assign(message.name, message.body, values, assignment.path(), assignment.path(), assignment.value(), errors);
        }

        final int headerLength = schema.headerLength();
        buffer.checkLimit(offset + headerLength);
        schema.writeHeader(buffer, offset, message);
        final int limit = encodeBlock(message.name, message.body, values, buffer, offset + headerLength, errors);
        return limit - offset;
    }

    /** The values given for one block: a message body or one group entry. */
    private static final class EntryValues
    {
        final Map<FieldModel, String> fields = new IdentityHashMap<>();
        final Map<GroupModel, TreeMap<Integer, EntryValues>> groups = new IdentityHashMap<>();
        final Map<VarDataModel, String> varData = new IdentityHashMap<>();
    }

    private static void assign(
        final String where,
        final BlockModel block,
        final EntryValues values,
        final String fullPath,
        final String path,
        final String value,
        final List<String> errors)
    {
        final int dot = path.indexOf('.');
        final int bracket = path.indexOf('[');
        final boolean indexed = bracket >= 0 && (dot < 0 || bracket < dot);
        final String name = path.substring(0, indexed ? bracket : (dot < 0 ? path.length() : dot));

        if (indexed)
        {
            final int close = path.indexOf(']', bracket);
            final GroupModel group = block.group(name);
            if (null == group)
            {
                errors.add(null != block.field(name) || null != block.varData(name) ?
                    where + "." + name + " is not a repeating group: no [index] after it" : unknownName(where, name, block));
                return;
            }
            final String groupWhere = where + "." + group.name;
            if (close < 0 || close + 1 >= path.length() || path.charAt(close + 1) != '.')
            {
                errors.add(groupWhere + ": write an entry's field as " + group.name + "[index].field=value");
                return;
            }
            final String indexText = path.substring(bracket + 1, close);
            final int index;
            try
            {
                index = Integer.parseInt(indexText);
            }
            catch (final NumberFormatException ex)
            {
                errors.add(groupWhere + ": entry index '" + indexText + "' is not a number");
                return;
            }
            if (index < 0 || index >= group.maxEntries())
            {
                errors.add(groupWhere + ": entry index " + index + " is out of range 0.." + (group.maxEntries() - 1));
                return;
            }
            final EntryValues entry = values.groups.computeIfAbsent(group, (g) -> new TreeMap<>())
                .computeIfAbsent(index, (i) -> new EntryValues());
            assign(groupWhere + "[" + index + "]", group.entry, entry, fullPath, path.substring(close + 2), value, errors);
            return;
        }

        final FieldModel field = block.field(name);
        if (null != field)
        {
            assignField(where + "." + field.name, field, values, dot < 0 ? null : path.substring(dot + 1), value, errors);
            return;
        }

        final VarDataModel data = block.varData(name);
        if (null != data && dot < 0)
        {
            if (null != values.varData.put(data, value))
            {
                errors.add(where + "." + data.name + " is given twice");
            }
            return;
        }

        final GroupModel group = block.group(name);
        if (null != group)
        {
            errors.add(where + "." + group.name + " is a repeating group: write " + group.name + "[0].field=value");
            return;
        }
        errors.add(unknownName(where, name, block));
    }

    private static void assignField(
        final String where,
        final FieldModel field,
        final EntryValues values,
        final String memberPath,
        final String value,
        final List<String> errors)
    {
        if (field.kind == FieldModel.Kind.COMPOSITE)
        {
            if (null == memberPath)
            {
                errors.add(where + " is a composite: set its members as " + field.name + ".member=value (" +
                    memberNames(field) + ")");
                return;
            }
            final int dot = memberPath.indexOf('.');
            final String memberName = dot < 0 ? memberPath : memberPath.substring(0, dot);
            final FieldModel member = field.member(memberName);
            if (null == member)
            {
                errors.add(where + " has no member '" + memberName + "'; its members: " + memberNames(field));
                return;
            }
            assignField(where + "." + member.name, member, values, dot < 0 ? null : memberPath.substring(dot + 1),
                value, errors);
            return;
        }
        if (null != memberPath)
        {
            errors.add(where + " is not a composite and has no member '" + memberPath + "'");
            return;
        }
        if (field.kind == FieldModel.Kind.CONSTANT)
        {
            errors.add(where + " is a constant (" + field.constantText + ") and cannot be set");
            return;
        }
        if (null != values.fields.put(field, value))
        {
            errors.add(where + " is given twice");
        }
    }

    private static String memberNames(final FieldModel composite)
    {
        final List<String> names = new ArrayList<>();
        composite.members.forEach((member) -> names.add(member.name));
        return String.join(", ", names);
    }

    private static String unknownName(final String where, final String name, final BlockModel block)
    {
        final List<String> names = block.names();
        final List<String> nearest = Names.nearest(name, names);
        return where + " has no field '" + name + "'" +
            (nearest.isEmpty() ? "" : "; did you mean " + String.join(" or ", nearest) + "?") +
            (names.isEmpty() ? "; it has no fields" : "; its fields: " + String.join(", ", names));
    }

    private int encodeBlock(
        final String where,
        final BlockModel block,
        final EntryValues values,
        final MutableDirectBuffer buffer,
        final int blockOffset,
        final List<String> errors)
    {
        buffer.checkLimit(blockOffset + block.blockLength);
        buffer.setMemory(blockOffset, block.blockLength, (byte)0);
        for (final FieldModel field : block.fields)
        {
            encodeField(where + "." + field.name, field, values, buffer, blockOffset, errors);
        }

        int limit = blockOffset + block.blockLength;
        for (final GroupModel group : block.groups)
        {
            final TreeMap<Integer, EntryValues> entries = values.groups.get(group);
            final int count = null == entries ? 0 : entries.lastKey() + 1;
            final String groupWhere = where + "." + group.name;
            if (null != entries && entries.size() != count)
            {
                errors.add(groupWhere + ": entries must be numbered from 0 without gaps; given " + entries.keySet());
            }
            buffer.checkLimit(limit + group.headerLength);
            buffer.setMemory(limit, group.headerLength, (byte)0);
            putLong(buffer, limit, group.blockLengthField, group.entry.blockLength);
            putLong(buffer, limit, group.numInGroupField, count);
            limit += group.headerLength;
            for (int index = 0; index < count; index++)
            {
                final EntryValues entry = null == entries ? null : entries.get(index);
                limit = encodeBlock(groupWhere + "[" + index + "]", group.entry,
                    null == entry ? new EntryValues() : entry, buffer, limit, errors);
            }
        }

        for (final VarDataModel data : block.varData)
        {
            final String text = values.varData.get(data);
            byte[] bytes = new byte[0];
            if (null != text)
            {
                final String dataWhere = where + "." + data.name;
                final byte[] parsed = null != data.charset ?
                    encodeText(dataWhere, text, data.charset, errors) : parseHex(dataWhere, text, errors);
                if (null != parsed)
                {
                    if (parsed.length > data.maxLength())
                    {
                        errors.add(dataWhere + ": " + parsed.length + " bytes is longer than the most, " +
                            data.maxLength());
                    }
                    else
                    {
                        bytes = parsed;
                    }
                }
            }
            buffer.checkLimit(limit + data.headerLength + bytes.length);
            buffer.setMemory(limit, data.headerLength, (byte)0);
            putLong(buffer, limit, data.lengthField, bytes.length);
            buffer.putBytes(limit + data.headerLength, bytes);
            limit += data.headerLength + bytes.length;
        }
        return limit;
    }

    private static void encodeField(
        final String where,
        final FieldModel field,
        final EntryValues values,
        final MutableDirectBuffer buffer,
        final int blockOffset,
        final List<String> errors)
    {
        if (field.kind == FieldModel.Kind.COMPOSITE)
        {
            for (final FieldModel member : field.members)
            {
                encodeField(where + "." + member.name, member, values, buffer, blockOffset, errors);
            }
            return;
        }
        final String text = values.fields.get(field);
        if (null == text)
        {
            encodeDefault(field, buffer, blockOffset);
        }
        else
        {
            encodeValue(where, field, text, buffer, blockOffset, errors);
        }
    }

    private static void encodeDefault(final FieldModel field, final MutableDirectBuffer buffer, final int blockOffset)
    {
        switch (field.kind)
        {
            case NUMBER:
                if (field.optional)
                {
                    putNull(buffer, blockOffset, field);
                }
                break;
            case ENUM:
                if (field.optional)
                {
                    putNull(buffer, blockOffset, field);
                }
                else if (field.valueCodes.length > 0)
                {
                    putLong(buffer, blockOffset, field, field.valueCodes[0]);
                }
                break;
            default:
                break; // zero bytes, as the block was cleared
        }
    }

    private static void encodeValue(
        final String where,
        final FieldModel field,
        final String text,
        final MutableDirectBuffer buffer,
        final int blockOffset,
        final List<String> errors)
    {
        switch (field.kind)
        {
            case NUMBER:
                if (field.optional && NULL_KEYWORD.equals(text))
                {
                    putNull(buffer, blockOffset, field);
                }
                else if (Primitives.isFloatingPoint(field.primitiveType))
                {
                    final Double value = parseDouble(where, text, errors);
                    if (null != value)
                    {
                        Primitives.putDouble(buffer, blockOffset + field.offset, field.primitiveType, field.byteOrder, value);
                    }
                }
                else
                {
                    final Long value = parseInteger(where, text, field, errors);
                    if (null != value)
                    {
                        putLong(buffer, blockOffset, field, value);
                    }
                }
                break;

            case ENUM:
            {
                if (field.optional && NULL_KEYWORD.equals(text))
                {
                    putNull(buffer, blockOffset, field);
                    break;
                }
                final int valueIndex = valueIndex(field, text);
                if (valueIndex < 0)
                {
                    errors.add(badName(where, text, field, "is not a " + field.typeName));
                }
                else
                {
                    putLong(buffer, blockOffset, field, field.valueCodes[valueIndex]);
                }
                break;
            }

            case SET:
            {
                long bits = 0;
                boolean ok = true;
                for (final String choice : text.split("\\|", -1))
                {
                    if (choice.isEmpty() && text.isEmpty())
                    {
                        break;
                    }
                    final int choiceIndex = valueIndex(field, choice);
                    if (choiceIndex < 0)
                    {
                        errors.add(badName(where, choice, field, "is not a choice of " + field.typeName));
                        ok = false;
                    }
                    else
                    {
                        bits |= 1L << field.valueCodes[choiceIndex];
                    }
                }
                if (ok)
                {
                    putLong(buffer, blockOffset, field, bits);
                }
                break;
            }

            case CHARS:
            {
                final byte[] bytes = encodeText(where, text, field.charset, errors);
                if (null != bytes)
                {
                    putFixedBytes(where, field, bytes, buffer, blockOffset, errors);
                }
                break;
            }

            case BYTES:
            {
                final byte[] bytes = parseHex(where, text, errors);
                if (null != bytes)
                {
                    putFixedBytes(where, field, bytes, buffer, blockOffset, errors);
                }
                break;
            }

            case NUMBER_ARRAY:
            {
                final String[] elements = text.split(",", -1);
                if (elements.length > field.arrayLength)
                {
                    errors.add(where + ": " + elements.length + " values, but it holds " + field.arrayLength);
                    break;
                }
                final int size = field.primitiveType.size();
                for (int i = 0; i < elements.length; i++)
                {
                    final int index = blockOffset + field.offset + i * size;
                    if (Primitives.isFloatingPoint(field.primitiveType))
                    {
                        final Double value = parseDouble(where, elements[i], errors);
                        if (null != value)
                        {
                            Primitives.putDouble(buffer, index, field.primitiveType, field.byteOrder, value);
                        }
                    }
                    else
                    {
                        final Long value = parseInteger(where, elements[i], field, errors);
                        if (null != value)
                        {
                            Primitives.putLong(buffer, index, field.primitiveType, field.byteOrder, value);
                        }
                    }
                }
                break;
            }

            default:
                throw new IllegalStateException(where + ": cannot encode " + field.kind);
        }
    }

    private static int valueIndex(final FieldModel field, final String name)
    {
        for (int i = 0; i < field.valueNames.length; i++)
        {
            if (field.valueNames[i].equals(name))
            {
                return i;
            }
        }
        final String normalised = Names.normalise(name);
        for (int i = 0; i < field.valueNames.length; i++)
        {
            if (Names.normalise(field.valueNames[i]).equals(normalised))
            {
                return i;
            }
        }
        return -1;
    }

    private static String badName(final String where, final String text, final FieldModel field, final String what)
    {
        final List<String> nearest = Names.nearest(text, List.of(field.valueNames));
        return where + ": '" + text + "' " + what +
            (nearest.isEmpty() ? "" : "; did you mean " + String.join(" or ", nearest) + "?") +
            "; one of " + String.join(", ", field.valueNames);
    }

    /**
     * An integer in decimal with optional sign and {@code _} between digits, checked against the field's range.
     */
    private static Long parseInteger(final String where, final String text, final FieldModel field, final List<String> errors)
    {
        if (NULL_KEYWORD.equals(text))
        {
            errors.add(where + ": is not optional; null is only for optional fields");
            return null;
        }
        if (!isDecimalInteger(text))
        {
            errors.add(where + ": '" + text + "' is not an integer" + (field.optional ? " or null" : ""));
            return null;
        }
        final BigInteger value = new BigInteger(text.replace("_", ""));
        final boolean unsigned = PrimitiveType.isUnsigned(field.primitiveType);
        final BigInteger min = toBigInteger(field.minValue, unsigned);
        final BigInteger max = toBigInteger(field.maxValue, unsigned);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0)
        {
            errors.add(where + ": " + text + " is out of range for " + field.primitiveType.primitiveName() +
                " (" + min + ".." + max + (field.optional ? ", or null" : "") + ")");
            return null;
        }
        return value.longValue();
    }

    private static boolean isDecimalInteger(final String text)
    {
        int index = 0;
        if (index < text.length() && (text.charAt(index) == '-' || text.charAt(index) == '+'))
        {
            index++;
        }
        if (index >= text.length() || !isDigit(text.charAt(index)) || !isDigit(text.charAt(text.length() - 1)))
        {
            return false;
        }
        for (; index < text.length(); index++)
        {
            final char c = text.charAt(index);
            if (!isDigit(c) && c != '_')
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(final char c)
    {
        return c >= '0' && c <= '9';
    }

    private static BigInteger toBigInteger(final PrimitiveValue value, final boolean unsigned)
    {
        return unsigned ? new BigInteger(Long.toUnsignedString(value.longValue())) : BigInteger.valueOf(value.longValue());
    }

    private static Double parseDouble(final String where, final String text, final List<String> errors)
    {
        try
        {
            final double value = Double.parseDouble(text.replace("_", ""));
            if (Double.isFinite(value))
            {
                return value;
            }
        }
        catch (final NumberFormatException ignore)
        {
            // reported below
        }
        errors.add(where + ": '" + text + "' is not a finite number");
        return null;
    }

    private static byte[] encodeText(final String where, final String text, final Charset charset, final List<String> errors)
    {
        try
        {
            final ByteBuffer encoded = charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(text));
            final byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            return bytes;
        }
        catch (final CharacterCodingException ex)
        {
            errors.add(where + ": '" + text + "' is not " + charset.name() + " text");
            return null;
        }
    }

    /** Bytes written {@code 0x} then two hex digits a byte, with {@code _} allowed between digits. */
    private static byte[] parseHex(final String where, final String text, final List<String> errors)
    {
        if (!text.toLowerCase(Locale.ROOT).startsWith(HEX_PREFIX))
        {
            errors.add(where + ": '" + text + "' is not 0x-hex bytes");
            return null;
        }
        final String digits = text.substring(HEX_PREFIX.length()).replace("_", "");
        if (digits.length() % 2 != 0)
        {
            errors.add(where + ": '" + text + "' has an odd number of hex digits");
            return null;
        }
        final byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            final int high = Character.digit(digits.charAt(2 * i), 16);
            final int low = Character.digit(digits.charAt(2 * i + 1), 16);
            if (high < 0 || low < 0)
            {
                errors.add(where + ": '" + text + "' is not 0x-hex bytes");
                return null;
            }
            bytes[i] = (byte)((high << 4) | low);
        }
        return bytes;
    }

    private static void putFixedBytes(
        final String where,
        final FieldModel field,
        final byte[] bytes,
        final MutableDirectBuffer buffer,
        final int blockOffset,
        final List<String> errors)
    {
        if (bytes.length > field.arrayLength)
        {
            errors.add(where + ": " + bytes.length + " bytes, but it holds " + field.arrayLength);
            return;
        }
        buffer.putBytes(blockOffset + field.offset, bytes);
    }

    private static void putNull(final MutableDirectBuffer buffer, final int blockOffset, final FieldModel field)
    {
        if (Primitives.isFloatingPoint(field.primitiveType))
        {
            Primitives.putDouble(buffer, blockOffset + field.offset, field.primitiveType, field.byteOrder,
                field.nullValue.doubleValue());
        }
        else
        {
            putLong(buffer, blockOffset, field, field.nullValue.longValue());
        }
    }

    private static void putLong(
        final MutableDirectBuffer buffer, final int blockOffset, final FieldModel field, final long value)
    {
        Primitives.putLong(buffer, blockOffset + field.offset, field.primitiveType, field.byteOrder, value);
    }
}
