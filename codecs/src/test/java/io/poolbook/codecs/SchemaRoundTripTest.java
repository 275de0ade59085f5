package io.poolbook.codecs;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import uk.co.real_logic.sbe.PrimitiveType;
import uk.co.real_logic.sbe.xml.EncodedDataType;
import uk.co.real_logic.sbe.xml.EnumType;
import uk.co.real_logic.sbe.xml.Field;
import uk.co.real_logic.sbe.xml.Message;
import uk.co.real_logic.sbe.xml.MessageSchema;
import uk.co.real_logic.sbe.xml.ParserOptions;
import uk.co.real_logic.sbe.xml.XmlSchemaParser;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Round-trips every message of the schema through the generated encoder and decoder and checks every field,
 * repeating groups included. The messages and their fields come from parsing the schema itself, so a message
 * added to the schema is covered without touching this test. Each field gets a value distinct from its
 * neighbours', so two fields swapped or overlapping in the layout would fail.
 */
final class SchemaRoundTripTest
{
    private static final String PACKAGE = "io.poolbook.codecs.";
    private static final int GROUP_ENTRIES = 3;

    static MessageSchema parseSchema() throws Exception
    {
        try (InputStream in = SchemaRoundTripTest.class.getResourceAsStream("/poolbook-schema.xml"))
        {
            assertNotNull(in, "schema on the classpath");
            return XmlSchemaParser.parse(in, ParserOptions.builder().stopOnError(true).build());
        }
    }

    @TestFactory
    List<DynamicTest> everyMessageRoundTrips() throws Exception
    {
        final MessageSchema schema = parseSchema();
        assertEquals(MessageHeaderEncoder.SCHEMA_ID, schema.id());
        assertEquals(MessageHeaderEncoder.SCHEMA_VERSION, schema.version());
        assertEquals(java.nio.ByteOrder.LITTLE_ENDIAN, schema.byteOrder());

        final List<DynamicTest> tests = new ArrayList<>();
        for (final Message message : schema.messages())
        {
            tests.add(DynamicTest.dynamicTest(message.name(), () -> roundTrip(message)));
        }
        assertTrue(tests.size() >= 40, "the schema covers the whole protocol: " + tests.size());
        return tests;
    }

    private static void roundTrip(final Message message) throws Exception
    {
        final Class<?> encoderClass = Class.forName(PACKAGE + message.name() + "Encoder");
        final Class<?> decoderClass = Class.forName(PACKAGE + message.name() + "Decoder");
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(4096));
        buffer.setMemory(0, 4096, (byte)0x5A);

        final Object encoder = encoderClass.getConstructor().newInstance();
        encoderClass.getMethod("wrapAndApplyHeader", org.agrona.MutableDirectBuffer.class, int.class,
            MessageHeaderEncoder.class).invoke(encoder, buffer, 0, new MessageHeaderEncoder());
        final int seed = message.id() * 100;
        encodeFields(encoder, message.fields(), seed);
        final int encodedLength = MessageHeaderEncoder.ENCODED_LENGTH +
            (int)encoderClass.getMethod("encodedLength").invoke(encoder);

        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, 0);
        assertEquals(message.id(), header.templateId());
        assertEquals(MessageHeaderDecoder.SCHEMA_ID, header.schemaId());
        assertEquals(MessageHeaderDecoder.SCHEMA_VERSION, header.version());

        final Object decoder = decoderClass.getConstructor().newInstance();
        decoderClass.getMethod("wrapAndApplyHeader", org.agrona.DirectBuffer.class, int.class,
            MessageHeaderDecoder.class).invoke(decoder, buffer, 0, new MessageHeaderDecoder());
        decodeAndCheckFields(message.name(), decoder, message.fields(), seed);
        final int decodedLength = MessageHeaderEncoder.ENCODED_LENGTH +
            (int)decoderClass.getMethod("encodedLength").invoke(decoder);
        assertEquals(encodedLength, decodedLength, message.name() + " length");

        assertEquals(io.poolbook.codecs.frame.FrameVerdict.VALID,
            io.poolbook.codecs.frame.FrameValidator.validate(buffer, 0, encodedLength), message.name());
    }

    private static void encodeFields(final Object encoder, final List<Field> fields, final int seed)
        throws Exception
    {
        int index = 0;
        for (final Field field : fields)
        {
            index++;
            final int fieldSeed = seed + index;
            if (null != field.groupFields())
            {
                Object group = encoder.getClass().getMethod(field.name() + "Count", int.class)
                    .invoke(encoder, GROUP_ENTRIES);
                for (int entry = 0; entry < GROUP_ENTRIES; entry++)
                {
                    group = group.getClass().getMethod("next").invoke(group);
                    encodeFields(group, field.groupFields(), fieldSeed * 10 + entry * 1000);
                }
                continue;
            }

            final Class<?> type = encoder.getClass();
            if (field.type() instanceof EnumType)
            {
                final Class<?> enumClass = Class.forName(PACKAGE + field.type().name());
                type.getMethod(field.name(), enumClass).invoke(encoder, enumValue(enumClass, fieldSeed));
            }
            else
            {
                final EncodedDataType dataType = (EncodedDataType)field.type();
                if (dataType.length() > 1)
                {
                    final byte[] bytes = arrayValue(dataType, fieldSeed);
                    invokeArrayMethod(type, "put" + capitalise(field.name()), encoder, bytes);
                }
                else
                {
                    final Class<?> javaType = javaType(dataType.primitiveType());
                    type.getMethod(field.name(), javaType).invoke(encoder, scalarValue(dataType, fieldSeed));
                }
            }
        }
    }

    private static void decodeAndCheckFields(
        final String messageName, final Object decoder, final List<Field> fields, final int seed) throws Exception
    {
        int index = 0;
        for (final Field field : fields)
        {
            index++;
            final int fieldSeed = seed + index;
            final String where = messageName + "." + field.name();
            if (null != field.groupFields())
            {
                final Object group = decoder.getClass().getMethod(field.name()).invoke(decoder);
                assertEquals(GROUP_ENTRIES, (int)group.getClass().getMethod("count").invoke(group), where);
                for (int entry = 0; entry < GROUP_ENTRIES; entry++)
                {
                    group.getClass().getMethod("next").invoke(group);
                    decodeAndCheckFields(where, group, field.groupFields(), fieldSeed * 10 + entry * 1000);
                }
                continue;
            }

            final Class<?> type = decoder.getClass();
            if (field.type() instanceof EnumType)
            {
                final Class<?> enumClass = Class.forName(PACKAGE + field.type().name());
                assertEquals(enumValue(enumClass, fieldSeed), type.getMethod(field.name()).invoke(decoder), where);
            }
            else
            {
                final EncodedDataType dataType = (EncodedDataType)field.type();
                if (dataType.length() > 1)
                {
                    final byte[] expected = arrayValue(dataType, fieldSeed);
                    final byte[] actual = new byte[expected.length];
                    invokeArrayMethod(type, "get" + capitalise(field.name()), decoder, actual);
                    assertArrayEquals(expected, actual, where);
                }
                else
                {
                    assertEquals(scalarValue(dataType, fieldSeed), type.getMethod(field.name()).invoke(decoder), where);
                }
            }
        }
    }

    /** Array accessors come as (byte[], offset) for char arrays and (byte[], offset, length) for the others. */
    private static void invokeArrayMethod(
        final Class<?> type, final String name, final Object flyweight, final byte[] bytes) throws Exception
    {
        for (final Method method : type.getMethods())
        {
            if (method.getName().equals(name) && method.getParameterTypes()[0] == byte[].class)
            {
                if (method.getParameterCount() == 2)
                {
                    method.invoke(flyweight, bytes, 0);
                    return;
                }
                if (method.getParameterCount() == 3)
                {
                    method.invoke(flyweight, bytes, 0, bytes.length);
                    return;
                }
            }
        }
        fail("no " + name + "(byte[], ...) on " + type);
    }

    private static byte[] arrayValue(final EncodedDataType dataType, final int seed)
    {
        final byte[] bytes = new byte[dataType.length()];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = dataType.primitiveType() == PrimitiveType.CHAR ?
                (byte)('A' + (seed + i) % 26) : (byte)(seed * 31 + i);
        }
        return bytes;
    }

    private static Object enumValue(final Class<?> enumClass, final int seed)
    {
        final Object[] constants = enumClass.getEnumConstants();
        final int nonNull = constants.length - 1; // the last constant is NULL_VAL
        return constants[seed % nonNull];
    }

    private static Object scalarValue(final EncodedDataType dataType, final int seed)
    {
        switch (dataType.primitiveType())
        {
            case INT8: return (byte)(seed % 100 + 1);
            case UINT8: return (short)(seed % 200 + 1);
            case INT16: return (short)(seed % 30000 + 1);
            case UINT16: return seed % 60000 + 1;
            case INT32: return -(seed * 7919 + 1);
            case UINT32: return (seed * 104729L + 1) & 0xFFFF_FFFFL;
            case INT64: return 0x0102_0304_0506_0708L * seed + 1;
            case UINT64: return 0x0102_0304_0506_0708L * seed + 2;
            default: throw new AssertionError("no test value for " + dataType.primitiveType());
        }
    }

    private static Class<?> javaType(final PrimitiveType primitiveType)
    {
        switch (primitiveType)
        {
            case INT8: case CHAR: return byte.class;
            case UINT8: case INT16: return short.class;
            case UINT16: case INT32: return int.class;
            case UINT32: case INT64: case UINT64: return long.class;
            default: throw new AssertionError("unmapped " + primitiveType);
        }
    }

    private static String capitalise(final String name)
    {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
