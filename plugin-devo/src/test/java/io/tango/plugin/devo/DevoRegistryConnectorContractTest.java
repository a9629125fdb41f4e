package io.tango.plugin.devo;

import io.tango.api.ModelKey;
import io.tango.api.ModelRegistryConnector;
import io.tango.plugin.devo.server.FakeModelManagerServer;
import io.tango.runtime.config.MapTangoConfig;
import io.tango.testkit.contract.ModelRegistryConnectorContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The testkit's registry contract, met by the Devo registry against the fake ML Model Manager. */
class DevoRegistryConnectorContractTest extends ModelRegistryConnectorContractTest {
    private static FakeModelManagerServer server;
    private static ModelRegistryConnector connector;

    @BeforeAll
    static void start() {
        server = DevoTestServer.start();
        connector = new DevoRegistryConnectorFactory().create(MapTangoConfig.of(DevoTestServer.connection(server)), "devo");
    }

    @AfterAll
    static void stop() {
        connector.close();
        server.close();
    }

    @Override
    protected ModelRegistryConnector connector() {
        return connector;
    }

    @Override
    protected ModelKey existingKey() {
        return ModelKey.of("devo://devo/iris");
    }

    @Override
    protected ModelKey missingKey() {
        return ModelKey.of("devo://devo/no-such-model");
    }

    @Override
    protected String resourcePath() {
        return "iris.onnx";
    }
}
