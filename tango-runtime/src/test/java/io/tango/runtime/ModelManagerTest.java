package io.tango.runtime;

import io.tango.api.LoadedModel;
import io.tango.api.ModelNotFoundException;
import io.tango.api.TangoException;
import io.tango.api.TangoRequest;
import io.tango.api.JobNotFoundException;
import io.tango.runtime.testing.TestFinder;
import io.tango.runtime.testing.TestInitializerFactory;
import io.tango.runtime.testing.TestModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelManagerTest {
    private static TangoRuntime runtime(int initializerFailures) {
        return TangoRuntime.builder().environment(Map.of()).configYaml("""
                model_management:
                  finders:
                    default: {type: TEST, config: {root: /m, models: [iris, wine], fail_on: [flaky]}}
                    backup: {type: TEST, config: {root: /b, models: [wine]}}
                    multi: {type: MULTI, config: {finder_priority: [default, backup]}}
                  initializers:
                    default: {type: TEST, config: {failures: %d}}
                """.formatted(initializerFailures)).build();
    }

    @Test
    void loadsOnceWhenManyThreadsAskForTheSameKey() throws Exception {
        try (TangoRuntime runtime = runtime(0)) {
            var initializer = (TestInitializerFactory.Initializer) runtime.initializer("default");
            initializer.hold();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<LoadedModel>> loads = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    loads.add(pool.submit((Callable<LoadedModel>) () -> runtime.modelManager().load("iris")));
                }
                initializer.open();
                Set<LoadedModel> models = new java.util.HashSet<>();
                for (Future<LoadedModel> load : loads) {
                    models.add(load.get(30, TimeUnit.SECONDS));
                }
                assertThat(models).hasSize(1);
                assertThat(initializer.loads()).isEqualTo(1);
                assertThat(((TestFinder) runtime.finder("default")).finds()).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void doesNotCacheAFailedLoad() {
        try (TangoRuntime runtime = runtime(1)) {
            assertThatThrownBy(() -> runtime.modelManager().load("iris"))
                    .isInstanceOf(TangoException.class)
                    .hasMessage("artifact of 'iris' is corrupt");
            assertThat(runtime.modelManager().load("iris").descriptor().name()).isEqualTo("iris");
        }
    }

    @Test
    void reportsAModelNoFinderHas() {
        try (TangoRuntime runtime = runtime(0)) {
            assertThatThrownBy(() -> runtime.modelManager().load("mnist"))
                    .isInstanceOf(ModelNotFoundException.class)
                    .hasMessage("model 'mnist' was not found by finder 'default'");
        }
    }

    @Test
    void unloadClosesTheModelAndTheNextLoadIsFresh() {
        try (TangoRuntime runtime = runtime(0)) {
            TestModel first = (TestModel) runtime.modelManager().load("iris");
            assertThat(runtime.modelManager().unload("iris")).isTrue();
            assertThat(first.isClosed()).isTrue();
            assertThat(runtime.modelManager().load("iris")).isNotSameAs(first);
        }
    }

    @Test
    void closingTheRuntimeClosesLoadedModels() {
        TestModel model;
        try (TangoRuntime runtime = runtime(0)) {
            model = (TestModel) runtime.modelManager().load("iris");
        }
        assertThat(model.isClosed()).isTrue();
    }

    @Test
    void predictsWithAKey() {
        try (TangoRuntime runtime = runtime(0)) {
            assertThat(runtime.modelManager().predict("iris", TangoRequest.of(Map.of("x", 1.5))).outputs())
                    .isEqualTo(Map.of("x", 1.5));
        }
    }

    @Test
    void predictingByAKeyAgainAfterItsUnloadLoadsItAgain() {
        try (TangoRuntime runtime = runtime(0)) {
            var initializer = (TestInitializerFactory.Initializer) runtime.initializer("default");
            ModelManager manager = runtime.modelManager();
            manager.predict("iris", TangoRequest.of(Map.of("x", 1.5)));
            manager.predict("iris", TangoRequest.of(Map.of("x", 2.5)));
            assertThat(initializer.loads()).isEqualTo(1);

            assertThat(manager.unload("iris")).isTrue();

            assertThat(manager.predict("iris", TangoRequest.of(Map.of("x", 3.5))).outputs()).isEqualTo(Map.of("x", 3.5));
            assertThat(initializer.loads()).isEqualTo(2);
        }
    }

    @Test
    void predictingAfterTheRuntimeClosedFails() {
        ModelManager manager;
        try (TangoRuntime runtime = runtime(0)) {
            manager = runtime.modelManager();
            manager.predict("iris", TangoRequest.of(Map.of("x", 1.5)));
        }
        assertThatThrownBy(() -> manager.predict("iris", TangoRequest.of(Map.of("x", 1.5))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the TANGO runtime is closed");
    }

    @Test
    void multiFinderFallsThroughToTheNextFinder() {
        try (TangoRuntime runtime = runtime(0)) {
            var found = runtime.modelManager().find(io.tango.api.ModelKey.of("wine"), "multi");
            assertThat(found.origin()).isEqualTo("finder default");
            assertThat(runtime.finder("multi").find(io.tango.api.ModelKey.of("nothing"))).isEmpty();
        }
    }

    @Test
    void multiFinderReportsEveryFailureWhenNoFinderFindsTheModel() {
        try (TangoRuntime runtime = runtime(0)) {
            assertThatThrownBy(() -> runtime.finder("multi").find(io.tango.api.ModelKey.of("flaky")))
                    .isInstanceOf(TangoException.class)
                    .isNotInstanceOf(ModelNotFoundException.class)
                    .hasMessage("no finder found model 'flaky'; 1 of 2 failed:\n"
                            + "  - default: RemoteServiceException: test registry default answered HTTP 503: unavailable");
        }
    }

    @Test
    void routesAJobIdToItsOwnerAndRejectsOneWithoutOwner() {
        try (TangoRuntime runtime = runtime(0)) {
            assertThatThrownBy(() -> runtime.modelManager().trainingFuture("no-owner"))
                    .isInstanceOf(JobNotFoundException.class)
                    .hasMessage("'no-owner' is not a job id: ids look like <trainer>:<id>");
            assertThatThrownBy(() -> runtime.modelManager().trainingFuture("gpu:1234"))
                    .isInstanceOf(JobNotFoundException.class)
                    .hasMessage("job 'gpu:1234' belongs to trainer 'gpu', which is not configured. Configured trainers: ");
        }
    }
}
