package io.tango.bench.serve;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * The serving ceiling: a Netty HTTP/1.1 server on one event loop (accepting and serving) that answers every request,
 * whatever its method, path and body, {@code 200} with the fixed body {@value #BODY} and keeps the connection alive when
 * the client asks to. No parsing, no model: what any Netty server on this machine can do at most, with the Netty the
 * project ships. {@code bench/run.sh}'s {@code serve} phase loads it with the same wrk load as TANGO.
 */
public final class HelloWorldServerMain implements AutoCloseable {
    /** What every answer carries. */
    public static final String BODY = "{\"ok\":true}";

    private static final ByteBuf CONTENT = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer().writeBytes(BODY.getBytes(StandardCharsets.US_ASCII)).asReadOnly());

    private final EventLoopGroup loop;
    private final Channel channel;

    private HelloWorldServerMain(int port) {
        this.loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("hello-world", true),
                NioIoHandler.newFactory());
        try {
            this.channel = new ServerBootstrap()
                    .group(loop)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new HttpServerCodec(), new Answer());
                        }
                    })
                    .bind("127.0.0.1", port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            loop.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
            throw e;
        }
    }

    /**
     * Starts the server on 127.0.0.1.
     *
     * @param port the port, 0 for any free one
     * @return the running server
     */
    public static HelloWorldServerMain start(int port) {
        return new HelloWorldServerMain(port);
    }

    /** @return the port it listens on */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Stops listening and shuts the event loop down. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        loop.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * Serves until the process is stopped.
     *
     * @param args the port
     * @throws InterruptedException if interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: HelloWorldServerMain <port>");
        }
        HelloWorldServerMain server = start(Integer.parseInt(args[0]));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "hello-world-stop"));
        System.out.println("hello-world server at http://127.0.0.1:" + server.port());
        new CountDownLatch(1).await();
    }

    /** Answers at the end of each request; remembers between the head and the end whether to keep the connection. */
    private static final class Answer extends SimpleChannelInboundHandler<HttpObject> {
        private boolean keepAlive = true;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject message) {
            if (message instanceof HttpRequest request) {
                keepAlive = HttpUtil.isKeepAlive(request);
            }
            if (message instanceof LastHttpContent) {
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        CONTENT.duplicate());
                response.headers()
                        .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, CONTENT.readableBytes());
                if (keepAlive) {
                    ctx.writeAndFlush(response, ctx.voidPromise());
                } else {
                    ctx.writeAndFlush(response).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
                }
            }
        }
    }
}
