package io.tango.plugin.mlflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tango.testkit.python.FreePorts;
import io.tango.testkit.python.ManagedProcess;
import io.tango.testkit.python.ProcessResult;
import io.tango.testkit.python.PythonEnvironment;
import io.tango.testkit.python.PythonRequirements;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * One real MLflow tracking server for the whole test JVM: {@code mlflow server} on 127.0.0.1 with a sqlite store and
 * {@code --serve-artifacts}, in the pinned MLflow virtual environment (built on first use by the testkit's
 * {@link PythonEnvironment}), with the fixture models logged and registered by {@code fixtures/mlflow_fixture.py}
 * (all of them, or with the system property {@code tango.mlflow.test.fixture=minimal} only {@code iris-onnx}).
 * Scoring servers ({@code mlflow models serve}) of fixture models are started on demand and shared too.
 *
 * <p>Made once by {@link MlflowServerExtension} and closed when the JVM's tests end; closing stops every process.
 */
public final class MlflowTestServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PythonEnvironment python;
    private final Path workDir;
    private final ManagedProcess server;
    private final URI trackingUri;
    private final JsonNode manifest;
    private final Map<String, ManagedProcess> scoringServers = new ConcurrentHashMap<>();

    private MlflowTestServer(PythonEnvironment python, Path workDir, ManagedProcess server, URI trackingUri, JsonNode manifest) {
        this.python = python;
        this.workDir = workDir;
        this.server = server;
        this.trackingUri = trackingUri;
        this.manifest = manifest;
    }

    static MlflowTestServer start() {
        PythonEnvironment python = PythonEnvironment.ensure("mlflow", PythonRequirements.MLFLOW);
        Path workDir = freshWorkDir();
        int port = FreePorts.find();
        ManagedProcess server = python.process(List.of(python.bin("mlflow").toString(), "server",
                        "--host", "127.0.0.1", "--port", Integer.toString(port), "--workers", "1",
                        "--backend-store-uri", "sqlite:///" + workDir.resolve("mlflow.db"),
                        "--serve-artifacts", "--artifacts-destination", workDir.resolve("artifacts").toString()))
                .environment("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false")
                .name("mlflow-server")
                .logFile(workDir.resolve("logs/mlflow-server.log"))
                .start();
        try {
            URI trackingUri = URI.create("http://127.0.0.1:" + port);
            server.awaitHttpReady(URI.create(trackingUri + "/health"), Duration.ofMinutes(3));
            Path script = copyResource("/fixtures/mlflow_fixture.py", workDir.resolve("mlflow_fixture.py"));
            Path manifestFile = workDir.resolve("manifest.json");
            String mode = System.getProperty("tango.mlflow.test.fixture", "full");
            ProcessResult result = python.run(List.of(script.toString(), trackingUri.toString(), manifestFile.toString(), mode),
                    Map.of("MLFLOW_TRACKING_URI", trackingUri.toString()), Duration.ofMinutes(6));
            if (!result.succeeded()) {
                throw new IllegalStateException("the MLflow fixture script failed with exit code " + result.exitCode()
                        + ":\n" + result.output());
            }
            return new MlflowTestServer(python, workDir, server, trackingUri, JSON.readTree(manifestFile.toFile()));
        } catch (IOException e) {
            server.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** @return the tracking server's URL */
    public URI trackingUri() {
        return trackingUri;
    }

    /** @return the fixture's manifest (run ids, model ids, versions) */
    public JsonNode manifest() {
        return manifest;
    }

    /** @return the {@code mlflow} executable of the virtual environment */
    public Path mlflowCommand() {
        return python.bin("mlflow");
    }

    /** @return the virtual environment */
    public PythonEnvironment python() {
        return python;
    }

    /**
     * @param name a sub-folder name
     * @return a new empty folder below this JVM's work folder
     */
    public Path newFolder(String name) {
        try {
            return Files.createDirectories(workDir.resolve("tests")).resolve(name + "-" + System.nanoTime());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A scoring server for a model URI, started on first request and shared by all tests of this JVM.
     *
     * @param modelUri the model to serve
     * @return its URL
     */
    public URI scoringServer(String modelUri) {
        ManagedProcess process = scoringServers.computeIfAbsent(modelUri, uri -> {
            int port = FreePorts.find();
            ManagedProcess started = python.process(List.of(python.bin("mlflow").toString(), "models", "serve",
                            "-m", uri, "--env-manager", "local", "-h", "127.0.0.1", "-p", Integer.toString(port)))
                    .environment("MLFLOW_TRACKING_URI", trackingUri.toString())
                    .name("scoring-" + port)
                    .logFile(workDir.resolve("logs/scoring-" + port + ".log"))
                    .start();
            started.awaitHttpReady(URI.create("http://127.0.0.1:" + port + "/ping"), Duration.ofMinutes(3));
            return started;
        });
        return URI.create("http://127.0.0.1:" + portOf(process));
    }

    private static String portOf(ManagedProcess process) {
        return process.name().substring("scoring-".length());
    }

    @Override
    public void close() {
        scoringServers.values().forEach(ManagedProcess::close);
        server.close();
    }

    private static Path freshWorkDir() {
        Path root = Path.of(System.getProperty("tango.mlflow.test.work",
                System.getProperty("java.io.tmpdir") + "/tango-mlflow-test"));
        try {
            if (Files.exists(root)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
            return Files.createDirectories(root).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path copyResource(String resource, Path target) throws IOException {
        try (InputStream in = MlflowTestServer.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + resource + " is missing");
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        }
    }
}
