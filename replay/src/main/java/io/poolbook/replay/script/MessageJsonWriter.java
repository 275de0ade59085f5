package io.poolbook.replay.script;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import org.agrona.DirectBuffer;
import uk.co.real_logic.sbe.PrimitiveType;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.Charset;

/**
 * Writes SBE messages of the schema, events and commands alike, as JSON, one object per line, with Jackson's
 * streaming generator. Generic over the schema: the layout of each message comes from {@link ProtocolSchema},
 * so a message added to the schema is written without code of its own. Used by {@code poolbook script} for its
 * output and meant for {@code poolbook replay dump} too.
 * <p>
 * A message is written as {@code {"type":"Fill","inputSequence":3,...}} with its fields in schema order: integers
 * as JSON numbers (uint64 too, exactly), enums by name (a code the enum does not define as its number), bit sets
 * as arrays of choice names, char arrays as text cut at the first NUL and trimmed, int8/uint8 arrays and raw var
 * data as {@code "0x..."} hex, composites as objects, repeating groups as arrays of objects, an optional field
 * holding its null value as {@code null}. Fields newer than the message's version are left out.
 * <p>
 * Bytes that are not one whole message of the schema (too short, another schema, an unknown template, a group or
 * var data running past the end, bytes left over) are written as
 * {@code {"type":"InvalidMessage","problem":"...","length":n,"bytes":"0x..."}} rather than thrown, so that a dump
 * of a damaged journal still shows everything. Not thread-safe; the caller flushes.
 */
public final class MessageJsonWriter implements AutoCloseable
{
    /** Type given to bytes that are not one whole message of the schema. */
    public static final String INVALID_MESSAGE_TYPE = "InvalidMessage";
    /** Most bytes an invalid message shows as hex. */
    public static final int MAX_INVALID_BYTES_SHOWN = 256;

    private static final JsonFactory JSON_FACTORY = new JsonFactoryBuilder()
        .rootValueSeparator((String)null)
        .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
        .build();
    private static final char[] HEX_DIGITS = "0123456789abcdef".toCharArray();

    private final ProtocolSchema schema;
    private final JsonGenerator generator;
    private final StringBuilder scratch = new StringBuilder(128);

    /**
     * @param schema whose messages are written.
     * @param out    receives one line per message; not closed by {@link #close()}.
     * @throws IOException when the generator cannot be created.
     */
    public MessageJsonWriter(final ProtocolSchema schema, final Writer out) throws IOException
    {
        this.schema = schema;
        this.generator = JSON_FACTORY.createGenerator(out);
    }

    /**
     * @param schema whose messages are written.
     * @param out    receives one line per message in UTF-8; not closed by {@link #close()}.
     * @throws IOException when the generator cannot be created.
     */
    public MessageJsonWriter(final ProtocolSchema schema, final OutputStream out) throws IOException
    {
        this.schema = schema;
        this.generator = JSON_FACTORY.createGenerator(out);
    }

    /**
     * One message as a JSON object on a line of its own, without a trailing newline; a convenience for tests and
     * logs.
     *
     * @param schema whose message it is.
     * @param buffer holding the message.
     * @param offset of its header.
     * @param length of the message in bytes.
     * @return the JSON object.
     */
    public static String toJson(final ProtocolSchema schema, final DirectBuffer buffer, final int offset, final int length)
    {
        final StringWriter out = new StringWriter();
        try (MessageJsonWriter writer = new MessageJsonWriter(schema, out))
        {
            writer.writeMessageObject(buffer, offset, length);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    /**
     * Writes one message as a JSON object and a newline.
     *
     * @param buffer holding the message.
     * @param offset of its header.
     * @param length of the message in bytes.
     * @throws IOException when the output fails.
     */
    public void writeMessage(final DirectBuffer buffer, final int offset, final int length) throws IOException
    {
        writeMessageObject(buffer, offset, length);
        generator.writeRaw('\n');
    }

    /**
     * Writes one sequenced command, as the journal holds it, as a JSON object and a newline:
     * {@code {"sequence":1,"timestamp":0,"sessionId":0,"command":{"type":"NewOrder",...}}}.
     *
     * @param sequence  journal sequence.
     * @param timestamp sequencer time in nanoseconds.
     * @param sessionId session the command came from.
     * @param buffer    holding the command.
     * @param offset    of its header.
     * @param length    of the command in bytes.
     * @throws IOException when the output fails.
     */
    public void writeCommand(
        final long sequence,
        final long timestamp,
        final long sessionId,
        final DirectBuffer buffer,
        final int offset,
        final int length) throws IOException
    {
        generator.writeStartObject();
        generator.writeNumberField("sequence", sequence);
        generator.writeNumberField("timestamp", timestamp);
        generator.writeNumberField("sessionId", sessionId);
        generator.writeFieldName("command");
        writeMessageObject(buffer, offset, length);
        generator.writeEndObject();
        generator.writeRaw('\n');
    }

    /**
     * Pushes what was written to the output.
     *
     * @throws IOException when the output fails.
     */
    public void flush() throws IOException
    {
        generator.flush();
    }

    /**
     * Flushes; the output itself stays open.
     *
     * @throws IOException when the output fails.
     */
    public void close() throws IOException
    {
        generator.close();
    }

    private void writeMessageObject(final DirectBuffer buffer, final int offset, final int length) throws IOException
    {
        final int headerLength = schema.headerLength();
        if (offset < 0 || length < 0 || (long)offset + length > buffer.capacity())
        {
            generator.writeStartObject();
            generator.writeStringField("type", INVALID_MESSAGE_TYPE);
            generator.writeStringField("problem", "the frame of " + length + " bytes at offset " + offset +
                " lies outside its buffer of " + buffer.capacity() + " bytes");
            generator.writeNumberField("length", length);
            generator.writeEndObject();
            return;
        }
        if (length < headerLength)
        {
            writeInvalid(length + " bytes is shorter than a message header", buffer, offset, length);
            return;
        }
        final long schemaId = schema.readHeaderSchemaId(buffer, offset);
        if (schemaId != schema.schemaId())
        {
            writeInvalid("schema id " + schemaId + ", not " + schema.schemaId(), buffer, offset, length);
            return;
        }
        final int templateId = schema.templateId(buffer, offset);
        final MessageModel message = schema.message(templateId);
        if (null == message)
        {
            writeInvalid("unknown template id " + templateId, buffer, offset, length);
            return;
        }

        final int actingVersion = (int)schema.readHeaderVersion(buffer, offset);
        final int blockLength = (int)schema.readHeaderBlockLength(buffer, offset);
        final long end = (long)offset + length;
        final long limit = measure(message.body, buffer, offset + headerLength, blockLength, actingVersion, end);
        if (limit < 0)
        {
            writeInvalid(message.name + " runs past the end of its " + length + " bytes", buffer, offset, length);
            return;
        }
        if (limit != end)
        {
            writeInvalid(message.name + " ends " + (end - limit) + " bytes before the end of its frame",
                buffer, offset, length);
            return;
        }

        generator.writeStartObject();
        generator.writeStringField("type", message.name);
        writeBlock(message.body, buffer, offset + headerLength, blockLength, actingVersion);
        generator.writeEndObject();
    }

    /**
     * Where a block, its groups and var data end, or -1 when any of it runs past {@code end}.
     */
    private static long measure(
        final BlockModel block,
        final DirectBuffer buffer,
        final long blockOffset,
        final int blockLength,
        final int actingVersion,
        final long end)
    {
        long limit = blockOffset + blockLength;
        if (limit > end)
        {
            return -1;
        }
        for (final GroupModel group : block.groups)
        {
            if (group.sinceVersion > actingVersion)
            {
                continue;
            }
            if (limit + group.headerLength > end)
            {
                return -1;
            }
            final int entryBlockLength = (int)readLong(buffer, (int)limit, group.blockLengthField);
            final long count = readLong(buffer, (int)limit, group.numInGroupField);
            limit += group.headerLength;
            for (long i = 0; i < count; i++)
            {
                limit = measure(group.entry, buffer, limit, entryBlockLength, actingVersion, end);
                if (limit < 0)
                {
                    return -1;
                }
            }
        }
        for (final VarDataModel data : block.varData)
        {
            if (data.sinceVersion > actingVersion)
            {
                continue;
            }
            if (limit + data.headerLength > end)
            {
                return -1;
            }
            limit += data.headerLength + readLong(buffer, (int)limit, data.lengthField);
            if (limit > end)
            {
                return -1;
            }
        }
        return limit;
    }

    private int writeBlock(
        final BlockModel block,
        final DirectBuffer buffer,
        final int blockOffset,
        final int blockLength,
        final int actingVersion) throws IOException
    {
        for (final FieldModel field : block.fields)
        {
            if (field.sinceVersion <= actingVersion && field.offset + field.encodedLength <= blockLength)
            {
                generator.writeFieldName(field.name);
                writeValue(field, buffer, blockOffset);
            }
        }

        int limit = blockOffset + blockLength;
        for (final GroupModel group : block.groups)
        {
            if (group.sinceVersion > actingVersion)
            {
                continue;
            }
            final int entryBlockLength = (int)readLong(buffer, limit, group.blockLengthField);
            final long count = readLong(buffer, limit, group.numInGroupField);
            limit += group.headerLength;
            generator.writeArrayFieldStart(group.name);
            for (long i = 0; i < count; i++)
            {
                generator.writeStartObject();
                limit = writeBlock(group.entry, buffer, limit, entryBlockLength, actingVersion);
                generator.writeEndObject();
            }
            generator.writeEndArray();
        }

        for (final VarDataModel data : block.varData)
        {
            if (data.sinceVersion > actingVersion)
            {
                continue;
            }
            final int dataLength = (int)readLong(buffer, limit, data.lengthField);
            final int dataOffset = limit + data.headerLength;
            generator.writeFieldName(data.name);
            if (null != data.charset)
            {
                generator.writeString(decode(buffer, dataOffset, dataLength, data.charset));
            }
            else
            {
                generator.writeString(hex(buffer, dataOffset, dataLength));
            }
            limit = dataOffset + dataLength;
        }
        return limit;
    }

    private void writeValue(final FieldModel field, final DirectBuffer buffer, final int blockOffset) throws IOException
    {
        final int index = blockOffset + field.offset;
        switch (field.kind)
        {
            case NUMBER:
                if (Primitives.isFloatingPoint(field.primitiveType))
                {
                    final double value = Primitives.getDouble(buffer, index, field.primitiveType, field.byteOrder);
                    if (Double.isNaN(value))
                    {
                        generator.writeNull();
                    }
                    else
                    {
                        generator.writeNumber(value);
                    }
                }
                else
                {
                    final long value = Primitives.getLong(buffer, index, field.primitiveType, field.byteOrder);
                    if (field.optional && value == field.nullValue.longValue())
                    {
                        generator.writeNull();
                    }
                    else
                    {
                        writeInteger(field, value);
                    }
                }
                break;

            case ENUM:
            {
                final long code = Primitives.getLong(buffer, index, field.primitiveType, field.byteOrder);
                final String name = valueName(field, code);
                if (null != name)
                {
                    generator.writeString(name);
                }
                else if (field.optional && code == field.nullValue.longValue())
                {
                    generator.writeNull();
                }
                else
                {
                    writeInteger(field, code);
                }
                break;
            }

            case SET:
            {
                final long bits = Primitives.getLong(buffer, index, field.primitiveType, field.byteOrder);
                generator.writeStartArray();
                for (int i = 0; i < field.valueNames.length; i++)
                {
                    if ((bits & (1L << field.valueCodes[i])) != 0)
                    {
                        generator.writeString(field.valueNames[i]);
                    }
                }
                generator.writeEndArray();
                break;
            }

            case CHARS:
            {
                int textLength = 0;
                while (textLength < field.arrayLength && buffer.getByte(index + textLength) != 0)
                {
                    textLength++;
                }
                generator.writeString(decode(buffer, index, textLength, field.charset).trim());
                break;
            }

            case BYTES:
                generator.writeString(hex(buffer, index, field.arrayLength));
                break;

            case NUMBER_ARRAY:
            {
                final int size = field.primitiveType.size();
                generator.writeStartArray();
                for (int i = 0; i < field.arrayLength; i++)
                {
                    if (Primitives.isFloatingPoint(field.primitiveType))
                    {
                        generator.writeNumber(Primitives.getDouble(buffer, index + i * size, field.primitiveType, field.byteOrder));
                    }
                    else
                    {
                        writeInteger(field, Primitives.getLong(buffer, index + i * size, field.primitiveType, field.byteOrder));
                    }
                }
                generator.writeEndArray();
                break;
            }

            case COMPOSITE:
                generator.writeStartObject();
                for (final FieldModel member : field.members)
                {
                    generator.writeFieldName(member.name);
                    writeValue(member, buffer, blockOffset);
                }
                generator.writeEndObject();
                break;

            case CONSTANT:
                writeConstant(field.constantText);
                break;

            default:
                throw new IllegalStateException("unknown field kind " + field.kind);
        }
    }

    private void writeInteger(final FieldModel field, final long value) throws IOException
    {
        if (value < 0 && field.primitiveType == PrimitiveType.UINT64)
        {
            generator.writeNumber(new BigInteger(Long.toUnsignedString(value)));
        }
        else
        {
            generator.writeNumber(value);
        }
    }

    private void writeConstant(final String text) throws IOException
    {
        try
        {
            generator.writeNumber(Long.parseLong(text));
        }
        catch (final NumberFormatException ex)
        {
            generator.writeString(text);
        }
    }

    private void writeInvalid(final String problem, final DirectBuffer buffer, final int offset, final int length)
        throws IOException
    {
        generator.writeStartObject();
        generator.writeStringField("type", INVALID_MESSAGE_TYPE);
        generator.writeStringField("problem", problem);
        if (length >= schema.headerLength())
        {
            generator.writeNumberField("templateId", schema.templateId(buffer, offset));
        }
        generator.writeNumberField("length", length);
        final int shown = Math.min(length, MAX_INVALID_BYTES_SHOWN);
        generator.writeStringField("bytes", hex(buffer, offset, shown));
        if (shown < length)
        {
            generator.writeNumberField("bytesNotShown", length - shown);
        }
        generator.writeEndObject();
    }

    private static String valueName(final FieldModel field, final long code)
    {
        for (int i = 0; i < field.valueCodes.length; i++)
        {
            if (field.valueCodes[i] == code)
            {
                return field.valueNames[i];
            }
        }
        return null;
    }

    private static long readLong(final DirectBuffer buffer, final int offset, final FieldModel field)
    {
        return Primitives.getLong(buffer, offset + field.offset, field.primitiveType, field.byteOrder);
    }

    private static String decode(final DirectBuffer buffer, final int index, final int length, final Charset charset)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(index, bytes);
        return new String(bytes, charset);
    }

    private String hex(final DirectBuffer buffer, final int index, final int length)
    {
        final StringBuilder builder = scratch;
        builder.setLength(0);
        builder.append("0x");
        for (int i = 0; i < length; i++)
        {
            final int b = buffer.getByte(index + i) & 0xFF;
            builder.append(HEX_DIGITS[b >>> 4]).append(HEX_DIGITS[b & 0xF]);
        }
        return builder.toString();
    }
}
