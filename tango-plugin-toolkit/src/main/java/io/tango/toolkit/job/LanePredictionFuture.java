package io.tango.toolkit.job;

import io.tango.api.LoadedModel;
import io.tango.api.JobCanceledException;
import io.tango.api.JobFailedException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;
import io.tango.api.job.JobError;
import io.tango.api.job.JobInfo;
import io.tango.api.job.JobStatus;
import io.tango.api.job.PredictionFuture;
import org.slf4j.MDC;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * A prediction of a {@link LaneJobPredictor}, queued on or running in its server's lane. Canceling a queued
 * prediction frees its queue slot; canceling a running one interrupts its HTTP call. Thread-safe.
 */
final class LanePredictionFuture implements PredictionFuture {
    private final String id;
    private final String server;
    private final Instant submitted;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Object lock = new Object();
    private JobStatus status = JobStatus.QUEUED;
    private Instant started;
    private Instant completed;
    private TangoResponse response;
    private Throwable error;
    private FutureTask<Void> task;
    private ThreadPoolExecutor lane;

    LanePredictionFuture(String id, String server) {
        this.id = requireNonNull(id, "id is null");
        this.server = requireNonNull(server, "server is null");
        this.submitted = Instant.now();
    }

    /** Binds the task that runs this prediction, before it is handed to its lane. */
    FutureTask<Void> bind(LoadedModel model, TangoRequest request, WorkingSession session, ThreadPoolExecutor lane) {
        FutureTask<Void> runner = new FutureTask<>(() -> run(model, request, session), null);
        synchronized (lock) {
            this.task = runner;
            this.lane = lane;
        }
        return runner;
    }

    private void run(LoadedModel model, TangoRequest request, WorkingSession session) {
        synchronized (lock) {
            if (status != JobStatus.QUEUED) {
                return;
            }
            status = JobStatus.RUNNING;
            started = Instant.now();
        }
        MDC.put(LaneJobPredictor.MDC_KEY, id);
        try {
            TangoResponse answer = model.predict(request, session);
            finish(JobStatus.COMPLETED, answer, null);
        } catch (RuntimeException | Error e) {
            finish(JobStatus.ERRORED, null, e);
        } finally {
            MDC.remove(LaneJobPredictor.MDC_KEY);
        }
    }

    /** Ends a prediction that its lane refused or dropped. */
    void abandon() {
        finish(JobStatus.CANCELED, null, null);
    }

    private void finish(JobStatus end, TangoResponse answer, Throwable failure) {
        synchronized (lock) {
            if (status.isTerminal()) {
                return;
            }
            status = end;
            response = answer;
            error = failure;
            completed = Instant.now();
        }
        ended.countDown();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public JobInfo info() {
        synchronized (lock) {
            List<JobError> errors = error == null ? List.of() : List.of(JobError.of(error));
            return new JobInfo(id, status, errors, submitted, Optional.ofNullable(started),
                    Optional.ofNullable(completed), OptionalDouble.empty(), Map.of("server", server));
        }
    }

    boolean isTerminal() {
        synchronized (lock) {
            return status.isTerminal();
        }
    }

    @Override
    public boolean cancel() {
        FutureTask<Void> runner;
        ThreadPoolExecutor owner;
        boolean running;
        synchronized (lock) {
            if (status.isTerminal()) {
                return false;
            }
            running = status == JobStatus.RUNNING;
            status = JobStatus.CANCELED;
            completed = Instant.now();
            runner = task;
            owner = lane;
        }
        ended.countDown();
        if (runner != null) {
            runner.cancel(running);
            if (owner != null) {
                owner.remove(runner);
            }
        }
        return true;
    }

    @Override
    public JobInfo await(Duration timeout) throws InterruptedException {
        requireNonNull(timeout, "timeout is null");
        ended.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        return info();
    }

    @Override
    public TangoResponse result() throws InterruptedException {
        ended.await();
        synchronized (lock) {
            return switch (status) {
                case COMPLETED -> response;
                case CANCELED -> throw new JobCanceledException("prediction " + id + " was canceled");
                default -> throw new JobFailedException("prediction " + id + " failed: " + JobError.of(error), error);
            };
        }
    }

    @Override
    public String toString() {
        return "LanePredictionFuture[" + id + ", " + info().status() + ", " + server + "]";
    }
}
