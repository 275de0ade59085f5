package io.poolbook.replay.script;

import io.poolbook.codecs.MassCancelDecoder;
import io.poolbook.codecs.MessageHeaderDecoder;
import io.poolbook.codecs.NewOrderDecoder;
import io.poolbook.codecs.AddAssetDecoder;
import io.poolbook.codecs.OrderType;
import io.poolbook.codecs.SelfTradePrevention;
import io.poolbook.codecs.Side;
import io.poolbook.codecs.TimeInForce;
import io.poolbook.codecs.frame.FrameValidator;
import io.poolbook.codecs.frame.FrameVerdict;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The scenario language: every command of the schema parses from a line that sets all its fields and decodes,
 * with the generated decoders, to the values written; defaults, names, numbers, text, directives and the
 * sequencer context behave as documented.
 */
final class ScriptScenarioParserTest
{
    private static final ProtocolSchema SCHEMA = ProtocolSchema.load();
    private final ScenarioParser parser = new ScenarioParser(SCHEMA);

    @TestFactory
    List<DynamicTest> everyCommandParsesWithAllItsFieldsSet()
    {
        final List<DynamicTest> tests = new ArrayList<>();
        for (final MessageModel message : SCHEMA.messages())
        {
            if (message.templateId < ScenarioParser.FIRST_EVENT_TEMPLATE_ID)
            {
                tests.add(DynamicTest.dynamicTest(message.name, () -> parseAndDecode(message)));
            }
        }
        assertTrue(tests.size() >= 24, "every command of the protocol: " + tests.size());
        return tests;
    }

    private void parseAndDecode(final MessageModel message) throws Exception
    {
        final Map<String, Object> expected = new LinkedHashMap<>();
        final StringBuilder line = new StringBuilder(message.name);
        int seed = message.templateId * 100;
        for (final FieldModel field : message.body.fields)
        {
            seed++;
            line.append(' ').append(field.name).append('=');
            switch (field.kind)
            {
                case NUMBER:
                {
                    final long value = GeneratedCodecs.integerValue(field.primitiveType, seed);
                    line.append(withUnderscores(value));
                    expected.put(field.name, value);
                    break;
                }
                case ENUM:
                {
                    // the last value, so that a field left at its default would not pass
                    final String name = field.valueNames[field.valueNames.length - 1];
                    line.append(name);
                    expected.put(field.name, name);
                    break;
                }
                case CHARS:
                {
                    final String text = "A " + GeneratedCodecs.textValue(field.arrayLength - 2, seed);
                    line.append('"').append(text).append('"');
                    expected.put(field.name, text);
                    break;
                }
                case BYTES:
                {
                    final String hex = GeneratedCodecs.hex(GeneratedCodecs.bytesValue(field.arrayLength, seed));
                    line.append(hex);
                    expected.put(field.name, hex);
                    break;
                }
                default:
                    fail("no commands have " + field.kind + " fields yet; extend this test");
            }
        }
        assertTrue(message.body.groups.isEmpty(), "no command has a group yet; extend this test");

        final Scenario scenario = parser.parse("all-fields.pbs", "# every field\n\n" + line + "  # set\n");
        assertEquals(1, scenario.size());
        assertEquals(3, scenario.line(0));
        assertEquals(FrameVerdict.VALID,
            FrameValidator.validate(scenario.buffer(), scenario.offset(0), scenario.length(0)), line.toString());
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(scenario.buffer(), scenario.offset(0));
        assertEquals(message.templateId, header.templateId());
        assertEquals(expected, GeneratedCodecs.decode(message, scenario.buffer(), scenario.offset(0)), line.toString());
    }

    private static String withUnderscores(final long value)
    {
        final String digits = Long.toString(Math.abs(value));
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < digits.length(); i++)
        {
            if (i > 0 && (digits.length() - i) % 3 == 0)
            {
                text.append('_');
            }
            text.append(digits.charAt(i));
        }
        return (value < 0 ? "-" : "") + text;
    }

    @Test
    void fieldsLeftOutAreZeroTheFirstEnumValueOrTheNullValue() throws Exception
    {
        final Scenario scenario = parser.parse("defaults.pbs", "NewOrder\nMassCancel accountId=3\nAddAsset\n");
        final NewOrderDecoder order = new NewOrderDecoder()
            .wrapAndApplyHeader(scenario.buffer(), scenario.offset(0), new MessageHeaderDecoder());
        assertEquals(0, order.accountId());
        assertEquals(0, order.price());
        assertEquals(Side.BUY, order.side());
        assertEquals(OrderType.LIMIT, order.orderType());
        assertEquals(TimeInForce.GTC, order.timeInForce());
        assertEquals(SelfTradePrevention.CANCEL_TAKER, order.selfTradePrevention());

        final MassCancelDecoder massCancel = new MassCancelDecoder()
            .wrapAndApplyHeader(scenario.buffer(), scenario.offset(1), new MessageHeaderDecoder());
        assertEquals(3, massCancel.accountId());
        assertEquals(MassCancelDecoder.marketIdNullValue(), massCancel.marketId());

        final AddAssetDecoder asset = new AddAssetDecoder()
            .wrapAndApplyHeader(scenario.buffer(), scenario.offset(2), new MessageHeaderDecoder());
        assertEquals("", asset.symbol().trim().replace("\0", ""));
        for (int i = 0; i < AddAssetDecoder.tokenAddressLength(); i++)
        {
            assertEquals(0, asset.tokenAddress(i));
        }
    }

    @Test
    void nullSetsAnOptionalFieldToItsNullValue() throws Exception
    {
        final Scenario scenario = parser.parse("null.pbs", "MassCancel accountId=1 marketId=7\nMassCancel accountId=1 marketId=null");
        assertEquals(7, new MassCancelDecoder()
            .wrapAndApplyHeader(scenario.buffer(), scenario.offset(0), new MessageHeaderDecoder()).marketId());
        assertEquals(-1, new MassCancelDecoder()
            .wrapAndApplyHeader(scenario.buffer(), scenario.offset(1), new MessageHeaderDecoder()).marketId());
    }

    @Test
    void namesIgnoreCaseHyphensAndUnderscores() throws Exception
    {
        final Scenario scenario = parser.parse("names.pbs", String.join("\n",
            "NewOrder accountId=1 timeInForce=POST_ONLY side=SELL",
            "new-order account-id=1 time-in-force=post-only side=sell",
            "NEW_ORDER ACCOUNT_ID=1 timeinforce=PostOnly SIDE=Sell"));
        assertEquals(3, scenario.size());
        for (int i = 0; i < 3; i++)
        {
            final NewOrderDecoder order = new NewOrderDecoder()
                .wrapAndApplyHeader(scenario.buffer(), scenario.offset(i), new MessageHeaderDecoder());
            assertEquals(1, order.accountId(), "line " + (i + 1));
            assertEquals(TimeInForce.POST_ONLY, order.timeInForce(), "line " + (i + 1));
            assertEquals(Side.SELL, order.side(), "line " + (i + 1));
        }
    }

    @Test
    void integersTakeUnderscoresSignsAndTheirTypesExtremes() throws Exception
    {
        final Scenario scenario = parser.parse("numbers.pbs", String.join("\n",
            "NewOrder price=1_000_000 quantity=+25 quoteBudget=-3",
            "NewOrder price=9_223_372_036_854_775_807 accountId=2147483647 clientOrderId=-9223372036854775807",
            "AddAsset engineScale=254 chainDecimals=0"));
        final NewOrderDecoder order = new NewOrderDecoder()
            .wrapAndApplyHeader(scenario.buffer(), scenario.offset(0), new MessageHeaderDecoder());
        assertEquals(1_000_000, order.price());
        assertEquals(25, order.quantity());
        assertEquals(-3, order.quoteBudget());
        order.wrapAndApplyHeader(scenario.buffer(), scenario.offset(1), new MessageHeaderDecoder());
        assertEquals(Long.MAX_VALUE, order.price());
        assertEquals(Integer.MAX_VALUE, order.accountId());
        assertEquals(-Long.MAX_VALUE, order.clientOrderId());
        final AddAssetDecoder asset = new AddAssetDecoder()
            .wrapAndApplyHeader(scenario.buffer(), scenario.offset(2), new MessageHeaderDecoder());
        assertEquals(254, asset.engineScale()); // 255 is uint8's null value
    }

    @Test
    void textMayBeQuotedAndBytesShorterThanTheFieldArePaddedAtTheEnd() throws Exception
    {
        final Scenario scenario = parser.parse("text.pbs", String.join("\n",
            "AddAsset symbol=\"Wrapped # \\\"BTC\\\"\" tokenAddress=0xAB_cd  # a comment after a quoted #",
            "AddAsset symbol=\"\"",
            "AddAsset symbol=ETH tokenAddress=0x"));
        final AddAssetDecoder asset = new AddAssetDecoder()
            .wrapAndApplyHeader(scenario.buffer(), scenario.offset(0), new MessageHeaderDecoder());
        assertEquals("Wrapped # \"BTC\"", asset.symbol());
        assertEquals(0xAB, asset.tokenAddress(0));
        assertEquals(0xCD, asset.tokenAddress(1));
        assertEquals(0, asset.tokenAddress(2));
        asset.wrapAndApplyHeader(scenario.buffer(), scenario.offset(1), new MessageHeaderDecoder());
        assertEquals("", asset.symbol());
        asset.wrapAndApplyHeader(scenario.buffer(), scenario.offset(2), new MessageHeaderDecoder());
        assertEquals("ETH", asset.symbol());
    }

    @Test
    void sequencesCountCommandsAndTimeAdvancesByTheStep() throws Exception
    {
        final Scenario scenario = parser.parse("time.pbs", String.join("\n",
            "# comments and blank lines are not commands",
            "",
            "CutSettlementBatch",          // sequence 1 at 0
            "CutSettlementBatch",          // 2 at 1 ms
            "@time 5s",
            "@session 42",
            "CutSettlementBatch",          // 3 at 5 s, session 42
            "@step 10us",
            "CutSettlementBatch",          // 4 at 5 s + 1 ms
            "@time +1_000ns",
            "CutSettlementBatch",          // 5 at 5 s + 1 ms + 10 us + 1 us
            "@time 2025-01-01T00:00:00.000000123Z",
            "@session 0",
            "CutSettlementBatch",          // 6
            "@time 2025-01-01T00:00:00.000000133Z",
            "CutSettlementBatch"));        // 7: the step passes, then @time at exactly the next time
        assertEquals(7, scenario.size());
        for (int i = 0; i < scenario.size(); i++)
        {
            assertEquals(i + 1, scenario.sequence(i));
        }
        assertEquals(0, scenario.timestamp(0));
        assertEquals(1_000_000, scenario.timestamp(1));
        assertEquals(5_000_000_000L, scenario.timestamp(2));
        assertEquals(5_001_000_000L, scenario.timestamp(3));
        assertEquals(5_001_011_000L, scenario.timestamp(4));
        final long newYear = Instant.parse("2025-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
        assertEquals(newYear + 123, scenario.timestamp(5));
        assertEquals(newYear + 133, scenario.timestamp(6));

        assertEquals(0, scenario.sessionId(1));
        assertEquals(42, scenario.sessionId(2));
        assertEquals(42, scenario.sessionId(4));
        assertEquals(0, scenario.sessionId(5));

        assertEquals(3, scenario.line(0));
        assertEquals(7, scenario.line(2));
        assertEquals(16, scenario.line(6));
    }

    @Test
    void forEachFeedsEveryCommandInOrderWithItsContext() throws Exception
    {
        final Scenario scenario = parser.parse("feed.pbs", "@session 9\nNewOrder accountId=1\nCancelOrder accountId=2\n");
        final List<String> seen = new ArrayList<>();
        scenario.forEach((sequence, timestamp, sessionId, buffer, offset, length) ->
        {
            assertEquals(FrameVerdict.VALID, FrameValidator.validate(buffer, offset, length));
            seen.add(sequence + "@" + timestamp + "/" + sessionId + ":" + SCHEMA.messageName(SCHEMA.templateId(buffer, offset)));
        });
        assertEquals(List.of("1@0/9:NewOrder", "2@1000000/9:CancelOrder"), seen);
    }

    @Test
    void aLongScenarioGrowsItsBufferAndKeepsEveryCommandIntact() throws Exception
    {
        final StringBuilder text = new StringBuilder();
        final int commands = 10_000;
        for (int i = 0; i < commands; i++)
        {
            text.append("NewOrder accountId=").append(i).append(" clientOrderId=").append(i).append(" price=")
                .append(i * 10L).append('\n');
        }
        final Scenario scenario = parser.parse("long.pbs", text.toString());
        assertEquals(commands, scenario.size());
        final NewOrderDecoder order = new NewOrderDecoder();
        for (int i = 0; i < commands; i++)
        {
            assertEquals(FrameVerdict.VALID, FrameValidator.validate(scenario.buffer(), scenario.offset(i), scenario.length(i)));
            order.wrapAndApplyHeader(scenario.buffer(), scenario.offset(i), new MessageHeaderDecoder());
            assertEquals(i, order.accountId());
            assertEquals(i * 10L, order.price());
            assertEquals(i + 1, scenario.line(i));
        }
    }

    @Test
    void windowsLineEndsTabsAndAByteOrderMarkAreFine() throws Exception
    {
        final Scenario scenario = parser.parse("windows.pbs", "\uFEFFNewOrder\taccountId=4\r\n\r\nCancelOrder accountId=5\r\n");
        assertEquals(2, scenario.size());
        assertEquals(4, new NewOrderDecoder()
            .wrapAndApplyHeader(scenario.buffer(), scenario.offset(0), new MessageHeaderDecoder()).accountId());
        assertEquals(3, scenario.line(1));
    }

    @Test
    void anInvalidSchemaIsRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> ProtocolSchema.parse(
            new java.io.ByteArrayInputStream("<not-a-schema/>".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    @Test
    void schemaLookupsByNameAndTemplateId()
    {
        assertEquals(10, SCHEMA.templateId("new-order"));
        assertEquals(-1, SCHEMA.templateId("NoSuchThing"));
        assertEquals("Fill", SCHEMA.messageName(102));
        assertNull(SCHEMA.messageName(99));
        assertEquals(4217, SCHEMA.schemaId());
        assertEquals(8, SCHEMA.headerLength());
    }
}
