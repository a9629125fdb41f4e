package io.tango.plugin.local.job;

import io.tango.api.AlreadyExistsException;
import io.tango.api.CapacityExceededException;
import io.tango.api.InvalidRequestException;
import io.tango.api.JobNotFoundException;
import io.tango.api.ModelKey;
import io.tango.api.job.JobError;
import io.tango.api.job.JobIds;
import io.tango.api.job.JobInfo;
import io.tango.api.job.JobStatus;
import io.tango.api.job.ModelTrainer;
import io.tango.api.job.TrainingFuture;
import io.tango.api.job.TrainingRequest;
import io.tango.toolkit.log.JobMdc;
import io.tango.plugin.local.LocalModelLoader;
import io.tango.plugin.local.engine.ModelEngine;
import io.tango.plugin.local.engine.TrainingMonitor;
import io.tango.plugin.local.engine.TrainingTask;
import io.tango.plugin.local.engine.tribuo.TribuoModelEngine;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.plugin.local.store.StoreNames;
import io.tango.plugin.local.store.StoredModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * Trains models in the background with plugin-local's trainable engines and saves them to the local store.
 *
 * <p>Trainings run on a fixed pool of {@code threads} with a queue of {@code queue_size}; a full queue refuses the
 * training ({@link CapacityExceededException}). A training walks QUEUED → RUNNING → COMPLETED / ERRORED / CANCELED;
 * cancel stops it cooperatively (the engine checks between gradient steps) and frees its thread, and a canceled
 * training never publishes a model. While a training runs, its id is in the slf4j MDC under {@value #MDC_KEY}.
 *
 * <p>Every status change is written to {@code <root>/jobs/<instance>/}. On start, the trainer reads those records:
 * finished jobs are found by id as before, and a job that was queued or running when the previous process stopped is
 * reported ERRORED with "interrupted by shutdown". Records of jobs finished longer than {@code retention_duration}
 * ago are deleted (on start and whenever a training is submitted or ends); the models they produced are never touched.
 *
 * <p>Training arguments: {@code engine} (default: the first trainable engine, {@code tribuo}), {@code version} (the
 * version to save as; default the next number), and the engine's own arguments. Thread-safe.
 */
public final class LocalModelTrainer implements ModelTrainer {
    /** The MDC key holding the running job's id. */
    public static final String MDC_KEY = JobMdc.KEY;
    /** The error a job gets when the process stopped while it was queued or running. */
    static final String INTERRUPTED = "interrupted by shutdown";

    private static final Logger log = LoggerFactory.getLogger(LocalModelTrainer.class);

    private final String instanceName;
    private final LocalModelStore store;
    private final LocalModelLoader loader;
    private final JobRecords records;
    private final Duration retention;
    private final Clock clock;
    private final int queueSize;
    private final ThreadPoolExecutor executor;
    private final Map<String, LocalTrainingFuture> jobs = new ConcurrentHashMap<>();
    private final String origin;
    private volatile boolean closed;

    /**
     * Restores the jobs recorded by a previous trainer of the same instance name and store.
     *
     * @param instanceName the instance name; job ids start with it
     * @param store the store models are saved to and records kept in
     * @param loader loads trained models for {@link TrainingFuture#load()}
     * @param threads trainings that run at once
     * @param queueSize trainings that may wait
     * @param retention how long records of finished jobs are kept
     * @param clock the clock
     */
    public LocalModelTrainer(
            String instanceName,
            LocalModelStore store,
            LocalModelLoader loader,
            int threads,
            int queueSize,
            Duration retention,
            Clock clock) {
        this.instanceName = requireNonNull(instanceName, "instanceName is null");
        this.store = requireNonNull(store, "store is null");
        this.loader = requireNonNull(loader, "loader is null");
        this.retention = requireNonNull(retention, "retention is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.queueSize = queueSize;
        this.origin = "trainer " + instanceName;
        this.records = new JobRecords(store.jobsDirectory().resolve(instanceName));
        restore();
        AtomicInteger counter = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queueSize),
                runnable -> {
                    Thread thread = new Thread(runnable, "tango-local-trainer-" + instanceName + "-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    private void restore() {
        Instant now = clock.instant();
        for (JobInfo record : records.readAll()) {
            JobInfo restored = record;
            if (!record.status().isTerminal()) {
                restored = new JobInfo(record.id(), JobStatus.ERRORED,
                        List.of(new JobError("TangoException", INTERRUPTED + ": the trainer stopped while the job was "
                                + record.status().name().toLowerCase(java.util.Locale.ROOT))),
                        record.submitted(), record.started(), Optional.of(now), record.progress(), record.details());
                records.write(restored);
                log.info("Training {} was {} when its trainer stopped; it is now ERRORED", record.id(), record.status());
            }
            if (isExpired(restored, now)) {
                records.delete(restored.id());
                continue;
            }
            jobs.put(restored.id(), new LocalTrainingFuture(restored, clock, records::write, store, loader, origin));
        }
    }

    @Override
    public TrainingFuture train(TrainingRequest request) {
        requireNonNull(request, "request is null");
        checkOpen();
        Map<String, Object> arguments = new LinkedHashMap<>(request.arguments());
        ModelEngine engine = engine(arguments.remove("engine"));
        Optional<String> version = Optional.ofNullable(arguments.remove("version")).map(Object::toString);
        StoreNames.check("model name", request.modelName());
        version.ifPresent(value -> StoreNames.check("model version", value));
        engine.validateTraining(arguments);
        String id = request.externalId().map(external -> JobIds.of(instanceName, external)).orElseGet(() -> JobIds.newId(instanceName));
        purgeExpired();
        LocalTrainingFuture job;
        synchronized (jobs) {
            LocalTrainingFuture existing = jobs.get(id);
            if (existing != null && !existing.status().isTerminal()) {
                throw new AlreadyExistsException("training " + id + " is still " + existing.status() + "; wait for it or cancel it");
            }
            job = new LocalTrainingFuture(id, clock, records::write, store, loader, origin);
            job.detail("engine", engine.name());
            job.detail(LocalTrainingFuture.MODEL, request.modelName());
            // Recorded before it can start, so the QUEUED record never overwrites a later one.
            jobs.put(id, job);
            records.write(job.info());
            try {
                Future<?> future = executor.submit(() -> run(job, engine, request.modelName(), version, Map.copyOf(arguments)));
                job.attach(future, executor::purge);
            } catch (RejectedExecutionException e) {
                if (existing != null) {
                    jobs.put(id, existing);
                    records.write(existing.info());
                } else {
                    jobs.remove(id);
                    records.delete(id);
                }
                if (closed) {
                    throw new IllegalStateException("trainer '" + instanceName + "' is closed");
                }
                throw new CapacityExceededException("the training queue of trainer '" + instanceName + "' is full ("
                        + executor.getMaximumPoolSize() + " running, " + queueSize + " waiting); retry later");
            }
        }
        log.debug("Queued training {} of model '{}' with engine {}", id, request.modelName(), engine.name());
        return job;
    }

    private ModelEngine engine(Object requested) {
        List<String> trainable = loader.engines().trainable();
        if (requested == null) {
            if (trainable.isEmpty()) {
                throw new InvalidRequestException("plugin-local has no engine that trains models");
            }
            String fallback = trainable.contains(TribuoModelEngine.NAME) ? TribuoModelEngine.NAME : trainable.get(0);
            return loader.engines().get(fallback).orElseThrow();
        }
        return loader.engines().get(requested.toString())
                .filter(ModelEngine::canTrain)
                .orElseThrow(() -> new InvalidRequestException("training argument 'engine' is '" + requested
                        + "'; engines that train: " + trainable));
    }

    private void run(LocalTrainingFuture job, ModelEngine engine, String modelName, Optional<String> version,
            Map<String, Object> arguments) {
        if (!job.start()) {
            return;
        }
        MDC.put(MDC_KEY, job.id());
        try {
            log.info("Training {} of model '{}' started", job.id(), modelName);
            TrainingMonitor monitor = new TrainingMonitor() {
                @Override
                public void progress(double fraction) {
                    job.progress(fraction);
                }

                @Override
                public boolean isCanceled() {
                    return job.isStopRequested();
                }
            };
            StoredModel saved = store.save(modelName, version,
                    directory -> engine.train(new TrainingTask(modelName, arguments, directory, monitor)),
                    () -> !job.isStopRequested());
            job.detail(LocalTrainingFuture.VERSION, saved.manifest().version());
            job.detail("path", saved.directory().toString());
            String key = saved.manifest().name() + "/" + saved.manifest().version();
            if (job.complete(saved.descriptor(ModelKey.of(key), origin))) {
                log.info("Training {} completed: model '{}' version {}", job.id(), modelName, saved.manifest().version());
            } else {
                // Canceled (or the trainer closed) after the save's last check but before the model was published:
                // a job that did not complete leaves no model behind.
                store.delete(saved.manifest().name(), saved.manifest().version());
                log.info("Training {} ended {} while its model was published; removed model '{}' version {}", job.id(),
                        job.status(), modelName, saved.manifest().version());
            }
        } catch (CancellationException e) {
            if (closed) {
                job.fail(new JobError("TangoException", INTERRUPTED));
            }
            log.info("Training {} stopped: {}", job.id(), job.status());
        } catch (Throwable e) {
            if (closed && (e instanceof InterruptedException || Thread.currentThread().isInterrupted())) {
                job.fail(new JobError("TangoException", INTERRUPTED));
            } else if (job.fail(e)) {
                log.warn("Training {} failed: {}", job.id(), e.toString());
            }
            if (e instanceof Error error && !(e instanceof OutOfMemoryError)) {
                throw error;
            }
        } finally {
            MDC.remove(MDC_KEY);
            purgeExpired();
        }
    }

    @Override
    public TrainingFuture getTrainingFuture(String trainingId) {
        requireNonNull(trainingId, "trainingId is null");
        LocalTrainingFuture job = jobs.get(trainingId);
        if (job == null) {
            throw new JobNotFoundException("trainer '" + instanceName + "' has no training " + trainingId
                    + " (never submitted, or its record passed retention)");
        }
        return job;
    }

    @Override
    public List<JobInfo> listTrainings() {
        List<JobInfo> infos = new ArrayList<>();
        jobs.values().forEach(job -> infos.add(job.info()));
        infos.sort(Comparator.comparing(JobInfo::submitted));
        return infos;
    }

    private void purgeExpired() {
        Instant now = clock.instant();
        for (LocalTrainingFuture job : List.copyOf(jobs.values())) {
            JobInfo info = job.info();
            if (isExpired(info, now) && jobs.remove(info.id(), job)) {
                records.delete(info.id());
                log.debug("Removed the record of training {} (finished more than {} ago)", info.id(), retention);
            }
        }
    }

    private boolean isExpired(JobInfo info, Instant now) {
        return info.status().isTerminal() && info.completed().map(done -> done.plus(retention).isBefore(now)).orElse(false);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("trainer '" + instanceName + "' is closed");
        }
    }

    /** Stops every training: queued and running ones end ERRORED "interrupted by shutdown". */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        executor.shutdownNow();
        for (LocalTrainingFuture job : jobs.values()) {
            job.fail(new JobError("TangoException", INTERRUPTED));
        }
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("Trainer '{}': a training did not stop within 30 s of close", instanceName);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "LocalModelTrainer[" + instanceName + ", " + store.root() + "]";
    }
}
