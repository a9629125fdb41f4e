package io.tango.plugin.local.job;

import io.tango.api.JobCanceledException;
import io.tango.api.JobFailedException;
import io.tango.api.job.JobError;
import io.tango.api.job.JobFuture;
import io.tango.api.job.JobInfo;
import io.tango.api.job.JobStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The state machine every local job shares: QUEUED → RUNNING → COMPLETED / ERRORED / CANCELED, with times,
 * progress, errors and details; terminal states never change. Every change is reported to a listener (which persists
 * training records). Thread-safe: transitions are synchronized and waiters are woken on each.
 *
 * @param <T> the result type
 */
abstract class LocalJob<T> implements JobFuture<T> {
    /** A listener for jobs nobody persists: no {@link JobInfo} snapshot is built for it. */
    static final Consumer<JobInfo> IGNORE_CHANGES = info -> {};

    private final String id;
    private final Clock clock;
    private final Consumer<JobInfo> listener;
    private final Instant submitted;
    private JobStatus status;
    private Instant started;
    private Instant completed;
    private double progress = Double.NaN;
    private final List<JobError> errors = new ArrayList<>();
    private final Map<String, String> details = new LinkedHashMap<>();
    private T result;
    private Throwable failure;
    private Future<?> task;
    private Runnable purge = () -> {};

    LocalJob(String id, Clock clock, Consumer<JobInfo> listener) {
        this.id = requireNonNull(id, "id is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.submitted = clock.instant();
        this.status = JobStatus.QUEUED;
    }

    /** A job restored from its record: its state is final and it holds no result object. */
    LocalJob(JobInfo record, Clock clock, Consumer<JobInfo> listener) {
        this.id = record.id();
        this.clock = requireNonNull(clock, "clock is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.submitted = record.submitted();
        this.status = record.status();
        this.started = record.started().orElse(null);
        this.completed = record.completed().orElse(null);
        this.progress = record.progress().isPresent() ? record.progress().getAsDouble() : Double.NaN;
        this.errors.addAll(record.errors());
        this.details.putAll(record.details());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized JobInfo info() {
        return new JobInfo(
                id,
                status,
                errors,
                submitted,
                Optional.ofNullable(started),
                Optional.ofNullable(completed),
                Double.isNaN(progress) ? OptionalDouble.empty() : OptionalDouble.of(progress),
                details);
    }

    synchronized JobStatus status() {
        return status;
    }

    /** @return when the job reached its terminal status, or null while it has not */
    synchronized Instant completedAt() {
        return completed;
    }

    /**
     * @param future the job's task in its executor
     * @param purge removes canceled tasks from the executor's queue, so a canceled queued job frees its place
     */
    synchronized void attach(Future<?> future, Runnable purge) {
        this.task = future;
        this.purge = purge;
        if (status.isTerminal()) {
            future.cancel(true);
        }
    }

    /** Moves a queued job to RUNNING on the calling thread. @return false if the job was canceled meanwhile */
    synchronized boolean start() {
        if (status != JobStatus.QUEUED) {
            return false;
        }
        status = JobStatus.RUNNING;
        started = clock.instant();
        changed();
        return true;
    }

    synchronized void progress(double fraction) {
        if (status == JobStatus.RUNNING) {
            progress = Math.max(0, Math.min(1, fraction));
        }
    }

    /** Adds a detail while the job is not terminal; a terminal job's state, details included, never changes. */
    synchronized void detail(String key, String value) {
        if (!status.isTerminal()) {
            details.put(key, value);
        }
    }

    synchronized boolean complete(T value) {
        if (status.isTerminal()) {
            return false;
        }
        result = value;
        progress = 1;
        finish(JobStatus.COMPLETED);
        return true;
    }

    synchronized boolean fail(Throwable error) {
        if (status.isTerminal()) {
            return false;
        }
        failure = error;
        errors.add(JobError.of(error));
        finish(JobStatus.ERRORED);
        return true;
    }

    synchronized boolean fail(JobError error) {
        if (status.isTerminal()) {
            return false;
        }
        errors.add(error);
        finish(JobStatus.ERRORED);
        return true;
    }

    @Override
    public boolean cancel() {
        Future<?> toCancel;
        Runnable purgeQueue;
        synchronized (this) {
            if (status.isTerminal()) {
                return false;
            }
            finish(JobStatus.CANCELED);
            toCancel = task;
            purgeQueue = purge;
        }
        if (toCancel != null) {
            // A queued task leaves the executor's queue; a running one is interrupted and stops at its next check.
            toCancel.cancel(true);
            purgeQueue.run();
        }
        return true;
    }

    /** @return whether the job should stop (canceled, or otherwise terminal) */
    synchronized boolean isStopRequested() {
        return status.isTerminal();
    }

    private void finish(JobStatus terminal) {
        status = terminal;
        completed = clock.instant();
        changed();
        notifyAll();
        finished();
    }

    /** Called once, holding this job's lock, when it reaches its terminal status. */
    void finished() {}

    private void changed() {
        if (listener != IGNORE_CHANGES) {
            listener.accept(info());
        }
    }

    @Override
    public synchronized JobInfo await(Duration timeout) throws InterruptedException {
        requireNonNull(timeout, "timeout is null");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!status.isTerminal()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            long millis = Math.max(1, remaining / 1_000_000);
            wait(millis);
        }
        return info();
    }

    @Override
    public T result() throws InterruptedException {
        synchronized (this) {
            while (!status.isTerminal()) {
                wait();
            }
            return switch (status) {
                case COMPLETED -> result != null ? result : restoredResult();
                case CANCELED -> throw new JobCanceledException("job " + id + " was canceled");
                default -> throw new JobFailedException("job " + id + " failed: "
                        + errors.stream().map(JobError::toString).collect(Collectors.joining("; ")), failure);
            };
        }
    }

    /**
     * @return the result of a completed job restored from its record
     * @throws io.tango.api.TangoException if the result cannot be recreated
     */
    abstract T restoredResult();

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + id + " " + status() + "]";
    }
}
