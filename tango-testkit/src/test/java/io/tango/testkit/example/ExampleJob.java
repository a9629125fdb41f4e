package io.tango.testkit.example;

import io.tango.api.JobCanceledException;
import io.tango.api.JobFailedException;
import io.tango.api.job.JobError;
import io.tango.api.job.JobFuture;
import io.tango.api.job.JobInfo;
import io.tango.api.job.JobStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Future;

/** The example plugin's job state: one lock, terminal statuses final. */
class ExampleJob<T> implements JobFuture<T> {
    private final String id;
    private final Instant submitted = Instant.now();
    private JobStatus status = JobStatus.QUEUED;
    private Instant started;
    private Instant completed;
    private T result;
    private Throwable error;
    private double progress;
    private Future<?> work;

    ExampleJob(String id) {
        this.id = id;
    }

    synchronized void attach(Future<?> work) {
        this.work = work;
    }

    synchronized boolean start() {
        if (status != JobStatus.QUEUED) {
            return false;
        }
        status = JobStatus.RUNNING;
        started = Instant.now();
        return true;
    }

    synchronized void progress(double fraction) {
        progress = fraction;
    }

    synchronized boolean isCanceled() {
        return status == JobStatus.CANCELED;
    }

    synchronized void complete(T value) {
        finish(JobStatus.COMPLETED, value, null);
    }

    synchronized void fail(Throwable cause) {
        finish(JobStatus.ERRORED, null, cause);
    }

    private void finish(JobStatus terminal, T value, Throwable cause) {
        if (status.isTerminal()) {
            return;
        }
        status = terminal;
        result = value;
        error = cause;
        completed = Instant.now();
        notifyAll();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public synchronized JobInfo info() {
        return new JobInfo(id, status, error == null ? List.of() : List.of(JobError.of(error)), submitted,
                Optional.ofNullable(started), Optional.ofNullable(completed),
                status == JobStatus.COMPLETED ? OptionalDouble.of(1) : OptionalDouble.of(progress), Map.of());
    }

    @Override
    public synchronized boolean cancel() {
        if (status.isTerminal()) {
            return false;
        }
        finish(JobStatus.CANCELED, null, null);
        if (work != null) {
            work.cancel(true);
        }
        return true;
    }

    @Override
    public synchronized JobInfo await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!status.isTerminal()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return info();
    }

    @Override
    public synchronized T result() throws InterruptedException {
        while (!status.isTerminal()) {
            wait();
        }
        return switch (status) {
            case COMPLETED -> result;
            case CANCELED -> throw new JobCanceledException("job " + id + " was canceled");
            default -> throw new JobFailedException("job " + id + " failed: " + error, error);
        };
    }
}
