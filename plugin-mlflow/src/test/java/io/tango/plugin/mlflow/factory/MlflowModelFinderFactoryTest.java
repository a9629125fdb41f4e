package io.tango.plugin.mlflow.factory;

import io.tango.api.spi.TangoFactory;
import io.tango.plugin.mlflow.MlflowModelFinderFactory;
import io.tango.testkit.contract.FactoryContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

class MlflowModelFinderFactoryTest extends FactoryContractTest {
    @TempDir
    Path folder;

    @Override
    protected TangoFactory<?> factory() {
        return new MlflowModelFinderFactory();
    }

    @Override
    protected Map<String, Object> validConfig() {
        return Map.of("tracking_uri", "http://127.0.0.1:5000", "environment", Map.of(), "cache_dir", folder.toString());
    }
}
