package io.poolbook.replay.script;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every kind of bad scenario line is refused with {@code source:line: what is wrong}, as a checked
 * {@link ScenarioException}, and nothing of the scenario is returned.
 */
final class ScriptParseErrorTest
{
    private static final String GOOD_LINE = "NewOrder accountId=1 marketId=1 price=100 quantity=10";

    private final ScenarioParser parser = new ScenarioParser(ProtocolSchema.load());

    static Stream<Arguments> badLines()
    {
        return Stream.of(
            arguments("NewOrdr accountId=1", "unknown command 'NewOrdr'; did you mean NewOrder?"),
            arguments("Frobnicate", "unknown command 'Frobnicate'"),
            arguments("accountId=1", "a line starts with the command's name"),
            arguments("Fill inputSequence=1", "Fill (template id 102) is not a command"),
            arguments("L2Update", "L2Update (template id 150) is not a command"),
            arguments("JournalRecordHeader", "not a command"),
            arguments("NewOrder prise=1", "NewOrder has no field 'prise'; did you mean price?"),
            arguments("NewOrder zzz=1", "NewOrder has no field 'zzz'; its fields: accountId, clientOrderId"),
            arguments("NewOrder side=BUYY", "NewOrder.side: 'BUYY' is not a Side; did you mean BUY?; one of BUY, SELL"),
            arguments("NewOrder timeInForce=7", "NewOrder.timeInForce: '7' is not a TimeInForce"),
            arguments("NewOrder accountId=2147483648", "NewOrder.accountId: 2147483648 is out of range for int32 " +
                "(-2147483647..2147483647)"),
            arguments("NewOrder accountId=-2147483648", "out of range for int32"),
            arguments("NewOrder price=9223372036854775808", "NewOrder.price: 9223372036854775808 is out of range for int64"),
            arguments("AddAsset engineScale=255", "AddAsset.engineScale: 255 is out of range for uint8 (0..254)"),
            arguments("AddAsset engineScale=-1", "AddAsset.engineScale: -1 is out of range for uint8"),
            arguments("MassCancel marketId=-2147483648", "MassCancel.marketId: -2147483648 is out of range for int32"),
            arguments("NewOrder price=abc", "NewOrder.price: 'abc' is not an integer"),
            arguments("NewOrder price=1.5", "NewOrder.price: '1.5' is not an integer"),
            arguments("NewOrder price=1__", "NewOrder.price: '1__' is not an integer"),
            arguments("NewOrder price=_1", "NewOrder.price: '_1' is not an integer"),
            arguments("NewOrder price=0x10", "NewOrder.price: '0x10' is not an integer"),
            arguments("NewOrder price=null", "NewOrder.price: is not optional"),
            arguments("NewOrder side=null", "NewOrder.side: 'null' is not a Side"),
            arguments("NewOrder price", "NewOrder: expected field=value, got 'price'"),
            arguments("NewOrder =5", "NewOrder: expected field=value, got '=5'"),
            arguments("NewOrder price=", "NewOrder.price: no value after '='"),
            arguments("NewOrder price=1 price=2", "NewOrder.price is given twice"),
            arguments("NewOrder price=1 PRICE=2", "NewOrder.price is given twice"),
            arguments("NewOrder price.x=1", "NewOrder.price is not a composite and has no member 'x'"),
            arguments("NewOrder price[0].x=1", "NewOrder.price is not a repeating group"),
            arguments("AddAsset symbol=ABCDEFGHIJKLMNOPQ", "AddAsset.symbol: 17 bytes, but it holds 16"),
            arguments("AddAsset symbol=\u20ac", "AddAsset.symbol: '\u20ac' is not US-ASCII text"),
            arguments("AddAsset symbol=\"ETH", "unterminated quote"),
            arguments("AddAsset tokenAddress=c02a", "AddAsset.tokenAddress: 'c02a' is not 0x-hex bytes"),
            arguments("AddAsset tokenAddress=0xZZ", "AddAsset.tokenAddress: '0xZZ' is not 0x-hex bytes"),
            arguments("AddAsset tokenAddress=0xabc", "AddAsset.tokenAddress: '0xabc' has an odd number of hex digits"),
            arguments("AddAsset tokenAddress=0x" + "00".repeat(21), "AddAsset.tokenAddress: 21 bytes, but it holds 20"),
            arguments("@frobnicate 1", "unknown directive '@frobnicate'; directives: @time, @step, @session"),
            arguments("@time", "@time takes one value"),
            arguments("@time 1 2", "@time takes one value"),
            arguments("@time soon", "@time: 'soon' is not a time"),
            arguments("@time -5", "@time: '-5' is not a time"),
            arguments("@time 2025-13-01T00:00:00Z", "@time: '2025-13-01T00:00:00Z' is not a time"),
            arguments("@time 99999999999999999999", "is not a time"),
            arguments("@step 1h", "@step: '1h' is not a duration"),
            arguments("@session x", "@session: 'x' is not a session id"),
            arguments("@session -1", "@session: '-1' is not a session id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLines")
    void badLineIsReportedWithItsLine(final String badLine, final String expectedMessage)
    {
        final String text = "# a scenario with one bad line\n" + GOOD_LINE + "\n\n" + badLine + "\n" + GOOD_LINE + "\n";
        final ScenarioException ex = assertThrows(ScenarioException.class, () -> parser.parse("bad.pbs", text));
        assertEquals(1, ex.errors().size(), ex.getMessage());
        final String error = ex.errors().get(0);
        assertTrue(error.startsWith("bad.pbs:4: "), error);
        assertTrue(error.contains(expectedMessage), () -> "expected '" + expectedMessage + "' in: " + error);
        assertEquals(error, ex.getMessage());
        assertEquals(0, ex.getStackTrace().length, "a user's error, not a bug: no stack trace");
    }

    @Test
    void timeNeverGoesBackwards()
    {
        final ScenarioException ex = assertThrows(ScenarioException.class,
            () -> parser.parse("time.pbs", "@time 5ms\n" + GOOD_LINE + "\n@time 4ms\n"));
        assertEquals(List.of("time.pbs:3: @time: 4000000 ns is before the previous command's time, 5000000 ns; " +
            "time never goes backwards"), ex.errors());
    }

    @Test
    void everyErrorOfEveryLineIsReportedInOrder()
    {
        final String text = String.join("\n",
            GOOD_LINE,
            "NewOrder side=UP price=x",
            GOOD_LINE,
            "Nope",
            "@step forever");
        final ScenarioException ex = assertThrows(ScenarioException.class, () -> parser.parse("many.pbs", text));
        assertEquals(4, ex.errors().size(), ex.getMessage());
        assertTrue(ex.errors().get(0).startsWith("many.pbs:2: NewOrder.side: 'UP'"), ex.errors().get(0));
        assertTrue(ex.errors().get(1).startsWith("many.pbs:2: NewOrder.price: 'x'"), ex.errors().get(1));
        assertTrue(ex.errors().get(2).startsWith("many.pbs:4: unknown command 'Nope'"), ex.errors().get(2));
        assertTrue(ex.errors().get(3).startsWith("many.pbs:5: @step"), ex.errors().get(3));
    }

    @Test
    void stopsAfterTooManyErrors()
    {
        final String text = "Nope\n".repeat(ScenarioParser.MAX_ERRORS * 2);
        final ScenarioException ex = assertThrows(ScenarioException.class, () -> parser.parse("lots.pbs", text));
        assertEquals(ScenarioParser.MAX_ERRORS + 1, ex.errors().size());
        assertEquals("lots.pbs: stopped after " + ScenarioParser.MAX_ERRORS + " errors",
            ex.errors().get(ScenarioParser.MAX_ERRORS));
    }
}
