package io.poolbook.gateway.node;

import io.poolbook.gateway.telemetry.NodeLog;
import io.poolbook.gateway.testkit.TestNode;
import io.poolbook.gateway.websocket.WebSocketGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.poolbook.gateway.node.JsonWebSocket.field;
import static io.poolbook.gateway.node.JsonWebSocket.isType;
import static io.poolbook.gateway.testkit.Market.MARKET;
import static io.poolbook.gateway.node.WebSocketGatewayTest.ALICE;
import static io.poolbook.gateway.node.WebSocketGatewayTest.ALICE_KEYS;
import static io.poolbook.gateway.node.WebSocketGatewayTest.BOB;
import static io.poolbook.gateway.node.WebSocketGatewayTest.BOB_KEYS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The WebSocket gateway's answers to bad input, floods and oversize frames, and its durability, through its public
 * interface (a WebSocket, here the JDK's client): each bad request gets one error that names the problem, the
 * connection stays where that is safe, and other connections and the node carry on.
 */
@Timeout(120)
final class WebSocketRequestsTest
{
    private static final String ORDER = "\"marketId\":" + MARKET +
        ",\"side\":\"BUY\",\"orderType\":\"LIMIT\",\"timeInForce\":\"GTC\",\"price\":90,\"quantity\":1";

    @TempDir
    Path root;

    @Test
    void everyKindOfBadInputGetsItsOwnErrorAndTheConnectionStays() throws Exception
    {
        try (TestNode node = TestNode.launch(root);
            WebSocketGateway gateway = WebSocketGatewayTest.launchGateway(node);
            JsonWebSocket alice = new JsonWebSocket("alice", gateway.port()))
        {
            WebSocketGatewayTest.setUp(node);

            alice.sendBinary(new byte[]{ 1, 2, 3 });
            assertError(alice.next((j) -> isType(j, "error"), "error for a binary frame"), "binary frames are not read");
            alice.send("[1,2]");
            assertError(alice.next((j) -> isType(j, "error"), "error for an array"), "a request is one JSON object");
            alice.send("{\"type\":\"ping\"}{\"type\":\"ping\"}");
            assertError(alice.next((j) -> isType(j, "error"), "error for two objects"), "one JSON object per frame");
            alice.send("{\"type\":\"NewOrder\",");
            assertError(alice.next((j) -> isType(j, "error"), "error for cut JSON"), "malformed JSON");
            alice.send("{\"requestId\":\"t\",\"type\":5}");
            assertError(alice.errorFor("t"), "\"type\" must be a string");
            alice.send("{\"requestId\":\"nt\",\"marketId\":1}");
            assertError(alice.errorFor("nt"), "no \"type\"");
            alice.send("{\"requestId\":[1],\"type\":\"ping\"}");
            assertError(alice.next((j) -> isType(j, "error"), "error for a bad requestId"),
                "\"requestId\" must be a string or an integer");
            alice.send("{\"requestId\":\"deep\",\"type\":\"NewOrder\",\"a\":" + "{\"b\":".repeat(9) + "1" +
                "}".repeat(9) + "}");
            assertError(alice.errorFor("deep"), "nesting depth");
            alice.send("{\"type\":\"subscribe\",\"requestId\":\"s1\",\"marketId\":\"one\"}");
            assertError(alice.errorFor("s1"), "subscribe needs \"marketId\": an integer");
            alice.send("{\"type\":\"subscribe\",\"requestId\":\"s2\",\"marketId\":1,\"depth\":5}");
            assertError(alice.errorFor("s2"), "subscribe takes only \"marketId\"");
            alice.send("{\"type\":\"NewOrder\",\"requestId\":\"early\"," + ORDER + "}");
            assertError(alice.errorFor("early"), "log on first");
            alice.send("x".repeat(5000));
            assertError(alice.next((j) -> isType(j, "error"), "error for 5000 characters"),
                "request of 5000 characters is longer than the most, 4096");

            alice.send("{\"type\":\"Logon\",\"requestId\":\"gw\",\"accountId\":1,\"responseChannel\":\"aeron:ipc\"}");
            assertError(alice.errorFor("gw"), "Logon.responseChannel is set by the WebSocket gateway");
            alice.send("{\"type\":\"Logon\",\"requestId\":\"sig\",\"accountId\":1,\"nonce\":1,\"signature\":\"0x" +
                "00".repeat(64) + "\"}");
            final String badSignature = alice.next((j) -> isType(j, "LogonResponse"), "LogonResponse to a bad signature");
            assertEquals("REJECTED", field(badSignature, "status"), badSignature);
            final String logon = alice.logon(ALICE, ALICE_KEYS, false);
            assertEquals("ACCEPTED", field(logon, "status"), "a refused logon may be tried again: " + logon);
            alice.send("{\"type\":\"Logon\",\"requestId\":\"again\",\"accountId\":2,\"nonce\":1}");
            assertError(alice.errorFor("again"), "already logged on as account 1");

            // The encoder's words, from the schema: unknown field, wrong type, range, enum, an answer's type.
            alice.send("{\"type\":\"NewOrder\",\"requestId\":\"u\"," + ORDER + ",\"colour\":\"red\"}");
            assertError(alice.errorFor("u"), "NewOrder has no field 'colour'");
            alice.send("{\"type\":\"Swap\",\"requestId\":\"w\",\"marketId\":1,\"side\":\"BUY\",\"amountIn\":\"lots\"}");
            assertError(alice.errorFor("w"), "Swap.amountIn: 'lots' is not an integer");
            alice.send("{\"type\":\"NewOrder\",\"requestId\":\"f\"," + ORDER.replace("\"quantity\":1", "\"quantity\":1.5") +
                "}");
            assertError(alice.errorFor("f"), "NewOrder.quantity: '1.5' is not an integer");
            alice.send("{\"type\":\"NewOrder\",\"requestId\":\"b\"," + ORDER.replace("\"price\":90", "\"price\":true") +
                "}");
            assertError(alice.errorFor("b"), "NewOrder.price: 'TRUE' is not an integer");
            alice.send("{\"type\":\"NewOrder\",\"requestId\":\"r\"," +
                ORDER.replace("\"marketId\":" + MARKET, "\"marketId\":99999999999") + "}");
            assertError(alice.errorFor("r"), "is out of range for");
            alice.send("{\"type\":\"NewOrder\",\"requestId\":\"e\"," + ORDER.replace("BUY", "UP") + "}");
            assertError(alice.errorFor("e"), "NewOrder.side: 'UP' is not a Side");
            alice.send("{\"type\":\"NewOrder\",\"requestId\":\"o\"," + ORDER.replace("\"price\":90", "\"price\":{\"x\":1}") +
                "}");
            assertError(alice.errorFor("o"), "price");
            alice.send("{\"type\":\"OrderAccepted\",\"requestId\":\"a\",\"marketId\":1}");
            assertError(alice.errorFor("a"), "OrderAccepted is sent by the node or the gateway, not a request");
            alice.send("{\"type\":\"Heartbeat\",\"requestId\":\"h\"}");
            assertError(alice.errorFor("h"), "not a request");

            // The node's own rules apply as to an SBE session: another account's command is refused before the engine.
            alice.send("{\"type\":\"NewOrder\",\"clientOrderId\":41,\"accountId\":" + BOB + "," + ORDER + "}");
            final String wrongAccount = alice.next((j) -> isType(j, "SessionReject"), "SessionReject for bob's account");
            assertEquals("WRONG_ACCOUNT", field(wrongAccount, "reason"), wrongAccount);
            assertEquals("41", field(wrongAccount, "clientId"), wrongAccount);

            alice.sendFragmented("{\"type\":\"pi", "ng\",\"requestId\":\"fragments\"}");
            alice.next((j) -> isType(j, "pong") && "fragments".equals(field(j, "requestId")), "pong to a fragmented ping");
            alice.send("{\"type\":\"ping\",\"requestId\":\"p\"}");
            alice.next((j) -> isType(j, "pong") && "p".equals(field(j, "requestId")), "pong after the bad input");
            alice.send("{\"type\":\"NewOrder\",\"clientOrderId\":42," + ORDER + "}");
            final String accepted = alice.next((j) -> isType(j, "OrderAccepted"), "OrderAccepted after the bad input");
            assertEquals("42", field(accepted, "clientOrderId"), accepted);
            assertFalse(alice.isClosed(), "the connection stays open after every bad request");
        }
    }

    @Test
    void aMessageOver64KiBClosesOnlyItsOwnConnection() throws Exception
    {
        try (TestNode node = TestNode.launch(root);
            WebSocketGateway gateway = WebSocketGatewayTest.launchGateway(node);
            JsonWebSocket alice = new JsonWebSocket("alice", gateway.port());
            JsonWebSocket bob = new JsonWebSocket("bob", gateway.port()))
        {
            WebSocketGatewayTest.setUp(node);
            assertEquals("ACCEPTED", field(bob.logon(BOB, BOB_KEYS, true), "status"));
            alice.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
            assertEquals(1009, alice.awaitClose(), "a frame over 64 KiB closes with 1009 (message too big): " +
                alice.closeReason());

            bob.send("{\"type\":\"NewOrder\",\"clientOrderId\":7," + ORDER + "}");
            assertEquals("7", field(bob.next((j) -> isType(j, "OrderAccepted"), "bob's OrderAccepted"), "clientOrderId"));
            try (JsonWebSocket again = new JsonWebSocket("alice again", gateway.port()))
            {
                assertEquals("ACCEPTED", field(again.logon(ALICE, ALICE_KEYS, false), "status"),
                    "the gateway takes new connections after closing one");
            }
        }
    }

    @Test
    void aFloodGetsOneAnswerPerRequestAnsweredOnlyOnceDurableAndOthersCarryOn() throws Exception
    {
        final int flood = 1000;
        final NodeConfig config = TestNode.config(root).rateLimit(50).rateBurst(100);
        try (TestNode node = TestNode.launch(config);
            WebSocketGateway gateway = WebSocketGatewayTest.launchGateway(node))
        {
            WebSocketGatewayTest.setUp(node);
            // Each engine answer's input sequence against the node's durable sequence the moment it arrives.
            final ConcurrentLinkedQueue<String> notDurable = new ConcurrentLinkedQueue<>();
            final Set<String> engineEvents = Set.of("OrderAccepted", "BalanceChanged", "CommandRejected", "Fill");
            try (JsonWebSocket flooder = new JsonWebSocket("flooder", gateway.port(), (json) ->
                {
                    final String type = field(json, "type");
                    if (engineEvents.contains(type))
                    {
                        final long durable = node.node.durableSequence();
                        if (Long.parseLong(field(json, "inputSequence")) > durable)
                        {
                            notDurable.add(json + " arrived with the durable sequence at " + durable);
                        }
                    }
                });
                JsonWebSocket calm = new JsonWebSocket("calm", gateway.port()))
            {
                assertEquals("ACCEPTED", field(flooder.logon(ALICE, ALICE_KEYS, true), "status"));
                assertEquals("ACCEPTED", field(calm.logon(BOB, BOB_KEYS, true), "status"));

                for (int i = 1; i <= flood; i++)
                {
                    flooder.send("{\"type\":\"NewOrder\",\"requestId\":" + i + ",\"clientOrderId\":" + i + "," + ORDER +
                        "}");
                }
                calm.send("{\"type\":\"NewOrder\",\"clientOrderId\":5000," + ORDER.replace("BUY", "SELL")
                    .replace("\"price\":90", "\"price\":200") + "}");
                assertEquals("5000", field(calm.next((j) -> isType(j, "OrderAccepted"), "the calm trader's answer"),
                    "clientOrderId"), "another trader is not affected by the flood");

                final Map<String, Integer> outcomes = new HashMap<>();
                final Set<String> answered = new HashSet<>();
                while (answered.size() < flood)
                {
                    final String answer = flooder.next((j) -> isType(j, "OrderAccepted") || isType(j, "SessionReject") ||
                        (isType(j, "error") && null != field(j, "requestId")), "an answer for each of the " + flood +
                        " orders (" + answered.size() + " so far, " + outcomes + ")");
                    final String id = isType(answer, "error") ? field(answer, "requestId") :
                        isType(answer, "OrderAccepted") ? field(answer, "clientOrderId") : field(answer, "clientId");
                    assertTrue(answered.add(id), "a second answer for order " + id + ": " + answer);
                    final String outcome = isType(answer, "SessionReject") ? "SessionReject " + field(answer, "reason") :
                        isType(answer, "error") ? "error " + field(answer, "message").replaceAll(" \\(.*", "") :
                        field(answer, "type");
                    outcomes.merge(outcome, 1, Integer::sum);
                }
                System.out.println("flood of " + flood + " orders: " + outcomes);
                for (final String outcome : outcomes.keySet())
                {
                    assertTrue(List.of("OrderAccepted", "SessionReject RATE_LIMITED", "error too many requests in flight",
                        "error the gateway is busy: request dropped").contains(outcome), "unexpected: " + outcomes);
                }
                assertTrue(outcomes.getOrDefault("OrderAccepted", 0) >= 50, "the burst is taken: " + outcomes);
                assertTrue(outcomes.getOrDefault("OrderAccepted", 0) < flood, "the flood is refused in part: " + outcomes);

                flooder.send("{\"type\":\"ping\",\"requestId\":\"after\"}");
                flooder.next((j) -> isType(j, "pong"), "pong after the flood");
                assertFalse(flooder.isClosed(), "the flooder's connection stays");
                assertTrue(notDurable.isEmpty(), "answers before their input was durable: " + notDurable);
            }
        }
    }

    @Test
    void thePageIsServedOtherPathsAndMethodsAreRefusedAndATakenPortIsNamed() throws Exception
    {
        try (TestNode node = TestNode.launch(root);
            WebSocketGateway gateway = WebSocketGatewayTest.launchGateway(node))
        {
            final HttpClient http = HttpClient.newHttpClient();
            final String base = "http://127.0.0.1:" + gateway.port();
            final HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/?market=1")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"), page.headers().toString());
            assertTrue(page.body().contains("app.js"), page.body());
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/app.js")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());

            final HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(base + "/secret")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(404, missing.statusCode());
            assertTrue(missing.body().contains("no page /secret"), missing.body());
            final HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());

            final IllegalStateException taken = assertThrows(IllegalStateException.class, () -> WebSocketGateway.launch(
                node.config.aeronDir(), node.config.ingressStreamId(), node.config.marketDataStreamId(), "127.0.0.1",
                gateway.port(), NodeLog.stdout()));
            assertTrue(taken.getMessage().contains("cannot listen for WebSocket on 127.0.0.1:" + gateway.port()),
                taken.getMessage());
            try (JsonWebSocket still = new JsonWebSocket("still", gateway.port()))
            {
                still.send("{\"type\":\"ping\",\"requestId\":1}");
                still.next((j) -> isType(j, "pong"), "pong from the first gateway");
            }
        }
    }

    @Test
    void aKeptConnectionAnswersEveryRequestAndOneToBeClosedSaysSo() throws Exception
    {
        try (TestNode node = TestNode.launch(root);
            WebSocketGateway gateway = WebSocketGatewayTest.launchGateway(node);
            Socket socket = new Socket("127.0.0.1", gateway.port()))
        {
            socket.setSoTimeout(10_000);
            final OutputStream out = socket.getOutputStream();
            final InputStream in = socket.getInputStream();
            out.write(("GET /app.js HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final String first = readResponse(in);
            assertTrue(first.startsWith("HTTP/1.1 200"), first);
            assertFalse(first.toLowerCase(Locale.ROOT).contains("connection: close"), first);

            out.write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final String second = readResponse(in);
            assertTrue(second.startsWith("HTTP/1.1 405"), "the second request on the kept connection: " + second);

            out.write(("GET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final String third = readResponse(in);
            assertTrue(third.startsWith("HTTP/1.1 404"), third);
            assertTrue(third.toLowerCase(Locale.ROOT).contains("connection: close"), third);
            assertEquals(-1, in.read(), "the server closes the connection it said it would close");
        }
    }

    /** One HTTP response: status line, headers and a Content-Length body. */
    private static String readResponse(final InputStream in) throws IOException
    {
        final StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0)
        {
            final int b = in.read();
            if (b < 0)
            {
                fail("the connection closed after: '" + head + "'");
            }
            head.append((char)b);
        }
        final Matcher length = Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(head);
        assertTrue(length.find(), head.toString());
        final byte[] body = in.readNBytes(Integer.parseInt(length.group(1)));
        return head + new String(body, StandardCharsets.UTF_8);
    }

    private static void assertError(final String json, final String expected)
    {
        assertTrue(isType(json, "error"), json);
        assertTrue(field(json, "message").contains(expected), "error '" + field(json, "message") + "' does not say '" +
            expected + "'");
    }
}
