package io.poolbook.gateway.websocket;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.poolbook.replay.script.MessageEncoder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One WebSocket text frame read as a request: a JSON object whose {@code "type"} names a schema message (or one of
 * the gateway's own requests such as {@code subscribe}), an optional {@code "requestId"} echoed in the answer to a
 * problem, and the message's fields named as in the SBE schema. Nested objects become composite members
 * ({@code a.b}), arrays of objects repeating-group entries ({@code g[0].f}), so the schema-driven
 * {@link MessageEncoder} checks names, types and ranges exactly as it does for scenario scripts: there is one
 * protocol definition, the schema. Booleans are written {@code TRUE}/{@code FALSE}, the schema's BooleanType names.
 */
final class JsonRequest
{
    static final String TYPE = "type";
    static final String REQUEST_ID = "requestId";
    private static final int MAX_DEPTH = 8;
    private static final JsonFactory JSON = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxNumberLength(40).build())
        .build();

    final String type;
    final String requestId;
    final List<MessageEncoder.Assignment> fields;
    final String problem;

    private JsonRequest(
        final String type, final String requestId, final List<MessageEncoder.Assignment> fields, final String problem)
    {
        this.type = type;
        this.requestId = requestId;
        this.fields = fields;
        this.problem = problem;
    }

    /** True when the frame could not be read as a request; {@link #problem} says why. */
    boolean isBad()
    {
        return null != problem;
    }

    /** The value given for a top-level field, or null. */
    String field(final String name)
    {
        for (final MessageEncoder.Assignment assignment : fields)
        {
            if (assignment.path().equals(name))
            {
                return assignment.value();
            }
        }
        return null;
    }

    /**
     * Reads a frame's text. Never throws: malformed JSON, a non-object, a missing or non-string type, and nesting
     * beyond {@value #MAX_DEPTH} levels come back as a bad request.
     */
    static JsonRequest parse(final String text)
    {
        String type = null;
        String requestId = null;
        final List<MessageEncoder.Assignment> fields = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(text))
        {
            if (parser.nextToken() != JsonToken.START_OBJECT)
            {
                return bad(null, "a request is one JSON object, e.g. {\"type\":\"NewOrder\",...}");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME)
            {
                final String name = parser.currentName();
                final JsonToken value = parser.nextToken();
                if (TYPE.equals(name))
                {
                    if (value != JsonToken.VALUE_STRING)
                    {
                        return bad(requestId, "\"type\" must be a string naming a message, e.g. \"NewOrder\"");
                    }
                    type = parser.getText();
                }
                else if (REQUEST_ID.equals(name))
                {
                    if (value != JsonToken.VALUE_STRING && value != JsonToken.VALUE_NUMBER_INT)
                    {
                        return bad(requestId, "\"requestId\" must be a string or an integer");
                    }
                    requestId = parser.getText();
                }
                else
                {
                    final String problem = readValue(parser, name, fields);
                    if (null != problem)
                    {
                        return bad(requestId, problem);
                    }
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null)
            {
                return bad(requestId, "one JSON object per frame, nothing after it");
            }
        }
        catch (final JsonProcessingException ex)
        {
            return bad(requestId, "malformed JSON: " + ex.getOriginalMessage());
        }
        catch (final IOException ex)
        {
            return bad(requestId, "unreadable frame: " + ex.getMessage());
        }
        if (null == type)
        {
            return bad(requestId, "no \"type\": name the message, e.g. {\"type\":\"NewOrder\",...}");
        }
        return new JsonRequest(type, requestId, fields, null);
    }

    private static String readValue(final JsonParser parser, final String path, final List<MessageEncoder.Assignment> out)
        throws IOException
    {
        switch (parser.currentToken())
        {
            case VALUE_STRING:
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                out.add(new MessageEncoder.Assignment(path, parser.getText()));
                return null;
            case VALUE_TRUE:
                out.add(new MessageEncoder.Assignment(path, "TRUE"));
                return null;
            case VALUE_FALSE:
                out.add(new MessageEncoder.Assignment(path, "FALSE"));
                return null;
            case VALUE_NULL:
                out.add(new MessageEncoder.Assignment(path, "null"));
                return null;
            case START_OBJECT:
                while (parser.nextToken() == JsonToken.FIELD_NAME)
                {
                    final String name = parser.currentName();
                    parser.nextToken();
                    final String problem = readValue(parser, path + "." + name, out);
                    if (null != problem)
                    {
                        return problem;
                    }
                }
                return null;
            case START_ARRAY:
            {
                int index = 0;
                JsonToken token;
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY)
                {
                    if (token != JsonToken.START_OBJECT)
                    {
                        return path + ": an array holds repeating-group entries, each a JSON object";
                    }
                    final String problem = readValue(parser, path + "[" + index + "]", out);
                    if (null != problem)
                    {
                        return problem;
                    }
                    index++;
                }
                return null;
            }
            default:
                return path + ": unexpected " + parser.currentToken();
        }
    }

    private static JsonRequest bad(final String requestId, final String problem)
    {
        return new JsonRequest(null, requestId, List.of(), problem);
    }
}
