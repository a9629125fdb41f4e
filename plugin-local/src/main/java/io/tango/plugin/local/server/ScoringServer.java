package io.tango.plugin.local.server;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
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
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
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
import io.tango.api.ModelNotFoundException;
import io.tango.api.TangoException;
import io.tango.api.TangoResponse;
import io.tango.plugin.local.batch.BatcherRegistry;
import io.tango.plugin.local.batch.BatchingSettings;
import io.tango.plugin.local.batch.DynamicBatcher;
import io.tango.toolkit.oip.OipBinaryExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Serves models over HTTP on one port, on Netty, with MLflow's scoring protocol and the Open Inference Protocol:
 * <ul>
 *   <li>{@code GET /ping}, {@code GET /health}: 200 with a body of {@code "\n"};</li>
 *   <li>{@code GET /version}: the plugin's version;</li>
 *   <li>{@code POST /invocations} (the default model) and {@code POST /invocations/<name>}: see {@link ScoringProtocol};
 *       400 with {@code {"error_code": "BAD_REQUEST", "message": …}} for a bad request, 404 for an unknown name, 413
 *       over the size cap, 415 for another content type, 503 when all workers are busy and the queue is full or the
 *       model is unloaded, 500 for a model failure;</li>
 *   <li>{@code /v2…}: OIP's REST API, see {@link OipRest}; its errors are {@code {"error": …}}, 413 included.</li>
 * </ul>
 * Optionally OIP's gRPC service on a second port of the same host ({@link OipGrpcService}), its messages capped at the
 * same request size.
 * Netty's event loop only parses HTTP; predictions run on a fixed pool of workers with a bounded queue, or, with
 * {@link ServingSettings#predictOnEventLoop()}, on the event loop that read the request (batched calls excepted). Models are
 * looked up in the {@link ServedModels} on every request, so their owner can swap, load and unload them without
 * restarting the server. {@link #close()} stops accepting, waits briefly for running requests, and releases every
 * thread. Thread-safe.
 */
public final class ScoringServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScoringServer.class);
    private static final String VERSION = "tango-plugin-local " + version();
    private static final String INVOCATIONS = "/invocations";

    private final String name;
    private final ServedModels models;
    private final OipRest oip;
    private final ServingSettings settings;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ThreadPoolExecutor executor;
    private final BatcherRegistry batchers;
    private final Channel channel;
    private final URI url;
    private final Server grpc;

    private ScoringServer(String name, ServedModels models, ServingSettings settings, int port, OptionalInt grpcPort) {
        this.name = requireNonNull(name, "name is null");
        this.models = requireNonNull(models, "models is null");
        requireNonNull(grpcPort, "grpcPort is null");
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
        this.batchers = new BatcherRegistry(models::batching, models::acquire, executor, settings.workers() + settings.queueSize());
        OipService service = new OipService(models, version(), batchers);
        this.oip = new OipRest(service);
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
        if (grpcPort.isPresent()) {
            try {
                // On the HTTP server's event loops, so close() releases gRPC's threads with its own.
                this.grpc = NettyServerBuilder.forAddress(new InetSocketAddress(settings.host(), grpcPort.getAsInt()))
                        .bossEventLoopGroup(boss)
                        .workerEventLoopGroup(workers)
                        .channelType(NioServerSocketChannel.class)
                        .directExecutor()
                        .maxInboundMessageSize(settings.maxRequestSize())
                        .addService(new OipGrpcService(service, settings.predictOnEventLoop() ? Runnable::run : executor))
                        .build()
                        .start();
            } catch (IOException | RuntimeException e) {
                channel.close().syncUninterruptibly();
                shutdownThreads();
                throw new TangoException("cannot serve '" + name + "' over gRPC on " + settings.host() + ":"
                        + grpcPort.getAsInt() + ": " + e.getMessage(), e);
            }
            log.info("Serving '{}' at {} and over gRPC at {}:{}", name, url, host, grpcPort().orElseThrow());
        } else {
            this.grpc = null;
            log.info("Serving '{}' at {}", name, url);
        }
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
        return start(name, model, BatchingSettings.OFF, settings, port);
    }

    /**
     * Starts a server for one model whose requests are joined into batches.
     *
     * @param name what it serves, for thread names and logs
     * @param model supplies the model to run for each request
     * @param batching how its requests are joined
     * @param settings the serving settings
     * @param port the port; 0 for any free port
     * @return the running server
     * @throws TangoException if the port cannot be bound
     */
    public static ScoringServer start(String name, Supplier<? extends LoadedModel> model, BatchingSettings batching,
            ServingSettings settings, int port) {
        return new ScoringServer(name, new SingleModel(name, model, batching), settings, port, OptionalInt.empty());
    }

    /**
     * Starts a server for several models, each reachable by name ({@code /invocations/<name>},
     * {@code /v2/models/<name>}).
     *
     * @param name what it serves, for thread names and logs
     * @param models the models, looked up on every request
     * @param settings the serving settings
     * @param port the port; 0 for any free port
     * @param grpcPort the port of OIP's gRPC service ({@code GRPCInferenceService}) on the same host, 0 for any free
     *     port; empty for no gRPC
     * @return the running server
     * @throws TangoException if a port cannot be bound
     */
    public static ScoringServer start(String name, ServedModels models, ServingSettings settings, int port, OptionalInt grpcPort) {
        return new ScoringServer(name, models, settings, port, grpcPort);
    }

    /** @return the server's base URL, e.g. {@code http://127.0.0.1:5000} */
    public URI url() {
        return url;
    }

    /** @return the bound port */
    public int port() {
        return url.getPort();
    }

    /** @return the port of OIP's gRPC service, when the server has one */
    public OptionalInt grpcPort() {
        return grpc == null ? OptionalInt.empty() : OptionalInt.of(grpc.getPort());
    }

    /**
     * Closes a model's batcher, if it has one, failing its waiting requests: for a model no longer served here.
     *
     * @param name a model's name
     */
    public void stopBatching(String name) {
        batchers.stop(name);
    }

    /** @return whether the server still accepts connections */
    public boolean isRunning() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        if (grpc != null) {
            grpc.shutdown();
        }
        channel.close().syncUninterruptibly();
        batchers.close();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
            if (grpc != null && !grpc.awaitTermination(5, TimeUnit.SECONDS)) {
                grpc.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        shutdownThreads();
        log.info("Stopped serving '{}' at {}", name, url);
    }

    private void shutdownThreads() {
        batchers.close();
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
                return tooLarge(start);
            }
            return answer;
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            FullHttpResponse response = tooLarge(oversized);
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener((ChannelFutureListener) written -> {
                if (written.isSuccess()) {
                    LingeringClose.start(written.channel());
                } else {
                    written.channel().close();
                }
            });
        }

        private FullHttpResponse tooLarge(HttpMessage request) {
            String message = "the request body is larger than the limit of " + limit + " bytes";
            if (request instanceof HttpRequest http && isOip(new QueryStringDecoder(http.uri()).path())) {
                return OipRest.error(413, message);
            }
            byte[] body = ScoringProtocol.errorBody("REQUEST_LIMIT_EXCEEDED", message);
            return response(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, body, HttpHeaderValues.APPLICATION_JSON);
        }
    }

    private final class ScoringHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            String path = new QueryStringDecoder(request.uri()).path();
            HttpMethod method = request.method();
            if (isOip(path)) {
                if (OipRest.isHealth(path)) {
                    send(ctx, keepAlive, oip.answer(method, path, request.headers(), new byte[0]).join());
                } else {
                    byte[] body = ByteBufUtil.getBytes(request.content());
                    HttpHeaders headers = oipHeaders(request.headers());
                    run(ctx, keepAlive, () -> oip.answer(method, path, headers, body),
                            message -> OipRest.error(503, message));
                }
                return;
            }
            if (path.startsWith(INVOCATIONS + "/") && path.length() > INVOCATIONS.length() + 1) {
                invocations(ctx, keepAlive, request, Optional.of(path.substring(INVOCATIONS.length() + 1)), path);
                return;
            }
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
                case INVOCATIONS -> invocations(ctx, keepAlive, request, Optional.empty(), path);
                default -> sendError(ctx, keepAlive, new ScoringError(404, "ENDPOINT_NOT_FOUND",
                        "no endpoint " + path + "; this server has /ping, /health, /version, /invocations,"
                                + " /invocations/<deployment> and the Open Inference Protocol's /v2…"));
            }
        }

        private void invocations(ChannelHandlerContext ctx, boolean keepAlive, FullHttpRequest request, Optional<String> name,
                String path) {
            if (!request.method().equals(HttpMethod.POST)) {
                methodNotAllowed(ctx, keepAlive, request.method(), path);
                return;
            }
            byte[] body = ByteBufUtil.getBytes(request.content());
            String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
            run(ctx, keepAlive, () -> invoke(name, body, contentType), message -> response(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    ScoringProtocol.errorBody("TEMPORARILY_UNAVAILABLE", message), HttpHeaderValues.APPLICATION_JSON));
        }

        /**
         * Runs a request on the workers (on this event loop when so configured), or answers at once with
         * {@code refusal} when they cannot take it. The work
         * answers at once, or later when its model call was batched; a worker is not held while it waits.
         */
        private void run(ChannelHandlerContext ctx, boolean keepAlive, Supplier<CompletableFuture<FullHttpResponse>> work,
                Function<String, FullHttpResponse> refusal) {
            if (settings.predictOnEventLoop()) {
                reply(ctx, keepAlive, work.get());
                return;
            }
            try {
                executor.execute(() -> reply(ctx, keepAlive, work.get()));
            } catch (RejectedExecutionException e) {
                send(ctx, keepAlive, refusal.apply(executor.isShutdown()
                        ? "the server is shutting down"
                        : "the server is overloaded: " + settings.workers() + " requests are running and "
                                + settings.queueSize() + " waiting; retry later"));
            }
        }

        /**
         * Sends an answer now when it is ready, else when it is. The work maps every error to an answer; should one
         * escape anyway, the connection is closed rather than left waiting.
         */
        private void reply(ChannelHandlerContext ctx, boolean keepAlive, CompletableFuture<FullHttpResponse> answer) {
            if (answer.isDone() && !answer.isCompletedExceptionally()) {
                send(ctx, keepAlive, answer.join());
                return;
            }
            answer.whenComplete((response, error) -> {
                if (error == null) {
                    send(ctx, keepAlive, response);
                } else {
                    log.warn("Answering a request to '{}' failed", name, error);
                    ctx.close();
                }
            });
        }

        private CompletableFuture<FullHttpResponse> invoke(Optional<String> name, byte[] body, String contentType) {
            try {
                String served = name.or(models::defaultName).orElseThrow(() -> new ModelNotFoundException(
                        "this server has no default deployment; POST to /invocations/<deployment>, one of "
                                + models.models().stream().map(ServedModel::name).toList()));
                LoadedModel model = models.acquire(served);
                ScoringRequest scoring = ScoringProtocol.parse(body, contentType, model.descriptor());
                Optional<DynamicBatcher> batcher = batchers.batcher(served);
                if (batcher.isPresent()) {
                    return batcher.get().submit(scoring.request()).handle((answer, error) -> {
                        try {
                            return error == null ? predictions(answer, scoring) : scoringError(name, DynamicBatcher.failure(error));
                        } catch (RuntimeException e) {
                            return scoringError(name, e);
                        }
                    });
                }
                return CompletableFuture.completedFuture(predictions(predict(served, model, scoring), scoring));
            } catch (RuntimeException e) {
                return CompletableFuture.completedFuture(scoringError(name, e));
            }
        }

        private FullHttpResponse predictions(TangoResponse answer, ScoringRequest scoring) {
            return response(HttpResponseStatus.OK, ScoringProtocol.predictions(answer, scoring.format()),
                    HttpHeaderValues.APPLICATION_JSON);
        }

        private FullHttpResponse scoringError(Optional<String> name, RuntimeException e) {
            ScoringError error = ScoringProtocol.error(e);
            if (error.status() >= 500) {
                log.warn("Scoring '{}' failed", name, e);
            }
            return response(HttpResponseStatus.valueOf(error.status()), error.body(), HttpHeaderValues.APPLICATION_JSON);
        }

        private TangoResponse predict(String name, LoadedModel model, ScoringRequest scoring) {
            try {
                return model.predict(scoring.request());
            } catch (IllegalStateException e) {
                // The model was swapped or unloaded and closed between acquire() and predict(): run on its successor.
                LoadedModel current = models.acquire(name);
                if (current == model) {
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

    /**
     * The headers a worker needs to answer an OIP request: only the binary extension's, the one {@link OipRest} reads,
     * rather than a copy of all of them for every request.
     */
    private static HttpHeaders oipHeaders(HttpHeaders headers) {
        String headerLength = headers.get(OipBinaryExtension.HEADER);
        return headerLength == null ? EmptyHttpHeaders.INSTANCE
                : new DefaultHttpHeaders().add(OipBinaryExtension.HEADER, headerLength);
    }

    private static boolean isOip(String path) {
        return path.equals(OipRest.PREFIX) || path.startsWith(OipRest.PREFIX + "/");
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
