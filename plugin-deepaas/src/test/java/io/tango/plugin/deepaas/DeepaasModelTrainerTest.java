package io.tango.plugin.deepaas;

import io.tango.api.LoadedModel;
import io.tango.api.InvalidRequestException;
import io.tango.api.JobCanceledException;
import io.tango.api.JobFailedException;
import io.tango.api.JobNotFoundException;
import io.tango.api.ModelFinder;
import io.tango.api.ModelInitializer;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.api.job.JobError;
import io.tango.api.job.JobInfo;
import io.tango.api.job.JobStatus;
import io.tango.api.job.ModelTrainer;
import io.tango.api.job.TrainingFuture;
import io.tango.api.job.TrainingRequest;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.tango.testkit.logging.CapturedLogs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.tango.plugin.deepaas.DeepaasTestServer.CLASSIFIER;
import static io.tango.plugin.deepaas.DeepaasTestServer.ECHO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** Trainings on a real DEEPaaS 2.6.0 through the DEEPAAS trainer, with the demo classifier's slow training. */
class DeepaasModelTrainerTest {
    private static final Duration WAIT = Duration.ofMinutes(1);

    private static DeepaasTestServer server;
    private static ModelTrainer trainer;
    private static ModelTrainer uncheckedTrainer;
    private static ModelFinder finder;
    private static ModelInitializer initializer;
    private static TangoModel<?, ?> classifier;

    @BeforeAll
    static void startServer() {
        server = DeepaasTestServer.demoModels();
        trainer = TestComponents.create(new DeepaasModelTrainerFactory(), "trainer",
                TestComponents.serverConfig(server.baseUrl(), "poll_interval", "100ms"));
        uncheckedTrainer = TestComponents.create(new DeepaasModelTrainerFactory(), "unchecked",
                TestComponents.serverConfig(server.baseUrl(), "client_side_validation", false));
        finder = TestComponents.create(new DeepaasModelFinderFactory(), "demo", Map.of());
        initializer = TestComponents.create(new DeepaasModelInitializerFactory(), "demo", Map.of());
        classifier = initializer.initialize(finder.find(ModelKey.of(server.key(CLASSIFIER))).orElseThrow()).orElseThrow();
    }

    @AfterAll
    static void stopServer() {
        for (AutoCloseable component : new AutoCloseable[] {finder, initializer}) {
            try {
                if (component != null) {
                    component.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (trainer != null) {
            trainer.close();
        }
        if (uncheckedTrainer != null) {
            uncheckedTrainer.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static TrainingRequest quick() {
        return TrainingRequest.of(CLASSIFIER, Map.of("epochs", 3, "epoch_seconds", 0.1));
    }

    private static TrainingRequest slow() {
        return TrainingRequest.of(CLASSIFIER, Map.of("epochs", 600, "epoch_seconds", 0.5));
    }

    /** A trainer named {@code trainer} keeping its records in {@code stateDir}: one CLI process's trainer. */
    private static ModelTrainer trainerOn(Path stateDir) {
        return TestComponents.create(new DeepaasModelTrainerFactory(), "trainer",
                TestComponents.serverConfig(server.baseUrl(), "state_dir", stateDir.toString()));
    }

    private static JobInfo trainAndCancel(Path stateDir) throws InterruptedException {
        try (ModelTrainer first = trainerOn(stateDir)) {
            TrainingFuture future = first.train(slow());
            assertThat(future.cancel()).isTrue();
            return future.await(WAIT);
        }
    }

    @Test
    void trainsToCompletionAndDescribesTheTrainedModel() throws InterruptedException {
        TrainingFuture future = trainer.train(TrainingRequest.of(CLASSIFIER,
                Map.of("epochs", 2, "epoch_seconds", 0.1, "optimizer", "adam")));

        ModelDescriptor trained = future.result(WAIT);

        String uuid = future.id().substring("trainer:".length());
        assertThat(uuid).matches("[0-9a-f]{32}");
        assertThat(trained.key()).isEqualTo(ModelKey.of(server.key(CLASSIFIER)));
        assertThat(trained.name()).isEqualTo(CLASSIFIER);
        assertThat(trained.format()).isEqualTo("deepaas");
        assertThat(trained.origin()).isEqualTo("trainer trainer");
        assertThat(trained.metadata()).contains(
                entry("deepaas.training.uuid", uuid),
                entry("deepaas.training.output", "{\"accuracy\":0.96,\"epochs\":2,\"optimizer\":\"adam\"}"));
        JobInfo info = future.info();
        assertThat(info.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(info.errors()).isEmpty();
        assertThat(info.details()).contains(
                entry("deepaas.uuid", uuid),
                entry("deepaas.model", CLASSIFIER),
                entry("deepaas.status", "done"),
                entry("deepaas.arguments", "{\"epochs\":2,\"epoch_seconds\":0.1,\"learning_rate\":0.1,\"optimizer\":\"adam\"}"),
                entry("deepaas.output", "{\"accuracy\":0.96,\"epochs\":2,\"optimizer\":\"adam\"}"));
        assertThat(info.completed().orElseThrow()).isAfterOrEqualTo(info.submitted());
    }

    @Test
    void putsTheTrainingsIdInTheMdcOfEveryLogLineOfItsStatusRequests() throws InterruptedException {
        TrainingFuture future = trainer.train(slow());
        String uuid = future.id().substring("trainer:".length());

        List<ILoggingEvent> statusRequests;
        try (CapturedLogs logs = CapturedLogs.atTrace()) {
            future.info();
            future.cancel();
            statusRequests = logs.events().stream()
                    .filter(event -> event.getFormattedMessage().contains("/train/" + uuid))
                    .toList();
        }

        assertThat(statusRequests).isNotEmpty()
                .allSatisfy(event -> assertThat(event.getMDCPropertyMap()).containsEntry("job_id", future.id()));
        assertThat(org.slf4j.MDC.get("job_id")).isNull();
    }

    @Test
    void loadsTheTrainedModelReadyToPredict() throws InterruptedException {
        TrainingFuture future = trainer.train(quick());

        try (LoadedModel model = future.load()) {
            assertThat(model.predict(TangoRequest.of(Map.of("petal_length", 1))).output("unit")).contains("cm");
        }
    }

    @Test
    void startsRunningAndCancelsForGood() throws InterruptedException {
        TrainingFuture future = trainer.train(slow());
        assertThat(future.info().status()).isEqualTo(JobStatus.RUNNING);

        assertThat(future.cancel()).isTrue();

        JobInfo info = future.await(WAIT);
        assertThat(info.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(info.completed()).isPresent();
        assertThat(future.cancel()).isFalse();
        assertThatThrownBy(future::result)
                .isInstanceOf(JobCanceledException.class)
                .hasMessage("training " + future.id() + " of DEEPaaS model 'demo-classifier' was canceled");
        assertThat(trainer.getTrainingFuture(future.id()).info().status()).isEqualTo(JobStatus.CANCELED);
    }

    @Test
    void listsACanceledTrainingInItsFinalState() throws InterruptedException {
        TrainingFuture future = trainer.train(slow());
        assertThat(future.cancel()).isTrue();
        JobInfo canceled = future.await(WAIT);

        assertThat(trainer.listTrainings()).filteredOn(info -> info.id().equals(future.id())).containsExactly(canceled);
    }

    @Test
    void aNewTrainerOnTheSameStateFolderReportsACanceledTrainingWithItsTimes(@TempDir Path stateDir)
            throws InterruptedException {
        JobInfo canceled = trainAndCancel(stateDir);

        try (ModelTrainer next = trainerOn(stateDir)) {
            JobInfo info = next.getTrainingFuture(canceled.id()).info();

            assertThat(info.status()).isEqualTo(JobStatus.CANCELED);
            assertThat(info.completed()).isPresent();
            assertThat(info).isEqualTo(canceled);
        }
    }

    @Test
    void aNewTrainerOnTheSameStateFolderListsACanceledTraining(@TempDir Path stateDir) throws InterruptedException {
        JobInfo canceled = trainAndCancel(stateDir);

        try (ModelTrainer next = trainerOn(stateDir)) {
            assertThat(next.listTrainings()).filteredOn(info -> info.id().equals(canceled.id())).containsExactly(canceled);
        }
    }

    @Test
    void aNewTrainerOnTheSameStateFolderNeverCancelsACanceledTrainingAgain(@TempDir Path stateDir)
            throws InterruptedException {
        JobInfo canceled = trainAndCancel(stateDir);

        try (ModelTrainer next = trainerOn(stateDir)) {
            TrainingFuture found = next.getTrainingFuture(canceled.id());

            assertThat(found.cancel()).isFalse();
            assertThat(found.info()).isEqualTo(canceled);
        }
    }

    @Test
    void reportsATrainingCanceledByAnotherTrainerOfTheSameStateFolder(@TempDir Path stateDir)
            throws InterruptedException {
        String id;
        try (ModelTrainer starting = trainerOn(stateDir)) {
            id = starting.train(slow()).id();
        }
        try (ModelTrainer canceling = trainerOn(stateDir)) {
            assertThat(canceling.getTrainingFuture(id).cancel()).isTrue();
        }

        try (ModelTrainer asking = trainerOn(stateDir)) {
            JobInfo info = asking.getTrainingFuture(id).info();

            assertThat(info.status()).isEqualTo(JobStatus.CANCELED);
            assertThat(info.completed().orElseThrow()).isAfterOrEqualTo(info.submitted());
            assertThat(info.details()).containsEntry("deepaas.model", CLASSIFIER);
        }
    }

    @Test
    void reportsATrainingItRecordedRunningAsErroredWhenTheServerNoLongerKnowsIt(@TempDir Path stateDir) {
        String id;
        try (DeepaasTestServer forgetful = DeepaasTestServer.demoModels();
                ModelTrainer first = TestComponents.create(new DeepaasModelTrainerFactory(), "trainer",
                        TestComponents.serverConfig(forgetful.baseUrl(), "state_dir", stateDir.toString()))) {
            id = first.train(slow()).id();
        }

        try (ModelTrainer next = trainerOn(stateDir)) {
            JobInfo info = next.getTrainingFuture(id).info();

            assertThat(info.status()).isEqualTo(JobStatus.ERRORED);
            assertThat(info.errors()).containsExactly(new JobError("JobNotFoundException", "DEEPaaS at "
                    + server.baseUrl() + " no longer knows training " + id.substring("trainer:".length())
                    + " of model 'demo-classifier': it keeps trainings in memory only (it restarted, or another"
                    + " client canceled the training)"));
        }
    }

    @Test
    void cancelsATrainingWaitingForTheModelsWorker() throws InterruptedException {
        TrainingFuture running = trainer.train(slow());
        TrainingFuture waiting = trainer.train(slow());

        assertThat(waiting.cancel()).isTrue();
        assertThat(running.cancel()).isTrue();

        assertThat(waiting.await(WAIT).status()).isEqualTo(JobStatus.CANCELED);
        assertThat(running.await(WAIT).status()).isEqualTo(JobStatus.CANCELED);
    }

    @Test
    void freesTheModelForPredictionsOnceCanceled() {
        TrainingFuture future = trainer.train(slow());
        assertThat(future.cancel()).isTrue();

        assertThat(classifier.predict(TangoRequest.of(Map.of("petal_length", 1))).output("unit")).contains("cm");
    }

    @Test
    void findsAFinishedTrainingByIdFromAnotherTrainerOfTheSameName() throws InterruptedException {
        TrainingFuture future = trainer.train(quick());
        future.await(WAIT);

        try (ModelTrainer restarted = TestComponents.create(new DeepaasModelTrainerFactory(), "trainer",
                TestComponents.serverConfig(server.baseUrl()))) {
            TrainingFuture found = restarted.getTrainingFuture(future.id());

            assertThat(found.id()).isEqualTo(future.id());
            assertThat(found.info().status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(found.result().metadata()).containsEntry("deepaas.training.output",
                    "{\"accuracy\":0.96,\"epochs\":3,\"optimizer\":\"sgd\"}");
        }
    }

    @Test
    void listsTheTrainingsTheServerKeeps() throws InterruptedException {
        TrainingFuture future = trainer.train(quick());
        future.await(WAIT);

        assertThat(trainer.listTrainings()).extracting(JobInfo::id).contains(future.id());
    }

    @Test
    void carriesTheErrorOfATrainingThatFailsOnTheServer() throws InterruptedException {
        TrainingFuture future = trainer.train(TrainingRequest.of(CLASSIFIER, Map.of("epochs", 1, "learning_rate", 2.0)));

        JobInfo info = future.await(WAIT);

        assertThat(info.status()).isEqualTo(JobStatus.ERRORED);
        assertThat(info.errors()).containsExactly(
                new JobError("DeepaasTrainingError", "learning_rate must be at most 1.0, got 2.0"));
        assertThatThrownBy(future::result)
                .isInstanceOf(JobFailedException.class)
                .hasMessage("training " + future.id() + " of DEEPaaS model 'demo-classifier' failed:"
                        + " DeepaasTrainingError: learning_rate must be at most 1.0, got 2.0");
    }

    @Test
    void rejectsBadArgumentsBeforeStarting() {
        assertThatThrownBy(() -> trainer.train(TrainingRequest.of(CLASSIFIER,
                Map.of("epochs", "three", "optimizer", "rmsprop", "momentum", 0.9))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("Invalid train request for DEEPaaS model 'demo-classifier': ")
                .hasMessageContaining("argument 'epochs' must be an integer (INT64), got String 'three'")
                .hasMessageContaining("argument 'optimizer' must be one of [sgd, adam], got 'rmsprop'")
                .hasMessageContaining("argument 'momentum' is not declared; declared: epochs, epoch_seconds,"
                        + " learning_rate, optimizer");
    }

    @Test
    void rejectsAMissingRequiredTrainArgument() {
        assertThatThrownBy(() -> trainer.train(TrainingRequest.of(CLASSIFIER, Map.of("epoch_seconds", 0.1))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Invalid train request for DEEPaaS model 'demo-classifier': argument 'epochs' is required"
                        + " (INT64: Number of epochs)");
    }

    @Test
    void rejectsATrainArgumentBelowItsMinimum() {
        assertThatThrownBy(() -> trainer.train(TrainingRequest.of(CLASSIFIER, Map.of("epochs", 0))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Invalid train request for DEEPaaS model 'demo-classifier': argument 'epochs' must be at"
                        + " least 1, got 0");
    }

    @Test
    void mapsTheServersValidationErrorWhenClientSideChecksAreOff() {
        assertThatThrownBy(() -> uncheckedTrainer.train(TrainingRequest.of(CLASSIFIER, Map.of("epochs", "three"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("DEEPaaS at " + server.baseUrl() + " rejected the arguments of starting a training of"
                        + " model 'demo-classifier' (HTTP 422): epochs: Not a valid integer.");
    }

    @Test
    void reportsAModelWithoutTrainingAsUnsupported() {
        assertThatThrownBy(() -> trainer.train(TrainingRequest.of(ECHO, Map.of())))
                .isInstanceOf(UnsupportedTangoOperationException.class)
                .hasMessage("DEEPaaS at " + server.baseUrl() + " refused starting a training of model 'demo-echo':"
                        + " the model does not implement it (HTTP 501: 501: Not implemented by underlying model"
                        + " (loaded 'demo-echo'))");
    }

    @Test
    void rejectsAModelTheServerDoesNotServe() {
        assertThatThrownBy(() -> trainer.train(TrainingRequest.of("no-such-model", Map.of())))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessage("DEEPaaS at " + server.baseUrl() + " has no model 'no-such-model' to train");
    }

    @Test
    void acceptsTheModelsKeyAsItsName() throws InterruptedException {
        TrainingFuture future = trainer.train(TrainingRequest.of(server.key(CLASSIFIER), Map.of("epochs", 1, "epoch_seconds", 0.1)));

        assertThat(future.result(WAIT).name()).isEqualTo(CLASSIFIER);
    }

    @Test
    void refusesAnExternalIdBecauseDeepaasChoosesIds() {
        TrainingRequest request = new TrainingRequest(CLASSIFIER, Map.of("epochs", 1), Optional.of("mine"));

        assertThatThrownBy(() -> trainer.train(request))
                .isInstanceOf(UnsupportedTangoOperationException.class)
                .hasMessage("trainer 'trainer' cannot use external id 'mine': DEEPaaS chooses training ids itself");
    }

    @Test
    void rejectsAnIdItDoesNotKnow() {
        assertThatThrownBy(() -> trainer.getTrainingFuture("trainer:0123456789abcdef0123456789abcdef"))
                .isInstanceOf(JobNotFoundException.class)
                .hasMessage("trainer 'trainer' (DEEPaaS at " + server.baseUrl() + ") has no training"
                        + " 'trainer:0123456789abcdef0123456789abcdef' (without state_dir a trainer knows only the"
                        + " trainings the server still reports and those it saw end itself; set state_dir to keep"
                        + " them on disk)");
    }

    @Test
    void rejectsAnIdNeitherItsRecordsNorTheServerKnow(@TempDir Path stateDir) {
        try (ModelTrainer recording = trainerOn(stateDir)) {
            assertThatThrownBy(() -> recording.getTrainingFuture("trainer:0123456789abcdef0123456789abcdef"))
                    .isInstanceOf(JobNotFoundException.class)
                    .hasMessage("trainer 'trainer' (DEEPaaS at " + server.baseUrl() + ") has no training"
                            + " 'trainer:0123456789abcdef0123456789abcdef'");
        }
    }

    @Test
    void rejectsAnIdOfAnotherTrainer() {
        assertThatThrownBy(() -> trainer.getTrainingFuture("other:0123456789abcdef0123456789abcdef"))
                .isInstanceOf(JobNotFoundException.class)
                .hasMessage("trainer 'trainer' has no training 'other:0123456789abcdef0123456789abcdef': its ids are"
                        + " 'trainer:<DEEPaaS training uuid>'");
    }
}
