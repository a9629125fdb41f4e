package io.tango.plugin.devo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.tango.api.TangoRequest;
import io.tango.api.deploy.DeploymentClient;
import io.tango.plugin.devo.server.FakeModelManagerServer;
import io.tango.runtime.config.MapTangoConfig;
import io.tango.testkit.contract.DeploymentClientContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The testkit's deployment contract, met by target {@code devo}; it neither deletes nor predicts (see the client). */
class DevoDeploymentClientContractTest extends DeploymentClientContractTest {
    @TempDir
    static Path files;

    private static FakeModelManagerServer server;
    private static DeploymentClient client;
    private static Path model;
    private static Path otherModel;

    @BeforeAll
    static void start() throws Exception {
        server = DevoTestServer.start();
        client = new DevoDeploymentClientFactory().create(MapTangoConfig.of(DevoTestServer.connection(server)), "devo");
        model = Files.write(files.resolve("model.onnx"), "first".getBytes(StandardCharsets.UTF_8));
        otherModel = Files.write(files.resolve("other.onnx"), "second".getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Override
    protected DeploymentClient client() {
        return client;
    }

    @Override
    protected String modelUri() {
        return model.toString();
    }

    @Override
    protected String otherModelUri() {
        return otherModel.toUri().toString();
    }

    @Override
    protected TangoRequest request() {
        return TangoRequest.of(Map.of("input", 1.0));
    }

    @Override
    protected boolean supportsDelete() {
        return false;
    }

    @Override
    protected boolean supportsPredict() {
        return false;
    }
}
