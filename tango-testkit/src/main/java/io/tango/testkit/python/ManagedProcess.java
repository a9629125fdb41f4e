package io.tango.testkit.python;

import static java.util.Objects.requireNonNull;

import io.tango.toolkit.process.ProcessTrees;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-running child process, typically a Python server listening on 127.0.0.1, whose standard output and standard
 * error go to a log file, and which is stopped together with all its descendants by {@link #close()}.
 *
 * <p>Typical use in a test:
 *
 * <pre>{@code
 * try (ManagedProcess server = env.process(List.of(env.bin("python").toString(), "worker.py")).name("worker").start()) {
 *     server.awaitHttpReady(URI.create("http://127.0.0.1:8080/ready"), Duration.ofMinutes(2));
 *     ...
 * }
 * }</pre>
 *
 * <p>A server that listens on a port found free is best started with {@link ListeningProcess#start}, which starts it
 * again on another port if another process took the first one in between.
 *
 * <p>A JVM shutdown hook stops the process if the JVM exits before {@link #close()} is called. Instances are safe for
 * use by several threads; {@link #close()} is idempotent.
 */
public final class ManagedProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedProcess.class);

    /** How long {@link #close()} waits after SIGTERM before it kills the process tree. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private static final Duration FIRST_POLL_INTERVAL = Duration.ofMillis(50);
    private static final Duration MAX_POLL_INTERVAL = Duration.ofMillis(500);
    private static final Duration MAX_REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final List<String> command;
    private final Process process;
    private final Path logFile;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ManagedProcess(String name, List<String> command, Process process, Path logFile) {
        this.name = name;
        this.command = command;
        this.process = process;
        this.logFile = logFile;
        this.shutdownHook = new Thread(() -> ProcessTrees.stopRootFirst(process.toHandle(), Duration.ofSeconds(2)),
                "tango-stop-" + name + "-" + process.pid());
    }

    /**
     * Starts describing a process to run.
     *
     * @param command the executable and its arguments; the executable is looked up on the {@code PATH} of this JVM
     *     unless it is a path
     * @return a new builder
     * @throws NullPointerException if {@code command} or one of its elements is null
     * @throws IllegalArgumentException if {@code command} is empty
     */
    public static Builder builder(List<String> command) {
        return new Builder(command);
    }

    /**
     * Polls {@code url} with HTTP GET until it answers 200, and returns then.
     *
     * <p>Between attempts it waits on the process's exit (not on a sleep), so a process that dies is noticed at once.
     * If the process exits, or {@code timeout} passes first, the process is {@linkplain #close() stopped} and an
     * exception is thrown whose message has the last lines of the log.
     *
     * @param url the URL to poll, normally on 127.0.0.1
     * @param timeout how long to wait in total
     * @throws PythonHarnessException if the process exits or the timeout passes before a 200 answer, or if this
     *     process was already closed
     * @throws NullPointerException if an argument is null
     */
    public void awaitHttpReady(URI url, Duration timeout) {
        requireNonNull(url, "url is null");
        requireNonNull(timeout, "timeout is null");
        if (closed.get()) {
            throw new PythonHarnessException("process '" + name + "' (pid " + pid() + ") was already closed");
        }
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(MAX_REQUEST_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        Duration interval = FIRST_POLL_INTERVAL;
        String lastAttempt = "no attempt made";
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            if (!process.isAlive()) {
                failBecauseExited(url);
            }
            Duration requestTimeout = min(MAX_REQUEST_TIMEOUT, Duration.ofNanos(remaining));
            try {
                HttpResponse<Void> response = client.send(
                        HttpRequest.newBuilder(url).timeout(requestTimeout).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    LOG.info("Process '{}' (pid {}) answered HTTP 200 at {} after {} ms", name, pid(), url,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                    return;
                }
                lastAttempt = "HTTP " + response.statusCode();
            } catch (IOException e) {
                lastAttempt = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new PythonHarnessException("interrupted while waiting for process '" + name + "' to answer at "
                        + url, e);
            }
            remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            if (awaitExit(min(interval, Duration.ofNanos(remaining)))) {
                failBecauseExited(url);
            }
            interval = min(interval.multipliedBy(2), MAX_POLL_INTERVAL);
        }
        close();
        throw new PythonHarnessException("process '" + name + "' (pid " + pid() + ") did not answer HTTP 200 at " + url
                + " within " + timeout + " (last attempt: " + lastAttempt + "); command: " + String.join(" ", command)
                + "\n" + LogFiles.describeTail(logFile));
    }

    /**
     * Polls a TCP port of 127.0.0.1 until it accepts a connection, and returns then: for a listener that speaks no
     * HTTP/1.1, such as a gRPC server.
     *
     * <p>Between attempts it waits on the process's exit, so a process that dies is noticed at once. If the process
     * exits, or {@code timeout} passes first, the process is {@linkplain #close() stopped} and an exception is thrown
     * whose message has the last lines of the log.
     *
     * @param port the port on 127.0.0.1
     * @param timeout how long to wait in total
     * @throws PythonHarnessException if the process exits or the timeout passes before the port accepts a connection,
     *     or if this process was already closed
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code port} is not between 1 and 65535
     */
    public void awaitPortOpen(int port, Duration timeout) {
        requireNonNull(timeout, "timeout is null");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (closed.get()) {
            throw new PythonHarnessException("process '" + name + "' (pid " + pid() + ") was already closed");
        }
        URI target = URI.create("tcp://127.0.0.1:" + port);
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration interval = FIRST_POLL_INTERVAL;
        String lastAttempt = "no attempt made";
        while (deadline - System.nanoTime() > 0) {
            if (!process.isAlive()) {
                failBecauseExited(target);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), (int) MAX_REQUEST_TIMEOUT.toMillis());
                LOG.info("Process '{}' (pid {}) accepts connections on {}", name, pid(), target);
                return;
            } catch (IOException e) {
                lastAttempt = e.toString();
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            if (awaitExit(min(interval, Duration.ofNanos(remaining)))) {
                failBecauseExited(target);
            }
            interval = min(interval.multipliedBy(2), MAX_POLL_INTERVAL);
        }
        close();
        throw new PythonHarnessException("process '" + name + "' (pid " + pid() + ") did not accept a connection on "
                + target + " within " + timeout + " (last attempt: " + lastAttempt + "); command: "
                + String.join(" ", command) + "\n" + LogFiles.describeTail(logFile));
    }

    /** Waits up to {@code wait} for the process to exit; returns whether it did. */
    private boolean awaitExit(Duration wait) {
        try {
            process.onExit().get(wait.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new PythonHarnessException("waiting for process '" + name + "' failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new PythonHarnessException("interrupted while waiting for process '" + name + "'", e);
        }
    }

    private void failBecauseExited(URI url) {
        close();
        throw new PythonHarnessException("process '" + name + "' (pid " + pid() + ") exited with code "
                + process.exitValue() + " before "
                + ("tcp".equals(url.getScheme()) ? "accepting connections on " : "answering HTTP 200 at ") + url
                + "; command: "
                + String.join(" ", command) + "\n" + LogFiles.describeTail(logFile));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Returns the operating system's id of the process.
     *
     * @return the pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Returns the name used in log lines and exception messages.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Tells whether the process is still running.
     *
     * @return {@code true} while the process has not exited
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Returns the file that receives the process's standard output and standard error.
     *
     * @return the log file
     */
    public Path logFile() {
        return logFile;
    }

    /**
     * Returns the last lines of the log file.
     *
     * @param maxLines how many lines at most
     * @return the lines joined with {@code \n}, or a note if the log cannot be read
     * @throws IllegalArgumentException if {@code maxLines} is not positive
     */
    public String logTail(int maxLines) {
        if (maxLines <= 0) {
            throw new IllegalArgumentException("maxLines must be positive: " + maxLines);
        }
        return LogFiles.tail(logFile, maxLines);
    }

    /**
     * Stops the process and all its descendants (for example gunicorn or uvicorn workers): SIGTERM to all, up to 10
     * seconds' grace, then SIGKILL to whatever is left. Returns once they have exited. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook stops the process
            return;
        }
        boolean graceful = ProcessTrees.stopRootFirst(process.toHandle(), STOP_GRACE);
        LOG.info("Stopped process '{}' (pid {}){}", name, pid(), graceful ? "" : " forcibly");
    }

    @Override
    public String toString() {
        return "ManagedProcess[" + name + ", pid " + pid() + ", log " + logFile + "]";
    }

    /**
     * Describes a process to start. Not safe for use by several threads; each {@link #start()} starts a new process.
     */
    public static final class Builder {

        private final List<String> command;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String name;
        private Path workingDirectory;
        private Path logFile;

        private Builder(List<String> command) {
            requireNonNull(command, "command is null");
            command.forEach(part -> requireNonNull(part, "command element is null"));
            if (command.isEmpty()) {
                throw new IllegalArgumentException("command is empty");
            }
            this.command = List.copyOf(command);
            this.name = Path.of(command.get(0)).getFileName().toString();
        }

        /**
         * Sets the name used in log lines and exception messages; by default the file name of the executable.
         *
         * @param name the name
         * @return this builder
         * @throws NullPointerException if {@code name} is null
         */
        public Builder name(String name) {
            this.name = requireNonNull(name, "name is null");
            return this;
        }

        /**
         * Adds variables to the environment the process inherits from this JVM; later values replace earlier ones.
         *
         * @param variables names and values
         * @return this builder
         * @throws NullPointerException if {@code variables}, a name or a value is null
         */
        public Builder environment(Map<String, String> variables) {
            requireNonNull(variables, "variables is null");
            variables.forEach((key, value) -> environment.put(requireNonNull(key, "variable name is null"),
                    requireNonNull(value, "value of " + key + " is null")));
            return this;
        }

        /**
         * Adds one variable to the environment the process inherits from this JVM.
         *
         * @param key the name
         * @param value the value
         * @return this builder
         * @throws NullPointerException if an argument is null
         */
        public Builder environment(String key, String value) {
            environment.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
            return this;
        }

        /**
         * Sets the working directory; by default that of this JVM.
         *
         * @param directory an existing directory
         * @return this builder
         * @throws NullPointerException if {@code directory} is null
         */
        public Builder workingDirectory(Path directory) {
            this.workingDirectory = requireNonNull(directory, "directory is null");
            return this;
        }

        /**
         * Sets the file that receives standard output and standard error (appended to); by default a new temporary
         * file named after the process.
         *
         * @param file the log file; its parent directory is created if needed
         * @return this builder
         * @throws NullPointerException if {@code file} is null
         */
        public Builder logFile(Path file) {
            this.logFile = requireNonNull(file, "file is null");
            return this;
        }

        /**
         * Starts the process. It does not wait for it to be ready: call {@link ManagedProcess#awaitHttpReady}.
         *
         * @return the running process; close it to stop it
         * @throws PythonHarnessException if the log file cannot be created or the process cannot be started (for
         *     example because the executable does not exist)
         */
        public ManagedProcess start() {
            Path log;
            try {
                if (logFile == null) {
                    log = Files.createTempFile("tango-" + name.replaceAll("[^A-Za-z0-9._-]", "_") + "-", ".log");
                } else {
                    log = logFile.toAbsolutePath();
                    Files.createDirectories(log.getParent());
                }
            } catch (IOException e) {
                throw new PythonHarnessException("cannot create the log file for process '" + name + "'", e);
            }
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            builder.environment().putAll(environment);
            if (workingDirectory != null) {
                builder.directory(workingDirectory.toFile());
            }
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new PythonHarnessException("cannot start process '" + name + "': " + String.join(" ", command)
                        + " (" + e.getMessage() + ")", e);
            }
            ManagedProcess managed = new ManagedProcess(name, command, process, log);
            Runtime.getRuntime().addShutdownHook(managed.shutdownHook);
            LOG.info("Started process '{}' (pid {}): {} (log {})", name, process.pid(), String.join(" ", command), log);
            return managed;
        }

        private static java.io.File nullDevice() {
            return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
        }
    }
}
