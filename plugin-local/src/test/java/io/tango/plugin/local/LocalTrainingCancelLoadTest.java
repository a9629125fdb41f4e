package io.tango.plugin.local;

import io.tango.api.job.JobInfo;
import io.tango.api.job.JobStatus;
import io.tango.api.job.TrainingFuture;
import io.tango.api.job.TrainingRequest;
import io.tango.plugin.local.job.LocalModelTrainer;
import io.tango.plugin.local.store.LocalModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hundred trainings queued at once on two threads, a third of them canceled at random moments (queued, running or
 * already done), watched all along by a thread that reads every job's state: no job's terminal state (status, end
 * time, errors, details) ever changes once reached, every job is accounted for — COMPLETED with its model in the
 * store, or CANCELED with no model — and a trainer restarted on the same store finds every job as it ended.
 */
class LocalTrainingCancelLoadTest {
    private static final int TRAININGS = 100;
    private static final Duration WAIT = Duration.ofMinutes(2);

    @TempDir
    Path root;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void noTerminalStatusEverChangesAndEveryJobIsAccountedFor() throws Exception {
        LocalModelStore store = new LocalModelStore(root);
        Map<String, Object> arguments = new LinkedHashMap<>(Fixtures.irisArguments());
        arguments.put("epochs", 2);
        Random random = new Random(42);
        Map<String, JobInfo> firstTerminal = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        Map<String, Boolean> cancelAnswers = new ConcurrentHashMap<>();
        List<TrainingFuture> jobs = new ArrayList<>();
        AtomicBoolean watching = new AtomicBoolean(true);

        LocalModelTrainer trainer = new LocalModelTrainer("load", store, Fixtures.loader(), 2, TRAININGS,
                Duration.ofDays(1), Clock.systemUTC());
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                for (TrainingFuture job : List.copyOf(jobs)) {
                    observe(job.info(), firstTerminal, violations);
                }
            }
        }, "terminal-status-watcher");
        try {
            for (int i = 0; i < TRAININGS; i++) {
                jobs.add(trainer.train(TrainingRequest.of("model-" + i, arguments)));
            }
            // Started once every job exists: it reads the list, which no longer changes.
            watcher.start();
            List<TrainingFuture> toCancel = new ArrayList<>(jobs);
            java.util.Collections.shuffle(toCancel, random);
            for (TrainingFuture job : toCancel.subList(0, TRAININGS / 3)) {
                if (random.nextBoolean()) {
                    job.await(Duration.ofMillis(random.nextInt(40)));
                }
                cancelAnswers.put(job.id(), job.cancel());
                observe(job.info(), firstTerminal, violations);
                // A second cancel never changes a terminal job.
                assertThat(job.cancel()).isFalse();
            }
            for (TrainingFuture job : jobs) {
                assertThat(job.await(WAIT).status().isTerminal()).as("job %s ends in time", job.id()).isTrue();
            }
        } finally {
            watching.set(false);
            watcher.join(TimeUnit.MINUTES.toMillis(1));
            trainer.close();
        }
        for (TrainingFuture job : jobs) {
            observe(job.info(), firstTerminal, violations);
        }

        assertThat(violations).isEmpty();
        assertThat(firstTerminal).hasSize(TRAININGS);
        Map<JobStatus, Long> statuses = jobs.stream()
                .collect(Collectors.groupingBy(job -> job.info().status(), Collectors.counting()));
        assertThat(statuses.keySet()).containsOnly(JobStatus.COMPLETED, JobStatus.CANCELED);
        for (TrainingFuture job : jobs) {
            JobInfo info = job.info();
            String model = info.details().get("model");
            if (info.status() == JobStatus.COMPLETED) {
                assertThat(store.find(model, Optional.of(info.details().get("version")))).as("model of %s", info.id())
                        .isPresent();
                assertThat(cancelAnswers.getOrDefault(info.id(), false)).as("cancel of completed %s", info.id()).isFalse();
            } else {
                assertThat(store.versions(model)).as("a canceled training leaves no model: %s", info.id()).isEmpty();
                assertThat(info.details()).doesNotContainKey("version");
            }
            if (cancelAnswers.getOrDefault(info.id(), false)) {
                assertThat(info.status()).isEqualTo(JobStatus.CANCELED);
            }
        }

        try (LocalModelTrainer restarted = new LocalModelTrainer("load", store, Fixtures.loader(), 1, 4,
                Duration.ofDays(1), Clock.systemUTC())) {
            assertThat(restarted.listTrainings()).hasSize(TRAININGS).allSatisfy(info -> {
                JobInfo before = firstTerminal.get(info.id());
                assertThat(info.status()).isEqualTo(before.status());
                assertThat(info.completed()).isEqualTo(before.completed());
            });
        }
        System.out.printf("RELIABILITY local-trainings: %d trainings, %d cancels asked (%d took effect), final %s%n",
                TRAININGS, cancelAnswers.size(), cancelAnswers.values().stream().filter(Boolean::booleanValue).count(),
                statuses);
    }

    /** Remembers a job's first terminal state; a later different one is a violation. */
    private static void observe(JobInfo info, Map<String, JobInfo> firstTerminal, List<String> violations) {
        if (!info.status().isTerminal()) {
            JobInfo terminal = firstTerminal.get(info.id());
            if (terminal != null) {
                violations.add(info.id() + " was " + terminal.status() + ", then " + info.status());
            }
            return;
        }
        JobInfo first = firstTerminal.putIfAbsent(info.id(), info);
        if (first != null && (first.status() != info.status() || !first.completed().equals(info.completed())
                || !first.errors().equals(info.errors()) || !first.details().equals(info.details()))) {
            violations.add(info.id() + " was " + first + ", then " + info);
        }
    }
}
