package io.tango.plugin.local;

import io.tango.api.LoadedModel;
import io.tango.api.TangoRequest;
import io.tango.api.Tensor;
import io.tango.api.deploy.Deployment;
import io.tango.api.job.TrainingRequest;
import io.tango.runtime.TangoRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** plugin-local found on the class path by the runtime, every kind configured on one store. */
class LocalRuntimeTest {
    @TempDir
    Path root;

    static String config(Path root) {
        String store = root.toString().replace("\\", "/");
        return """
                model_management:
                  finders:
                    default: {type: LOCAL, config: {root: "%1$s"}}
                  initializers:
                    default: {type: LOCAL}
                  trainers:
                    default: {type: LOCAL, config: {root: "%1$s", threads: 1}}
                  job_predictors:
                    default: {type: LOCAL}
                  deployment_targets:
                    local: {type: local, config: {root: "%1$s"}}
                """.formatted(store);
    }

    @Test
    void trainsLoadsPredictsAndDeploysThroughTheRuntime() throws InterruptedException {
        try (TangoRuntime runtime = TangoRuntime.builder().configYaml(config(root)).environment(Map.of()).build()) {
            runtime.modelManager().train(TrainingRequest.of("iris", Fixtures.irisArguments())).result(Duration.ofMinutes(2));

            LoadedModel model = runtime.modelManager().load("iris");
            Tensor labels = (Tensor) model.predict(TangoRequest.of(Fixtures.irisColumns(1))).output("label").orElseThrow();
            assertThat(labels.strings()).containsExactly("setosa");

            Deployment deployment = runtime.deploymentClient("local").createDeployment("iris", "iris", Optional.empty(), Map.of());
            assertThat(deployment.target()).isEqualTo("local");
            assertThat(runtime.deploymentClient("local").predict("iris", TangoRequest.of(Fixtures.irisColumns(1))).outputs())
                    .containsKeys("label", "probabilities");
        }
    }
}
