package io.tango.plugin.local.batch;

import io.tango.api.CapacityExceededException;
import io.tango.api.InvalidRequestException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The dynamic batcher against a model that records its calls: requests queued while the model is busy are joined into
 * one call and split back per caller; what cannot join runs alone; errors stay with their request. Model calls run on
 * the dispatcher ({@code Runnable::run}) so the order of calls is deterministic; no test depends on timing.
 */
class DynamicBatcherTest {
    private static final long LONG_DELAY = 60_000_000; // a minute: batches here are due by size, never by time
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static DynamicBatcher batcher(String name, RowModel model, int maxBatchSize, long delay, List<Integer> preferred) {
        return new DynamicBatcher(name, new BatchingSettings(maxBatchSize, delay, preferred), () -> model, Runnable::run, 64);
    }

    /** Blocks the dispatcher in a model call of a full batch, so what is submitted next queues up. */
    private static CompletableFuture<TangoResponse> block(DynamicBatcher batcher, RowModel model, int maxBatchSize)
            throws InterruptedException {
        CompletableFuture<TangoResponse> blocker = batcher.submit(RowModel.rows(maxBatchSize, 2, 0));
        assertThat(model.entered.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        return blocker;
    }

    private static void awaitWaiting(IntSupplier waiting, int expected) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (waiting.getAsInt() != expected) {
            assertThat(System.nanoTime()).as("%s requests wait in time", expected).isLessThan(deadline);
            Thread.yield();
        }
    }

    private static TangoResponse get(CompletableFuture<TangoResponse> future) throws Exception {
        return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static float[] y(TangoResponse response) {
        return ((io.tango.api.Tensor) response.outputs().get("y")).toFloatArray();
    }

    @Test
    void eightRequestsQueuedWhileTheModelIsBusyAreOneModelCall() throws Exception {
        RowModel model = new RowModel(-1, true);
        try (DynamicBatcher batcher = batcher("eight", model, 8, LONG_DELAY, List.of())) {
            CompletableFuture<TangoResponse> blocker = block(batcher, model, 8);
            List<CompletableFuture<TangoResponse>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(batcher.submit(RowModel.rows(1, 2, 10 * i)));
            }
            awaitWaiting(batcher::waiting, 8);
            model.gate.countDown();

            get(blocker);
            for (int i = 0; i < 8; i++) {
                assertThat(y(get(answers.get(i)))).containsExactly(10 * i + 2 * (10 * i + 1));
            }
            assertThat(model.calls).containsExactly(List.of(8L, 2L), List.of(8L, 2L));
            assertThat(batcher.modelCalls()).isEqualTo(2);
            assertThat(batcher.requestsRun()).isEqualTo(9);
        }
    }

    @Test
    void everyCallerGetsItsOwnRowsAsIfItRanAlone() throws Exception {
        RowModel model = new RowModel(-1, true);
        RowModel alone = new RowModel(-1, false);
        try (DynamicBatcher batcher = batcher("own", model, 15, LONG_DELAY, List.of())) {
            CompletableFuture<TangoResponse> blocker = block(batcher, model, 15);
            List<TangoRequest> requests = new ArrayList<>();
            List<CompletableFuture<TangoResponse>> answers = new ArrayList<>();
            for (int rows = 1; rows <= 5; rows++) {
                requests.add(RowModel.rows(rows, 3, 100 * rows));
                answers.add(batcher.submit(requests.get(rows - 1)));
            }
            awaitWaiting(batcher::waiting, 5);
            model.gate.countDown();

            get(blocker);
            for (int i = 0; i < requests.size(); i++) {
                TangoResponse answer = get(answers.get(i));
                assertThat(answer).isEqualTo(alone.predict(requests.get(i)));
                assertThat(y(answer)).hasSize(i + 1);
            }
            assertThat(model.calls).containsExactly(List.of(15L, 2L), List.of(15L, 3L));
        }
    }

    @Test
    void anErrorInOneRequestOfABatchFailsOnlyThatRequest() throws Exception {
        RowModel model = new RowModel(-1, true);
        try (DynamicBatcher batcher = batcher("error", model, 3, LONG_DELAY, List.of())) {
            CompletableFuture<TangoResponse> blocker = block(batcher, model, 3);
            CompletableFuture<TangoResponse> first = batcher.submit(RowModel.rows(1, 2, 1));
            CompletableFuture<TangoResponse> bad = batcher.submit(RowModel.rows(1, 2, -5));
            CompletableFuture<TangoResponse> last = batcher.submit(RowModel.rows(1, 2, 3));
            awaitWaiting(batcher::waiting, 3);
            model.gate.countDown();

            get(blocker);
            assertThat(y(get(first))).containsExactly(1 + 2 * 2);
            assertThat(y(get(last))).containsExactly(3 + 2 * 4);
            Throwable error = catchThrowable(() -> get(bad));
            assertThat(error).isInstanceOf(ExecutionException.class).cause().isInstanceOf(InvalidRequestException.class)
                    .hasMessage("row with -5.0 is negative");
            // The joined call failed, then each request ran alone.
            assertThat(model.calls).containsExactly(List.of(3L, 2L), List.of(3L, 2L), List.of(1L, 2L), List.of(1L, 2L),
                    List.of(1L, 2L));
            assertThat(batcher.modelCalls()).isEqualTo(5);
            assertThat(batcher.requestsRun()).isEqualTo(4);
        }
    }

    @Test
    void requestsWithOtherTrailingDimensionsRunApart() throws Exception {
        RowModel model = new RowModel(-1, true);
        try (DynamicBatcher batcher = batcher("shapes", model, 4, 0, List.of())) {
            CompletableFuture<TangoResponse> blocker = block(batcher, model, 4);
            CompletableFuture<TangoResponse> narrow = batcher.submit(RowModel.rows(1, 2, 1));
            CompletableFuture<TangoResponse> wide = batcher.submit(RowModel.rows(1, 3, 1));
            CompletableFuture<TangoResponse> narrowToo = batcher.submit(RowModel.rows(1, 2, 5));
            awaitWaiting(batcher::waiting, 3);
            model.gate.countDown();

            get(blocker);
            assertThat(y(get(narrow))).containsExactly(1 + 2 * 2);
            assertThat(y(get(wide))).containsExactly(1 + 2 * 2 + 3 * 3);
            assertThat(y(get(narrowToo))).containsExactly(5 + 2 * 6);
            assertThat(model.calls).containsExactly(List.of(4L, 2L), List.of(2L, 2L), List.of(1L, 3L));
        }
    }

    @Test
    void aModelWithoutADynamicFirstDimensionRunsEachRequestAlone() throws Exception {
        RowModel model = new RowModel(1, true);
        try (DynamicBatcher batcher = batcher("fixed", model, 4, 0, List.of())) {
            CompletableFuture<TangoResponse> blocker = block(batcher, model, 4);
            CompletableFuture<TangoResponse> one = batcher.submit(RowModel.rows(1, 2, 1));
            CompletableFuture<TangoResponse> two = batcher.submit(RowModel.rows(1, 2, 2));
            awaitWaiting(batcher::waiting, 2);
            model.gate.countDown();

            get(blocker);
            assertThat(y(get(one))).containsExactly(1 + 2 * 2);
            assertThat(y(get(two))).containsExactly(2 + 2 * 3);
            assertThat(model.calls).containsExactly(List.of(4L, 2L), List.of(1L, 2L), List.of(1L, 2L));
        }
    }

    @Test
    void aLoneRequestRunsOnceItsDelayIsOver() throws Exception {
        RowModel model = new RowModel(-1, false);
        try (DynamicBatcher batcher = batcher("lone", model, 8, 200_000, List.of())) {
            CompletableFuture<TangoResponse> answer = batcher.submit(RowModel.rows(1, 2, 1));

            // The delay (0.2 s) plus a generous bound: the request does not wait for company that never comes.
            assertThat(y(answer.get(5_200, TimeUnit.MILLISECONDS))).containsExactly(1 + 2 * 2);
            assertThat(model.calls).containsExactly(List.of(1L, 2L));
        }
    }

    @Test
    void aPreferredSizeRunsAtOnceWhenNothingElseIsQueued() throws Exception {
        RowModel model = new RowModel(-1, false);
        try (DynamicBatcher batcher = batcher("preferred", model, 8, LONG_DELAY, List.of(3))) {
            CompletableFuture<TangoResponse> answer = batcher.submit(RowModel.rows(3, 2, 1));

            // Without the preferred size it would wait a minute for 5 more rows.
            assertThat(y(get(answer))).containsExactly(1 + 2 * 2, 3 + 2 * 4, 5 + 2 * 6);
            assertThat(model.calls).containsExactly(List.of(3L, 2L));
        }
    }

    @Test
    void aFullQueueRefusesTheRequest() throws Exception {
        RowModel model = new RowModel(-1, true);
        try (DynamicBatcher batcher = new DynamicBatcher("full", new BatchingSettings(2, 0, List.of()), () -> model,
                Runnable::run, 2)) {
            CompletableFuture<TangoResponse> blocker = block(batcher, model, 2);
            CompletableFuture<TangoResponse> one = batcher.submit(RowModel.rows(1, 2, 1));
            CompletableFuture<TangoResponse> two = batcher.submit(RowModel.rows(1, 2, 2));
            CompletableFuture<TangoResponse> three = batcher.submit(RowModel.rows(1, 2, 3));

            assertThat(catchThrowable(() -> get(three))).cause().isInstanceOf(CapacityExceededException.class)
                    .hasMessage("the batch queue of deployment 'full' is full: 2 requests are waiting; retry later");
            model.gate.countDown();
            get(blocker);
            assertThat(y(get(one))).containsExactly(1 + 2 * 2);
            assertThat(y(get(two))).containsExactly(2 + 2 * 3);
        }
    }

    @Test
    void closeFailsWaitingRequestsAndStopsItsThread() throws Exception {
        RowModel model = new RowModel(-1, false);
        ExecutorService calls = Executors.newSingleThreadExecutor();
        try {
            DynamicBatcher batcher = new DynamicBatcher("closing", new BatchingSettings(8, LONG_DELAY, List.of()),
                    () -> model, calls, 64);
            CompletableFuture<TangoResponse> waiting = batcher.submit(RowModel.rows(1, 2, 1));
            awaitWaiting(batcher::waiting, 1);
            assertThat(threads("tango-batch-closing")).isEqualTo(1);

            batcher.close();

            String message = "deployment 'closing' stopped batching (its server or deployment was closed or its batching"
                    + " settings changed) before the request ran; retry";
            assertThat(catchThrowable(() -> get(waiting))).cause().isInstanceOf(CapacityExceededException.class)
                    .hasMessage(message);
            assertThat(catchThrowable(() -> get(batcher.submit(RowModel.rows(1, 2, 1))))).cause()
                    .isInstanceOf(CapacityExceededException.class).hasMessage(message);
            assertThat(threads("tango-batch-closing")).isZero();
            assertThat(model.calls).isEmpty();
        } finally {
            calls.shutdownNow();
        }
    }

    /** The live threads of this name: only the batcher under test names its thread so. */
    private static long threads(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(name) && thread.isAlive())
                .count();
    }
}
