package io.tango.cli.testing;

import io.tango.api.InvalidRequestException;
import io.tango.api.JobNotFoundException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.TangoModel;
import io.tango.api.config.ConfigOption;
import io.tango.api.config.TangoConfig;
import io.tango.api.job.JobError;
import io.tango.api.job.JobIds;
import io.tango.api.job.JobInfo;
import io.tango.api.job.JobStatus;
import io.tango.api.job.ModelTrainer;
import io.tango.api.job.TrainingFuture;
import io.tango.api.job.TrainingRequest;
import io.tango.api.spi.ModelTrainerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Trainer type {@code ECHO}: a training of {@code steps} steps (argument, default 4) reports progress after each and
 * completes with an echo model; {@code fail=true} ends it ERRORED; {@code hold=true} keeps it RUNNING until canceled.
 * Any other argument is an invalid request. Finished jobs are recorded in {@code directory} and found again by a later
 * runtime.
 */
public final class EchoTrainerFactory implements ModelTrainerFactory {
    private static final ConfigOption<String> DIRECTORY = ConfigOption.string("directory").asRequired()
            .withDescription("Where finished jobs are recorded");

    @Override
    public String type() {
        return "ECHO";
    }

    @Override
    public List<ConfigOption<?>> options() {
        return List.of(DIRECTORY);
    }

    @Override
    public ModelTrainer create(TangoConfig config, String instanceName) {
        return new EchoTrainer(instanceName, new Records(Path.of(config.get(DIRECTORY))));
    }

    private static final class EchoTrainer implements ModelTrainer {
        private final String instanceName;
        private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "echo-trainer");
            thread.setDaemon(true);
            return thread;
        });
        private final Map<String, Job> jobs = new ConcurrentHashMap<>();

        private final Records records;

        EchoTrainer(String instanceName, Records records) {
            this.instanceName = instanceName;
            this.records = records;
            for (Properties record : records.readAll()) {
                Job job = Job.restore(record);
                jobs.put(job.id, job);
            }
        }

        @Override
        public TrainingFuture train(TrainingRequest request) {
            for (String key : request.arguments().keySet()) {
                if (!List.of("steps", "fail", "hold").contains(key)) {
                    throw new InvalidRequestException("unknown training argument '" + key + "'; the echo trainer takes steps, fail, hold");
                }
            }
            int steps = ((Number) request.arguments().getOrDefault("steps", 4)).intValue();
            boolean fail = Boolean.TRUE.equals(request.arguments().get("fail"));
            boolean hold = Boolean.TRUE.equals(request.arguments().get("hold"));
            String id = request.externalId().map(external -> JobIds.of(instanceName, external)).orElseGet(() -> JobIds.newId(instanceName));
            Job job = new Job(id, request.modelName(), records);
            jobs.put(id, job);
            executor.submit(() -> job.run(steps, fail, hold));
            return job;
        }

        @Override
        public TrainingFuture getTrainingFuture(String trainingId) {
            Job job = jobs.get(trainingId);
            if (job == null) {
                throw new JobNotFoundException("trainer '" + instanceName + "' has no training " + trainingId);
            }
            return job;
        }

        @Override
        public List<JobInfo> listTrainings() {
            List<JobInfo> infos = new ArrayList<>();
            jobs.values().forEach(job -> infos.add(job.info()));
            infos.sort(java.util.Comparator.comparing(JobInfo::submitted));
            return infos;
        }

        @Override
        public void close() {
            // An interrupted job still writes its record: wait, so nothing writes into the store after close.
            executor.shutdownNow();
            try {
                if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the echo trainer's jobs did not stop within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Job implements TrainingFuture {
        private final String id;
        private final String modelName;
        private final Records records;
        private Instant submitted = Instant.now();
        private final CountDownLatch done = new CountDownLatch(1);
        private JobStatus status = JobStatus.QUEUED;
        private Instant started;
        private Instant completed;
        private double progress;
        private String error;

        Job(String id, String modelName, Records records) {
            this.id = id;
            this.modelName = modelName;
            this.records = records;
        }

        static Job restore(Properties record) {
            Job job = new Job(record.getProperty("id"), record.getProperty("model"), null);
            job.status = JobStatus.valueOf(record.getProperty("status"));
            job.submitted = Instant.parse(record.getProperty("submitted"));
            job.started = Instant.parse(record.getProperty("started"));
            job.completed = Instant.parse(record.getProperty("completed"));
            job.progress = Double.parseDouble(record.getProperty("progress"));
            job.error = record.getProperty("error");
            job.done.countDown();
            return job;
        }

        private void record() {
            Properties record = new Properties();
            record.setProperty("id", id);
            record.setProperty("model", modelName);
            record.setProperty("status", status.name());
            record.setProperty("submitted", submitted.toString());
            record.setProperty("started", (started == null ? completed : started).toString());
            record.setProperty("completed", completed.toString());
            record.setProperty("progress", Double.toString(progress));
            if (error != null) {
                record.setProperty("error", error);
            }
            records.write(id.substring(id.indexOf(':') + 1), record);
        }

        void run(int steps, boolean fail, boolean hold) {
            synchronized (this) {
                if (status != JobStatus.QUEUED) {
                    return;
                }
                status = JobStatus.RUNNING;
                started = Instant.now();
            }
            try {
                if (hold) {
                    done.await();
                    return;
                }
                for (int step = 1; step <= steps; step++) {
                    if (done.await(20, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                    synchronized (this) {
                        progress = (double) step / steps;
                    }
                }
                finish(fail ? JobStatus.ERRORED : JobStatus.COMPLETED, fail ? "the echo training was told to fail" : null);
            } catch (InterruptedException e) {
                finish(JobStatus.ERRORED, "interrupted");
            }
        }

        private synchronized boolean finish(JobStatus terminal, String message) {
            if (status.isTerminal()) {
                return false;
            }
            status = terminal;
            error = message;
            completed = Instant.now();
            record();
            done.countDown();
            return true;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public synchronized JobInfo info() {
            return new JobInfo(id, status,
                    error == null ? List.of() : List.of(new JobError("TangoException", error)),
                    submitted, Optional.ofNullable(started), Optional.ofNullable(completed),
                    status == JobStatus.QUEUED ? OptionalDouble.empty() : OptionalDouble.of(progress),
                    Map.of("model", modelName));
        }

        @Override
        public boolean cancel() {
            return finish(JobStatus.CANCELED, null);
        }

        @Override
        public JobInfo await(Duration timeout) throws InterruptedException {
            done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return info();
        }

        @Override
        public ModelDescriptor result() throws InterruptedException {
            done.await();
            JobInfo info = info();
            return switch (info.status()) {
                case COMPLETED -> ModelDescriptor.builder(ModelKey.of(modelName + "/1"), modelName, EchoModel.FORMAT).version("1").build();
                case CANCELED -> throw new io.tango.api.JobCanceledException("training " + id + " was canceled");
                default -> throw new io.tango.api.JobFailedException("training " + id + " failed: " + error, null);
            };
        }

        @Override
        public TangoModel<?, ?> load() throws InterruptedException {
            return new EchoModel(result());
        }
    }
}
