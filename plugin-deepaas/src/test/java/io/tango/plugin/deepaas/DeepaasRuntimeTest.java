package io.tango.plugin.deepaas;

import io.tango.api.LoadedModel;
import io.tango.api.Blob;
import io.tango.api.ModelKey;
import io.tango.api.RequestType;
import io.tango.api.TangoRequest;
import io.tango.api.job.JobStatus;
import io.tango.api.job.PredictionFuture;
import io.tango.api.job.TrainingFuture;
import io.tango.api.job.TrainingRequest;
import io.tango.runtime.TangoRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static io.tango.plugin.deepaas.DeepaasTestServer.CLASSIFIER;
import static io.tango.plugin.deepaas.DeepaasTestServer.ECHO;
import static org.assertj.core.api.Assertions.assertThat;

/** The plugin found on the class path by a runtime configured in YAML, driving a real DEEPaaS 2.6.0. */
class DeepaasRuntimeTest {
    private static DeepaasTestServer server;
    private static TangoRuntime runtime;

    @BeforeAll
    static void start() {
        server = DeepaasTestServer.demoModels();
        runtime = TangoRuntime.builder().configYaml(DeepaasRuntimeConfig.yaml(server.baseUrl())).build();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void loadsAndRunsAModelByItsKey() {
        LoadedModel model = runtime.modelManager().load(server.key(CLASSIFIER));

        assertThat(model.descriptor().format()).isEqualTo("deepaas");
        assertThat(model.predict(TangoRequest.of(Map.of("petal_length", 1))).output("unit")).contains("cm");
    }

    @Test
    void predictsAsAJobFoundAgainById() throws InterruptedException {
        PredictionFuture future = runtime.modelManager().submitPrediction("deepaas:/" + ECHO,
                TangoRequest.of(Map.of("text", "job")), "deepaas", Optional.empty());

        assertThat(future.result(Duration.ofMinutes(1)).output("predictions")).contains(Map.of("echo", "job job"));
        assertThat(runtime.modelManager().predictionFuture(future.id()).info().status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void trainsAndRoutesTheTrainingIdBackToTheTrainer() throws InterruptedException {
        TrainingFuture future = runtime.modelManager().train("deepaas",
                TrainingRequest.of(CLASSIFIER, Map.of("epochs", 1, "epoch_seconds", 0.1)));

        assertThat(future.id()).startsWith("deepaas:");
        assertThat(future.result(Duration.ofMinutes(1)).name()).isEqualTo(CLASSIFIER);
        assertThat(runtime.modelManager().trainingFuture(future.id()).info().status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void readsNativeMetadataThroughTheRegistry() {
        assertThat(runtime.registry("deepaas").nativeMetadata(ModelKey.of(ECHO))).containsEntry("name", "Echo");
    }

    @Test
    void invokesTheModelServer() {
        Blob metadata = runtime.modelServer("deepaas").invoke(RequestType.METADATA, Blob.of("application/json", new byte[0]));

        assertThat(metadata.asUtf8()).contains("\"id\":\"iris-rules\"");
    }
}
