package io.tango.plugin.oip;

import io.tango.api.spi.TangoFactory;
import io.tango.testkit.contract.FactoryContractTest;
import org.junit.jupiter.api.Nested;

import java.util.Map;

/**
 * The testkit's factory contract, met by each of the plugin's five factories. No server is needed: creating a
 * component does no I/O (a gRPC channel connects on its first call). Every factory but the job predictor's declares
 * the secret {@code token}, and its valid config has the {@code base_url} a token requires, so the contract's secret
 * checks run for it.
 */
class OipFactoryContractTest {
    @Nested
    class Finder extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new OipModelFinderFactory();
        }

        /** With a base URL, so that the secret-option checks can set {@code token}, which requires one. */
        @Override
        protected Map<String, Object> validConfig() {
            return Map.of("base_url", "http://127.0.0.1:8000");
        }
    }

    @Nested
    class Initializer extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new OipModelInitializerFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return Map.of("binary", "always", "base_url", "grpc://127.0.0.1:8001");
        }
    }

    @Nested
    class Registry extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new OipRegistryConnectorFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return Map.of("base_url", "http://127.0.0.1:8000");
        }
    }

    @Nested
    class ServerProxy extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new OipModelServerProxyFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return Map.of("base_url", "grpc://127.0.0.1:8001", "model", "identity");
        }
    }

    @Nested
    class Predictor extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new OipJobPredictorFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return Map.of("max_concurrency_per_server", 2);
        }
    }
}
