package io.tango.plugin.deepaas;

import io.tango.api.spi.TangoFactory;
import io.tango.testkit.contract.FactoryContractTest;
import org.junit.jupiter.api.Nested;

import java.util.Map;

/**
 * The testkit's factory contract, met by each of the plugin's six factories. No server is needed: creating a
 * component does no I/O.
 */
class DeepaasFactoryContractTest {
    private static final Map<String, Object> SERVER = Map.of("base_url", "http://127.0.0.1:5000");

    @Nested
    class Finder extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new DeepaasModelFinderFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return Map.of();
        }
    }

    @Nested
    class Initializer extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new DeepaasModelInitializerFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return Map.of("client_side_validation", false);
        }
    }

    @Nested
    class Registry extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new DeepaasRegistryConnectorFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return SERVER;
        }
    }

    @Nested
    class ServerProxy extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new DeepaasModelServerProxyFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return Map.of("base_url", "http://127.0.0.1:5000", "model", "demo");
        }
    }

    @Nested
    class Trainer extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new DeepaasModelTrainerFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return SERVER;
        }
    }

    @Nested
    class Predictor extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new DeepaasJobPredictorFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return Map.of("max_concurrency_per_server", 2);
        }
    }
}
