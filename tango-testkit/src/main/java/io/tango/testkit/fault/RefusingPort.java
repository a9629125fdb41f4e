package io.tango.testkit.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * A TCP port on 127.0.0.1 that refuses every connection for as long as this object is open.
 *
 * <p>A port found free and then released can be taken by any other process before a test uses it, after which it no
 * longer refuses. This holds a socket bound to the port but never listening: the kernel answers every connection
 * attempt with a reset ({@code ConnectException: Connection refused}) and lets no other socket bind the port until
 * {@link #close()}. Safe for concurrent use.
 */
public final class RefusingPort implements AutoCloseable {
    private final Socket bound;

    private RefusingPort(Socket bound) {
        this.bound = bound;
    }

    /**
     * Binds a port that refuses connections until closed.
     *
     * @return the open port
     * @throws UncheckedIOException if no port can be bound on 127.0.0.1
     */
    public static RefusingPort open() {
        Socket socket = new Socket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new RefusingPort(socket);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot bind a port on 127.0.0.1", e);
        }
    }

    /** @return the port number */
    public int port() {
        return bound.getLocalPort();
    }

    /**
     * @param path the path, starting with {@code /}, or empty
     * @return {@code http://127.0.0.1:<port><path>}
     */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** Releases the port; it may be reused by anyone afterwards. */
    @Override
    public void close() {
        try {
            bound.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release port " + port(), e);
        }
    }

    @Override
    public String toString() {
        return "RefusingPort[" + port() + "]";
    }
}
