package io.tango.testkit.python;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * Finds TCP ports on 127.0.0.1 that are free at the time of the call.
 *
 * <p>The port is released before it is returned, so another process could take it before the server under test binds
 * it; the kernel hands out ephemeral ports in sequence, which makes that rare, and {@link ListeningProcess#start}
 * starts a server again on another port when it happens. A port that must refuse connections is a
 * {@link io.tango.testkit.fault.RefusingPort}, held while it is used. Stateless; safe for concurrent use.
 */
public final class FreePorts {

    private static final InetAddress LOOPBACK;

    static {
        try {
            LOOPBACK = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private FreePorts() {
    }

    /**
     * Returns a TCP port on 127.0.0.1 that was free when this method bound it.
     *
     * @return a port number between 1 and 65535
     * @throws UncheckedIOException if no port can be bound
     */
    public static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a free port on 127.0.0.1", e);
        }
    }

    /**
     * Tells whether a TCP port on 127.0.0.1 can be bound right now.
     *
     * @param port the port number
     * @return {@code true} if a server socket could bind it
     * @throws IllegalArgumentException if {@code port} is not between 1 and 65535
     */
    public static boolean isFree(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        try (ServerSocket socket = new ServerSocket(port, 1, LOOPBACK)) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
