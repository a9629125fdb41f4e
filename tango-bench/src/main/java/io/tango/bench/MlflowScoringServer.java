package io.tango.bench;

import io.tango.bench.model.TinyOnnxModel;
import io.tango.testkit.python.ListeningProcess;
import io.tango.testkit.python.ManagedProcess;
import io.tango.testkit.python.ProcessResult;
import io.tango.testkit.python.PythonEnvironment;
import io.tango.testkit.python.PythonRequirements;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A real {@code mlflow models serve} of {@link TinyOnnxModel}, for the smoke run of
 * {@link io.tango.bench.jmh.MlflowPredictBenchmark} (the full run's {@code bench/run.sh} starts its own, the same way):
 * the tests' cached MLflow environment, the model saved as an MLflow model folder by {@code bench/mlflow_model.py},
 * one server on a free port of 127.0.0.1. Closing it stops the server and its worker processes.
 */
public final class MlflowScoringServer implements AutoCloseable {
    private final ManagedProcess process;
    private final URI url;

    private MlflowScoringServer(ManagedProcess process, URI url) {
        this.process = process;
        this.url = url;
    }

    /**
     * Builds (or reuses) the MLflow environment, saves the model and starts the server, waiting until it answers.
     *
     * @param script {@code bench/mlflow_model.py}
     * @param work a folder for the model, the ONNX file and the server's log
     * @return the running server
     * @throws IllegalStateException if the model cannot be saved or the server does not answer within 3 minutes
     */
    public static MlflowScoringServer start(Path script, Path work) {
        requireNonNull(script, "script is null");
        requireNonNull(work, "work is null");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("no " + script + ": give the path of bench/mlflow_model.py");
        }
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + work, e);
        }
        PythonEnvironment python = PythonEnvironment.ensure("mlflow", PythonRequirements.MLFLOW);
        Path onnx = TinyOnnxModel.write(work.resolve("tiny.onnx"));
        Path model = work.resolve("mlflow-model");
        ProcessResult saved = python.run(List.of(script.toString(), onnx.toString(), model.toString()), Duration.ofMinutes(5));
        if (!saved.succeeded()) {
            throw new IllegalStateException("mlflow_model.py failed (exit " + saved.exitCode() + "): " + saved.output());
        }
        ListeningProcess server = ListeningProcess.start(port -> python.process(List.of(python.bin("mlflow").toString(),
                                "models", "serve", "-m", model.toString(), "--env-manager", "local", "-h", "127.0.0.1",
                                "-p", Integer.toString(port), "-w", "1"))
                        .name("mlflow-scoring-" + port)
                        .logFile(work.resolve("mlflow-serve-" + port + ".log")),
                port -> URI.create("http://127.0.0.1:" + port + "/ping"), Duration.ofMinutes(3));
        return new MlflowScoringServer(server.process(), server.url());
    }

    /** @return the server's base URL, e.g. {@code http://127.0.0.1:5001} */
    public URI url() {
        return url;
    }

    @Override
    public void close() {
        process.close();
    }
}
