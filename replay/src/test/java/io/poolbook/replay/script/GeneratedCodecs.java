package io.poolbook.replay.script;

import io.poolbook.codecs.MessageHeaderDecoder;
import io.poolbook.codecs.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import uk.co.real_logic.sbe.PrimitiveType;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Test access to the codecs generated from the schema, by reflection, so that tests check the scenario parser
 * and the JSON writer against the generated encoders and decoders rather than against their own model of the
 * layout. Values are as the JSON writer writes them: Long for integers, String for enum names, text and hex,
 * List of Map for groups.
 */
final class GeneratedCodecs
{
    private static final String PACKAGE = "io.poolbook.codecs.";

    private GeneratedCodecs()
    {
    }

    /**
     * Every field of a message as the generated decoder reads it.
     */
    static Map<String, Object> decode(final MessageModel message, final DirectBuffer buffer, final int offset)
        throws Exception
    {
        final Class<?> decoderClass = Class.forName(PACKAGE + message.name + "Decoder");
        final Object decoder = decoderClass.getConstructor().newInstance();
        decoderClass.getMethod("wrapAndApplyHeader", DirectBuffer.class, int.class, MessageHeaderDecoder.class)
            .invoke(decoder, buffer, offset, new MessageHeaderDecoder());
        return readBlock(decoder, message.body);
    }

    private static Map<String, Object> readBlock(final Object decoder, final BlockModel block) throws Exception
    {
        final Map<String, Object> values = new LinkedHashMap<>();
        final Class<?> type = decoder.getClass();
        for (final FieldModel field : block.fields)
        {
            switch (field.kind)
            {
                case NUMBER:
                    values.put(field.name, ((Number)type.getMethod(field.name).invoke(decoder)).longValue());
                    break;
                case ENUM:
                    values.put(field.name, ((Enum<?>)type.getMethod(field.name).invoke(decoder)).name());
                    break;
                case CHARS:
                    values.put(field.name, ((String)type.getMethod(field.name).invoke(decoder)).trim());
                    break;
                case BYTES:
                {
                    final StringBuilder hex = new StringBuilder("0x");
                    final Method element = type.getMethod(field.name, int.class);
                    for (int i = 0; i < field.arrayLength; i++)
                    {
                        hex.append(String.format("%02x", ((Number)element.invoke(decoder, i)).intValue() & 0xFF));
                    }
                    values.put(field.name, hex.toString());
                    break;
                }
                default:
                    fail("the Poolbook schema has no " + field.kind + " field; extend this test: " + field.name);
            }
        }
        for (final GroupModel group : block.groups)
        {
            final Object groupDecoder = type.getMethod(group.name).invoke(decoder);
            final int count = (int)groupDecoder.getClass().getMethod("count").invoke(groupDecoder);
            final List<Map<String, Object>> entries = new ArrayList<>();
            for (int i = 0; i < count; i++)
            {
                groupDecoder.getClass().getMethod("next").invoke(groupDecoder);
                entries.add(readBlock(groupDecoder, group.entry));
            }
            values.put(group.name, entries);
        }
        return values;
    }

    /**
     * Encodes a message with the generated encoder, every field set to a value derived from the seed and
     * distinct from its neighbours', and returns what each field was set to.
     *
     * @return length of the message, header included.
     */
    static int encodeSeeded(
        final MessageModel message,
        final int seed,
        final int groupEntries,
        final MutableDirectBuffer buffer,
        final int offset,
        final Map<String, Object> expected) throws Exception
    {
        final Class<?> encoderClass = Class.forName(PACKAGE + message.name + "Encoder");
        final Object encoder = encoderClass.getConstructor().newInstance();
        encoderClass.getMethod("wrapAndApplyHeader", MutableDirectBuffer.class, int.class, MessageHeaderEncoder.class)
            .invoke(encoder, buffer, offset, new MessageHeaderEncoder());
        writeBlock(encoder, message.body, seed, groupEntries, expected);
        return MessageHeaderEncoder.ENCODED_LENGTH + (int)encoderClass.getMethod("encodedLength").invoke(encoder);
    }

    private static void writeBlock(
        final Object encoder,
        final BlockModel block,
        final int seed,
        final int groupEntries,
        final Map<String, Object> expected) throws Exception
    {
        final Class<?> type = encoder.getClass();
        int index = 0;
        for (final FieldModel field : block.fields)
        {
            final int fieldSeed = seed + ++index;
            switch (field.kind)
            {
                case NUMBER:
                {
                    final long value = integerValue(field.primitiveType, fieldSeed);
                    type.getMethod(field.name, javaType(field.primitiveType))
                        .invoke(encoder, boxed(field.primitiveType, value));
                    expected.put(field.name, value);
                    break;
                }
                case ENUM:
                {
                    final String name = field.valueNames[fieldSeed % field.valueNames.length];
                    final Class<?> enumClass = Class.forName(PACKAGE + field.typeName);
                    type.getMethod(field.name, enumClass).invoke(encoder, enumConstant(enumClass, name));
                    expected.put(field.name, name);
                    break;
                }
                case CHARS:
                {
                    final String text = textValue(field.arrayLength, fieldSeed);
                    type.getMethod(field.name, String.class).invoke(encoder, text);
                    expected.put(field.name, text);
                    break;
                }
                case BYTES:
                {
                    final byte[] bytes = bytesValue(field.arrayLength, fieldSeed);
                    type.getMethod("put" + Character.toUpperCase(field.name.charAt(0)) + field.name.substring(1),
                        byte[].class, int.class, int.class).invoke(encoder, bytes, 0, bytes.length);
                    expected.put(field.name, hex(bytes));
                    break;
                }
                default:
                    fail("the Poolbook schema has no " + field.kind + " field; extend this test: " + field.name);
            }
        }
        for (final GroupModel group : block.groups)
        {
            final int groupSeed = seed + ++index;
            Object groupEncoder = type.getMethod(group.name + "Count", int.class).invoke(encoder, groupEntries);
            final List<Map<String, Object>> entries = new ArrayList<>();
            for (int entry = 0; entry < groupEntries; entry++)
            {
                groupEncoder = groupEncoder.getClass().getMethod("next").invoke(groupEncoder);
                final Map<String, Object> entryValues = new LinkedHashMap<>();
                writeBlock(groupEncoder, group.entry, groupSeed * 10 + entry * 1000, 0, entryValues);
                entries.add(entryValues);
            }
            expected.put(group.name, entries);
        }
    }

    /** A value in the range of the type, never its null value, different for neighbouring seeds. */
    static long integerValue(final PrimitiveType type, final int seed)
    {
        switch (type)
        {
            case INT8: return seed % 100 + 1;
            case UINT8: return seed % 200 + 1;
            case INT16: return -(seed % 30000 + 1);
            case UINT16: return seed % 60000 + 1;
            case INT32: return -(seed * 7919L + 1);
            case UINT32: return (seed * 104729L + 1) & 0x7FFF_FFFFL | 0x8000_0000L;
            case INT64: return 0x0102_0304_0506_0708L * seed + 1;
            case UINT64: return 0x0102_0304_0506_0708L * seed + 2;
            default: throw new AssertionError("no test value for " + type);
        }
    }

    static String textValue(final int length, final int seed)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(length, 3 + seed % (length - 2)); i++)
        {
            text.append((char)('A' + (seed + i) % 26));
        }
        return text.toString();
    }

    static byte[] bytesValue(final int length, final int seed)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(seed * 31 + i * 7 + 1);
        }
        return bytes;
    }

    static String hex(final byte[] bytes)
    {
        final StringBuilder hex = new StringBuilder("0x");
        for (final byte b : bytes)
        {
            hex.append(String.format("%02x", b & 0xFF));
        }
        return hex.toString();
    }

    private static Object enumConstant(final Class<?> enumClass, final String name)
    {
        for (final Object constant : enumClass.getEnumConstants())
        {
            if (((Enum<?>)constant).name().equals(name))
            {
                return constant;
            }
        }
        throw new AssertionError(enumClass + " has no " + name);
    }

    private static Class<?> javaType(final PrimitiveType type)
    {
        switch (type)
        {
            case INT8: return byte.class;
            case UINT8: case INT16: return short.class;
            case UINT16: case INT32: return int.class;
            case UINT32: case INT64: case UINT64: return long.class;
            default: throw new AssertionError("unmapped " + type);
        }
    }

    private static Object boxed(final PrimitiveType type, final long value)
    {
        switch (type)
        {
            case INT8: return (byte)value;
            case UINT8: case INT16: return (short)value;
            case UINT16: case INT32: return (int)value;
            default: return value;
        }
    }
}
