package io.tango.plugin.local;

import io.tango.api.AlreadyExistsException;
import io.tango.api.CapacityExceededException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;
import io.tango.api.job.JobStatus;
import io.tango.api.job.PredictionFuture;
import io.tango.plugin.local.job.LocalJobPredictor;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalJobPredictorTest {

    /** A model that answers with the name of the thread it ran on, after its gate opens. */
    private static final class GatedModel implements TangoModel<TangoRequest, String> {
        final CountDownLatch gate;
        final CountDownLatch entered = new CountDownLatch(1);

        GatedModel(int permits) {
            this.gate = new CountDownLatch(permits);
        }

        @Override
        public ModelDescriptor descriptor() {
            return ModelDescriptor.builder(ModelKey.of("gated"), "gated", "test").build();
        }

        @Override
        public TangoRequest mapRequest(TangoRequest request, WorkingSession session) {
            return request;
        }

        @Override
        public String invoke(TangoRequest nativeRequest) {
            entered.countDown();
            try {
                if (!gate.await(1, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            return Thread.currentThread().getName();
        }

        @Override
        public TangoResponse mapResponse(String thread) {
            return TangoResponse.of(Map.of("thread", thread));
        }
    }

    @Test
    void refusesWhenThreadsAndQueueAreFull() throws InterruptedException {
        GatedModel model = new GatedModel(1);
        try (LocalJobPredictor predictor = new LocalJobPredictor("predictor", 1, 1, Duration.ofMinutes(1), Clock.systemUTC())) {
            PredictionFuture running = predictor.submit(model, TangoRequest.of(Map.of()));
            assertThat(model.entered.await(1, TimeUnit.MINUTES)).isTrue();
            PredictionFuture queued = predictor.submit(model, TangoRequest.of(Map.of()));

            assertThatThrownBy(() -> predictor.submit(model, TangoRequest.of(Map.of())))
                    .isInstanceOf(CapacityExceededException.class)
                    .hasMessage("the prediction queue of predictor 'predictor' is full (1 running, 1 waiting); retry later");

            model.gate.countDown();
            assertThat(running.result(Duration.ofMinutes(1)).output("thread").orElseThrow().toString())
                    .startsWith("tango-local-predictor-predictor-");
            assertThat(queued.await(Duration.ofMinutes(1)).status()).isEqualTo(JobStatus.COMPLETED);
        }
    }

    @Test
    void honoursAnExternalIdAndRefusesItWhileItRuns() throws InterruptedException {
        GatedModel model = new GatedModel(1);
        try (LocalJobPredictor predictor = new LocalJobPredictor("predictor", 2, 2, Duration.ofMinutes(1), Clock.systemUTC())) {
            PredictionFuture future = predictor.submit(model, TangoRequest.of(Map.of()), WorkingSession.none(), Optional.of("inference-7"));

            assertThat(future.id()).isEqualTo("predictor:inference-7");
            assertThat(predictor.getPredictionFuture("predictor:inference-7")).isSameAs(future);
            assertThatThrownBy(() -> predictor.submit(model, TangoRequest.of(Map.of()), WorkingSession.none(), Optional.of("inference-7")))
                    .isInstanceOf(AlreadyExistsException.class)
                    .hasMessageStartingWith("prediction predictor:inference-7 is still ");
            model.gate.countDown();
            future.result(Duration.ofMinutes(1));
        }
    }

    @Test
    void predictsSynchronouslyOnTheCallersThread() {
        GatedModel model = new GatedModel(0);
        try (LocalJobPredictor predictor = new LocalJobPredictor("predictor", 1, 1, Duration.ofMinutes(1), Clock.systemUTC())) {
            TangoResponse response = predictor.predict(model, TangoRequest.of(Map.of()), WorkingSession.none());

            assertThat(response.output("thread")).contains(Thread.currentThread().getName());
        }
    }

    @Test
    void cancelsAQueuedPrediction() throws InterruptedException {
        GatedModel model = new GatedModel(1);
        try (LocalJobPredictor predictor = new LocalJobPredictor("predictor", 1, 1, Duration.ofMinutes(1), Clock.systemUTC())) {
            PredictionFuture running = predictor.submit(model, TangoRequest.of(Map.of()));
            assertThat(model.entered.await(1, TimeUnit.MINUTES)).isTrue();
            PredictionFuture queued = predictor.submit(model, TangoRequest.of(Map.of()));

            assertThat(queued.cancel()).isTrue();

            assertThat(queued.info().status()).isEqualTo(JobStatus.CANCELED);
            // the queue has room again
            PredictionFuture next = predictor.submit(model, TangoRequest.of(Map.of()));
            model.gate.countDown();
            assertThat(next.await(Duration.ofMinutes(1)).status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(running.await(Duration.ofMinutes(1)).status()).isEqualTo(JobStatus.COMPLETED);
        }
    }

    @Test
    void keepsARunningPredictionWhateverTheRetention() throws InterruptedException {
        MutableClock clock = new MutableClock(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        GatedModel model = new GatedModel(1);
        try (LocalJobPredictor predictor = new LocalJobPredictor("predictor", 1, 1, Duration.ofMinutes(1), clock)) {
            PredictionFuture running = predictor.submit(model, TangoRequest.of(Map.of()));
            assertThat(model.entered.await(1, TimeUnit.MINUTES)).isTrue();

            clock.advance(Duration.ofMinutes(5));

            assertThat(predictor.getPredictionFuture(running.id())).isSameAs(running);
            model.gate.countDown();
            assertThat(running.await(Duration.ofMinutes(1)).status()).isEqualTo(JobStatus.COMPLETED);
        }
    }
}
