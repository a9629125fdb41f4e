package io.tango.plugin.oip;

import io.tango.api.CapacityExceededException;
import io.tango.api.LoadedModel;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;
import io.tango.api.job.JobPredictor;
import io.tango.api.job.JobStatus;
import io.tango.api.job.PredictionFuture;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The OIP job predictor bounds the predictions running and waiting per server, each server in a lane of its own. */
class OipJobPredictorTest {
    /** A model on {@code server} whose predictions wait until {@link #release} opens. */
    private record HeldModel(ModelDescriptor descriptor, CountDownLatch release) implements LoadedModel {
        HeldModel(String server, CountDownLatch release) {
            this(ModelDescriptor.builder(ModelKey.of("oip://" + server + "/m"), "m", OipDescriber.FORMAT)
                    .endpoint(URI.create("http://" + server)).build(), release);
        }

        @Override
        public TangoResponse predict(TangoRequest request, WorkingSession session) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return TangoResponse.of(Map.of("y", 1));
        }

        @Override
        public void close() {
        }
    }

    @Test
    void refusesAPredictionPastOneServersConcurrencyAndQueueWhileAnotherServerStillRuns() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        HeldModel slow = new HeldModel("slow:8000", release);
        HeldModel other = new HeldModel("other:8000", release);
        try (JobPredictor predictor = TestComponents.create(new OipJobPredictorFactory(), null,
                "max_concurrency_per_server", 1, "queue_size_per_server", 1)) {
            TangoRequest request = TangoRequest.of(Map.of("x", 1));
            PredictionFuture running = predictor.submit(slow, request, WorkingSession.none(), Optional.empty());
            PredictionFuture queued = predictor.submit(slow, request, WorkingSession.none(), Optional.empty());

            assertThatThrownBy(() -> predictor.submit(slow, request, WorkingSession.none(), Optional.empty()))
                    .isExactlyInstanceOf(CapacityExceededException.class)
                    .hasMessage("job predictor 'test' is full for http://slow:8000: 1 predictions running and 1 queued"
                            + " (max_concurrency_per_server=1, queue_size_per_server=1)");
            PredictionFuture elsewhere = predictor.submit(other, request, WorkingSession.none(), Optional.empty());

            release.countDown();
            for (PredictionFuture future : new PredictionFuture[] {running, queued, elsewhere}) {
                assertThat(future.await(Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.COMPLETED);
            }
        }
    }
}
