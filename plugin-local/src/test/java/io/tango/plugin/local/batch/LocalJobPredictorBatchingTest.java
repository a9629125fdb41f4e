package io.tango.plugin.local.batch;

import io.tango.api.InvalidRequestException;
import io.tango.api.JobFailedException;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import io.tango.api.job.JobPredictor;
import io.tango.api.job.PredictionFuture;
import io.tango.plugin.local.LocalJobPredictorFactory;
import io.tango.runtime.config.MapTangoConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The LOCAL job predictor with {@code max_batch_size} and {@code max_batch_delay}: predictions for one model join
 * into one model call even with a single pool thread, each gets its own rows, and its batcher thread ends with it.
 */
class LocalJobPredictorBatchingTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static JobPredictor predictor(String name, int maxBatchSize) {
        // A minute of delay: the batch below is due by size, never by time.
        return new LocalJobPredictorFactory().create(MapTangoConfig.of(Map.of("threads", "1", "queue_size", "16",
                "max_batch_size", Integer.toString(maxBatchSize), "max_batch_delay", "60000000")), name);
    }

    private static float[] y(TangoResponse response) {
        return ((Tensor) response.outputs().get("y")).toFloatArray();
    }

    @Test
    void eightPredictionsOnOneThreadAreOneModelCallEachWithItsOwnRows() throws Exception {
        RowModel model = new RowModel(-1, false);
        try (JobPredictor predictor = predictor("jobs", 8)) {
            List<PredictionFuture> jobs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                jobs.add(predictor.submit(model, RowModel.rows(1, 2, 10 * i)));
            }

            for (int i = 0; i < 8; i++) {
                assertThat(y(jobs.get(i).result(TIMEOUT))).containsExactly(10 * i + 2 * (10 * i + 1));
            }
            assertThat(model.calls).containsExactly(List.of(8L, 2L));
            assertThat(threads("tango-batch-jobs")).isEqualTo(1);
        }
        assertThat(threads("tango-batch-jobs")).isZero();
    }

    @Test
    void anErrorInOnePredictionOfABatchFailsOnlyThatPrediction() throws Exception {
        RowModel model = new RowModel(-1, false);
        try (JobPredictor predictor = predictor("errors", 3)) {
            PredictionFuture first = predictor.submit(model, RowModel.rows(1, 2, 1));
            PredictionFuture bad = predictor.submit(model, RowModel.rows(1, 2, -5));
            PredictionFuture last = predictor.submit(model, RowModel.rows(1, 2, 3));

            assertThat(y(first.result(TIMEOUT))).containsExactly(1 + 2 * 2);
            assertThat(y(last.result(TIMEOUT))).containsExactly(3 + 2 * 4);
            assertThat(catchThrowable(() -> bad.result(TIMEOUT))).isInstanceOf(JobFailedException.class)
                    .cause().isInstanceOf(InvalidRequestException.class).hasMessage("row with -5.0 is negative");
            assertThat(model.calls).containsExactly(List.of(3L, 2L), List.of(1L, 2L), List.of(1L, 2L), List.of(1L, 2L));
        }
    }

    @Test
    void theFactoryDeclaresBothBatchingOptionsOffByDefault() {
        assertThat(new LocalJobPredictorFactory().options()).filteredOn(option -> option.key().startsWith("max_batch_"))
                .extracting(option -> option.key() + "=" + option.defaultValue().orElseThrow())
                .containsExactly("max_batch_size=1", "max_batch_delay=0");
    }

    private static long threads(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(name) && thread.isAlive())
                .count();
    }
}
