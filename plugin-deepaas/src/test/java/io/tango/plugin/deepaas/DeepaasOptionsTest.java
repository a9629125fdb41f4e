package io.tango.plugin.deepaas;

import io.tango.api.InvalidConfigException;
import io.tango.api.config.ConfigProblem;
import io.tango.runtime.config.MapTangoConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Config values that are well-typed but unusable are refused at create, with the offending key's path. */
class DeepaasOptionsTest {
    private static final String PATH = "model_management.trainers.deepaas.config";

    @Test
    void rejectsABaseUrlThatIsNotHttp() {
        assertThatThrownBy(() -> new DeepaasModelTrainerFactory().create(
                MapTangoConfig.of(PATH, Map.of("base_url", "ftp://127.0.0.1"), Set.of()), "deepaas"))
                .isInstanceOfSatisfying(InvalidConfigException.class, error -> assertThat(error.problems())
                        .containsExactly(new ConfigProblem(PATH + ".base_url",
                                "'ftp://127.0.0.1' is not an http(s) URL with a host, e.g. http://127.0.0.1:5000")));
    }

    @Test
    void rejectsANonPositiveTimeout() {
        assertThatThrownBy(() -> new DeepaasModelTrainerFactory().create(
                MapTangoConfig.of(PATH, Map.of("base_url", "http://127.0.0.1:5000", "timeout", "0s"), Set.of()), "deepaas"))
                .isInstanceOfSatisfying(InvalidConfigException.class, error -> assertThat(error.problems())
                        .containsExactly(new ConfigProblem(PATH + ".timeout", "0s is below the minimum 1ms")));
    }

    @Test
    void rejectsAZeroConcurrency() {
        String path = "model_management.job_predictors.jobs.config";
        assertThatThrownBy(() -> new DeepaasJobPredictorFactory().create(
                MapTangoConfig.of(path, Map.of("max_concurrency_per_server", 0), Set.of()), "jobs"))
                .isInstanceOfSatisfying(InvalidConfigException.class, error -> assertThat(error.problems())
                        .containsExactly(new ConfigProblem(path + ".max_concurrency_per_server", "0 is below the minimum 1")));
    }

    @Test
    void normalizesTheBaseUrl() {
        try (DeepaasModelTrainer trainer = (DeepaasModelTrainer) new DeepaasModelTrainerFactory().create(
                MapTangoConfig.of(PATH, Map.of("base_url", "http://127.0.0.1:5000/api/"), Set.of()), "deepaas")) {
            assertThat(trainer.serverUrl()).hasToString("http://127.0.0.1:5000/api");
        }
    }

    @Test
    void rejectsAStateFolderThatIsAFile(@TempDir Path temp) throws IOException {
        Path file = Files.writeString(temp.resolve("state"), "not a folder");

        assertThatThrownBy(() -> new DeepaasModelTrainerFactory().create(MapTangoConfig.of(PATH,
                Map.of("base_url", "http://127.0.0.1:5000", "state_dir", file.toString()), Set.of()), "deepaas"))
                .isInstanceOfSatisfying(InvalidConfigException.class, error -> assertThat(error.problems())
                        .containsExactly(new ConfigProblem(PATH + ".state_dir", "cannot create the training records"
                                + " folder " + file.resolve("deepaas") + ": Not a directory: " + file.resolve("deepaas"))));
    }

    @Test
    void rejectsABlankStateFolder() {
        assertThatThrownBy(() -> new DeepaasModelTrainerFactory().create(MapTangoConfig.of(PATH,
                Map.of("base_url", "http://127.0.0.1:5000", "state_dir", " "), Set.of()), "deepaas"))
                .isInstanceOfSatisfying(InvalidConfigException.class, error -> assertThat(error.problems())
                        .containsExactly(new ConfigProblem(PATH + ".state_dir",
                                "is blank; name a folder, or leave it out to keep trainings in memory only")));
    }

    @Test
    void keepsTheRecordsOfEachInstanceInItsOwnSubFolder(@TempDir Path stateDir) {
        try (var trainer = new DeepaasModelTrainerFactory().create(MapTangoConfig.of(PATH,
                Map.of("base_url", "http://127.0.0.1:5000", "state_dir", stateDir.toString()), Set.of()), "deepaas")) {
            assertThat(stateDir.resolve("deepaas")).isEmptyDirectory();
        }
    }
}
