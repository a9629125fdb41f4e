package io.tango.testkit.python;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Starts a real {@code mlflow server} on 127.0.0.1 from the cached {@code mlflow} virtual environment: one worker, a
 * SQLite backend store and served artifacts under a work folder, job execution off. Stateless.
 */
public final class MlflowTrackingServer {

    /** How long the server may take to answer {@code /health}. */
    public static final Duration STARTUP = Duration.ofMinutes(3);

    private MlflowTrackingServer() {
    }

    /**
     * Starts the server and waits until it answers {@code /health}.
     *
     * @param python the environment built from {@link PythonRequirements#MLFLOW}
     * @param workDir where the SQLite store ({@code mlflow.db}), the artifacts and the log go
     * @return the ready server; its {@link ListeningProcess#url()} is the tracking URI
     * @throws PythonHarnessException if it does not become ready within {@link #STARTUP}
     * @throws NullPointerException if an argument is null
     */
    public static ListeningProcess start(PythonEnvironment python, Path workDir) {
        requireNonNull(python, "python is null");
        requireNonNull(workDir, "workDir is null");
        return ListeningProcess.start(port -> python.process(List.of(python.bin("mlflow").toString(), "server",
                                "--host", "127.0.0.1", "--port", Integer.toString(port), "--workers", "1",
                                "--backend-store-uri", "sqlite:///" + workDir.resolve("mlflow.db"),
                                "--serve-artifacts", "--artifacts-destination", workDir.resolve("artifacts").toString()))
                        .environment("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false")
                        .name("mlflow-server")
                        .logFile(workDir.resolve("logs/mlflow-server-" + port + ".log")),
                port -> URI.create("http://127.0.0.1:" + port + "/health"), STARTUP);
    }
}
