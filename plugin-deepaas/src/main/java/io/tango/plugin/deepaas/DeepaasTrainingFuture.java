package io.tango.plugin.deepaas;

import io.tango.api.JobCanceledException;
import io.tango.api.JobFailedException;
import io.tango.api.ModelDescriptor;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoModel;
import io.tango.api.job.JobError;
import io.tango.api.job.JobInfo;
import io.tango.api.job.JobStatus;
import io.tango.api.job.TrainingFuture;
import io.tango.plugin.deepaas.client.DeepaasClient;
import io.tango.plugin.deepaas.client.DeepaasTraining;
import io.tango.plugin.deepaas.client.Json;

import io.tango.toolkit.log.JobMdc;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * A training running on a DEEPaaS server. {@link #info()} asks the server; {@link #await} polls it every
 * {@code poll_interval} (and wakes at once when another thread cancels); a terminal state is kept and never asked
 * again.
 *
 * <p>{@link #cancel()} sends {@code DELETE .../train/{uuid}}. DEEPaaS 2.6.0 kills the training's worker process and
 * forgets the training, but then answers 500 for a training that was running (its handler reads the result of the
 * killed task, which is None) and closes the connection without an answer for a training that was waiting for the
 * model's worker (the cancellation escapes the handler); so a 500 or a missing answer followed by a 404 on
 * {@code GET} counts as canceled. A training younger than {@link #CANCEL_GRACE} is canceled once it is that old, to
 * stay clear of a DEEPaaS 2.6.0 deadlock. Thread-safe.
 */
final class DeepaasTrainingFuture implements TrainingFuture {
    /**
     * How old a training must be before it is canceled. DEEPaaS 2.6.0 cancels by killing the model's worker process
     * and then terminating its multiprocessing pool on the event loop; if the worker is killed before it has read the
     * training's task, it dies holding the pool's queue lock and {@code Pool.terminate()} blocks the whole server for
     * good. The worker reads the task within milliseconds, so waiting this long after the start avoids that.
     */
    static final Duration CANCEL_GRACE = Duration.ofSeconds(1);

    private final DeepaasModelTrainer trainer;
    private final String id;
    private final String model;
    private final String uuid;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final Object lock = new Object();
    private final Object cancelLock = new Object();
    private final long createdNanos = System.nanoTime();
    private volatile boolean cancelRequested;
    private final boolean startedHere;
    private volatile JobInfo last;
    private volatile DeepaasTraining lastTraining;
    private volatile JobInfo terminal;
    private volatile JobStatus remembered;
    private ModelDescriptor result;

    /**
     * @param trainer the trainer
     * @param model the model's URL key
     * @param training the server's document of the training
     * @param startedHere whether the training was started just now by this trainer (else it was looked up)
     */
    DeepaasTrainingFuture(DeepaasModelTrainer trainer, String model, DeepaasTraining training, boolean startedHere) {
        this.trainer = requireNonNull(trainer, "trainer is null");
        this.startedHere = startedHere;
        this.model = requireNonNull(model, "model is null");
        this.uuid = training.uuid();
        this.id = trainer.jobId(uuid);
        observe(training);
    }

    /** A training that ended, in the state its trainer (or another of its records folder) saw it end. */
    DeepaasTrainingFuture(DeepaasModelTrainer trainer, TrainingRecord ended) {
        this.trainer = requireNonNull(trainer, "trainer is null");
        this.startedHere = false;
        this.model = ended.model();
        this.uuid = ended.uuid();
        this.id = trainer.jobId(uuid);
        this.lastTraining = ended.training();
        this.last = ended.info();
        this.remembered = ended.info().status();
        endWith(ended.info());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public JobInfo info() {
        try (JobMdc ignored = JobMdc.put(id)) {
            return ask();
        }
    }

    private JobInfo ask() {
        JobInfo done = terminal;
        if (done != null) {
            return done;
        }
        Optional<DeepaasTraining> training = client().training(model, uuid);
        if (training.isPresent()) {
            return observe(training.get());
        }
        if (cancelRequested) {
            // a cancellation in another thread made the server forget the training
            canceledHere();
            return terminal;
        }
        return vanished();
    }

    @Override
    public boolean cancel() {
        try (JobMdc ignored = JobMdc.put(id)) {
            return requestCancel();
        }
    }

    private boolean requestCancel() {
        synchronized (cancelLock) {
            if (terminal != null) {
                return false;
            }
            awaitCancelGrace();
            if (terminal != null) {
                return false;
            }
            cancelRequested = true;
            sendCancel();
            return terminal != null && terminal.status() == JobStatus.CANCELED;
        }
    }

    private void sendCancel() {
        String operation = "canceling training " + uuid + " of model '" + model + "'";
        HttpResponse<byte[]> answer;
        try {
            answer = client().cancelTraining(model, uuid);
        } catch (RemoteServiceException e) {
            // DEEPaaS 2.6.0 drops the connection, answering nothing, when the training was waiting for the model's
            // worker: the training is canceled and forgotten all the same
            if (e.httpStatus().isEmpty() && client().training(model, uuid).isEmpty()) {
                canceledHere();
                return;
            }
            throw e;
        }
        if (answer.statusCode() == 200) {
            DeepaasTraining training = training(answer, operation);
            lastTraining = training;
            JobInfo info = TrainingStates.info(id, model, training, Instant.now());
            if (!info.status().isTerminal()) {
                // the server has dropped the training: it will never report it again
                info = TrainingStates.ended(info, JobStatus.CANCELED, List.of(), Instant.now());
            }
            end(info);
            return;
        }
        if (answer.statusCode() == 404) {
            vanished();
            return;
        }
        if (answer.statusCode() == 500 && client().training(model, uuid).isEmpty()) {
            canceledHere();
            return;
        }
        throw client().failure(answer, operation);
    }

    /**
     * Waits until the training is {@link #CANCEL_GRACE} old: since its start answered, for a training started here;
     * by the server's start date otherwise.
     */
    private void awaitCancelGrace() {
        long ageNanos = startedHere
                ? System.nanoTime() - createdNanos
                : Duration.between(last.submitted(), Instant.now()).toNanos();
        long waitNanos = CANCEL_GRACE.toNanos() - Math.max(0, ageNanos);
        if (waitNanos <= 0) {
            return;
        }
        try {
            ended.await(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The server canceled and forgot the training without reporting its final state. */
    private void canceledHere() {
        end(TrainingStates.ended(last, JobStatus.CANCELED, List.of(), Instant.now()));
    }

    @Override
    public JobInfo await(Duration timeout) throws InterruptedException {
        requireNonNull(timeout, "timeout is null");
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        while (true) {
            JobInfo info = info();
            long remaining = deadline - System.nanoTime();
            if (info.status().isTerminal() || remaining <= 0) {
                return info;
            }
            ended.await(Math.min(remaining, trainer.pollInterval().toNanos()), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public ModelDescriptor result() throws InterruptedException {
        JobInfo info;
        do {
            info = await(Duration.ofDays(365));
        } while (!info.status().isTerminal());
        switch (info.status()) {
            case CANCELED -> throw new JobCanceledException("training " + id + " of DEEPaaS model '" + model
                    + "' was canceled");
            case ERRORED -> throw new JobFailedException("training " + id + " of DEEPaaS model '" + model
                    + "' failed: " + info.errors().stream().map(JobError::toString).collect(Collectors.joining("; ")),
                    null);
            default -> {
                synchronized (lock) {
                    if (result == null) {
                        result = trainer.describeTrained(model, lastTraining);
                    }
                    return result;
                }
            }
        }
    }

    @Override
    public TangoModel<?, ?> load() throws InterruptedException {
        return trainer.load(result());
    }

    private JobInfo observe(DeepaasTraining training) {
        lastTraining = training;
        JobInfo info = TrainingStates.info(id, model, training, Instant.now());
        last = info;
        if (info.status().isTerminal()) {
            end(info);
            return terminal;
        }
        if (info.status() != remembered) {
            remembered = info.status();
            TrainingRecord kept = trainer.remember(new TrainingRecord(model, training, info));
            if (kept.isTerminal()) {
                // another trainer of the records folder saw it end first
                endWith(kept.info());
                return terminal;
            }
        }
        return info;
    }

    /**
     * The server forgot a training this future had not seen end: it ended as another trainer of the records folder
     * saw it, or else ERRORED. That verdict is not recorded (it is no state the server reported), so a trainer that
     * learns the training's end later (its canceler) still records it.
     */
    private JobInfo vanished() {
        Optional<TrainingRecord> known = trainer.known(uuid).filter(TrainingRecord::isTerminal);
        endWith(known.map(TrainingRecord::info)
                .orElseGet(() -> TrainingStates.vanished(last, client().service(), uuid, model, Instant.now())));
        return terminal;
    }

    /** Makes the job terminal in {@code info}'s state, kept by the trainer, unless it already is terminal. */
    private void end(JobInfo info) {
        if (terminal != null) {
            return;
        }
        endWith(trainer.remember(new TrainingRecord(model, lastTraining, info)).info());
    }

    private void endWith(JobInfo info) {
        synchronized (lock) {
            if (terminal != null) {
                return;
            }
            terminal = info;
            last = info;
        }
        ended.countDown();
    }

    private DeepaasTraining training(HttpResponse<byte[]> answer, String operation) {
        try {
            return DeepaasTraining.of(Json.parse(answer.body()));
        } catch (IOException | IllegalArgumentException e) {
            throw new RemoteServiceException(client().service(), answer.statusCode(), null, false,
                    operation + " returned no training document: " + client().bodyForMessage(answer), e);
        }
    }

    private DeepaasClient client() {
        return trainer.client();
    }

    @Override
    public String toString() {
        JobInfo info = last;
        return "DeepaasTrainingFuture[" + id + ", model " + model + ", " + (info == null ? "?" : info.status()) + "]";
    }
}
