package io.poolbook.gateway.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
final class DemoTest
{
    @Test
    void theDemoRunsItsScriptOverTheGateway() throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new Demo(out, null, true).run();
        final String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(text);

        assertTrue(text.contains("alice < fill SELL 1.000 WETH @ 3000 as MAKER"), text);
        assertTrue(text.contains("bob < fill BUY 1.000 WETH @ 3000 as TAKER"), text);
        assertTrue(text.contains("bob < swap SELL"), text);
        assertTrue(text.contains("NewOrder refused by the gateway: WRONG_ACCOUNT"), text);
        assertTrue(text.contains("== done in"), text);
    }
}
