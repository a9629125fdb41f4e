package com.example.tango.scoring;

import io.tango.api.Blob;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import io.tango.api.ModelServerProxy;
import io.tango.api.spi.TangoFactory;
import io.tango.runtime.ComponentKind;
import io.tango.runtime.TangoRuntime;
import io.tango.testkit.contract.FactoryContractTest;
import io.tango.testkit.contract.ModelFinderContractTest;
import io.tango.testkit.contract.ModelServerProxyContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The testkit's contracts for the plugin's finder, model-server proxy and factories, against a real scoring API on
 * 127.0.0.1. Subclasses say where the plugin comes from: the class path (unit tests) or its packaged folder (IT).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ScoringContracts {
    private ScoringApiServer server;
    private TangoRuntime runtime;

    /** @return a runtime builder that finds the plugin */
    abstract TangoRuntime.Builder runtimeBuilder();

    /** @return the plugin's factory of that kind */
    abstract TangoFactory<?> factory(ComponentKind kind);

    @BeforeAll
    void start() throws IOException {
        server = new ScoringApiServer();
        runtime = runtimeBuilder().config(Map.of("model_management", Map.of(
                "finders", Map.of("default", Map.of("type", "SCORING", "config", connection())),
                "model_servers", Map.of("default", Map.of("type", "SCORING", "config", proxyConfig()))))).build();
    }

    @AfterAll
    void stop() {
        if (runtime != null) {
            runtime.close();
        }
        server.close();
    }

    private Map<String, Object> connection() {
        return Map.of("url", server.url().toString(), "token", ScoringApiServer.TOKEN);
    }

    private Map<String, Object> proxyConfig() {
        return Map.of("url", server.url().toString(), "token", ScoringApiServer.TOKEN, "model", "double");
    }

    @Nested
    class Finder extends ModelFinderContractTest {
        @Override
        protected ModelFinder finder() {
            return runtime.finder("default");
        }

        @Override
        protected ModelKey existingKey() {
            return ModelKey.of("scoring:double");
        }

        @Override
        protected ModelKey missingKey() {
            return ModelKey.of("scoring:quadruple");
        }
    }

    @Nested
    class ServerProxy extends ModelServerProxyContractTest {
        @Override
        protected ModelServerProxy proxy() {
            return runtime.modelServer("default");
        }

        @Override
        protected Blob predictPayload() {
            return Blob.of("application/json", ScoringApiServer.inputs(21));
        }

        @Override
        protected Blob malformedPayload() {
            return Blob.of("application/json", ScoringApiServer.inputs("\"twenty-one\""));
        }

        @Override
        protected Optional<Blob> expectedAnswer(Blob payload) {
            return Optional.of(Blob.ofUtf8("application/json", "{\"outputs\":{\"y\":42.0}}"));
        }
    }

    @Nested
    class FinderFactory extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return ScoringContracts.this.factory(ComponentKind.FINDER);
        }

        @Override
        protected TangoRuntime.Builder runtimeBuilder() {
            return ScoringContracts.this.runtimeBuilder();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return connection();
        }
    }

    @Nested
    class ServerProxyFactory extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return ScoringContracts.this.factory(ComponentKind.MODEL_SERVER);
        }

        @Override
        protected TangoRuntime.Builder runtimeBuilder() {
            return ScoringContracts.this.runtimeBuilder();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return proxyConfig();
        }
    }
}
