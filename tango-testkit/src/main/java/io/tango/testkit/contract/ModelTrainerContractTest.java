package io.tango.testkit.contract;

import io.tango.api.JobCanceledException;
import io.tango.api.JobNotFoundException;
import io.tango.api.ModelDescriptor;
import io.tango.api.job.JobInfo;
import io.tango.api.job.JobStatus;
import io.tango.api.job.ModelTrainer;
import io.tango.api.job.TrainingFuture;
import io.tango.api.job.TrainingRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract of a {@link ModelTrainer}: futures walk QUEUED → RUNNING → a terminal status that never changes, ids
 * carry the instance name and can be looked up, cancel stops a training, and two lists of trainings give the same
 * order.
 */
public abstract class ModelTrainerContractTest {

    /** @return the trainer under test */
    protected abstract ModelTrainer trainer();

    /** @return the trainer's instance name (job ids start with it) */
    protected abstract String instanceName();

    /** @return a training that completes quickly */
    protected abstract TrainingRequest quickTraining();

    /** @return a training that runs long enough to be canceled (at least a few seconds) */
    protected abstract TrainingRequest slowTraining();

    /** @return how long a quick training may take at most */
    protected Duration timeout() {
        return Duration.ofMinutes(2);
    }

    @Test
    void completesAndReturnsTheTrainedModel() throws InterruptedException {
        TrainingFuture future = trainer().train(quickTraining());
        ModelDescriptor trained = future.result(timeout());
        assertThat(future.info().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(trained.name()).isNotBlank();
    }

    @Test
    void startsQueuedOrRunning() {
        TrainingFuture future = trainer().train(slowTraining());
        try {
            assertThat(future.info().status()).isIn(JobStatus.QUEUED, JobStatus.RUNNING);
        } finally {
            future.cancel();
        }
    }

    @Test
    void listsTrainingsInAStableOrder() throws InterruptedException {
        trainer().train(quickTraining()).await(timeout());
        trainer().train(quickTraining()).await(timeout());
        List<String> first = trainer().listTrainings().stream().map(JobInfo::id).toList();
        List<String> second = trainer().listTrainings().stream().map(JobInfo::id).toList();
        assertThat(second).as("two lists of the same finished trainings").containsExactlyElementsOf(first);
    }

    @Test
    void idCarriesTheInstanceName() {
        TrainingFuture future = trainer().train(quickTraining());
        assertThat(future.id()).startsWith(instanceName() + ":");
    }

    @Test
    void findsAFutureById() throws InterruptedException {
        TrainingFuture future = trainer().train(quickTraining());
        future.await(timeout());
        TrainingFuture found = trainer().getTrainingFuture(future.id());
        assertThat(found.id()).isEqualTo(future.id());
        assertThat(found.info().status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void rejectsAnUnknownId() {
        assertThatThrownBy(() -> trainer().getTrainingFuture(instanceName() + ":no-such-training"))
                .isInstanceOf(JobNotFoundException.class);
    }

    @Test
    void cancelsARunningTrainingForGood() throws InterruptedException {
        TrainingFuture future = trainer().train(slowTraining());
        assertThat(future.cancel()).isTrue();
        JobInfo info = future.await(timeout());
        assertThat(info.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(info.completed()).isPresent();
        assertThat(trainer().getTrainingFuture(future.id()).info().status()).isEqualTo(JobStatus.CANCELED);
        assertThatThrownBy(future::result).isInstanceOf(JobCanceledException.class);
    }

    @Test
    void keepsATerminalStatusWhenCanceledAfterwards() throws InterruptedException {
        TrainingFuture future = trainer().train(quickTraining());
        future.result(timeout());
        assertThat(future.cancel()).isFalse();
        assertThat(future.info().status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void reportsTimesInOrder() throws InterruptedException {
        TrainingFuture future = trainer().train(quickTraining());
        JobInfo info = future.await(timeout());
        assertThat(info.started()).isPresent();
        assertThat(info.completed()).isPresent();
        assertThat(info.started().get()).isAfterOrEqualTo(info.submitted());
        assertThat(info.completed().get()).isAfterOrEqualTo(info.started().get());
    }
}
