package io.tango.testkit.python;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ManagedProcess} that listens on two ports of 127.0.0.1 found free for it: an HTTP port, awaited with an
 * HTTP 200 on a ready URL, and a second port (such as gRPC) awaited until it accepts connections.
 *
 * <p>Like {@link ListeningProcess#start}, {@link #start} starts the process again on two other free ports when it lost
 * one of them to another process before binding it ({@value ListeningProcess#PORT_ATTEMPTS} attempts at the most);
 * any other failure is thrown at once.
 *
 * @param process the running process; close it to stop it
 * @param httpPort the port that answers HTTP
 * @param grpcPort the second port, normally gRPC
 */
public record TwoPortProcess(ManagedProcess process, int httpPort, int grpcPort) implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TwoPortProcess.class);

    public TwoPortProcess {
        requireNonNull(process, "process is null");
    }

    /** Starts a process given its two ports. */
    @FunctionalInterface
    public interface Launcher {
        /**
         * @param httpPort the HTTP port the process must listen on
         * @param grpcPort the second port it must listen on
         * @return the process to start
         */
        ManagedProcess.Builder onPorts(int httpPort, int grpcPort);
    }

    /**
     * Starts a process on two free ports and waits until its HTTP port answers 200 at the ready URL and its second
     * port accepts connections.
     *
     * @param launcher the process to start, given its ports
     * @param readyUrl the URL that answers 200 once the server on that HTTP port is ready
     * @param timeout how long each attempt may take to become ready (the two waits share it)
     * @return the ready process and its ports
     * @throws PythonHarnessException if the process fails for any reason but a port taken by another process, or lost
     *     a port {@value ListeningProcess#PORT_ATTEMPTS} times
     * @throws NullPointerException if an argument is null
     */
    public static TwoPortProcess start(Launcher launcher, IntFunction<URI> readyUrl, Duration timeout) {
        return start(FreePorts::find, launcher, readyUrl, timeout);
    }

    static TwoPortProcess start(IntSupplier ports, Launcher launcher, IntFunction<URI> readyUrl, Duration timeout) {
        requireNonNull(launcher, "launcher is null");
        requireNonNull(readyUrl, "readyUrl is null");
        requireNonNull(timeout, "timeout is null");
        PythonHarnessException lost = null;
        for (int attempt = 1; attempt <= ListeningProcess.PORT_ATTEMPTS; attempt++) {
            int httpPort = ports.getAsInt();
            int grpcPort = ports.getAsInt();
            while (grpcPort == httpPort) {
                grpcPort = ports.getAsInt();
            }
            ManagedProcess process = launcher.onPorts(httpPort, grpcPort).start();
            long start = System.nanoTime();
            try {
                process.awaitHttpReady(readyUrl.apply(httpPort), timeout);
                process.awaitPortOpen(grpcPort, timeout.minusNanos(System.nanoTime() - start));
                return new TwoPortProcess(process, httpPort, grpcPort);
            } catch (PythonHarnessException e) {
                if (!ListeningProcess.lostItsPort(process)) {
                    throw e;
                }
                LOG.warn("Process '{}' lost port {} or {} to another process before binding it (attempt {} of {})",
                        process.name(), httpPort, grpcPort, attempt, ListeningProcess.PORT_ATTEMPTS);
                if (lost != null) {
                    e.addSuppressed(lost);
                }
                lost = e;
            }
        }
        throw lost;
    }

    /** @return {@code http://127.0.0.1:<httpPort>} */
    public URI url() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    /** @return {@code 127.0.0.1:<grpcPort>}, a gRPC target */
    public String grpcTarget() {
        return "127.0.0.1:" + grpcPort;
    }

    /** Stops the process and its descendants; see {@link ManagedProcess#close()}. */
    @Override
    public void close() {
        process.close();
    }
}
