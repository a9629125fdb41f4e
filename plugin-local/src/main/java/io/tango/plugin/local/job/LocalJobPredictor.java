package io.tango.plugin.local.job;

import io.tango.api.LoadedModel;
import io.tango.api.AlreadyExistsException;
import io.tango.api.CapacityExceededException;
import io.tango.api.JobNotFoundException;
import io.tango.api.TangoRequest;
import io.tango.api.WorkingSession;
import io.tango.api.job.JobError;
import io.tango.api.job.JobIds;
import io.tango.api.job.JobPredictor;
import io.tango.api.job.PredictionFuture;
import io.tango.plugin.local.batch.BatchingSettings;
import io.tango.plugin.local.batch.DynamicBatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * Runs predictions as background jobs on a fixed pool of {@code threads} with a bounded queue of {@code queue_size}:
 * when both are full, {@link #submit} refuses at once with {@link CapacityExceededException} and nothing grows. An
 * external id (an inference id) becomes the job's local id; it may be reused once its job is terminal. Finished
 * predictions are kept for {@code result_retention}, then forgotten. The synchronous {@link #predict} path runs on the
 * caller's thread (the interface's default: no thread hop). While a prediction runs, its id is in the slf4j MDC under
 * {@value LocalModelTrainer#MDC_KEY}.
 *
 * <p>With batching on ({@code max_batch_size} above 1), predictions without a session are handed to one
 * {@link DynamicBatcher} (thread {@code tango-batch-<instance>}) once they start: those for the same model whose inputs
 * agree on everything but the first dimension are joined into one model call, and the pool thread is free again at
 * once, so more predictions can join than there are threads. A prediction canceled while it waits in a batch stays
 * canceled. Thread-safe.
 */
public final class LocalJobPredictor implements JobPredictor {
    private static final Logger log = LoggerFactory.getLogger(LocalJobPredictor.class);

    private final String instanceName;
    private final int queueSize;
    private final Duration retention;
    private final Clock clock;
    private final ThreadPoolExecutor executor;
    /** Null when batching is off. */
    private final DynamicBatcher batcher;
    private final Map<String, LocalPredictionFuture> predictions = new ConcurrentHashMap<>();
    /** Terminal predictions in the order they finished: purging looks at the oldest only, never at every prediction. */
    private final Queue<LocalPredictionFuture> finished = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    /**
     * @param instanceName the instance name; prediction ids start with it
     * @param threads predictions that run at once
     * @param queueSize predictions that may wait
     * @param retention how long finished predictions stay retrievable
     * @param clock the clock
     */
    public LocalJobPredictor(String instanceName, int threads, int queueSize, Duration retention, Clock clock) {
        this(instanceName, threads, queueSize, retention, BatchingSettings.OFF, clock);
    }

    /**
     * @param instanceName the instance name; prediction ids start with it
     * @param threads predictions that run at once
     * @param queueSize predictions that may wait
     * @param retention how long finished predictions stay retrievable
     * @param batching how predictions are joined into model calls; {@link BatchingSettings#OFF} for none
     * @param clock the clock
     */
    public LocalJobPredictor(String instanceName, int threads, int queueSize, Duration retention, BatchingSettings batching,
            Clock clock) {
        requireNonNull(batching, "batching is null");
        this.instanceName = requireNonNull(instanceName, "instanceName is null");
        this.queueSize = queueSize;
        this.retention = requireNonNull(retention, "retention is null");
        this.clock = requireNonNull(clock, "clock is null");
        AtomicInteger counter = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueSize),
                runnable -> {
                    Thread thread = new Thread(runnable, "tango-local-predictor-" + instanceName + "-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        // Model calls run on the dispatcher: the pool's threads only start predictions and hand them over.
        this.batcher = batching.enabled() ? new DynamicBatcher(instanceName, batching, null, Runnable::run, threads + queueSize)
                : null;
    }

    @Override
    public PredictionFuture submit(LoadedModel model, TangoRequest request, WorkingSession session, Optional<String> externalId) {
        requireNonNull(model, "model is null");
        requireNonNull(request, "request is null");
        requireNonNull(session, "session is null");
        requireNonNull(externalId, "externalId is null");
        if (closed) {
            throw new IllegalStateException("predictor '" + instanceName + "' is closed");
        }
        String id = externalId.map(external -> JobIds.of(instanceName, external)).orElseGet(() -> JobIds.newId(instanceName));
        purgeExpired();
        synchronized (predictions) {
            LocalPredictionFuture existing = predictions.get(id);
            if (existing != null && !existing.status().isTerminal()) {
                throw new AlreadyExistsException("prediction " + id + " is still " + existing.status());
            }
            LocalPredictionFuture job = new LocalPredictionFuture(id, clock, finished::add);
            predictions.put(id, job);
            try {
                Future<?> future = executor.submit(() -> run(job, model, request, session, batcher));
                job.attach(future, executor::purge);
            } catch (RejectedExecutionException e) {
                if (existing != null) {
                    predictions.put(id, existing);
                } else {
                    predictions.remove(id);
                }
                if (closed) {
                    throw new IllegalStateException("predictor '" + instanceName + "' is closed");
                }
                throw new CapacityExceededException("the prediction queue of predictor '" + instanceName + "' is full ("
                        + executor.getMaximumPoolSize() + " running, " + queueSize + " waiting); retry later");
            }
            return job;
        }
    }

    private static void run(LocalPredictionFuture job, LoadedModel model, TangoRequest request, WorkingSession session,
            DynamicBatcher batcher) {
        if (!job.start()) {
            return;
        }
        if (batcher != null && session.equals(WorkingSession.none())) {
            batcher.submit(model, request).whenComplete((response, error) -> {
                if (error == null) {
                    job.complete(response);
                } else {
                    job.fail(DynamicBatcher.failure(error));
                    log.debug("Prediction {} failed: {}", job.id(), error.toString());
                }
            });
            return;
        }
        MDC.put(LocalModelTrainer.MDC_KEY, job.id());
        try {
            job.complete(model.predict(request, session));
        } catch (Throwable e) {
            job.fail(e);
            log.debug("Prediction {} failed: {}", job.id(), e.toString());
            if (e instanceof Error error && !(e instanceof OutOfMemoryError)) {
                throw error;
            }
        } finally {
            MDC.remove(LocalModelTrainer.MDC_KEY);
        }
    }

    @Override
    public PredictionFuture getPredictionFuture(String predictionId) {
        requireNonNull(predictionId, "predictionId is null");
        purgeExpired();
        LocalPredictionFuture job = predictions.get(predictionId);
        if (job == null) {
            throw new JobNotFoundException("predictor '" + instanceName + "' has no prediction " + predictionId
                    + " (never submitted, or finished more than " + retention + " ago)");
        }
        return job;
    }

    /**
     * Forgets predictions that finished more than the retention ago. Runs on every submit and lookup, so it must not
     * cost more than the predictions it forgets: it only looks at the oldest finished ones, in completion order.
     */
    private void purgeExpired() {
        Instant now = clock.instant();
        LocalPredictionFuture oldest;
        while ((oldest = finished.peek()) != null && oldest.completedAt().plus(retention).isBefore(now)) {
            if (finished.remove(oldest)) {
                predictions.remove(oldest.id(), oldest);
            }
        }
    }

    /** Stops the pool; predictions still queued or running end ERRORED "interrupted by shutdown". */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        executor.shutdownNow();
        if (batcher != null) {
            batcher.close();
        }
        predictions.values().forEach(job -> job.fail(new JobError("TangoException", LocalModelTrainer.INTERRUPTED)));
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Predictor '{}': a prediction did not stop within 10 s of close", instanceName);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "LocalJobPredictor[" + instanceName + "]";
    }
}
