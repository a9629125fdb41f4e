package io.tango.plugin.mlflow.scoring;

import io.tango.api.ModelNotFoundException;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoException;
import io.tango.toolkit.text.Durations;
import io.tango.plugin.mlflow.client.MlflowConnection;
import io.tango.toolkit.http.HttpAuth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Starts {@code mlflow models serve -m <uri> --env-manager <manager> -h 127.0.0.1 -p <port>} and blocks until its
 * {@code /ping} answers 200.
 *
 * <p>The child's environment is this process's, with the {@code MLFLOW_TRACKING_*} variables replaced by the ones
 * given (so {@code models:/} URIs resolve against the configured server) and, when the command is a path, its folder
 * first on {@code PATH} (the scoring server runs {@code uvicorn} from there). Output goes to a log file. If the
 * process exits before it answers, or the startup timeout runs out, it is stopped and the error carries the end of
 * its log: {@link ModelNotFoundException} when the log says the model does not exist,
 * {@link OperationTimeoutException} on timeout, {@link RemoteServiceException} otherwise. Thread-safe.
 */
public final class ScoringServerLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringServerLauncher.class);
    private static final Set<String> TRACKING_VARIABLES = Set.of(
            "MLFLOW_TRACKING_URI", "MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD");
    private static final Pattern MODEL_MISSING = Pattern.compile(
            "RESOURCE_DOES_NOT_EXIST|Registered model alias .* not found|No such artifact|"
                    + "Could not find an \"MLmodel\" configuration file|does not exist");
    private static final Duration FIRST_POLL = Duration.ofMillis(100);
    private static final Duration MAX_POLL = Duration.ofMillis(500);
    private static final int TAIL_LINES = 30;

    private final String mlflowCommand;
    private final Map<String, String> trackingVariables;
    private final Duration startupTimeout;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /**
     * @param mlflowCommand the {@code mlflow} executable: a name looked up on {@code PATH}, or a path
     * @param trackingVariables the {@code MLFLOW_TRACKING_*} variables the child gets (others of that prefix are
     *     removed); may hold secrets, which are never logged
     * @param startupTimeout how long a server may take to answer {@code /ping}
     */
    public ScoringServerLauncher(String mlflowCommand, Map<String, String> trackingVariables, Duration startupTimeout) {
        this.mlflowCommand = requireNonNull(mlflowCommand, "mlflowCommand is null");
        this.trackingVariables = Map.copyOf(requireNonNull(trackingVariables, "trackingVariables is null"));
        this.startupTimeout = requireNonNull(startupTimeout, "startupTimeout is null");
    }

    /** @return the startup timeout */
    public Duration startupTimeout() {
        return startupTimeout;
    }

    /**
     * @param modelUri the model to serve ({@code models:/…}, {@code runs:/…}, or a local folder)
     * @param port the port on 127.0.0.1
     * @param envManager {@code local}, {@code virtualenv}, {@code uv} or {@code conda}
     * @param workers the number of uvicorn workers
     * @return the command line
     */
    public List<String> command(String modelUri, int port, String envManager, int workers) {
        return List.of(mlflowCommand, "models", "serve", "-m", modelUri, "--env-manager", envManager,
                "-h", "127.0.0.1", "-p", Integer.toString(port), "-w", Integer.toString(workers));
    }

    /**
     * Starts a scoring server and waits until it serves. It runs in this JVM's process group and session.
     *
     * @param what how messages name it, e.g. {@code deployment 'iris'}
     * @param modelUri the model to serve
     * @param port the port on 127.0.0.1
     * @param envManager the environment manager
     * @param workers the number of workers
     * @param logFile where its output goes (appended)
     * @return the running server
     */
    public ScoringServerProcess start(
            String what, String modelUri, int port, String envManager, int workers, Path logFile) {
        return start(what, modelUri, port, envManager, workers, logFile, false);
    }

    /**
     * Starts a scoring server meant to outlive this JVM, and waits until it serves: through {@code setsid}, so it
     * leads a session and process group of its own, and neither a terminal's Ctrl-C or hang-up nor the end of this
     * JVM reaches it. Without {@code setsid} on {@code PATH} (it is util-linux's, on every common Linux) it falls
     * back, with a warning, to this JVM's process group: it still outlives the JVM, but a signal to the group
     * reaches it too and its {@link ScoringServerProcess#processGroup()} is 0.
     *
     * @param what how messages name it, e.g. {@code deployment 'iris'}
     * @param modelUri the model to serve
     * @param port the port on 127.0.0.1
     * @param envManager the environment manager
     * @param workers the number of workers
     * @param logFile where its output goes (appended)
     * @return the running server
     */
    public ScoringServerProcess startDetached(
            String what, String modelUri, int port, String envManager, int workers, Path logFile) {
        return start(what, modelUri, port, envManager, workers, logFile, true);
    }

    private ScoringServerProcess start(
            String what, String modelUri, int port, String envManager, int workers, Path logFile, boolean detached) {
        List<String> command = command(modelUri, port, envManager, workers);
        ProcessBuilder builder = new ProcessBuilder()
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeIf(TRACKING_VARIABLES::contains);
        builder.environment().putAll(trackingVariables);
        Path executable = Path.of(mlflowCommand);
        if (executable.getParent() != null) {
            String path = builder.environment().getOrDefault("PATH", "");
            builder.environment().put("PATH", executable.toAbsolutePath().getParent() + File.pathSeparator + path);
        }
        List<String> launched = new ArrayList<>(command);
        boolean ownGroup = false;
        if (detached) {
            Optional<Path> setsid = onPath("setsid", builder.environment().getOrDefault("PATH", ""));
            if (setsid.isPresent()) {
                // A child of the JVM never leads its process group, so setsid makes the session without forking:
                // the pid stays the server's, and so is the new group's id.
                launched.add(0, setsid.get().toString());
                ownGroup = true;
            } else {
                LOG.warn("No setsid on PATH: the MLflow scoring server for {} shares this process's process group, so a "
                        + "Ctrl-C or hang-up of its terminal reaches it too", what);
            }
        }
        builder.command(launched);
        Process process;
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new TangoException("cannot start the MLflow scoring server for " + what + " with '" + mlflowCommand
                    + "' (option mlflow_command): " + e.getMessage(), e);
        }
        URI url = URI.create("http://127.0.0.1:" + port);
        long processGroup = ownGroup ? process.pid() : 0;
        ScoringServerProcess server = new ScoringServerProcess(process.toHandle(), url, logFile, processGroup);
        LOG.info("Started the MLflow scoring server for {} (pid {}{}): {} (log {})", what, process.pid(),
                processGroup > 0 ? ", its own process group" : "", String.join(" ", command), logFile);
        try {
            awaitReady(what, process, server, modelUri);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static Optional<Path> onPath(String program, String path) {
        for (String folder : path.split(Pattern.quote(File.pathSeparator))) {
            if (!folder.isEmpty()) {
                Path candidate = Path.of(folder, program);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private void awaitReady(String what, Process process, ScoringServerProcess server, String modelUri) {
        long start = System.nanoTime();
        long deadline = start + startupTimeout.toNanos();
        Duration interval = FIRST_POLL;
        URI ping = URI.create(server.url() + "/ping");
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw exited(what, process.exitValue(), server, modelUri);
            }
            if (answers(ping)) {
                LOG.info("The MLflow scoring server for {} answers at {} after {} ms", what, server.url(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                return;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            try {
                // Waiting on the exit (not a sleep) notices a dying server at once.
                process.onExit().get(Math.min(interval.toNanos(), remaining), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // still running: poll again
            } catch (ExecutionException e) {
                throw new TangoException("waiting for the scoring server of " + what + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TangoException("interrupted while waiting for the scoring server of " + what, e);
            }
            interval = interval.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : interval.multipliedBy(2);
        }
        server.close();
        throw new OperationTimeoutException("the MLflow scoring server for " + what + " (model " + modelUri
                + ") did not answer " + ping + " within " + Durations.format(startupTimeout) + "; it was stopped. Last lines of its log "
                + server.logFile() + ":\n" + server.logTail(TAIL_LINES), startupTimeout);
    }

    private TangoException exited(String what, int exitCode, ScoringServerProcess server, String modelUri) {
        String tail = server.logTail(TAIL_LINES);
        String message = "the MLflow scoring server for " + what + " (model " + modelUri + ") exited with code "
                + exitCode + " before answering /ping. Last lines of its log " + server.logFile() + ":\n" + tail;
        if (MODEL_MISSING.matcher(tail).find()) {
            return new ModelNotFoundException(message);
        }
        return new RemoteServiceException("mlflow models serve", null, null, false, message);
    }

    private boolean answers(URI ping) {
        try {
            HttpRequest request = HttpRequest.newBuilder(ping).timeout(Duration.ofSeconds(2)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TangoException("interrupted while waiting for a scoring server at " + ping, e);
        }
    }

    /**
     * @param connection the tracking server the child resolves {@code models:/} URIs against, if any
     * @return the {@code MLFLOW_TRACKING_*} variables for a child process
     */
    public static Map<String, String> trackingVariables(Optional<MlflowConnection> connection) {
        Map<String, String> variables = new LinkedHashMap<>();
        connection.ifPresent(server -> {
            variables.put("MLFLOW_TRACKING_URI", server.trackingUri().toString());
            if (server.credentials() instanceof HttpAuth.Bearer bearer) {
                variables.put("MLFLOW_TRACKING_TOKEN", bearer.token());
            } else if (server.credentials() instanceof HttpAuth.Basic basic) {
                variables.put("MLFLOW_TRACKING_USERNAME", basic.username());
                variables.put("MLFLOW_TRACKING_PASSWORD", basic.password());
            }
        });
        return variables;
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>(trackingVariables.keySet());
        return "ScoringServerLauncher[" + mlflowCommand + ", passes " + names + ", startup timeout " + startupTimeout + "]";
    }
}
