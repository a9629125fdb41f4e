package io.tango.plugin.local.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.tango.api.LoadedModel;
import io.tango.api.TangoException;
import io.tango.api.TangoResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Serves one model over HTTP with MLflow's scoring protocol, on Netty:
 * <ul>
 *   <li>{@code GET /ping}, {@code GET /health}: 200 with a body of {@code "\n"};</li>
 *   <li>{@code GET /version}: the plugin's version;</li>
 *   <li>{@code POST /invocations}: see {@link ScoringProtocol}; 400 with {@code {"error_code": "BAD_REQUEST", "message":
 *       …}} for a bad request, 413 over the size cap, 415 for another content type, 503 when all workers are busy and
 *       the queue is full, 500 for a model failure.</li>
 * </ul>
 * Netty's event loop only parses HTTP; predictions run on a fixed pool of workers with a bounded queue. The model is
 * read from a supplier on every request, so its owner can swap it without restarting the server. {@link #close()}
 * stops accepting, waits briefly for running requests, and releases every thread. Thread-safe.
 */
public final class ScoringServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScoringServer.class);
    private static final String VERSION = "tango-plugin-local " + version();

    private final String name;
    private final Supplier<? extends LoadedModel> model;
    private final ServingSettings settings;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ThreadPoolExecutor executor;
    private final Channel channel;
    private final URI url;

    private ScoringServer(String name, Supplier<? extends LoadedModel> model, ServingSettings settings, int port) {
        this.name = requireNonNull(name, "name is null");
        this.model = requireNonNull(model, "model is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("tango-serve-" + name + "-accept", true),
                NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(Math.min(2, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("tango-serve-" + name + "-io", true), NioIoHandler.newFactory());
        AtomicInteger counter = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.MILLISECONDS,
                settings.queueSize() == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(settings.queueSize()),
                runnable -> {
                    Thread thread = new Thread(runnable, "tango-serve-" + name + "-worker-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline()
                                    .addLast(new HttpServerCodec())
                                    .addLast(new CappedAggregator(settings.maxRequestSize()))
                                    .addLast(new ScoringHandler());
                        }
                    });
            this.channel = bootstrap.bind(settings.host(), port).syncUninterruptibly().channel();
        } catch (Exception e) {
            // Netty rethrows a BindException unchecked.
            shutdownThreads();
            throw new TangoException("cannot serve '" + name + "' on " + settings.host() + ":" + port + ": " + e.getMessage(), e);
        }
        int bound = ((InetSocketAddress) channel.localAddress()).getPort();
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        this.url = URI.create("http://" + host + ":" + bound);
        log.info("Serving '{}' at {}", name, url);
    }

    /**
     * Starts a server.
     *
     * @param name what it serves, for thread names and logs
     * @param model supplies the model to run for each request
     * @param settings the serving settings
     * @param port the port; 0 for any free port
     * @return the running server
     * @throws TangoException if the port cannot be bound
     */
    public static ScoringServer start(String name, Supplier<? extends LoadedModel> model, ServingSettings settings, int port) {
        return new ScoringServer(name, model, settings, port);
    }

    /** @return the server's base URL, e.g. {@code http://127.0.0.1:5000} */
    public URI url() {
        return url;
    }

    /** @return the bound port */
    public int port() {
        return url.getPort();
    }

    /** @return whether the server still accepts connections */
    public boolean isRunning() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        shutdownThreads();
        log.info("Stopped serving '{}' at {}", name, url);
    }

    private void shutdownThreads() {
        executor.shutdownNow();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static String version() {
        String version = ScoringServer.class.getPackage().getImplementationVersion();
        return version != null ? version : "development";
    }

    /**
     * Answers an over-large body with MLflow's error shape instead of an empty 413: after a client's
     * {@code Expect: 100-continue} (as curl sends for large bodies) before it sends the body, otherwise once the declared
     * or received length passes the limit, then lingers so the client reads the answer rather than a reset.
     */
    private static final class CappedAggregator extends HttpObjectAggregator {
        private final int limit;

        CappedAggregator(int limit) {
            super(limit);
            this.limit = limit;
        }

        @Override
        protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
            Object answer = super.newContinueResponse(start, maxContentLength, pipeline);
            if (answer instanceof HttpResponse refusal && refusal.status().equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE)) {
                // The client has not sent the body, so the connection stays usable and the aggregator skips its content.
                ReferenceCountUtil.release(answer);
                return tooLarge();
            }
            return answer;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            FullHttpResponse response = tooLarge();
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener((ChannelFutureListener) written -> {
                if (written.isSuccess()) {
                    LingeringClose.start(written.channel());
                } else {
                    written.channel().close();
                }
            });
        }

        private FullHttpResponse tooLarge() {
            byte[] body = ScoringProtocol.errorBody("REQUEST_LIMIT_EXCEEDED",
                    "the request body is larger than the limit of " + limit + " bytes");
            return response(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, body, HttpHeaderValues.APPLICATION_JSON);
        }
    }

    private final class ScoringHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            String path = new QueryStringDecoder(request.uri()).path();
            HttpMethod method = request.method();
            switch (path) {
                case "/ping", "/health" -> {
                    if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
                        send(ctx, keepAlive, response(HttpResponseStatus.OK, "\n".getBytes(StandardCharsets.UTF_8),
                                HttpHeaderValues.APPLICATION_JSON));
                    } else {
                        methodNotAllowed(ctx, keepAlive, method, path);
                    }
                }
                case "/version" -> {
                    if (method.equals(HttpMethod.GET)) {
                        send(ctx, keepAlive, response(HttpResponseStatus.OK, VERSION.getBytes(StandardCharsets.UTF_8),
                                HttpHeaderValues.TEXT_PLAIN));
                    } else {
                        methodNotAllowed(ctx, keepAlive, method, path);
                    }
                }
                case "/invocations" -> {
                    if (method.equals(HttpMethod.POST)) {
                        byte[] body = ByteBufUtil.getBytes(request.content());
                        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
                        try {
                            executor.execute(() -> send(ctx, keepAlive, invoke(body, contentType)));
                        } catch (RejectedExecutionException e) {
                            sendError(ctx, keepAlive, new ScoringError(503, "TEMPORARILY_UNAVAILABLE", executor.isShutdown()
                                    ? "the server is shutting down"
                                    : "the server is overloaded: " + settings.workers() + " requests are running and "
                                            + settings.queueSize() + " waiting; retry later"));
                        }
                    } else {
                        methodNotAllowed(ctx, keepAlive, method, path);
                    }
                }
                default -> sendError(ctx, keepAlive, new ScoringError(404, "ENDPOINT_NOT_FOUND",
                        "no endpoint " + path + "; this server has /ping, /health, /version and /invocations"));
            }
        }

        private FullHttpResponse invoke(byte[] body, String contentType) {
            try {
                LoadedModel served = model.get();
                ScoringRequest scoring = ScoringProtocol.parse(body, contentType, served.descriptor());
                TangoResponse answer = predict(served, scoring);
                return response(HttpResponseStatus.OK, ScoringProtocol.predictions(answer, scoring.format()),
                        HttpHeaderValues.APPLICATION_JSON);
            } catch (RuntimeException e) {
                ScoringError error = ScoringProtocol.error(e);
                if (error.status() >= 500) {
                    log.warn("Scoring '{}' failed", name, e);
                }
                return response(HttpResponseStatus.valueOf(error.status()), error.body(), HttpHeaderValues.APPLICATION_JSON);
            }
        }

        private TangoResponse predict(LoadedModel served, ScoringRequest scoring) {
            try {
                return served.predict(scoring.request());
            } catch (IllegalStateException e) {
                // The model was swapped and closed by an update between get() and predict(): run on its successor.
                LoadedModel current = model.get();
                if (current == served) {
                    throw e;
                }
                return current.predict(scoring.request());
            }
        }

        private void methodNotAllowed(ChannelHandlerContext ctx, boolean keepAlive, HttpMethod method, String path) {
            sendError(ctx, keepAlive, new ScoringError(405, "BAD_REQUEST", "method " + method + " is not allowed on " + path));
        }

        private void sendError(ChannelHandlerContext ctx, boolean keepAlive, ScoringError error) {
            send(ctx, keepAlive, response(HttpResponseStatus.valueOf(error.status()), error.body(), HttpHeaderValues.APPLICATION_JSON));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("Connection to '{}' failed: {}", name, cause.toString());
            ctx.close();
        }
    }

    private static FullHttpResponse response(HttpResponseStatus status, byte[] body, CharSequence contentType) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    private static void send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
