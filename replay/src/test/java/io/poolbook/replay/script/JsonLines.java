package io.poolbook.replay.script;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON back in tests with Jackson's streaming parser: objects become insertion-ordered maps (so field order
 * can be checked), integers Long (BigInteger beyond long), text String, arrays List, null null.
 */
final class JsonLines
{
    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    private JsonLines()
    {
    }

    /** Every line of the text, each one JSON object. */
    static List<Map<String, Object>> parseLines(final String text)
    {
        final List<Map<String, Object>> objects = new ArrayList<>();
        for (final String line : text.split("\n"))
        {
            if (!line.isEmpty())
            {
                objects.add(parseObject(line));
            }
        }
        return objects;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(final String json)
    {
        try (JsonParser parser = JSON_FACTORY.createParser(json))
        {
            final Object value = read(parser, parser.nextToken());
            if (null != parser.nextToken())
            {
                throw new AssertionError("more than one JSON value in: " + json);
            }
            return (Map<String, Object>)value;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("not JSON: " + json, ex);
        }
    }

    private static Object read(final JsonParser parser, final JsonToken token) throws IOException
    {
        switch (token)
        {
            case START_OBJECT:
            {
                final Map<String, Object> object = new LinkedHashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken())
                {
                    final String name = parser.currentName();
                    if (object.containsKey(name))
                    {
                        throw new AssertionError("duplicate key " + name);
                    }
                    object.put(name, read(parser, parser.nextToken()));
                }
                return object;
            }
            case START_ARRAY:
            {
                final List<Object> array = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken())
                {
                    array.add(read(parser, next));
                }
                return array;
            }
            case VALUE_NUMBER_INT:
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ?
                    parser.getBigIntegerValue() : (Object)parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_STRING:
                return parser.getText();
            case VALUE_TRUE:
            case VALUE_FALSE:
                return parser.getBooleanValue();
            case VALUE_NULL:
                return null;
            default:
                throw new AssertionError("unexpected JSON token " + token);
        }
    }
}
