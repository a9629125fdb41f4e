package io.tango.plugin.mlflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tango.testkit.python.ListeningProcess;
import io.tango.testkit.python.ManagedProcess;
import io.tango.testkit.python.MlflowTrackingServer;
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
    private final Map<String, ListeningProcess> scoringServers = new ConcurrentHashMap<>();

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
        ListeningProcess listening = MlflowTrackingServer.start(python, workDir);
        try {
            URI trackingUri = listening.url();
            Path script = copyResource("/fixtures/mlflow_fixture.py", workDir.resolve("mlflow_fixture.py"));
            Path manifestFile = workDir.resolve("manifest.json");
            String mode = System.getProperty("tango.mlflow.test.fixture", "full");
            ProcessResult result = python.run(List.of(script.toString(), trackingUri.toString(), manifestFile.toString(), mode),
                    Map.of("MLFLOW_TRACKING_URI", trackingUri.toString()), Duration.ofMinutes(6));
            if (!result.succeeded()) {
                throw new IllegalStateException("the MLflow fixture script failed with exit code " + result.exitCode()
                        + ":\n" + result.output());
            }
            return new MlflowTestServer(python, workDir, listening.process(), trackingUri,
                    JSON.readTree(manifestFile.toFile()));
        } catch (IOException e) {
            listening.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            listening.close();
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
        return scoringServers.computeIfAbsent(modelUri, uri -> ListeningProcess.start(
                port -> python.process(List.of(python.bin("mlflow").toString(), "models", "serve",
                                "-m", uri, "--env-manager", "local", "-h", "127.0.0.1", "-p", Integer.toString(port)))
                        .environment("MLFLOW_TRACKING_URI", trackingUri.toString())
                        .name("scoring-" + port)
                        .logFile(workDir.resolve("logs/scoring-" + port + ".log")),
                port -> URI.create("http://127.0.0.1:" + port + "/ping"), Duration.ofMinutes(3))).url();
    }

    @Override
    public void close() {
        scoringServers.values().forEach(ListeningProcess::close);
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
