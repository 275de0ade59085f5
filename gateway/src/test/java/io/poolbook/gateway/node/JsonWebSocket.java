package io.poolbook.gateway.node;


import io.poolbook.client.auth.LogonSignature;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A WebSocket client for tests, the JDK's own ({@code java.net.http}): sends text or binary frames to the gateway
 * and keeps every text frame it receives, in order, for the test to wait on. Answers are read with a regular
 * expression on their JSON (one object, fields as {@code MessageJsonWriter} writes them), enough for tests.
 */
final class JsonWebSocket implements WebSocket.Listener, AutoCloseable
{
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final String name;
    private final List<String> received = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final Consumer<String> onEach;
    private final WebSocket socket;
    private int closeStatus = -1;
    private String closeReason;

    JsonWebSocket(final String name, final int port)
    {
        this(name, port, (json) -> {});
    }

    /**
     * @param onEach called with each whole text frame on the client's thread, as it arrives.
     */
    JsonWebSocket(final String name, final int port, final Consumer<String> onEach)
    {
        this(name, URI.create("ws://127.0.0.1:" + port + "/ws"), onEach);
    }

    /** A client of any WebSocket (the tests also drive Chromium's DevTools with it). */
    JsonWebSocket(final String name, final URI uri)
    {
        this(name, uri, (json) -> {});
    }

    private JsonWebSocket(final String name, final URI uri, final Consumer<String> onEach)
    {
        this.name = name;
        this.onEach = onEach;
        this.socket = HTTP.newWebSocketBuilder()
            .buildAsync(uri, this)
            .orTimeout(10, TimeUnit.SECONDS)
            .join();
    }

    /** Sends one text frame and waits until it is written. */
    JsonWebSocket send(final String text)
    {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
        return this;
    }

    /** Sends one text message in two frames (a continuation), as clients may. */
    JsonWebSocket sendFragmented(final String first, final String rest)
    {
        socket.sendText(first, false).orTimeout(10, TimeUnit.SECONDS).join();
        socket.sendText(rest, true).orTimeout(10, TimeUnit.SECONDS).join();
        return this;
    }

    JsonWebSocket sendBinary(final byte[] bytes)
    {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(10, TimeUnit.SECONDS).join();
        return this;
    }

    /** Logs on with the account's Ed25519 signature over account and nonce, and waits for the answer. */
    String logon(final int accountId, final KeyPair keys, final boolean cancelOnDisconnect)
    {
        final long nonce = System.currentTimeMillis() * 1000 + (System.nanoTime() % 1000);
        final StringBuilder signature = new StringBuilder("0x");
        for (final byte b : LogonSignature.sign(keys.getPrivate(), accountId, nonce))
        {
            signature.append(String.format("%02x", b));
        }
        send("{\"type\":\"Logon\",\"accountId\":" + accountId + ",\"nonce\":" + nonce + ",\"signature\":\"" +
            signature + "\",\"cancelOnDisconnect\":" + cancelOnDisconnect + "}");
        return next((json) -> json.contains("\"type\":\"LogonResponse\""), "LogonResponse");
    }

    /** Waits for, removes and returns the first received frame that matches. */
    synchronized String next(final Predicate<String> match, final String what)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true)
        {
            for (int i = 0; i < received.size(); i++)
            {
                if (match.test(received.get(i)))
                {
                    return received.remove(i);
                }
            }
            final long leftNs = deadline - System.nanoTime();
            if (leftNs <= 0)
            {
                fail(name + ": no " + what + " in 10 s; received " + received);
            }
            waitNs(leftNs);
        }
    }

    /** Waits for the error answer to the request with this {@code requestId}. */
    String errorFor(final String requestId)
    {
        return next((json) -> json.startsWith("{\"type\":\"error\"") &&
            json.contains("\"requestId\":\"" + requestId + "\""), "error for " + requestId);
    }

    /** Waits until the server closes the connection; returns its close status. */
    synchronized int awaitClose()
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (closeStatus < 0)
        {
            final long leftNs = deadline - System.nanoTime();
            if (leftNs <= 0)
            {
                fail(name + ": not closed in 10 s; received " + received);
            }
            waitNs(leftNs);
        }
        return closeStatus;
    }

    synchronized String closeReason()
    {
        return closeReason;
    }

    synchronized boolean isClosed()
    {
        return closeStatus >= 0 || socket.isInputClosed();
    }

    /** The value of a top-level number or string field of one JSON answer, or null. */
    static String field(final String json, final String name)
    {
        final Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\":(\"((?:[^\"\\\\]|\\\\.)*)\"|-?[0-9]+)")
            .matcher(json);
        if (!matcher.find())
        {
            return null;
        }
        return null != matcher.group(2) ? matcher.group(2).replace("\\\"", "\"").replace("\\\\", "\\") :
            matcher.group(1);
    }

    static boolean isType(final String json, final String type)
    {
        return json.startsWith("{\"type\":\"" + type + "\"");
    }

    private void waitNs(final long ns)
    {
        try
        {
            wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(ns)));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            fail(name + ": interrupted");
        }
    }

    public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
    {
        partial.append(data);
        if (last)
        {
            final String json = partial.toString();
            partial.setLength(0);
            onEach.accept(json);
            synchronized (this)
            {
                received.add(json);
                notifyAll();
            }
        }
        webSocket.request(1);
        return null;
    }

    public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
    {
        synchronized (this)
        {
            closeStatus = statusCode;
            closeReason = reason;
            notifyAll();
        }
        return null;
    }

    public void onError(final WebSocket webSocket, final Throwable error)
    {
        synchronized (this)
        {
            closeStatus = 1006;
            closeReason = String.valueOf(error);
            notifyAll();
        }
    }

    public void close()
    {
        if (!socket.isOutputClosed())
        {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").completeOnTimeout(null, 2, TimeUnit.SECONDS)
                .exceptionally((ex) -> null).join();
        }
        socket.abort();
    }
}
