package io.tango.toolkit.job;

import io.tango.api.LoadedModel;
import io.tango.api.AlreadyExistsException;
import io.tango.api.CapacityExceededException;
import io.tango.api.JobNotFoundException;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.WorkingSession;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.job.JobIds;
import io.tango.api.job.JobPredictor;
import io.tango.api.job.PredictionFuture;

import io.tango.toolkit.log.JobMdc;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * Runs predictions as background jobs, with bounded concurrency per server: each server (a model's descriptor
 * endpoint) gets a lane of {@code max_concurrency_per_server} threads and a queue of {@code queue_size_per_server}
 * predictions; a prediction that finds both full is refused with {@link CapacityExceededException}, so a slow server
 * cannot hold every thread of the host. Works with any {@link TangoModel}; models without an endpoint share one lane.
 *
 * <p>Job ids are {@code <instance>:<uuid>} or {@code <instance>:<external id>}. The last
 * {@code retained_predictions} finished predictions stay available to {@link #getPredictionFuture(String)}.
 * While a prediction runs, its id is in the slf4j MDC under {@value #MDC_KEY}. Thread-safe; {@link #close()} cancels
 * what is queued or running and stops the lanes' threads.
 */
public final class LaneJobPredictor implements JobPredictor {
    /** The slf4j MDC key holding the running prediction's id on its lane's thread (plugin-local's key too). */
    public static final String MDC_KEY = JobMdc.KEY;
    /** The option of the predictions waiting per server. */
    public static final ConfigOption<Integer> QUEUE_SIZE = ConfigOption.integer("queue_size_per_server")
            .withDefault(64).withMinimum(0)
            .withDescription("Predictions waiting per server; a prediction that finds the queue full is"
                    + " refused with CapacityExceededException");
    /** The option of the finished predictions kept for lookup. */
    public static final ConfigOption<Integer> RETAINED = ConfigOption.integer("retained_predictions")
            .withDefault(1000).withMinimum(0)
            .withDescription("Finished predictions kept for lookup by id; older ones are dropped");

    private static final String NO_ENDPOINT = "(no endpoint)";

    private final String instanceName;
    private final String threadPrefix;
    private final int maxConcurrency;
    private final int queueSize;
    private final int retained;
    private final Map<String, ThreadPoolExecutor> lanes = new ConcurrentHashMap<>();
    private final Map<String, LanePredictionFuture> jobs = new LinkedHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param instanceName the instance's name in config; job ids start with it
     * @param threadPrefix the name prefix of the lanes' threads, e.g. {@code tango-oip-predict-}
     * @param maxConcurrency predictions running at once per server, at least 1
     * @param queueSize predictions waiting per server, at least 0
     * @param retained finished predictions kept for lookup, at least 0
     */
    public LaneJobPredictor(String instanceName, String threadPrefix, int maxConcurrency, int queueSize, int retained) {
        this.instanceName = requireNonNull(instanceName, "instanceName is null");
        this.threadPrefix = requireNonNull(threadPrefix, "threadPrefix is null");
        if (maxConcurrency < 1 || queueSize < 0 || retained < 0) {
            throw new IllegalArgumentException("need maxConcurrency >= 1, queueSize >= 0 and retained >= 0, got "
                    + maxConcurrency + ", " + queueSize + ", " + retained);
        }
        this.maxConcurrency = maxConcurrency;
        this.queueSize = queueSize;
        this.retained = retained;
    }

    /**
     * @param why why a server gains nothing from more concurrent calls, for the option's description
     * @return the option of the predictions running at once per server, default 4
     */
    public static ConfigOption<Integer> maxConcurrencyOption(String why) {
        requireNonNull(why, "why is null");
        return ConfigOption.integer("max_concurrency_per_server").withDefault(4).withMinimum(1)
                .withDescription("Predictions running at once against one server (" + why + ")");
    }

    /**
     * @param config a config validated against {@code maxConcurrencyOption}, {@link #QUEUE_SIZE} and {@link #RETAINED}
     * @param maxConcurrency the option {@code maxConcurrencyOption} returned
     * @param instanceName the instance's name in config
     * @param threadPrefix the name prefix of the lanes' threads
     * @return the predictor those options describe
     */
    public static LaneJobPredictor of(TangoConfig config, ConfigOption<Integer> maxConcurrency, String instanceName,
            String threadPrefix) {
        requireNonNull(config, "config is null");
        return new LaneJobPredictor(instanceName, threadPrefix, config.get(maxConcurrency), config.get(QUEUE_SIZE),
                config.get(RETAINED));
    }

    @Override
    public PredictionFuture submit(
            LoadedModel model, TangoRequest request, WorkingSession session, Optional<String> externalId) {
        requireNonNull(model, "model is null");
        requireNonNull(request, "request is null");
        requireNonNull(session, "session is null");
        requireNonNull(externalId, "externalId is null");
        if (closed.get()) {
            throw new IllegalStateException("job predictor '" + instanceName + "' is closed");
        }
        String id = externalId.map(external -> JobIds.of(instanceName, external)).orElseGet(() -> JobIds.newId(instanceName));
        String server = model.descriptor().endpoint().map(URI::toString).orElse(NO_ENDPOINT);
        ThreadPoolExecutor lane = lanes.computeIfAbsent(server, this::newLane);
        LanePredictionFuture future = new LanePredictionFuture(id, server);
        synchronized (jobs) {
            LanePredictionFuture existing = jobs.get(id);
            if (existing != null && !existing.isTerminal()) {
                throw new AlreadyExistsException("prediction '" + id + "' is still running; an id can be reused"
                        + " once its prediction has finished");
            }
            jobs.remove(id);
            jobs.put(id, future);
            evictFinished();
        }
        FutureTask<Void> task = future.bind(model, request, session, lane);
        try {
            lane.execute(task);
        } catch (RejectedExecutionException e) {
            future.abandon();
            synchronized (jobs) {
                jobs.remove(id, future);
            }
            if (closed.get()) {
                throw new IllegalStateException("job predictor '" + instanceName + "' is closed", e);
            }
            throw new CapacityExceededException("job predictor '" + instanceName + "' is full for " + server + ": "
                    + maxConcurrency + " predictions running and " + queueSize + " queued"
                    + " (max_concurrency_per_server=" + maxConcurrency + ", queue_size_per_server=" + queueSize + ")");
        }
        return future;
    }

    @Override
    public PredictionFuture getPredictionFuture(String predictionId) {
        requireNonNull(predictionId, "predictionId is null");
        synchronized (jobs) {
            LanePredictionFuture future = jobs.get(predictionId);
            if (future == null) {
                throw new JobNotFoundException("job predictor '" + instanceName + "' has no prediction '"
                        + predictionId + "' (never submitted here, or its result was dropped after "
                        + retained + " newer ones finished)");
            }
            return future;
        }
    }

    private ThreadPoolExecutor newLane(String server) {
        BlockingQueue<Runnable> queue = queueSize == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queueSize);
        ThreadPoolExecutor lane = new ThreadPoolExecutor(maxConcurrency, maxConcurrency, 30, TimeUnit.SECONDS, queue,
                daemonThreads(threadPrefix + instanceName), new ThreadPoolExecutor.AbortPolicy());
        lane.allowCoreThreadTimeOut(true);
        return lane;
    }

    /** @return a factory of daemon threads named {@code <prefix>-<n>} */
    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Drops the oldest finished predictions beyond the retention; running and queued ones are always kept. */
    private void evictFinished() {
        int excess = jobs.size() - retained;
        Iterator<LanePredictionFuture> iterator = jobs.values().iterator();
        while (excess > 0 && iterator.hasNext()) {
            if (iterator.next().isTerminal()) {
                iterator.remove();
                excess--;
            }
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        lanes.values().forEach(ThreadPoolExecutor::shutdownNow);
        List<LanePredictionFuture> pending;
        synchronized (jobs) {
            pending = new ArrayList<>(jobs.values());
        }
        pending.forEach(LanePredictionFuture::cancel);
    }

    @Override
    public String toString() {
        return "JobPredictor[" + instanceName + ", " + maxConcurrency + " per server, queue " + queueSize + "]";
    }
}
