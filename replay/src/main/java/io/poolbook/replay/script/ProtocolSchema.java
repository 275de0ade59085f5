package io.poolbook.replay.script;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import uk.co.real_logic.sbe.ir.Encoding;
import uk.co.real_logic.sbe.ir.HeaderStructure;
import uk.co.real_logic.sbe.ir.Ir;
import uk.co.real_logic.sbe.ir.Signal;
import uk.co.real_logic.sbe.ir.Token;
import uk.co.real_logic.sbe.xml.IrGenerator;
import uk.co.real_logic.sbe.xml.MessageSchema;
import uk.co.real_logic.sbe.xml.ParserOptions;
import uk.co.real_logic.sbe.xml.XmlSchemaParser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The SBE schema read at runtime, as the layout of every message: the model behind the scenario language and
 * the JSON writer, which therefore follow the schema without code of their own per message.
 * <p>
 * Built from the schema XML with sbe-tool's {@code XmlSchemaParser} and {@code IrGenerator}, then flattened from
 * IR tokens into fields, groups and var data with their offsets, types and valid values. Immutable and safe to
 * share once built; {@link #load()} parses the schema the codecs were generated from once per JVM.
 */
public final class ProtocolSchema
{
    /** Where the codecs jar puts the schema on the classpath. */
    public static final String SCHEMA_RESOURCE = "/poolbook-schema.xml";

    private static volatile ProtocolSchema classpathSchema;

    private final int schemaId;
    private final int version;
    private final ByteOrder byteOrder;
    private final int headerLength;
    private final FieldModel headerBlockLength;
    private final FieldModel headerTemplateId;
    private final FieldModel headerSchemaId;
    private final FieldModel headerVersion;
    private final List<MessageModel> messages;
    private final NameIndex<MessageModel> messageByName;
    private final Int2ObjectHashMap<MessageModel> messageByTemplateId = new Int2ObjectHashMap<>();

    private ProtocolSchema(final Ir ir)
    {
        schemaId = ir.id();
        version = ir.version();
        byteOrder = ir.byteOrder();

        final List<Token> headerTokens = ir.headerStructure().tokens();
        final FieldModel header = parseType(headerTokens.get(0).name(), 0, 0, false, headerTokens, 0);
        headerLength = header.encodedLength;
        headerBlockLength = requireMember(header, HeaderStructure.BLOCK_LENGTH);
        headerTemplateId = requireMember(header, HeaderStructure.TEMPLATE_ID);
        headerSchemaId = requireMember(header, HeaderStructure.SCHEMA_ID);
        headerVersion = requireMember(header, HeaderStructure.SCHEMA_VERSION);

        final List<MessageModel> models = new ArrayList<>();
        for (final List<Token> tokens : ir.messages())
        {
            final Token begin = tokens.get(0);
            final BlockModel body = parseBlock(tokens, 1, tokens.size() - 1, begin.encodedLength());
            final MessageModel model = new MessageModel(begin.name(), begin.id(), begin.description(), body);
            models.add(model);
            messageByTemplateId.put(model.templateId, model);
        }
        models.sort(Comparator.comparingInt((MessageModel model) -> model.templateId));
        messages = List.copyOf(models);
        messageByName = new NameIndex<>(messages, (model) -> model.name);
    }

    /**
     * The Poolbook schema from the classpath, parsed once per JVM.
     *
     * @return the schema the codecs were generated from.
     * @throws IllegalStateException when the schema is missing from the classpath or does not parse.
     */
    public static ProtocolSchema load()
    {
        ProtocolSchema schema = classpathSchema;
        if (null == schema)
        {
            synchronized (ProtocolSchema.class)
            {
                schema = classpathSchema;
                if (null == schema)
                {
                    schema = loadFromClasspath();
                    classpathSchema = schema;
                }
            }
        }
        return schema;
    }

    /**
     * Parses any SBE schema; tests use it to cover layouts the Poolbook schema does not have.
     *
     * @param xml the schema XML.
     * @return the schema's layouts.
     * @throws IllegalArgumentException when the XML is not a valid SBE schema.
     */
    public static ProtocolSchema parse(final InputStream xml)
    {
        final MessageSchema schema;
        try
        {
            schema = XmlSchemaParser.parse(xml, ParserOptions.builder().stopOnError(true).build());
        }
        catch (final Exception ex)
        {
            throw new IllegalArgumentException("not a valid SBE schema: " + ex.getMessage(), ex);
        }
        return new ProtocolSchema(new IrGenerator().generate(schema));
    }

    /**
     * @return the schema id every message header carries.
     */
    public int schemaId()
    {
        return schemaId;
    }

    /**
     * @return the schema version this build encodes.
     */
    public int version()
    {
        return version;
    }

    /**
     * @return length of the message header in bytes.
     */
    public int headerLength()
    {
        return headerLength;
    }

    /**
     * Name of a message.
     *
     * @param templateId of the message.
     * @return its name, or null when the schema has no such message.
     */
    public String messageName(final int templateId)
    {
        final MessageModel model = messageByTemplateId.get(templateId);
        return null == model ? null : model.name;
    }

    /**
     * Template id of a message, matching its name as the scenario language does (ignoring case, hyphens and
     * underscores).
     *
     * @param name of the message.
     * @return its template id, or -1 when the schema has no such message.
     */
    public int templateId(final String name)
    {
        final MessageModel model = message(name);
        return null == model ? -1 : model.templateId;
    }

    /**
     * Template id from a message header.
     *
     * @param buffer holding the message.
     * @param offset of its header.
     * @return the template id.
     */
    public int templateId(final DirectBuffer buffer, final int offset)
    {
        return (int)readHeaderField(buffer, offset, headerTemplateId);
    }

    List<MessageModel> messages()
    {
        return messages;
    }

    MessageModel message(final int templateId)
    {
        return messageByTemplateId.get(templateId);
    }

    MessageModel message(final String name)
    {
        return messageByName.find(name);
    }

    ByteOrder byteOrder()
    {
        return byteOrder;
    }

    long readHeaderBlockLength(final DirectBuffer buffer, final int offset)
    {
        return readHeaderField(buffer, offset, headerBlockLength);
    }

    long readHeaderSchemaId(final DirectBuffer buffer, final int offset)
    {
        return readHeaderField(buffer, offset, headerSchemaId);
    }

    long readHeaderVersion(final DirectBuffer buffer, final int offset)
    {
        return readHeaderField(buffer, offset, headerVersion);
    }

    void writeHeader(final MutableDirectBuffer buffer, final int offset, final MessageModel message)
    {
        writeHeaderField(buffer, offset, headerBlockLength, message.body.blockLength);
        writeHeaderField(buffer, offset, headerTemplateId, message.templateId);
        writeHeaderField(buffer, offset, headerSchemaId, schemaId);
        writeHeaderField(buffer, offset, headerVersion, version);
    }

    private static long readHeaderField(final DirectBuffer buffer, final int offset, final FieldModel field)
    {
        return Primitives.getLong(buffer, offset + field.offset, field.primitiveType, field.byteOrder);
    }

    private static void writeHeaderField(
        final MutableDirectBuffer buffer, final int offset, final FieldModel field, final long value)
    {
        Primitives.putLong(buffer, offset + field.offset, field.primitiveType, field.byteOrder, value);
    }

    private static FieldModel requireMember(final FieldModel composite, final String name)
    {
        for (final FieldModel member : composite.members)
        {
            if (member.name.equals(name))
            {
                return member;
            }
        }
        throw new IllegalArgumentException(composite.name + " has no " + name);
    }

    /**
     * Flattens the tokens of a message body or group entry, {@code from} inclusive to {@code to} exclusive.
     */
    private static BlockModel parseBlock(final List<Token> tokens, final int from, final int to, final int blockLength)
    {
        final List<FieldModel> fields = new ArrayList<>();
        final List<GroupModel> groups = new ArrayList<>();
        final List<VarDataModel> varData = new ArrayList<>();
        int index = from;
        while (index < to)
        {
            final Token token = tokens.get(index);
            switch (token.signal())
            {
                case BEGIN_FIELD:
                    fields.add(parseField(token, tokens, index + 1));
                    index += token.componentTokenCount();
                    break;

                case BEGIN_GROUP:
                {
                    final Token dimensionToken = tokens.get(index + 1);
                    final FieldModel dimensions = parseType(dimensionToken.name(), 0, 0, false, tokens, index + 1);
                    final int entryFrom = index + 1 + dimensionToken.componentTokenCount();
                    final int entryTo = index + token.componentTokenCount() - 1;
                    groups.add(new GroupModel(
                        token.name(),
                        token.version(),
                        dimensions.encodedLength,
                        requireMember(dimensions, "blockLength"),
                        requireMember(dimensions, "numInGroup"),
                        parseBlock(tokens, entryFrom, entryTo, token.encodedLength())));
                    index += token.componentTokenCount();
                    break;
                }

                case BEGIN_VAR_DATA:
                {
                    final FieldModel dimensions = parseType(tokens.get(index + 1).name(), 0, 0, false, tokens, index + 1);
                    final FieldModel data = requireMember(dimensions, "varData");
                    varData.add(new VarDataModel(
                        token.name(),
                        token.version(),
                        requireMember(dimensions, "length"),
                        data.offset,
                        data.charset));
                    index += token.componentTokenCount();
                    break;
                }

                default:
                    index++;
                    break;
            }
        }
        return new BlockModel(blockLength, fields, groups, varData);
    }

    private static FieldModel parseField(final Token fieldToken, final List<Token> tokens, final int typeIndex)
    {
        final Encoding fieldEncoding = fieldToken.encoding();
        if (fieldEncoding.presence() == Encoding.Presence.CONSTANT)
        {
            final Token typeToken = tokens.get(typeIndex);
            final Object value = null != fieldEncoding.constValue() ?
                fieldEncoding.constValue() : typeToken.encoding().constValue();
            return constant(fieldToken.name(), fieldToken.offset(), fieldToken.version(), typeToken, String.valueOf(value));
        }
        return parseType(
            fieldToken.name(),
            fieldToken.offset(),
            fieldToken.version(),
            fieldEncoding.presence() == Encoding.Presence.OPTIONAL,
            tokens,
            typeIndex);
    }

    private static FieldModel constant(
        final String name, final int offset, final int sinceVersion, final Token typeToken, final String text)
    {
        final Encoding encoding = typeToken.encoding();
        return new FieldModel(name, FieldModel.Kind.CONSTANT, offset, 0, sinceVersion, false,
            encoding.primitiveType(), encoding.byteOrder(), 1, null, null, null, null,
            typeToken.name(), null, null, List.of(), text);
    }

    private static FieldModel parseType(
        final String name,
        final int offset,
        final int sinceVersion,
        final boolean optionalField,
        final List<Token> tokens,
        final int typeIndex)
    {
        final Token type = tokens.get(typeIndex);
        final Encoding encoding = type.encoding();
        final boolean optional = optionalField || encoding.presence() == Encoding.Presence.OPTIONAL;
        final int version = Math.max(sinceVersion, type.version());
        switch (type.signal())
        {
            case ENCODING:
            {
                if (encoding.presence() == Encoding.Presence.CONSTANT)
                {
                    return constant(name, offset, version, type, String.valueOf(encoding.constValue()));
                }
                final var primitiveType = encoding.primitiveType();
                final int arrayLength = type.arrayLength();
                final FieldModel.Kind kind;
                switch (primitiveType)
                {
                    case CHAR:
                        kind = FieldModel.Kind.CHARS;
                        break;
                    case INT8:
                    case UINT8:
                        kind = arrayLength > 1 ? FieldModel.Kind.BYTES : FieldModel.Kind.NUMBER;
                        break;
                    default:
                        kind = arrayLength > 1 ? FieldModel.Kind.NUMBER_ARRAY : FieldModel.Kind.NUMBER;
                        break;
                }
                final Charset charset = null != encoding.characterEncoding() ?
                    Charset.forName(encoding.characterEncoding()) :
                    (kind == FieldModel.Kind.CHARS ? StandardCharsets.US_ASCII : null);
                return new FieldModel(name, kind, offset, type.encodedLength(), version, optional,
                    primitiveType, encoding.byteOrder(), arrayLength,
                    encoding.applicableMinValue(), encoding.applicableMaxValue(), encoding.applicableNullValue(),
                    charset, primitiveType.primitiveName(), null, null, List.of(), null);
            }

            case BEGIN_ENUM:
            case BEGIN_SET:
            {
                final boolean isEnum = type.signal() == Signal.BEGIN_ENUM;
                final Signal valueSignal = isEnum ? Signal.VALID_VALUE : Signal.CHOICE;
                final List<Token> values = new ArrayList<>();
                for (int index = typeIndex + 1; tokens.get(index).signal() == valueSignal; index++)
                {
                    values.add(tokens.get(index));
                }
                final String[] names = new String[values.size()];
                final long[] codes = new long[values.size()];
                for (int i = 0; i < names.length; i++)
                {
                    names[i] = values.get(i).name();
                    codes[i] = values.get(i).encoding().constValue().longValue();
                }
                final var primitiveType = encoding.primitiveType();
                return new FieldModel(name, isEnum ? FieldModel.Kind.ENUM : FieldModel.Kind.SET, offset,
                    type.encodedLength(), version, optional, primitiveType, encoding.byteOrder(), 1,
                    primitiveType.minValue(), primitiveType.maxValue(),
                    isEnum ? encoding.applicableNullValue() : null,
                    null, type.name(), names, codes, List.of(), null);
            }

            case BEGIN_COMPOSITE:
            {
                final List<FieldModel> members = new ArrayList<>();
                final int end = typeIndex + type.componentTokenCount() - 1;
                int index = typeIndex + 1;
                while (index < end)
                {
                    final Token member = tokens.get(index);
                    members.add(parseType(member.name(), offset + member.offset(), version, false, tokens, index));
                    index += member.componentTokenCount();
                }
                return new FieldModel(name, FieldModel.Kind.COMPOSITE, offset, type.encodedLength(), version,
                    optional, null, encoding.byteOrder(), 1, null, null, null, null,
                    type.name(), null, null, List.copyOf(members), null);
            }

            default:
                throw new IllegalArgumentException("unexpected IR token for field " + name + ": " + type.signal());
        }
    }

    private static ProtocolSchema loadFromClasspath()
    {
        try (InputStream xml = ProtocolSchema.class.getResourceAsStream(SCHEMA_RESOURCE))
        {
            if (null == xml)
            {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is not on the classpath (poolbook-codecs jar)");
            }
            return parse(xml);
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new IllegalStateException("cannot load " + SCHEMA_RESOURCE + ": " + ex.getMessage(), ex);
        }
    }
}
