package io.poolbook.replay.script;

import io.poolbook.codecs.AddAssetEncoder;
import io.poolbook.codecs.FillEncoder;
import io.poolbook.codecs.LiquiditySource;
import io.poolbook.codecs.MassCancelEncoder;
import io.poolbook.codecs.MessageHeaderEncoder;
import io.poolbook.codecs.NewOrderEncoder;
import io.poolbook.codecs.Side;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The JSON writer against the generated encoders: every message of the schema (every event, market data,
 * journal record and command) encoded with its generated encoder comes back from the JSON, read with Jackson's
 * parser, with the values it was given, in schema order; the edge cases print as documented.
 */
final class MessageJsonWriterTest
{
    private static final ProtocolSchema SCHEMA = ProtocolSchema.load();
    private static final int GROUP_ENTRIES = 3;

    @TestFactory
    List<DynamicTest> everyMessageRoundTripsThroughJson()
    {
        final List<DynamicTest> tests = new ArrayList<>();
        int events = 0;
        for (final MessageModel message : SCHEMA.messages())
        {
            events += message.templateId >= ScenarioParser.FIRST_EVENT_TEMPLATE_ID ? 1 : 0;
            tests.add(DynamicTest.dynamicTest(message.name, () -> roundTrip(message)));
        }
        assertTrue(events >= 18, "every event, market data message and journal record: " + events);
        return tests;
    }

    private static void roundTrip(final MessageModel message) throws Exception
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
        final Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("type", message.name);
        final int offset = 16;
        final int length = GeneratedCodecs.encodeSeeded(message, message.templateId * 100, GROUP_ENTRIES, buffer, offset, expected);

        final StringWriter out = new StringWriter();
        try (MessageJsonWriter writer = new MessageJsonWriter(SCHEMA, out))
        {
            writer.writeMessage(buffer, offset, length);
        }
        final String json = out.toString();
        assertTrue(json.endsWith("\n"), json);
        assertEquals(json.length() - 1, json.indexOf('\n'), "one line: " + json);

        final Map<String, Object> actual = JsonLines.parseObject(json);
        assertEquals(expected, actual, json);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), "schema order: " + json);
        if (!message.body.groups.isEmpty())
        {
            assertEquals(GROUP_ENTRIES, ((List<?>)actual.get(message.body.groups.get(0).name)).size());
        }
    }

    @Test
    void printsAFillAsDocumented()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final FillEncoder fill = new FillEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .inputSequence(3).timestamp(1_000).tradeId(1).accountId(2).marketId(1).orderId(11).clientOrderId(7)
            .side(Side.SELL).liquidity(LiquiditySource.MAKER).price(30_000_000).quantity(100_000_000)
            .quoteAmount(3_000_000_000L).fee(-600_000).leavesQuantity(0);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + fill.encodedLength();
        assertEquals("{\"type\":\"Fill\",\"inputSequence\":3,\"timestamp\":1000,\"tradeId\":1,\"accountId\":2," +
            "\"marketId\":1,\"orderId\":11,\"clientOrderId\":7,\"side\":\"SELL\",\"liquidity\":\"MAKER\"," +
            "\"price\":30000000,\"quantity\":100000000,\"quoteAmount\":3000000000,\"fee\":-600000," +
            "\"leavesQuantity\":0}", MessageJsonWriter.toJson(SCHEMA, buffer, 0, length));
    }

    @Test
    void optionalNullIsNullAndAnUndefinedEnumCodeIsItsNumber()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final MassCancelEncoder massCancel = new MassCancelEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder()).accountId(4).marketId(MassCancelEncoder.marketIdNullValue());
        final Map<String, Object> json = JsonLines.parseObject(
            MessageJsonWriter.toJson(SCHEMA, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + massCancel.encodedLength()));
        assertTrue(json.containsKey("marketId"));
        assertNull(json.get("marketId"));

        final NewOrderEncoder order = new NewOrderEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        buffer.putByte(MessageHeaderEncoder.ENCODED_LENGTH + NewOrderEncoder.sideEncodingOffset(), (byte)7);
        final Map<String, Object> orderJson = JsonLines.parseObject(
            MessageJsonWriter.toJson(SCHEMA, buffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength()));
        assertEquals(7L, orderJson.get("side"));
        assertEquals("LIMIT", orderJson.get("orderType"));
    }

    @Test
    void charArraysAreCutAtTheFirstNulAndTrimmed()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final AddAssetEncoder asset = new AddAssetEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .symbol("ETH   ");
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + asset.encodedLength();
        assertEquals("ETH", JsonLines.parseObject(MessageJsonWriter.toJson(SCHEMA, buffer, 0, length)).get("symbol"));
        asset.symbol("ETH\0junk");
        assertEquals("ETH", JsonLines.parseObject(MessageJsonWriter.toJson(SCHEMA, buffer, 0, length)).get("symbol"));
        assertEquals("0x" + "00".repeat(20),
            JsonLines.parseObject(MessageJsonWriter.toJson(SCHEMA, buffer, 0, length)).get("tokenAddress"));
    }

    @Test
    void aCommandIsWrittenWithItsSequenceTimeAndSession() throws Exception
    {
        final Scenario scenario = new ScenarioParser(SCHEMA).parse("echo.pbs",
            "@time 5ms\n@session 3\nNewOrder accountId=1 clientOrderId=7 marketId=1 side=SELL price=1_000 quantity=10\n");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MessageJsonWriter writer = new MessageJsonWriter(SCHEMA, out))
        {
            writer.writeCommand(scenario.sequence(0), scenario.timestamp(0), scenario.sessionId(0),
                scenario.buffer(), scenario.offset(0), scenario.length(0));
        }
        assertEquals("{\"sequence\":1,\"timestamp\":5000000,\"sessionId\":3,\"command\":{\"type\":\"NewOrder\"," +
            "\"accountId\":1,\"clientOrderId\":7,\"marketId\":1,\"side\":\"SELL\",\"orderType\":\"LIMIT\"," +
            "\"timeInForce\":\"GTC\",\"selfTradePrevention\":\"CANCEL_TAKER\",\"price\":1000,\"quantity\":10," +
            "\"quoteBudget\":0}}\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesOneLinePerMessageAndLeavesTheOutputOpen() throws Exception
    {
        final Scenario scenario = new ScenarioParser(SCHEMA).parse("lines.pbs",
            "CutSettlementBatch accountId=0\nHaltMarket accountId=0 marketId=2\nResumeMarket marketId=2\n");
        final StringWriter out = new StringWriter();
        final MessageJsonWriter writer = new MessageJsonWriter(SCHEMA, out);
        for (int i = 0; i < scenario.size(); i++)
        {
            writer.writeMessage(scenario.buffer(), scenario.offset(i), scenario.length(i));
        }
        writer.close();
        out.write("still open");
        assertEquals("{\"type\":\"CutSettlementBatch\",\"accountId\":0}\n" +
            "{\"type\":\"HaltMarket\",\"accountId\":0,\"marketId\":2}\n" +
            "{\"type\":\"ResumeMarket\",\"accountId\":0,\"marketId\":2}\n" +
            "still open", out.toString());
    }

    @Test
    void bytesThatAreNotOneWholeMessageAreWrittenAsInvalid() throws Exception
    {
        final Scenario scenario = new ScenarioParser(SCHEMA).parse("x.pbs", "HaltMarket accountId=0 marketId=2");
        final int length = scenario.length(0);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        buffer.putBytes(0, scenario.buffer(), scenario.offset(0), length);

        final Map<String, Object> truncated = invalid(buffer, 0, length - 1);
        assertEquals("HaltMarket runs past the end of its 15 bytes", truncated.get("problem"));
        assertEquals(45L, truncated.get("templateId"));
        assertEquals(15L, truncated.get("length"));
        assertEquals(32, ((String)truncated.get("bytes")).length());

        assertEquals("HaltMarket ends 1 bytes before the end of its frame", invalid(buffer, 0, length + 1).get("problem"));
        assertEquals("4 bytes is shorter than a message header", invalid(buffer, 0, 4).get("problem"));
        assertTrue(((String)invalid(buffer, 60, 16).get("problem")).contains("lies outside its buffer"));

        buffer.putShort(2, (short)99);
        assertEquals("unknown template id 99", invalid(buffer, 0, length).get("problem"));
        buffer.putShort(2, (short)45);
        buffer.putShort(4, (short)1);
        assertEquals("schema id 1, not 4217", invalid(buffer, 0, length).get("problem"));

        final UnsafeBuffer big = new UnsafeBuffer(new byte[MessageJsonWriter.MAX_INVALID_BYTES_SHOWN + 10]);
        final Map<String, Object> long_ = invalid(big, 0, big.capacity());
        assertEquals(2 + 2 * MessageJsonWriter.MAX_INVALID_BYTES_SHOWN, ((String)long_.get("bytes")).length());
        assertEquals(10L, long_.get("bytesNotShown"));
    }

    private static Map<String, Object> invalid(final UnsafeBuffer buffer, final int offset, final int length)
    {
        final Map<String, Object> json = JsonLines.parseObject(MessageJsonWriter.toJson(SCHEMA, buffer, offset, length));
        assertEquals(MessageJsonWriter.INVALID_MESSAGE_TYPE, json.get("type"), json.toString());
        return json;
    }
}
