package io.poolbook.gateway.websocket;

import io.aeron.Aeron;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.poolbook.client.ClientConfig;
import io.poolbook.gateway.telemetry.NodeLog;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The node's second door: a WebSocket endpoint ({@code /ws}) speaking JSON whose messages and field names are the
 * SBE schema's, and the live web page ({@code /}) that uses it. One Netty event-loop thread does the HTTP and
 * WebSocket I/O and reads each text frame as a {@link JsonRequest}; a {@link WebSocketBridge} thread, an Aeron client
 * of the node over IPC, does the rest. Neither runs on, or waits for, the engine thread.
 *
 * <p>Limits: a fragmented message is joined first; a text message over {@value #MAX_REQUEST_CHARS} characters gets
 * an error and the connection stays; a frame or message over {@value #MAX_FRAME_BYTES} bytes closes it (1009); more
 * than {@link WebSocketBridge#MAX_IN_FLIGHT} requests not yet handled get an error each; binary frames get an error.
 */
public final class WebSocketGateway implements AutoCloseable
{
    /** Path of the WebSocket endpoint. */
    public static final String WEBSOCKET_PATH = "/ws";
    static final int MAX_REQUEST_CHARS = 4096;
    static final int MAX_FRAME_BYTES = 65536;
    private static final int WRITE_LOW_WATER = 256 * 1024;
    private static final int WRITE_HIGH_WATER = 1024 * 1024;
    private static final Map<String, String> PAGE_FILES = Map.of(
        "/index.html", "text/html; charset=utf-8",
        "/app.js", "text/javascript; charset=utf-8",
        "/style.css", "text/css; charset=utf-8");
    private static final String PAGE_RESOURCES = "/io/poolbook/gateway/web";

    private final Aeron aeron;
    private final EventLoopGroup eventLoop;
    private final Channel serverChannel;
    private final AgentRunner bridgeRunner;
    private final WebSocketBridge bridge;
    private final Map<String, byte[]> pages;
    private final NodeLog log;

    private WebSocketGateway(
        final String aeronDir,
        final int ingressStreamId,
        final int marketDataStreamId,
        final String host,
        final int port,
        final NodeLog log)
    {
        this.log = log;
        this.pages = loadPages();
        this.aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir)
            .errorHandler((ex) -> log.error("websocket gateway aeron client", ex)));
        this.bridge = new WebSocketBridge(aeron, ClientConfig.ipc().ingressStreamId(ingressStreamId),
            marketDataStreamId, log);
        this.bridgeRunner = new AgentRunner(
            new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(1)),
            (ex) -> log.error("websocket bridge", ex), null, bridge);
        this.eventLoop = new NioEventLoopGroup(1, new DefaultThreadFactory("ws-io", true));
        try
        {
            serverChannel = new ServerBootstrap()
                .group(eventLoop)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                    new WriteBufferWaterMark(WRITE_LOW_WATER, WRITE_HIGH_WATER))
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    protected void initChannel(final SocketChannel channel)
                    {
                        channel.pipeline()
                            .addLast(new HttpServerCodec())
                            .addLast(new HttpObjectAggregator(MAX_FRAME_BYTES))
                            .addLast(new WebSocketServerProtocolHandler(WEBSOCKET_PATH, null, true, MAX_FRAME_BYTES))
                            .addLast(new WebSocketFrameAggregator(MAX_FRAME_BYTES)) // a fragmented message, whole
                            .addLast(new PageHandler())
                            .addLast(new FrameHandler());
                    }
                })
                .bind(host, port).syncUninterruptibly().channel();
        }
        catch (final Exception ex) // Netty rethrows a failed bind's BindException, a checked one, unchecked
        {
            eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            CloseHelper.quietClose(aeron);
            throw new IllegalStateException("cannot listen for WebSocket on " + host + ":" + port + ": " + ex, ex);
        }
        AgentRunner.startOnThread(bridgeRunner);
        log.info("websocket gateway on http://" + host + ":" + port() + "/ (page) and ws://" + host + ":" + port() +
            WEBSOCKET_PATH + " (JSON), ingress stream " + ingressStreamId + ", feed stream " + marketDataStreamId);
    }

    /**
     * Starts the gateway as an Aeron client of a running node.
     *
     * @param aeronDir           the node's Aeron directory.
     * @param ingressStreamId    the node's IPC ingress stream.
     * @param marketDataStreamId the node's IPC market-data stream.
     * @param host               address to listen on.
     * @param port               port to listen on; 0 picks a free one (see {@link #port()}).
     * @param log                where the gateway says what happens.
     * @return the running gateway.
     */
    public static WebSocketGateway launch(
        final String aeronDir,
        final int ingressStreamId,
        final int marketDataStreamId,
        final String host,
        final int port,
        final NodeLog log)
    {
        return new WebSocketGateway(aeronDir, ingressStreamId, marketDataStreamId, host, port, log);
    }

    /** The port listened on (resolves a port 0). */
    public int port()
    {
        return ((InetSocketAddress)serverChannel.localAddress()).getPort();
    }

    public void close()
    {
        serverChannel.close().syncUninterruptibly();
        eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        CloseHelper.quietClose(bridgeRunner);
        CloseHelper.quietClose(aeron);
        log.info("websocket gateway closed");
    }

    private static Map<String, byte[]> loadPages()
    {
        final java.util.HashMap<String, byte[]> pages = new java.util.HashMap<>();
        for (final String name : PAGE_FILES.keySet())
        {
            try (InputStream in = WebSocketGateway.class.getResourceAsStream(PAGE_RESOURCES + name))
            {
                if (null == in)
                {
                    throw new IllegalStateException("web page file " + PAGE_RESOURCES + name + " is not on the class path");
                }
                pages.put(name, in.readAllBytes());
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        return pages;
    }

    /** Serves the web page's files; anything else is 404, any method but GET 405. */
    private final class PageHandler extends SimpleChannelInboundHandler<FullHttpRequest>
    {
        protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
        {
            final String path = request.uri().split("\\?", 2)[0];
            final String name = "/".equals(path) ? "/index.html" : path;
            final FullHttpResponse response;
            if (!HttpMethod.GET.equals(request.method()))
            {
                response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET\n");
            }
            else if (!pages.containsKey(name))
            {
                response = text(HttpResponseStatus.NOT_FOUND, "no page " + path + "; the page is at / and the " +
                    "WebSocket at " + WEBSOCKET_PATH + "\n");
            }
            else
            {
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(pages.get(name)));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, PAGE_FILES.get(name));
                response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            }
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
            // A connection is kept only if the client asked for it; one that is closed says so, or a client that
            // pools connections sends its next request into a socket being closed and gets no answer.
            final boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            final ChannelFuture written = ctx.writeAndFlush(response);
            if (!keepAlive)
            {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private FullHttpResponse text(final HttpResponseStatus status, final String body)
        {
            final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            return response;
        }
    }

    /** Reads text frames as requests and hands well-formed ones to the bridge. */
    private final class FrameHandler extends SimpleChannelInboundHandler<WebSocketFrame>
    {
        private WebSocketBridge.Connection connection;

        public void userEventTriggered(final ChannelHandlerContext ctx, final Object event) throws Exception
        {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete)
            {
                connection = new WebSocketBridge.Connection(ctx.channel());
                final WebSocketBridge.Connection opened = connection;
                if (!bridge.offer(() -> bridge.opened(opened)))
                {
                    ctx.close();
                }
            }
            super.userEventTriggered(ctx, event);
        }

        public void channelInactive(final ChannelHandlerContext ctx) throws Exception
        {
            final WebSocketBridge.Connection closed = connection;
            if (null != closed)
            {
                while (!bridge.offer(() -> bridge.closed(closed)))
                {
                    Thread.onSpinWait(); // the client's session must be closed; the bridge drains quickly
                }
            }
            super.channelInactive(ctx);
        }

        protected void channelRead0(final ChannelHandlerContext ctx, final WebSocketFrame frame)
        {
            if (!(frame instanceof TextWebSocketFrame))
            {
                reply(ctx, WebSocketBridge.errorJson(null, "binary frames are not read: send JSON text frames"));
                return;
            }
            final String text = ((TextWebSocketFrame)frame).text();
            if (text.length() > MAX_REQUEST_CHARS)
            {
                reply(ctx, WebSocketBridge.errorJson(null, "request of " + text.length() + " characters is longer " +
                    "than the most, " + MAX_REQUEST_CHARS + "; it was not read"));
                return;
            }
            final JsonRequest request = JsonRequest.parse(text);
            if (request.isBad())
            {
                reply(ctx, WebSocketBridge.errorJson(request.requestId, request.problem));
                return;
            }
            final WebSocketBridge.Connection target = connection;
            if (target.inFlight.incrementAndGet() > WebSocketBridge.MAX_IN_FLIGHT)
            {
                target.inFlight.decrementAndGet();
                reply(ctx, WebSocketBridge.errorJson(request.requestId, "too many requests in flight (most " +
                    WebSocketBridge.MAX_IN_FLIGHT + "): this one was dropped; slow down"));
                return;
            }
            if (!bridge.offer(() -> bridge.handle(target, request)))
            {
                target.inFlight.decrementAndGet();
                reply(ctx, WebSocketBridge.errorJson(request.requestId, "the gateway is busy: request dropped"));
            }
        }

        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            if (cause instanceof TooLongFrameException)
            {
                ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG, "a message is at most " +
                    MAX_FRAME_BYTES + " bytes")).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            log.info("websocket " + ctx.channel().remoteAddress() + " closed: " + cause);
            ctx.close();
        }

        private void reply(final ChannelHandlerContext ctx, final String json)
        {
            ctx.writeAndFlush(new TextWebSocketFrame(json));
        }
    }
}
