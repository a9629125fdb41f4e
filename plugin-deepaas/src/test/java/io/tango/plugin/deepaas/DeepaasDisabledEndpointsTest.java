package io.tango.plugin.deepaas;

import io.tango.api.Blob;
import io.tango.api.ModelKey;
import io.tango.api.RequestType;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.api.job.ModelTrainer;
import io.tango.api.job.TrainingRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.tango.plugin.deepaas.DeepaasTestServer.TEST_MODEL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A DEEPaaS 2.6.0 started with {@code --nopredict-endpoint --notrain-endpoint}, which answers 402 to both. */
class DeepaasDisabledEndpointsTest {
    private static DeepaasTestServer server;
    private static DeepaasModelFinder finder;
    private static DeepaasModelInitializer initializer;
    private static ModelTrainer trainer;
    private static DeepaasModelServerProxy proxy;

    @BeforeAll
    static void startServer() {
        server = DeepaasTestServer.builtInTestModel("", "--nopredict-endpoint", "--notrain-endpoint");
        finder = (DeepaasModelFinder) TestComponents.create(new DeepaasModelFinderFactory(), "disabled", Map.of());
        initializer = (DeepaasModelInitializer) TestComponents.create(new DeepaasModelInitializerFactory(), "disabled",
                Map.of());
        trainer = TestComponents.create(new DeepaasModelTrainerFactory(), "disabled",
                TestComponents.serverConfig(server.baseUrl()));
        proxy = (DeepaasModelServerProxy) TestComponents.create(new DeepaasModelServerProxyFactory(), "disabled",
                TestComponents.serverConfig(server.baseUrl()));
    }

    @AfterAll
    static void stopServer() {
        for (AutoCloseable closeable : new AutoCloseable[] {finder, initializer, trainer, proxy, server}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void describesAModelWhoseRoutesAreLeftOutOfTheDescription() {
        DeepaasModelDescription description = finder.listModels(server.baseUrl()).get(0);

        assertThat(description.model()).isEqualTo(TEST_MODEL);
        assertThat(description.predictArguments()).isEmpty();
        assertThat(description.trainArguments()).isEmpty();
    }

    @Test
    void reportsADisabledPredictEndpointAsUnsupported() {
        TangoModel<?, ?> model = initializer.initialize(finder.find(ModelKey.of(server.key(TEST_MODEL))).orElseThrow())
                .orElseThrow();

        assertThatThrownBy(() -> model.predict(TangoRequest.of(Map.of("parameter", 1))))
                .isInstanceOf(UnsupportedTangoOperationException.class)
                .hasMessage("DEEPaaS at " + server.baseUrl() + " refused predict with model 'deepaas-test': the"
                        + " endpoint is disabled on this server (HTTP 402; deepaas-run --predict-endpoint or"
                        + " --train-endpoint is false)");
    }

    @Test
    void reportsADisabledTrainEndpointAsUnsupported() {
        assertThatThrownBy(() -> trainer.train(TrainingRequest.of(TEST_MODEL, Map.of("sleep", 1))))
                .isInstanceOf(UnsupportedTangoOperationException.class)
                .hasMessage("DEEPaaS at " + server.baseUrl() + " refused starting a training of model 'deepaas-test':"
                        + " the endpoint is disabled on this server (HTTP 402; deepaas-run --predict-endpoint or"
                        + " --train-endpoint is false)");
    }

    @Test
    void reportsADisabledEndpointThroughTheModelServer() {
        Blob payload = Blob.ofUtf8("application/json", "{\"parameter\": 1}");

        assertThatThrownBy(() -> proxy.invoke(RequestType.PREDICT, payload))
                .isInstanceOf(UnsupportedTangoOperationException.class);
    }

    @Test
    void stillServesMetadataThroughTheModelServer() {
        assertThat(proxy.invoke(RequestType.METADATA, Blob.of("application/json", new byte[0])).asUtf8())
                .contains("\"name\":\"deepaas-test\"");
    }
}
