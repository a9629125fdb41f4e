package io.tango.plugin.local;

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
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.job.JobPredictor;
import io.tango.api.job.ModelTrainer;
import io.tango.api.job.TrainingRequest;
import io.tango.api.spi.TangoFactory;
import io.tango.plugin.local.deploy.LocalDeploymentClient;
import io.tango.plugin.local.job.LocalJobPredictor;
import io.tango.plugin.local.job.LocalModelTrainer;
import io.tango.plugin.local.server.ServingSettings;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.plugin.local.store.StoredModel;
import io.tango.testkit.contract.DeploymentClientContractTest;
import io.tango.testkit.contract.FactoryContractTest;
import io.tango.testkit.contract.JobPredictorContractTest;
import io.tango.testkit.contract.ModelFinderContractTest;
import io.tango.testkit.contract.ModelInitializerContractTest;
import io.tango.testkit.contract.ModelRegistryConnectorContractTest;
import io.tango.testkit.contract.ModelServerProxyContractTest;
import io.tango.testkit.contract.ModelTrainerContractTest;
import io.tango.toolkit.http.HttpSettings;
import io.tango.toolkit.http.RetrySettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The testkit's contracts, for every factory and component plugin-local provides. */
class LocalContractsTest {
    @TempDir
    static Path root;

    private static LocalModelStore store;
    private static StoredModel iris;
    private static LocalModelTrainer trainer;
    private static LocalJobPredictor predictor;
    private static TangoModel<?, ?> model;
    private static LocalDeploymentClient deployments;
    private static URI servedUrl;

    @BeforeAll
    static void setUp() {
        store = new LocalModelStore(root.resolve("store"));
        iris = Fixtures.train(store, "iris", Fixtures.irisArguments());
        trainer = new LocalModelTrainer("contract", store, Fixtures.loader(), 1, 8, Duration.ofDays(1), Clock.systemUTC());
        predictor = new LocalJobPredictor("contract", 2, 16, Duration.ofMinutes(5), Clock.systemUTC());
        model = Fixtures.loader().load(iris.descriptor(ModelKey.of("iris"), "contract"));
        deployments = new LocalDeploymentClient(store, new LocalModelFinder(store, "contract"), Fixtures.loader(),
                ServingSettings.defaults(), Clock.systemUTC());
        servedUrl = deployments.createDeployment("served", "iris", Optional.empty(), Map.of("serve", "true")).url().orElseThrow();
    }

    @AfterAll
    static void tearDown() {
        deployments.close();
        model.close();
        predictor.close();
        trainer.close();
    }

    private static Map<String, Object> rootConfig() {
        return Map.of("root", root.resolve("factory-store").toString());
    }

    @Nested
    class FinderFactory extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new LocalModelFinderFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return rootConfig();
        }
    }

    @Nested
    class InitializerFactory extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new LocalModelInitializerFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return Map.of("intra_op_threads", 2);
        }
    }

    @Nested
    class TrainerFactory extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new LocalModelTrainerFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return Map.of("root", root.resolve("factory-store").toString(), "threads", 1, "retention_duration", "1h");
        }
    }

    @Nested
    class PredictorFactory extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new LocalJobPredictorFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return Map.of("threads", 2, "queue_size", 8);
        }
    }

    @Nested
    class DeploymentFactory extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new LocalDeploymentClientFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return Map.of("root", root.resolve("factory-store").toString(), "max_request_size", "1MiB");
        }
    }

    @Nested
    class RegistryFactory extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new LocalModelRegistryConnectorFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return rootConfig();
        }
    }

    @Nested
    class ServerProxyFactory extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new LocalModelServerProxyFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return Map.of("url", "http://127.0.0.1:5000");
        }
    }

    @Nested
    class Finder extends ModelFinderContractTest {
        @Override
        protected ModelFinder finder() {
            return new LocalModelFinder(store, "contract");
        }

        @Override
        protected ModelKey existingKey() {
            return ModelKey.of("iris/1");
        }

        @Override
        protected ModelKey missingKey() {
            return ModelKey.of("wine");
        }
    }

    @Nested
    class Initializer extends ModelInitializerContractTest {
        @Override
        protected ModelInitializer initializer() {
            return new LocalModelInitializer(Fixtures.loader());
        }

        @Override
        protected ModelDescriptor supportedDescriptor() {
            return iris.descriptor(ModelKey.of("iris/1"), "contract");
        }

        @Override
        protected TangoRequest sampleRequest() {
            return TangoRequest.of(Fixtures.irisColumns(3));
        }

        @Override
        protected Optional<TangoResponse> expectedPrediction(TangoRequest request) {
            return Optional.of(TangoResponse.of(Map.of("label", List.of("setosa", "setosa", "setosa"))));
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
            return TrainingRequest.of("quick", Map.of("data", Fixtures.dataset("iris.csv").toString(), "target", "species",
                    "epochs", 5));
        }

        @Override
        protected TrainingRequest slowTraining() {
            return LocalModelTrainerTest.slowTraining("slow");
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
            return model;
        }

        @Override
        protected TangoRequest request() {
            return TangoRequest.of(Fixtures.irisColumns(2));
        }
    }

    @Nested
    class Deployments extends DeploymentClientContractTest {
        @Override
        protected DeploymentClient client() {
            return deployments;
        }

        @Override
        protected String modelUri() {
            return "iris";
        }

        @Override
        protected String otherModelUri() {
            return "iris/1";
        }

        @Override
        protected TangoRequest request() {
            return TangoRequest.of(Fixtures.irisColumns(1));
        }

        @Override
        protected Optional<TangoResponse> expectedPrediction(TangoRequest request) {
            return Optional.of(TangoResponse.of(Map.of("label", List.of("setosa"))));
        }
    }

    @Nested
    class Registry extends ModelRegistryConnectorContractTest {
        @Override
        protected ModelRegistryConnector connector() {
            return new LocalModelRegistryConnector(store, "contract");
        }

        @Override
        protected ModelKey existingKey() {
            return ModelKey.of("iris");
        }

        @Override
        protected ModelKey missingKey() {
            return ModelKey.of("wine/3");
        }

        @Override
        protected String resourcePath() {
            return "tango-model.json";
        }
    }

    @Nested
    class ServerProxy extends ModelServerProxyContractTest {
        @Override
        protected ModelServerProxy proxy() {
            return new LocalModelServerProxy(servedUrl, HttpSettings.of(Duration.ofSeconds(30), Duration.ofSeconds(30),
                    RetrySettings.NONE));
        }

        @Override
        protected Blob predictPayload() {
            return Blob.ofUtf8("application/json", "{\"instances\": [[5.1, 3.5, 1.4, 0.2]]}");
        }

        @Override
        protected Optional<Blob> expectedAnswer(Blob payload) {
            return Optional.of(Blob.ofUtf8("application/json", "{\"predictions\":{\"label\":[\"setosa\"],"
                    + "\"probabilities\":[[5.1222742E-14,0.99974793,2.5208938E-4]]}}"));
        }

        @Override
        protected Blob malformedPayload() {
            return Blob.ofUtf8("application/json", "{\"rows\": [[5.1, 3.5, 1.4, 0.2]]}");
        }
    }
}
