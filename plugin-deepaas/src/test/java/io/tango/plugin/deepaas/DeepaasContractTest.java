package io.tango.plugin.deepaas;

import io.tango.api.Blob;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelInitializer;
import io.tango.api.ModelKey;
import io.tango.api.ModelRegistryConnector;
import io.tango.api.ModelServerProxy;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.job.JobPredictor;
import io.tango.api.job.ModelTrainer;
import io.tango.api.job.TrainingRequest;
import io.tango.testkit.contract.JobPredictorContractTest;
import io.tango.testkit.contract.ModelFinderContractTest;
import io.tango.testkit.contract.ModelInitializerContractTest;
import io.tango.testkit.contract.ModelRegistryConnectorContractTest;
import io.tango.testkit.contract.ModelServerProxyContractTest;
import io.tango.testkit.contract.ModelTrainerContractTest;
import io.tango.toolkit.http.MultipartBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.tango.plugin.deepaas.DeepaasTestServer.CLASSIFIER;

/** The testkit's component contracts, met by every DEEPAAS component against one real DEEPaaS 2.6.0. */
class DeepaasContractTest {
    private static DeepaasTestServer server;
    private static ModelFinder finder;
    private static ModelInitializer initializer;
    private static ModelRegistryConnector registry;
    private static ModelServerProxy proxy;
    private static ModelTrainer trainer;
    private static JobPredictor predictor;
    private static TangoModel<?, ?> classifier;

    @BeforeAll
    static void startServer() {
        server = DeepaasTestServer.demoModels();
        Map<String, Object> serverConfig = TestComponents.serverConfig(server.baseUrl());
        finder = TestComponents.create(new DeepaasModelFinderFactory(), "contract", Map.of());
        initializer = TestComponents.create(new DeepaasModelInitializerFactory(), "contract", Map.of());
        registry = TestComponents.create(new DeepaasRegistryConnectorFactory(), "contract", serverConfig);
        proxy = TestComponents.create(new DeepaasModelServerProxyFactory(), "contract",
                TestComponents.serverConfig(server.baseUrl(), "model", CLASSIFIER));
        trainer = TestComponents.create(new DeepaasModelTrainerFactory(), "contract",
                TestComponents.serverConfig(server.baseUrl(), "poll_interval", "100ms"));
        predictor = TestComponents.create(new DeepaasJobPredictorFactory(), "contract", Map.of());
        classifier = initializer.initialize(classifierDescriptor()).orElseThrow();
    }

    @AfterAll
    static void stopServer() {
        for (AutoCloseable closeable : new AutoCloseable[] {predictor, trainer, proxy, registry, initializer, finder, server}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static ModelDescriptor classifierDescriptor() {
        return finder.find(ModelKey.of(server.key(CLASSIFIER))).orElseThrow();
    }

    private static TangoRequest sample() {
        return TangoRequest.of(Map.of("petal_length", 1));
    }

    @Nested
    class Finder extends ModelFinderContractTest {
        @Override
        protected ModelFinder finder() {
            return finder;
        }

        @Override
        protected ModelKey existingKey() {
            return ModelKey.of(server.key(CLASSIFIER));
        }

        @Override
        protected ModelKey missingKey() {
            return ModelKey.of(server.key("no-such-model"));
        }
    }

    @Nested
    class Initializer extends ModelInitializerContractTest {
        @Override
        protected ModelInitializer initializer() {
            return initializer;
        }

        @Override
        protected ModelDescriptor supportedDescriptor() {
            return classifierDescriptor();
        }

        @Override
        protected TangoRequest sampleRequest() {
            return sample();
        }

        @Override
        protected Optional<TangoResponse> expectedPrediction(TangoRequest request) {
            return Optional.of(TangoResponse.of(Map.of("predictions",
                    List.of(Map.of("label", "setosa", "probability", 0.9)))));
        }
    }

    @Nested
    class Registry extends ModelRegistryConnectorContractTest {
        @Override
        protected ModelRegistryConnector connector() {
            return registry;
        }

        @Override
        protected ModelKey existingKey() {
            return ModelKey.of("deepaas:/" + CLASSIFIER);
        }

        @Override
        protected ModelKey missingKey() {
            return ModelKey.of("deepaas:/no-such-model");
        }

        @Override
        protected String resourcePath() {
            return DeepaasRegistryConnector.METADATA;
        }
    }

    @Nested
    class ServerProxy extends ModelServerProxyContractTest {
        @Override
        protected ModelServerProxy proxy() {
            return proxy;
        }

        @Override
        protected Blob predictPayload() {
            return form(MultipartBody.builder().text("petal_length", "1"));
        }

        @Override
        protected Optional<Blob> expectedAnswer(Blob payload) {
            return Optional.of(Blob.ofUtf8("application/json", "{\"status\": \"OK\", \"predictions\": "
                    + "[{\"label\": \"setosa\", \"probability\": 0.9}], \"unit\": \"cm\", \"attachment_sha256\": null}"));
        }

        @Override
        protected Blob malformedPayload() {
            return Blob.ofUtf8("application/json", "{not json");
        }
    }

    @Nested
    class Trainer extends ModelTrainerContractTest {
        @Override
        protected ModelTrainer trainer() {
            return trainer;
        }

        @Override
        protected String instanceName() {
            return "contract";
        }

        @Override
        protected TrainingRequest quickTraining() {
            return TrainingRequest.of(CLASSIFIER, Map.of("epochs", 2, "epoch_seconds", 0.1));
        }

        @Override
        protected TrainingRequest slowTraining() {
            return TrainingRequest.of(CLASSIFIER, Map.of("epochs", 600, "epoch_seconds", 0.5));
        }
    }

    @Nested
    class Predictor extends JobPredictorContractTest {
        @Override
        protected JobPredictor predictor() {
            return predictor;
        }

        @Override
        protected String instanceName() {
            return "contract";
        }

        @Override
        protected TangoModel<?, ?> model() {
            return classifier;
        }

        @Override
        protected TangoRequest request() {
            return sample();
        }
    }

    private static Blob form(MultipartBody.Builder form) {
        MultipartBody body = form.build();
        return Blob.of(body.contentType(), body.bytes());
    }
}
