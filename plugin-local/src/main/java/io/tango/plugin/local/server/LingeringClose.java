package io.tango.plugin.local.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Closes a connection whose client may still be sending a request the server has already answered, the way nginx's
 * {@code lingering_close} does: stop writing (the answer is followed by a FIN), then read and discard until the client
 * closes, is silent for {@link #IDLE}, or {@link #LIMIT} has passed.
 *
 * <p>Closing at once would leave the unread request bytes in the socket's receive buffer, and the kernel answers a close
 * with unread data by a TCP reset, which makes the client's kernel drop the answer it has not read yet: a client still
 * uploading an oversized body would see "connection reset" instead of the 413 that tells it why.
 */
final class LingeringClose extends ChannelInboundHandlerAdapter {
    /** How long the client may be silent before the connection is closed. */
    static final Duration IDLE = Duration.ofSeconds(5);
    /** How long a connection may linger at most, however steadily the client sends. */
    static final Duration LIMIT = Duration.ofSeconds(30);

    private LingeringClose() {
    }

    /**
     * Half-closes {@code channel} and discards whatever it still receives until it can be closed. Runs on, and must be
     * called from, the channel's event loop.
     *
     * @param channel a connection whose last answer has been written
     */
    static void start(Channel channel) {
        requireNonNull(channel, "channel is null");
        if (!(channel instanceof SocketChannel socket) || !socket.isActive()) {
            channel.close();
            return;
        }
        // First in the pipeline, so nothing reaches the HTTP codec any more.
        socket.pipeline().addFirst(new LingeringClose());
        socket.pipeline().addFirst(new IdleStateHandler(IDLE.toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        Future<?> limit = socket.eventLoop().schedule(() -> socket.close(), LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        socket.closeFuture().addListener(closed -> limit.cancel(false));
        socket.shutdownOutput().addListener(shutdown -> {
            if (!shutdown.isSuccess()) {
                socket.close();
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
