package io.tango.testkit.example;

import com.sun.net.httpserver.HttpServer;
import io.tango.api.Blob;
import io.tango.api.LoadedModel;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelInitializer;
import io.tango.api.ModelKey;
import io.tango.api.ModelRegistryConnector;
import io.tango.api.ModelServerProxy;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.job.JobPredictor;
import io.tango.api.job.ModelTrainer;
import io.tango.api.job.TrainingRequest;
import io.tango.api.spi.TangoFactory;
import io.tango.runtime.TangoRuntime;
import io.tango.testkit.contract.DeploymentClientContractTest;
import io.tango.testkit.contract.FactoryContractTest;
import io.tango.testkit.contract.JobPredictorContractTest;
import io.tango.testkit.contract.ModelFinderContractTest;
import io.tango.testkit.contract.ModelInitializerContractTest;
import io.tango.testkit.contract.ModelRegistryConnectorContractTest;
import io.tango.testkit.contract.ModelServerProxyContractTest;
import io.tango.testkit.contract.ModelTrainerContractTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The testkit's contracts run against the example plugin (which lives in these test sources and is found on the
 * class path): the testkit proves itself on a plugin that meets it, the way a third party's tests would use it.
 */
class ExamplePluginContractTest {
    private static TangoRuntime runtime;
    private static HttpServer server;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/predict", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).trim();
            byte[] answer;
            int status;
            try {
                answer = String.valueOf(2 * Double.parseDouble(body)).getBytes(StandardCharsets.UTF_8);
                status = 200;
            } catch (NumberFormatException e) {
                answer = ("not a number: " + body).getBytes(StandardCharsets.UTF_8);
                status = 400;
            }
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        runtime = TangoRuntime.builder().environment(Map.of()).configYaml("""
                model_management:
                  finders: {default: {type: EXAMPLE}}
                  initializers: {default: {type: EXAMPLE}}
                  trainers: {default: {type: EXAMPLE}}
                  job_predictors: {default: {type: EXAMPLE}}
                  registries: {default: {type: EXAMPLE}}
                  model_servers: {default: {type: EXAMPLE, config: {url: "http://127.0.0.1:%d"}}}
                """.formatted(server.getAddress().getPort())).build();
    }

    @AfterAll
    static void stop() {
        runtime.close();
        server.stop(0);
    }

    @Nested
    class Finder extends ModelFinderContractTest {
        @Override
        protected ModelFinder finder() {
            return runtime.finder("default");
        }

        @Override
        protected ModelKey existingKey() {
            return ModelKey.of("double");
        }

        @Override
        protected ModelKey missingKey() {
            return ModelKey.of("quadruple");
        }
    }

    @Nested
    class Initializer extends ModelInitializerContractTest {
        @Override
        protected ModelInitializer initializer() {
            return runtime.initializer("default");
        }

        @Override
        protected ModelDescriptor supportedDescriptor() {
            return runtime.finder("default").find(ModelKey.of("triple")).orElseThrow();
        }

        @Override
        protected TangoRequest sampleRequest() {
            return TangoRequest.of(Map.of("x", 2));
        }

        @Override
        protected Optional<TangoResponse> expectedPrediction(TangoRequest request) {
            return Optional.of(TangoResponse.of(Map.of("y", 6)));
        }
    }

    @Nested
    class Trainer extends ModelTrainerContractTest {
        @Override
        protected ModelTrainer trainer() {
            return runtime.trainer("default");
        }

        @Override
        protected String instanceName() {
            return "default";
        }

        @Override
        protected TrainingRequest quickTraining() {
            return TrainingRequest.of("fivefold", Map.of("factor", 5));
        }

        @Override
        protected TrainingRequest slowTraining() {
            return TrainingRequest.of("slow", Map.of("factor", 5, "steps", 300, "step_millis", 20));
        }
    }

    @Nested
    class Predictor extends JobPredictorContractTest {
        @Override
        protected JobPredictor predictor() {
            return runtime.jobPredictor("default");
        }

        @Override
        protected String instanceName() {
            return "default";
        }

        @Override
        protected LoadedModel model() {
            return runtime.modelManager().load("double");
        }

        @Override
        protected TangoRequest request() {
            return TangoRequest.of(Map.of("x", 21));
        }
    }

    @Nested
    class Deployments extends DeploymentClientContractTest {
        @Override
        protected DeploymentClient client() {
            return runtime.deploymentClient("example");
        }

        @Override
        protected String modelUri() {
            return "double";
        }

        @Override
        protected String otherModelUri() {
            return "triple";
        }

        @Override
        protected TangoRequest request() {
            return TangoRequest.of(Map.of("x", 1));
        }

        @Override
        protected Optional<TangoResponse> expectedPrediction(TangoRequest request) {
            return Optional.of(TangoResponse.of(Map.of("y", 2)));
        }
    }

    @Nested
    class Registry extends ModelRegistryConnectorContractTest {
        @Override
        protected ModelRegistryConnector connector() {
            return runtime.registry("default");
        }

        @Override
        protected ModelKey existingKey() {
            return ModelKey.of("double");
        }

        @Override
        protected ModelKey missingKey() {
            return ModelKey.of("quadruple");
        }

        @Override
        protected String resourcePath() {
            return "factor.txt";
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
            return Blob.ofUtf8("text/plain", "21");
        }

        @Override
        protected Blob malformedPayload() {
            return Blob.ofUtf8("text/plain", "twenty-one");
        }

        @Override
        protected java.util.Optional<Blob> expectedAnswer(Blob payload) {
            return java.util.Optional.of(Blob.ofUtf8("text/plain", "42.0"));
        }
    }

    @Nested
    class FinderFactory extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new ExampleFinderFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return Map.of("extra", Map.of("fourfold", "4"));
        }
    }

    @Nested
    class ServerProxyFactory extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new ExampleServerProxyFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return Map.of("url", "http://127.0.0.1:1");
        }
    }

    @Nested
    class TrainerFactory extends FactoryContractTest {
        @Override
        protected TangoFactory<?> factory() {
            return new ExampleTrainerFactory();
        }

        @Override
        protected Map<String, Object> validConfig() {
            return Map.of("threads", 1);
        }
    }
}
