package io.tango.testkit.contract;

import io.tango.api.LoadedModel;
import io.tango.api.JobNotFoundException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;
import io.tango.api.job.JobPredictor;
import io.tango.api.job.JobStatus;
import io.tango.api.job.PredictionFuture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract of a {@link JobPredictor}: background predictions equal synchronous ones, and are found by id. */
public abstract class JobPredictorContractTest {

    /** @return the predictor under test */
    protected abstract JobPredictor predictor();

    /** @return the predictor's instance name (job ids start with it) */
    protected abstract String instanceName();

    /** @return a model to predict with */
    protected abstract LoadedModel model();

    /** @return a request the model answers */
    protected abstract TangoRequest request();

    @Test
    void backgroundPredictionEqualsTheSynchronousOne() throws InterruptedException {
        TangoResponse expected = predictor().predict(model(), request(), WorkingSession.none());
        PredictionFuture future = predictor().submit(model(), request());
        assertThat(future.result(Duration.ofMinutes(1)).outputs()).isEqualTo(expected.outputs());
        assertThat(future.info().status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void synchronousPredictionEqualsTheModels() {
        assertThat(predictor().predict(model(), request(), WorkingSession.none()).outputs())
                .isEqualTo(model().predict(request()).outputs());
    }

    @Test
    void idCarriesTheInstanceName() {
        assertThat(predictor().submit(model(), request()).id()).startsWith(instanceName() + ":");
    }

    @Test
    void honoursAnExternalId() {
        PredictionFuture future = predictor().submit(model(), request(), WorkingSession.none(), Optional.of("contract-42"));
        assertThat(future.id()).isEqualTo(instanceName() + ":contract-42");
    }

    @Test
    void findsAPredictionById() throws InterruptedException {
        PredictionFuture future = predictor().submit(model(), request());
        future.await(Duration.ofMinutes(1));
        assertThat(predictor().getPredictionFuture(future.id()).info().status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void rejectsAnUnknownId() {
        assertThatThrownBy(() -> predictor().getPredictionFuture(instanceName() + ":no-such-prediction"))
                .isInstanceOf(JobNotFoundException.class);
    }
}
