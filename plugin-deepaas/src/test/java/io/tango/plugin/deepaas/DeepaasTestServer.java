package io.tango.plugin.deepaas;

import io.tango.testkit.python.ListeningProcess;
import io.tango.testkit.python.ManagedProcess;
import io.tango.testkit.python.PythonEnvironment;
import io.tango.testkit.python.PythonRequirements;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code deepaas-run} (DEEPaaS 2.6.0, pinned with its whole dependency tree) on 127.0.0.1 and a free port,
 * for one test class. Two flavours:
 * <ul>
 *   <li>{@link #builtInTestModel}: a virtual environment without models, so DEEPaaS serves its built-in
 *       {@code deepaas-test} model;</li>
 *   <li>{@link #demoModels}: the environment plus the package in {@code src/test/resources/deepaas-model}, whose
 *       {@code deepaas.v2.model} entry points are {@code demo-classifier} and {@code demo-echo}.</li>
 * </ul>
 * Environments are cached across runs by the testkit; {@link #close()} stops the server and its worker processes.
 */
final class DeepaasTestServer implements AutoCloseable {
    static final String TEST_MODEL = "deepaas-test";
    static final String CLASSIFIER = "demo-classifier";
    static final String ECHO = "demo-echo";

    private static final Duration STARTUP = Duration.ofMinutes(2);

    private final ManagedProcess process;
    private final int port;
    private final String basePath;

    private DeepaasTestServer(ManagedProcess process, int port, String basePath) {
        this.process = process;
        this.port = port;
        this.basePath = basePath;
    }

    /**
     * @param basePath the server's {@code --base-path} ({@code ""} for none, else starting with {@code /})
     * @param flags extra {@code deepaas-run} flags, e.g. {@code --nopredict-endpoint}
     * @return a started server of the built-in test model
     */
    static DeepaasTestServer builtInTestModel(String basePath, String... flags) {
        return start(PythonEnvironment.ensure("deepaas", PythonRequirements.DEEPAAS), "deepaas-test-model", basePath,
                flags);
    }

    /** @return a started server of the demo package's two models */
    static DeepaasTestServer demoModels() {
        Path modelPackage;
        try {
            modelPackage = Path.of(DeepaasTestServer.class.getResource("/deepaas-model/pyproject.toml").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        PythonEnvironment environment = PythonEnvironment.ensure("deepaas-demo", PythonRequirements.DEEPAAS,
                List.of(modelPackage));
        return start(environment, "deepaas-demo-models", "");
    }

    private static DeepaasTestServer start(PythonEnvironment environment, String name, String basePath, String... flags) {
        ListeningProcess server = ListeningProcess.start(port -> {
            List<String> command = new ArrayList<>(List.of(environment.bin("deepaas-run").toString(),
                    "--listen-ip", "127.0.0.1", "--listen-port", Integer.toString(port)));
            if (!basePath.isEmpty()) {
                command.addAll(List.of("--base-path", basePath));
            }
            command.addAll(List.of(flags));
            return environment.process(command).name(name);
        }, port -> URI.create("http://127.0.0.1:" + port + basePath + "/v2/models/"), STARTUP);
        return new DeepaasTestServer(server.process(), server.port(), basePath);
    }

    /** @return {@code http://127.0.0.1:<port>} plus the base path */
    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port + basePath);
    }

    /** @return the server's port */
    int port() {
        return port;
    }

    /**
     * @param model a model's URL key
     * @return {@code deepaas://127.0.0.1:<port>[/<base path>]/<model>}
     */
    String key(String model) {
        return "deepaas://127.0.0.1:" + port + basePath + "/" + model;
    }

    /** @return the last lines of the server's log, for failure messages */
    String logTail() {
        return process.logTail(40);
    }

    @Override
    public void close() {
        process.close();
    }
}
