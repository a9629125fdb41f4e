package io.tango.plugin.mlflow.factory;

import io.tango.api.spi.TangoFactory;
import io.tango.plugin.mlflow.MlflowScoringServerProxyFactory;
import io.tango.testkit.contract.FactoryContractTest;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

class MlflowScoringServerProxyFactoryTest extends FactoryContractTest {
    @TempDir
    Path folder;

    @Override
    protected TangoFactory<?> factory() {
        return new MlflowScoringServerProxyFactory();
    }

    @Override
    protected Map<String, Object> validConfig() {
        return Map.of("server_url", "http://127.0.0.1:5001");
    }
}
