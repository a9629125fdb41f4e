package io.tango.plugin.local;

import io.tango.api.LoadedModel;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tango.api.CapacityExceededException;
import io.tango.api.InvalidRequestException;
import io.tango.api.JobFailedException;
import io.tango.api.JobNotFoundException;
import io.tango.api.ModelDescriptor;
import io.tango.api.TangoRequest;
import io.tango.api.Tensor;
import io.tango.api.job.JobInfo;
import io.tango.api.job.JobStatus;
import io.tango.api.job.TrainingFuture;
import io.tango.api.job.TrainingRequest;
import io.tango.plugin.local.job.LocalModelTrainer;
import io.tango.plugin.local.store.LocalModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalModelTrainerTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @TempDir
    Path root;

    private LocalModelTrainer trainer(LocalModelStore store, int threads, int queueSize, Clock clock) {
        return new LocalModelTrainer("trainer", store, Fixtures.loader(), threads, queueSize, Duration.ofDays(1), clock);
    }

    private LocalModelTrainer trainer(LocalModelStore store) {
        return trainer(store, 1, 4, Clock.systemUTC());
    }

    /** Runs for minutes unless canceled: many epochs over the diabetes data. */
    static TrainingRequest slowTraining(String model) {
        Map<String, Object> arguments = new LinkedHashMap<>(Fixtures.diabetesArguments());
        arguments.put("epochs", 1_000_000);
        return TrainingRequest.of(model, arguments);
    }

    static void awaitRunning(TrainingFuture future) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (future.info().progress().orElse(0) <= 0) {
            assertThat(System.nanoTime()).as("training %s reports progress in time", future.id()).isLessThan(deadline);
            future.await(Duration.ofMillis(20));
        }
    }

    @Test
    void trainsSavesAndLoadsAModelThatPredicts() throws InterruptedException {
        LocalModelStore store = new LocalModelStore(root);
        try (LocalModelTrainer trainer = trainer(store)) {
            TrainingFuture future = trainer.train(TrainingRequest.of("iris", Fixtures.irisArguments()));

            ModelDescriptor descriptor = future.result(TIMEOUT);
            assertThat(descriptor.name()).isEqualTo("iris");
            assertThat(descriptor.version()).contains("1");
            assertThat(descriptor.metadata()).containsEntry("task", "classification");
            assertThat(Double.parseDouble(descriptor.metadata().get("training.accuracy"))).isGreaterThan(0.9);
            JobInfo info = future.info();
            assertThat(info.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(info.progress()).hasValue(1.0);
            assertThat(info.details()).containsEntry("model", "iris").containsEntry("version", "1").containsEntry("engine", "tribuo");
            try (LoadedModel model = future.load()) {
                Tensor labels = (Tensor) model.predict(TangoRequest.of(Fixtures.irisColumns(1))).output("label").orElseThrow();
                assertThat(labels.strings()).containsExactly("setosa");
            }
        }
        assertThat(store.find("iris", Optional.of("1"))).isPresent();
    }

    @Test
    void savesUnderAGivenVersion() throws InterruptedException {
        try (LocalModelTrainer trainer = trainer(new LocalModelStore(root))) {
            Map<String, Object> arguments = new LinkedHashMap<>(Fixtures.irisArguments());
            arguments.put("version", "2024-01");

            assertThat(trainer.train(TrainingRequest.of("iris", arguments)).result(TIMEOUT).version()).contains("2024-01");
        }
    }

    @Test
    void rejectsAnUnknownArgumentBeforeQueueing() {
        try (LocalModelTrainer trainer = trainer(new LocalModelStore(root))) {
            Map<String, Object> arguments = new LinkedHashMap<>(Fixtures.irisArguments());
            arguments.put("layers", 3);

            assertThatThrownBy(() -> trainer.train(TrainingRequest.of("iris", arguments)))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("unknown training argument 'layers'; engine 'tribuo' takes [task, target, features, data, rows,"
                            + " epochs, learning_rate, seed, minibatch_size]");
            assertThat(trainer.listTrainings()).isEmpty();
        }
    }

    @Test
    void rejectsAnUnknownEngine() {
        try (LocalModelTrainer trainer = trainer(new LocalModelStore(root))) {
            Map<String, Object> arguments = new LinkedHashMap<>(Fixtures.irisArguments());
            arguments.put("engine", "onnx");

            assertThatThrownBy(() -> trainer.train(TrainingRequest.of("iris", arguments)))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("training argument 'engine' is 'onnx'; engines that train: [tribuo]");
        }
    }

    @Test
    void endsErroredWhenTheDataDoesNotFit() throws InterruptedException {
        try (LocalModelTrainer trainer = trainer(new LocalModelStore(root))) {
            TrainingFuture future = trainer.train(TrainingRequest.of("iris",
                    Map.of("data", Fixtures.dataset("iris.csv").toString(), "target", "colour")));

            JobInfo info = future.await(TIMEOUT);
            assertThat(info.status()).isEqualTo(JobStatus.ERRORED);
            assertThat(info.errors()).extracting(Object::toString).containsExactly("InvalidRequestException: column 'colour' is not"
                    + " in the data; its columns are [sepal_length, sepal_width, petal_length, petal_width, species]");
            assertThatThrownBy(future::result).isInstanceOf(JobFailedException.class).hasMessageContaining("column 'colour'");
        }
    }

    @Test
    void cancelsARunningTrainingFreesItsThreadAndSavesNothing() throws InterruptedException {
        LocalModelStore store = new LocalModelStore(root);
        try (LocalModelTrainer trainer = trainer(store)) {
            TrainingFuture slow = trainer.train(slowTraining("slow"));
            awaitRunning(slow);
            assertThat(slow.info().status()).isEqualTo(JobStatus.RUNNING);

            assertThat(slow.cancel()).isTrue();

            assertThat(slow.info().status()).isEqualTo(JobStatus.CANCELED);
            // the only thread is free again: a quick training runs and completes
            TrainingFuture quick = trainer.train(TrainingRequest.of("quick", Fixtures.irisArguments()));
            assertThat(quick.await(TIMEOUT).status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(store.versions("slow")).isEmpty();
            assertThat(slow.info().status()).isEqualTo(JobStatus.CANCELED);
        }
    }

    @Test
    void refusesATrainingWhenTheQueueIsFull() throws InterruptedException {
        try (LocalModelTrainer trainer = trainer(new LocalModelStore(root), 1, 1, Clock.systemUTC())) {
            TrainingFuture running = trainer.train(slowTraining("a"));
            awaitRunning(running);
            TrainingFuture queued = trainer.train(slowTraining("b"));

            assertThatThrownBy(() -> trainer.train(slowTraining("c")))
                    .isInstanceOf(CapacityExceededException.class)
                    .hasMessage("the training queue of trainer 'trainer' is full (1 running, 1 waiting); retry later");
            assertThat(queued.info().status()).isEqualTo(JobStatus.QUEUED);
            assertThat(trainer.listTrainings()).hasSize(2);
        }
    }

    @Test
    void findsAFinishedTrainingAfterARestart() throws InterruptedException {
        LocalModelStore store = new LocalModelStore(root);
        String id;
        try (LocalModelTrainer trainer = trainer(store)) {
            TrainingFuture future = trainer.train(new TrainingRequest("iris", Fixtures.irisArguments(), Optional.of("nightly-1")));
            future.result(TIMEOUT);
            id = future.id();
        }

        try (LocalModelTrainer restarted = trainer(store)) {
            TrainingFuture found = restarted.getTrainingFuture(id);

            assertThat(id).isEqualTo("trainer:nightly-1");
            assertThat(found.info().status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(found.result().version()).contains("1");
            try (LoadedModel model = found.load()) {
                assertThat(model.predict(TangoRequest.of(Fixtures.irisColumns(1))).outputs()).containsKey("label");
            }
        }
    }

    @Test
    void reportsATrainingThatWasRunningAtRestartAsInterrupted() throws InterruptedException {
        LocalModelStore store = new LocalModelStore(root);
        try (LocalModelTrainer crashed = trainer(store)) {
            TrainingFuture running = crashed.train(slowTraining("slow"));
            awaitRunning(running);

            // a second process starts on the same store while the first still shows the job RUNNING on disk
            try (LocalModelTrainer restarted = trainer(store)) {
                JobInfo info = restarted.getTrainingFuture(running.id()).info();

                assertThat(info.status()).isEqualTo(JobStatus.ERRORED);
                assertThat(info.errors()).extracting(Object::toString)
                        .containsExactly("TangoException: interrupted by shutdown: the trainer stopped while the job was running");
            }
        }
    }

    @Test
    void closeEndsARunningTrainingAsInterrupted() throws InterruptedException {
        LocalModelStore store = new LocalModelStore(root);
        TrainingFuture running;
        try (LocalModelTrainer trainer = trainer(store)) {
            running = trainer.train(slowTraining("slow"));
            awaitRunning(running);
        }

        assertThat(running.info().status()).isEqualTo(JobStatus.ERRORED);
        assertThat(running.info().errors()).extracting(Object::toString).containsExactly("TangoException: interrupted by shutdown");
        assertThat(store.versions("slow")).isEmpty();
        try (LocalModelTrainer restarted = trainer(store)) {
            assertThat(restarted.getTrainingFuture(running.id()).info().status()).isEqualTo(JobStatus.ERRORED);
        }
    }

    @Test
    void retentionRemovesOldRecordsButNotTheirModels() throws Exception {
        LocalModelStore store = new LocalModelStore(root);
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        String id;
        try (LocalModelTrainer trainer = trainer(store, 1, 4, clock)) {
            TrainingFuture future = trainer.train(TrainingRequest.of("iris", Fixtures.irisArguments()));
            future.result(TIMEOUT);
            id = future.id();
        }
        assertThat(recordCount(store)).isEqualTo(1);

        clock.advance(Duration.ofDays(2));
        try (LocalModelTrainer restarted = trainer(store, 1, 4, clock)) {
            assertThatThrownBy(() -> restarted.getTrainingFuture(id))
                    .isInstanceOf(JobNotFoundException.class)
                    .hasMessage("trainer 'trainer' has no training " + id + " (never submitted, or its record passed retention)");
        }
        assertThat(recordCount(store)).isZero();
        assertThat(store.find("iris", Optional.of("1"))).isPresent();
    }

    @Test
    void putsTheJobIdInTheLoggingContextWhileTraining() throws InterruptedException {
        Logger logger = (Logger) LoggerFactory.getLogger(LocalModelTrainer.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (LocalModelTrainer trainer = trainer(new LocalModelStore(root))) {
            TrainingFuture future = trainer.train(TrainingRequest.of("iris", Fixtures.irisArguments()));
            future.result(TIMEOUT);

            // Logback appends under the appender's lock; the trainer's thread may still be logging, so copy under it.
            java.util.List<ILoggingEvent> events;
            synchronized (appender) {
                events = new java.util.ArrayList<>(appender.list);
            }
            assertThat(events)
                    .filteredOn(event -> event.getFormattedMessage().equals("Training " + future.id() + " of model 'iris' started"))
                    .singleElement()
                    .satisfies(event -> assertThat(event.getMDCPropertyMap()).containsEntry(LocalModelTrainer.MDC_KEY, future.id()));
        } finally {
            logger.detachAppender(appender);
        }
    }

    private static long recordCount(LocalModelStore store) throws java.io.IOException {
        try (var files = Files.list(store.jobsDirectory().resolve("trainer"))) {
            return files.count();
        }
    }
}
