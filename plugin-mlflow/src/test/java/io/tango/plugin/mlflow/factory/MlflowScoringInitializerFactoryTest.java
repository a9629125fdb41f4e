package io.tango.plugin.mlflow.factory;

import io.tango.api.spi.TangoFactory;
import io.tango.plugin.mlflow.MlflowScoringInitializerFactory;
import io.tango.testkit.contract.FactoryContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

class MlflowScoringInitializerFactoryTest extends FactoryContractTest {
    @TempDir
    Path folder;

    @Override
    protected TangoFactory<?> factory() {
        return new MlflowScoringInitializerFactory();
    }

    @Override
    protected Map<String, Object> validConfig() {
        return Map.of("serve_models", true, "mlflow_command", "mlflow", "log_dir", folder.toString(), "environment", Map.of());
    }
}
