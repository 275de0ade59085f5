package io.poolbook.gateway.node;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Headless Chromium driven over its DevTools protocol (a WebSocket, here the JDK's client): opens a page, waits until
 * a JavaScript condition holds in it, reads the rendered DOM and takes a screenshot. Waiting on the page itself,
 * not on a time budget, is what makes the check hold on a loaded machine: the page's data arrives over a WebSocket,
 * which headless Chromium's {@code --virtual-time-budget} does not wait for.
 */
final class HeadlessChromium implements AutoCloseable
{
    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern PAGE_SOCKET = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+/page/[^\"]+)\"");

    private final Process process;
    private final Path output;
    private final JsonWebSocket devTools;
    private int nextId = 1;

    /**
     * Starts Chromium on a page.
     *
     * @param chromium the browser binary.
     * @param profile  an empty folder for its profile; it writes its DevTools port there.
     * @param url      the page.
     */
    HeadlessChromium(final Path chromium, final Path profile, final String url) throws Exception
    {
        output = Files.createTempFile("chromium", ".out");
        process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,720", "--remote-debugging-port=0",
            "--user-data-dir=" + profile.toAbsolutePath(), url)
            .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        final Path portFile = profile.resolve("DevToolsActivePort");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(portFile) || Files.readAllLines(portFile).isEmpty())
        {
            if (!process.isAlive() || System.nanoTime() > deadline)
            {
                close();
                fail("Chromium did not open its DevTools port:\n" + Files.readString(output));
            }
            Thread.sleep(50);
        }
        final String port = Files.readAllLines(portFile).get(0).trim();
        String pageSocket = null;
        while (null == pageSocket)
        {
            final String targets = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            final Matcher matcher = PAGE_SOCKET.matcher(targets);
            if (matcher.find())
            {
                pageSocket = matcher.group(1);
            }
            else if (System.nanoTime() > deadline)
            {
                close();
                fail("Chromium shows no page: " + targets);
            }
            else
            {
                Thread.sleep(50);
            }
        }
        devTools = new JsonWebSocket("chromium devtools", URI.create(pageSocket));
    }

    /** Evaluates a JavaScript expression in the page; returns its value as a string (JSON-decoded). */
    String evaluate(final String expression) throws IOException
    {
        final int id = nextId++;
        devTools.send("{\"id\":" + id + ",\"method\":\"Runtime.evaluate\",\"params\":{\"expression\":" +
            quote(expression) + ",\"returnByValue\":true}}");
        return stringAt(answer(id), "value");
    }

    /**
     * Polls the page until the expression is true; fails with the last answer and the DOM after the timeout. An
     * expression that throws counts as not yet true: until the page has loaded, its elements are not there.
     */
    void awaitTrue(final String what, final String expression, final long timeoutSeconds) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        String answer;
        while (!"true".equals(answer = evaluate("(() => { try { return String(" + expression + "); } " +
            "catch (e) { return 'not yet: ' + e; } })()")))
        {
            if (System.nanoTime() > deadline)
            {
                fail("the page does not show " + what + " in " + timeoutSeconds + " s (last: " + answer + "):\n" +
                    dom());
            }
            Thread.sleep(100);
        }
    }

    /** The rendered DOM as HTML. */
    String dom() throws IOException
    {
        return evaluate("document.documentElement.outerHTML");
    }

    /** Saves a PNG of the page's viewport. */
    void screenshot(final Path file) throws IOException
    {
        final int id = nextId++;
        devTools.send("{\"id\":" + id + ",\"method\":\"Page.captureScreenshot\",\"params\":{\"format\":\"png\"}}");
        Files.write(file, Base64.getDecoder().decode(stringAt(answer(id), "data")));
    }

    private String answer(final int id)
    {
        return devTools.next((json) -> json.startsWith("{\"id\":" + id + ","), "DevTools answer " + id);
    }

    /** The first string, number or boolean value of a field of this name anywhere in the JSON, decoded. */
    private static String stringAt(final String json, final String name) throws IOException
    {
        try (JsonParser parser = JSON.createParser(json))
        {
            JsonToken token;
            while (null != (token = parser.nextToken()))
            {
                if (token == JsonToken.FIELD_NAME && name.equals(parser.currentName()))
                {
                    final JsonToken value = parser.nextToken();
                    if (value.isScalarValue())
                    {
                        return parser.getText();
                    }
                }
            }
        }
        fail("no '" + name + "' in the DevTools answer: " + json);
        return null;
    }

    private static String quote(final String text)
    {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }

    public void close() throws IOException
    {
        if (null != devTools)
        {
            devTools.close();
        }
        process.destroy();
        try
        {
            if (!process.waitFor(5, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(output);
    }
}
