package io.tango.testkit.python;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ManagedProcess} serving HTTP on a port of 127.0.0.1 that was found free for it, and the port it listens on.
 *
 * <p>A port found free is released before the child process binds it, so another process can take it in between.
 * {@link #start} notices that case — the child exits before it is ready and its log says the address is in use — and
 * starts it again on another free port, {@value #PORT_ATTEMPTS} ports at the most. Any other failure is thrown at once.
 *
 * <pre>{@code
 * ListeningProcess mlflow = ListeningProcess.start(
 *         port -> env.process(List.of(mlflow, "server", "--port", Integer.toString(port))).name("mlflow"),
 *         port -> URI.create("http://127.0.0.1:" + port + "/health"), Duration.ofMinutes(3));
 * }</pre>
 *
 * @param process the running process; close it to stop it
 * @param port the port it listens on
 */
public record ListeningProcess(ManagedProcess process, int port) implements AutoCloseable {

    /** How many ports {@link #start} tries before it gives up. */
    public static final int PORT_ATTEMPTS = 3;

    private static final Logger LOG = LoggerFactory.getLogger(ListeningProcess.class);

    /**
     * What Python's servers (asyncio, uvicorn, aiohttp, gunicorn, http.server) and Triton ("Socket '127.0.0.1:P'
     * already in use") log when their port is taken.
     */
    private static final Pattern ADDRESS_IN_USE = Pattern.compile(
            "address already in use|errno 98|eaddrinuse|connection in use|already in use");

    public ListeningProcess {
        requireNonNull(process, "process is null");
    }

    /**
     * Starts a server on a free port and waits until it answers HTTP 200; on another port if it lost the first.
     *
     * @param onPort the process to start, given the port it must listen on
     * @param readyUrl the URL that answers 200 once the server on that port is ready
     * @param timeout how long each attempt may take to become ready
     * @return the ready server and its port
     * @throws PythonHarnessException if the process fails for any reason but a port taken by another process, or lost
     *     its port {@value #PORT_ATTEMPTS} times (the last failure, with the earlier ones suppressed)
     * @throws NullPointerException if an argument is null
     */
    public static ListeningProcess start(IntFunction<ManagedProcess.Builder> onPort, IntFunction<URI> readyUrl,
            Duration timeout) {
        return start(FreePorts::find, onPort, readyUrl, timeout);
    }

    static ListeningProcess start(IntSupplier ports, IntFunction<ManagedProcess.Builder> onPort,
            IntFunction<URI> readyUrl, Duration timeout) {
        requireNonNull(onPort, "onPort is null");
        requireNonNull(readyUrl, "readyUrl is null");
        requireNonNull(timeout, "timeout is null");
        PythonHarnessException lost = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port = ports.getAsInt();
            ManagedProcess process = onPort.apply(port).start();
            try {
                process.awaitHttpReady(readyUrl.apply(port), timeout);
                return new ListeningProcess(process, port);
            } catch (PythonHarnessException e) {
                if (!lostItsPort(process)) {
                    throw e;
                }
                LOG.warn("Process '{}' lost port {} to another process before binding it (attempt {} of {})",
                        process.name(), port, attempt, PORT_ATTEMPTS);
                if (lost != null) {
                    e.addSuppressed(lost);
                }
                lost = e;
            }
        }
        throw lost;
    }

    static boolean lostItsPort(ManagedProcess process) {
        return ADDRESS_IN_USE.matcher(process.logTail(LogFiles.TAIL_LINES).toLowerCase(Locale.ROOT)).find();
    }

    /** @return {@code http://127.0.0.1:<port>} */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Stops the process and its descendants; see {@link ManagedProcess#close()}. */
    @Override
    public void close() {
        process.close();
    }
}
