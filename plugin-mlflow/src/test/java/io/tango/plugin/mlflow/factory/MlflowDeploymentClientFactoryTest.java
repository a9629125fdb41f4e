package io.tango.plugin.mlflow.factory;

import io.tango.api.spi.TangoFactory;
import io.tango.plugin.mlflow.MlflowDeploymentClientFactory;
import io.tango.testkit.contract.FactoryContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

class MlflowDeploymentClientFactoryTest extends FactoryContractTest {
    @TempDir
    Path folder;

    @Override
    protected TangoFactory<?> factory() {
        return new MlflowDeploymentClientFactory();
    }

    @Override
    protected Map<String, Object> validConfig() {
        return Map.of("state_dir", folder.toString(), "environment", Map.of());
    }
}
