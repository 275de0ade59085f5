package io.poolbook.gateway.chain;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
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
 * Reads JSON (JSON-RPC answers, settlement batch files) into plain values with Jackson's streaming parser: objects
 * as {@code Map<String, Object>}, arrays as {@code List<Object>}, numbers as their text ({@link String}, so no
 * 256-bit amount is rounded), strings, booleans and {@code null}. The project pins jackson-core only.
 */
final class Json
{
    private static final JsonFactory FACTORY = new JsonFactory();

    private Json()
    {
    }

    static Object parse(final byte[] json)
    {
        try (JsonParser parser = FACTORY.createParser(json))
        {
            parser.nextToken();
            return value(parser);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("not JSON: " + ex.getMessage(), ex);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(final Object value, final String what)
    {
        if (!(value instanceof Map))
        {
            throw new IllegalArgumentException(what + " is not a JSON object: " + value);
        }
        return (Map<String, Object>)value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(final Object value, final String what)
    {
        if (!(value instanceof List))
        {
            throw new IllegalArgumentException(what + " is not a JSON array: " + value);
        }
        return (List<Object>)value;
    }

    static String text(final Map<String, Object> object, final String field)
    {
        final Object value = object.get(field);
        if (null == value)
        {
            throw new IllegalArgumentException("missing field " + field + " in " + object);
        }
        return value.toString();
    }

    static String quote(final String text)
    {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }

    private static Object value(final JsonParser parser) throws IOException
    {
        final JsonToken token = parser.currentToken();
        if (null == token)
        {
            throw new IOException("empty input");
        }
        switch (token)
        {
            case START_OBJECT:
            {
                final Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() != JsonToken.END_OBJECT)
                {
                    final String name = parser.currentName();
                    parser.nextToken();
                    object.put(name, value(parser));
                }
                return object;
            }
            case START_ARRAY:
            {
                final List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY)
                {
                    array.add(value(parser));
                }
                return array;
            }
            case VALUE_STRING:
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return parser.getText();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected " + token);
        }
    }
}
