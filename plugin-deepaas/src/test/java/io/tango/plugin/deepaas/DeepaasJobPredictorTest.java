package io.tango.plugin.deepaas;

import io.tango.api.AlreadyExistsException;
import io.tango.api.CapacityExceededException;
import io.tango.api.InvalidRequestException;
import io.tango.api.JobCanceledException;
import io.tango.api.JobFailedException;
import io.tango.api.JobNotFoundException;
import io.tango.api.ModelFinder;
import io.tango.api.ModelInitializer;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;
import io.tango.api.job.JobInfo;
import io.tango.api.job.JobPredictor;
import io.tango.api.job.JobStatus;
import io.tango.api.job.PredictionFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static io.tango.plugin.deepaas.DeepaasTestServer.CLASSIFIER;
import static io.tango.plugin.deepaas.DeepaasTestServer.ECHO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * Predictions as jobs on a real DEEPaaS 2.6.0, one at a time per server (the demo echo model's {@code delay} keeps a
 * prediction running long enough to fill a lane).
 */
class DeepaasJobPredictorTest {
    private static final Duration WAIT = Duration.ofMinutes(1);

    private static DeepaasTestServer server;
    private static ModelFinder finder;
    private static ModelInitializer initializer;
    private static JobPredictor predictor;
    private static TangoModel<?, ?> classifier;
    private static TangoModel<?, ?> echo;

    @BeforeAll
    static void startServer() {
        server = DeepaasTestServer.demoModels();
        finder = TestComponents.create(new DeepaasModelFinderFactory(), "jobs", Map.of());
        initializer = TestComponents.create(new DeepaasModelInitializerFactory(), "jobs", Map.of());
        predictor = TestComponents.create(new DeepaasJobPredictorFactory(), "jobs",
                Map.of("max_concurrency_per_server", 1, "queue_size_per_server", 4));
        classifier = initializer.initialize(finder.find(ModelKey.of(server.key(CLASSIFIER))).orElseThrow()).orElseThrow();
        echo = initializer.initialize(finder.find(ModelKey.of(server.key(ECHO))).orElseThrow()).orElseThrow();
    }

    @AfterAll
    static void stopServer() {
        for (AutoCloseable closeable : new AutoCloseable[] {predictor, initializer, finder, server}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static TangoRequest slowEcho(String text) {
        return TangoRequest.of(Map.of("text", text, "delay", 3));
    }

    @Test
    void predictsInTheBackground() throws InterruptedException {
        TangoRequest request = TangoRequest.of(Map.of("petal_length", 1));

        PredictionFuture future = predictor.submit(classifier, request);

        TangoResponse response = future.result(WAIT);
        assertThat(response.outputs()).isEqualTo(classifier.predict(request).outputs());
        JobInfo info = future.info();
        assertThat(info.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(info.id()).startsWith("jobs:");
        assertThat(info.started()).isPresent();
        assertThat(info.completed()).isPresent();
        assertThat(info.details()).containsExactly(entry("server", server.baseUrl().toString()));
        assertThat(predictor.getPredictionFuture(future.id())).isSameAs(future);
    }

    @Test
    void putsThePredictionsIdInTheMdcWhileItRuns() throws InterruptedException {
        AtomicReference<String> jobIdSeen = new AtomicReference<>();
        TangoModel<TangoRequest, TangoResponse> noting = notingTheMdcJobId(classifier, jobIdSeen);

        PredictionFuture future = predictor.submit(noting, TangoRequest.of(Map.of("petal_length", 1)));
        future.result(WAIT);

        assertThat(jobIdSeen).hasValue(future.id());
    }

    /** The model, predicting as itself, noting the MDC's job id on the thread that runs its prediction. */
    private static TangoModel<TangoRequest, TangoResponse> notingTheMdcJobId(
            TangoModel<?, ?> model, AtomicReference<String> seen) {
        return new TangoModel<>() {
            @Override
            public ModelDescriptor descriptor() {
                return model.descriptor();
            }

            @Override
            public TangoRequest mapRequest(TangoRequest request, WorkingSession session) {
                return request;
            }

            @Override
            public TangoResponse invoke(TangoRequest request) {
                seen.set(MDC.get(DeepaasJobPredictor.MDC_KEY));
                return model.predict(request);
            }

            @Override
            public TangoResponse mapResponse(TangoResponse response) {
                return response;
            }
        };
    }

    @Test
    void refusesAPredictionWhenTheServersLaneIsFull() throws InterruptedException {
        try (JobPredictor small = TestComponents.create(new DeepaasJobPredictorFactory(), "small",
                Map.of("max_concurrency_per_server", 1, "queue_size_per_server", 1))) {
            PredictionFuture running = small.submit(echo, slowEcho("first"));
            PredictionFuture queued = small.submit(echo, slowEcho("second"));
            assertThat(queued.info().status()).isEqualTo(JobStatus.QUEUED);

            assertThatThrownBy(() -> small.submit(classifier, TangoRequest.of(Map.of("petal_length", 1))))
                    .isInstanceOf(CapacityExceededException.class)
                    .hasMessage("job predictor 'small' is full for " + server.baseUrl() + ": 1 predictions running and"
                            + " 1 queued (max_concurrency_per_server=1, queue_size_per_server=1)");

            assertThat(queued.cancel()).isTrue();
            PredictionFuture fits = small.submit(classifier, TangoRequest.of(Map.of("petal_length", 1)));
            assertThat(running.result(WAIT).outputs()).containsEntry("predictions", Map.of("echo", "first first"));
            assertThat(fits.result(WAIT).outputs()).containsEntry("unit", "cm");
        }
    }

    @Test
    void cancelsAPredictionForGood() throws InterruptedException {
        PredictionFuture future = predictor.submit(echo, slowEcho("canceled"));

        assertThat(future.cancel()).isTrue();

        assertThat(future.await(WAIT).status()).isEqualTo(JobStatus.CANCELED);
        assertThat(future.cancel()).isFalse();
        assertThatThrownBy(future::result)
                .isInstanceOf(JobCanceledException.class)
                .hasMessage("prediction " + future.id() + " was canceled");
    }

    @Test
    void carriesTheErrorOfAFailedPrediction() throws InterruptedException {
        PredictionFuture future = predictor.submit(classifier, TangoRequest.of(Map.of("petal_length", "long")));

        JobInfo info = future.await(WAIT);

        assertThat(info.status()).isEqualTo(JobStatus.ERRORED);
        assertThat(info.errors()).singleElement().satisfies(error -> {
            assertThat(error.type()).isEqualTo("InvalidRequestException");
            assertThat(error.message()).isEqualTo("Invalid predict request for DEEPaaS model 'demo-classifier':"
                    + " argument 'petal_length' must be a finite number (FLOAT64), got String 'long'");
        });
        assertThatThrownBy(future::result)
                .isInstanceOf(JobFailedException.class)
                .hasCauseInstanceOf(InvalidRequestException.class);
    }

    @Test
    void namesAPredictionByAnExternalId() throws InterruptedException {
        PredictionFuture future = predictor.submit(classifier, TangoRequest.of(Map.of("petal_length", 1)),
                WorkingSession.of("session-1"), Optional.of("inference-7"));

        assertThat(future.id()).isEqualTo("jobs:inference-7");
        future.await(WAIT);
        assertThat(predictor.getPredictionFuture("jobs:inference-7").info().status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void refusesAnExternalIdThatIsStillRunning() throws InterruptedException {
        PredictionFuture future = predictor.submit(echo, slowEcho("busy"), WorkingSession.none(), Optional.of("busy"));
        try {
            assertThatThrownBy(() -> predictor.submit(echo, slowEcho("busy"), WorkingSession.none(), Optional.of("busy")))
                    .isInstanceOf(AlreadyExistsException.class)
                    .hasMessage("prediction 'jobs:busy' is still running; an id can be reused once its prediction has"
                            + " finished");
        } finally {
            future.cancel();
        }
        assertThat(future.await(WAIT).status()).isEqualTo(JobStatus.CANCELED);
    }

    @Test
    void rejectsAnUnknownId() {
        assertThatThrownBy(() -> predictor.getPredictionFuture("jobs:no-such-prediction"))
                .isInstanceOf(JobNotFoundException.class)
                .hasMessage("job predictor 'jobs' has no prediction 'jobs:no-such-prediction' (never submitted here, or"
                        + " its result was dropped after 1000 newer ones finished)");
    }
}
