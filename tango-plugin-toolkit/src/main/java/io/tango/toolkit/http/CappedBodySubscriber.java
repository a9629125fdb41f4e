package io.tango.toolkit.http;

import io.tango.api.TangoException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Reads an answer's body into a file or into memory, at most {@code maxBytes}: one byte more cancels the answer and
 * fails it with the caller's typed error, so an oversized answer is never read whole. The body completes only when its
 * last byte is in, so a timeout on the answer covers the whole body (a server dripping bytes cannot hold a call open).
 *
 * <p>A file is created new ({@link StandardOpenOption#CREATE_NEW}, never following a symbolic link) or, on a retried
 * attempt, the same subscriber's file truncated. {@link #close()} releases the file whatever happened to the answer.
 *
 * @param <T> what the body becomes
 */
public final class CappedBodySubscriber<T> implements HttpResponse.BodySubscriber<T>, AutoCloseable {
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final long maxBytes;
    private final Supplier<TangoException> tooLarge;
    private final Sink<T> sink;
    private Flow.Subscription subscription;
    private long received;

    private interface Sink<T> {
        void write(ByteBuffer buffer) throws IOException;

        T finish() throws IOException;

        void close();
    }

    private CappedBodySubscriber(long maxBytes, Supplier<TangoException> tooLarge, Sink<T> sink) {
        this.maxBytes = maxBytes;
        this.tooLarge = requireNonNull(tooLarge, "tooLarge is null");
        this.sink = sink;
    }

    /**
     * @param maxBytes the most bytes to keep
     * @param tooLarge the error when the body is longer
     * @return a subscriber collecting the body in memory
     */
    public static CappedBodySubscriber<byte[]> toBytes(long maxBytes, Supplier<TangoException> tooLarge) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WritableByteChannel channel = Channels.newChannel(bytes);
        return new CappedBodySubscriber<>(maxBytes, tooLarge, new Sink<>() {
            @Override
            public void write(ByteBuffer buffer) throws IOException {
                channel.write(buffer);
            }

            @Override
            public byte[] finish() {
                return bytes.toByteArray();
            }

            @Override
            public void close() {}
        });
    }

    /**
     * @param file the file to create (it must not exist, and is never a symbolic link followed)
     * @param maxBytes the most bytes to write
     * @param tooLarge the error when the body is longer
     * @return a subscriber writing the body into {@code file}, completing with the number of bytes written
     * @throws IOException if the file cannot be created
     */
    public static CappedBodySubscriber<Long> toFile(Path file, long maxBytes, Supplier<TangoException> tooLarge)
            throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        long[] written = {0};
        return new CappedBodySubscriber<>(maxBytes, tooLarge, new Sink<>() {
            @Override
            public void write(ByteBuffer buffer) throws IOException {
                while (buffer.hasRemaining()) {
                    written[0] += channel.write(buffer);
                }
            }

            @Override
            public Long finish() throws IOException {
                channel.force(false);
                channel.close();
                return written[0];
            }

            @Override
            public void close() {
                try {
                    channel.close();
                } catch (IOException e) {
                    // closing after a failure: nothing left to do
                }
            }
        });
    }

    @Override
    public CompletionStage<T> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        this.subscription = newSubscription;
        if (result.isDone()) {
            newSubscription.cancel();
        } else {
            newSubscription.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        try {
            for (ByteBuffer buffer : buffers) {
                received += buffer.remaining();
                if (received > maxBytes) {
                    subscription.cancel();
                    sink.close();
                    result.completeExceptionally(tooLarge.get());
                    return;
                }
                sink.write(buffer);
            }
            subscription.request(1);
        } catch (IOException | RuntimeException e) {
            subscription.cancel();
            sink.close();
            result.completeExceptionally(e instanceof IOException io
                    ? new TangoException("cannot write the answer: " + io, io) : e);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        sink.close();
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        try {
            result.complete(sink.finish());
        } catch (IOException e) {
            sink.close();
            result.completeExceptionally(new TangoException("cannot write the answer: " + e, e));
        }
    }

    /** Releases the file, if the answer did not. Idempotent. */
    @Override
    public void close() {
        sink.close();
    }
}
