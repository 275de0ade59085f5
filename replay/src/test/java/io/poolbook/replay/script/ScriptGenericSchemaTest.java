package io.poolbook.replay.script;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The scenario parser and the JSON writer on a test schema with every layout SBE has (composites, sets, char
 * enums, uint64, optional values, number arrays, doubles, constants, nested groups, var data, a field of a later
 * version): what the parser encodes, the writer prints back, value for value.
 */
final class ScriptGenericSchemaTest
{
    private static ProtocolSchema schema;

    @BeforeAll
    static void parseSchema() throws Exception
    {
        try (InputStream xml = ScriptGenericSchemaTest.class.getResourceAsStream("/script/test-schema.xml"))
        {
            schema = ProtocolSchema.parse(xml);
        }
    }

    private static Map<String, Object> parseAndPrint(final String line) throws Exception
    {
        final Scenario scenario = new ScenarioParser(schema).parse("generic.pbs", line);
        assertEquals(1, scenario.size());
        return JsonLines.parseObject(
            MessageJsonWriter.toJson(schema, scenario.buffer(), scenario.offset(0), scenario.length(0)));
    }

    @Test
    void everyKindOfFieldRoundTripsThroughParserAndJsonWriter() throws Exception
    {
        final Map<String, Object> json = parseAndPrint(String.join(" ",
            "Everything id=-5 point.x=1 point.y=-2 flags=A|C colour=green big=18_446_744_073_709_551_614",
            "count=4294967294 samples=1,-2,3 ratio=0.5 extra=9",
            "items[0].qty=10 items[0].tags[0].code=7 items[0].tags[1].code=65534 items[1].qty=20",
            "note=\"h\u00e9llo, world\" blob=0x0102ff"));

        final Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("type", "Everything");
        expected.put("id", -5L);
        expected.put("point", Map.of("x", 1L, "y", -2L));
        expected.put("flags", List.of("A", "C"));
        expected.put("colour", "GREEN");
        expected.put("big", new BigInteger("18446744073709551614"));
        expected.put("count", 4294967294L);
        expected.put("samples", List.of(1L, -2L, 3L));
        expected.put("ratio", 0.5);
        expected.put("kind", 7L);
        expected.put("extra", 9L);
        expected.put("items", List.of(
            Map.of("qty", 10L, "tags", List.of(Map.of("code", 7L), Map.of("code", 65534L))),
            Map.of("qty", 20L, "tags", List.of())));
        expected.put("note", "h\u00e9llo, world");
        expected.put("blob", "0x0102ff");
        assertEquals(expected, json);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(json.keySet()), "schema order");
    }

    @Test
    void fieldsLeftOutGetDefaultsAndOptionalNullPrintsAsNull() throws Exception
    {
        final Map<String, Object> json = parseAndPrint("Everything");
        assertEquals(0L, json.get("id"));
        assertEquals(Map.of("x", 0L, "y", 0L), json.get("point"));
        assertEquals(List.of(), json.get("flags"));
        assertEquals("RED", json.get("colour"));
        assertTrue(json.containsKey("big"));
        assertNull(json.get("big"));
        assertEquals(List.of(0L, 0L, 0L), json.get("samples"));
        assertEquals(List.of(), json.get("items"));
        assertEquals("", json.get("note"));
        assertEquals("0x", json.get("blob"));

        assertNull(parseAndPrint("Everything big=null").get("big"));
        assertEquals(List.of(), parseAndPrint("Everything flags=\"\"").get("flags"));
    }

    @Test
    void aMessageOfAnOlderVersionLeavesOutTheNewerFields() throws Exception
    {
        final Scenario scenario = new ScenarioParser(schema).parse("v0.pbs", "Everything id=3 extra=9 items[0].qty=4 note=n");
        final byte[] current = new byte[scenario.length(0)];
        scenario.buffer().getBytes(scenario.offset(0), current);

        // version 0 had no 'extra', the last 4 bytes of the block: cut them and rewrite the header
        final int extraOffset = 8 + schema.message("Everything").body.field("extra").offset;
        final UnsafeBuffer old = new UnsafeBuffer(new byte[current.length - 4]);
        old.putBytes(0, current, 0, extraOffset);
        old.putBytes(extraOffset, current, extraOffset + 4, current.length - extraOffset - 4);
        old.putShort(0, (short)(old.getShort(0) - 4));
        old.putShort(6, (short)0);

        final Map<String, Object> json = JsonLines.parseObject(MessageJsonWriter.toJson(schema, old, 0, old.capacity()));
        assertFalse(json.containsKey("extra"), json.toString());
        assertEquals(3L, json.get("id"));
        assertEquals(List.of(Map.of("qty", 4L, "tags", List.of())), json.get("items"));
        assertEquals("n", json.get("note"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', value = {
        "Everything items[1].qty=1 => Everything.items: entries must be numbered from 0 without gaps; given [1]",
        "Everything items[0].qty=1 items[2].qty=1 => Everything.items: entries must be numbered from 0 without gaps; given [0, 2]",
        "Everything items[x].qty=1 => Everything.items: entry index 'x' is not a number",
        "Everything items[65535].qty=1 => Everything.items: entry index 65535 is out of range 0..65533",
        "Everything items[0]=1 => Everything.items: write an entry's field as items[index].field=value",
        "Everything items.qty=1 => Everything.items is a repeating group: write items[0].field=value",
        "Everything items[0].tags[0].cod=1 => Everything.items[0].tags[0] has no field 'cod'; did you mean code?",
        "Everything items[0].tags[0].code=65535 => Everything.items[0].tags[0].code: 65535 is out of range for uint16",
        "Everything point=1 => Everything.point is a composite: set its members as point.member=value (x, y)",
        "Everything point.z=1 => Everything.point has no member 'z'; its members: x, y",
        "Everything point.x.y=1 => Everything.point.x is not a composite and has no member 'y'",
        "Everything kind=7 => Everything.kind is a constant (7) and cannot be set",
        "Everything flags=A|D => Everything.flags: 'D' is not a choice of Flags",
        "Everything colour=BLUE => Everything.colour: 'BLUE' is not a Colour",
        "Everything big=18446744073709551615 => Everything.big: 18446744073709551615 is out of range for uint64 (0..18446744073709551614, or null)",
        "Everything samples=1,2,3,4 => Everything.samples: 4 values, but it holds 3",
        "Everything samples=1,x => Everything.samples: 'x' is not an integer",
        "Everything ratio=fast => Everything.ratio: 'fast' is not a finite number",
        "Everything ratio=NaN => Everything.ratio: 'NaN' is not a finite number",
        "Everything blob=zz => Everything.blob: 'zz' is not 0x-hex bytes",
        "Everything note=a note=b => Everything.note is given twice",
        "SomethingHappened id=1 => SomethingHappened (template id 100) is not a command",
    })
    void genericLayoutsReportTheirErrors(final String line, final String expected)
    {
        final ScenarioException ex = assertThrows(ScenarioException.class,
            () -> new ScenarioParser(schema).parse("generic.pbs", line.trim()));
        assertEquals(1, ex.errors().size(), ex.getMessage());
        assertTrue(ex.errors().get(0).startsWith("generic.pbs:1: " + expected.trim()), ex.errors().get(0));
    }
}
