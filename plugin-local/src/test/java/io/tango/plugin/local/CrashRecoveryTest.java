package io.tango.plugin.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.deploy.Deployment;
import io.tango.api.deploy.DeploymentState;
import io.tango.api.job.JobInfo;
import io.tango.api.job.JobStatus;
import io.tango.plugin.local.deploy.LocalDeploymentClient;
import io.tango.plugin.local.job.LocalModelTrainer;
import io.tango.plugin.local.server.ServingSettings;
import io.tango.plugin.local.store.Json;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.plugin.local.store.ModelManifest;
import io.tango.plugin.local.store.StoredModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child JVM ({@link CrashingWriter}) writes model versions, deployment records and job records on one store without
 * pause and is killed with SIGKILL ({@link Process#destroyForcibly()}) at a random moment, five times over, each time
 * restarted on what the last one left. After every kill the store, the deployments and the job records are readable
 * and consistent: every visible version is whole (its artifact's SHA-256 matches its metadata), every record parses,
 * and a new deployment client and trainer bring back exactly what the records say, jobs cut short reported ERRORED.
 */
class CrashRecoveryTest {
    private static final int RUNS = 5;
    private static final Duration READY_WAIT = Duration.ofMinutes(2);
    /** The system property that replays a run: {@code -Dtango.test.seed=<the seed it printed>}. */
    static final String SEED_PROPERTY = "tango.test.seed";
    static final long DEFAULT_SEED = 20261123L;
    /** What the reader of the child's output adds after its last line. */
    private static final String END = "END of the child's output";

    @TempDir
    Path root;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyKillLeavesAReadableConsistentStore() throws Exception {
        long seed = Long.getLong(SEED_PROPERTY, DEFAULT_SEED);
        System.out.printf("CrashRecoveryTest seed %d (replay with -D%s=%d)%n", seed, SEED_PROPERTY, seed);
        Random random = new Random(seed);
        List<String> kills = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            Path stderr = root.resolve("child-stderr-" + run + ".log");
            Path stdout = root.resolve("child-stdout-" + run + ".log");
            Process child = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"),
                    CrashingWriter.class.getName(), root.toString())
                    .redirectError(stderr.toFile())
                    .redirectOutput(stdout.toFile())
                    .start();
            try {
                BlockingQueue<String> lines = readLines(child, stdout);
                awaitReady(lines, Set.of("models", "deployments", "jobs"));
                long pause = 50 + random.nextInt(600);
                assertThat(child.waitFor(pause, TimeUnit.MILLISECONDS)).as("the writer runs until it is killed").isFalse();
                child.destroyForcibly();
                assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
                assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
                assertNoWriterFailed(lines, stderr);
                kills.add(pause + " ms");
            } finally {
                child.destroyForcibly();
            }
            verify(run);
        }
        LocalModelStore store = new LocalModelStore(root);
        System.out.printf("RELIABILITY local-crashes: %d SIGKILLs of a child writing models, deployment and job records,"
                + " each %s after all three writers had written once (seed %d); every restart consistent; in the end"
                + " %d whole versions of '%s', %d job records, %d deployment records%n",
                RUNS, kills, seed, store.versions(CrashingWriter.CHECKED_MODEL).size(), CrashingWriter.CHECKED_MODEL,
                records(store.jobsDirectory().resolve("crash")).size(), records(store.deploymentsDirectory()).size());
    }

    /**
     * Follows the child's output file until the child has ended and the file is read to its end.
     *
     * <p>The output goes to a file, not a pipe: when a child dies the JDK drains and closes its pipe under a reader's
     * feet, which made a read fail with "Stream closed" now and then though no writer had failed.
     *
     * @return the child's complete output lines as they come; the queue ends with {@link #END}
     */
    private static BlockingQueue<String> readLines(Process child, Path output) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            StringBuilder partial = new StringBuilder();
            char[] chunk = new char[8192];
            try (Reader in = new InputStreamReader(Files.newInputStream(output), StandardCharsets.UTF_8)) {
                boolean ended = false;
                while (true) {
                    int read = in.read(chunk);
                    if (read > 0) {
                        partial.append(chunk, 0, read);
                        for (int newline = partial.indexOf("\n"); newline >= 0; newline = partial.indexOf("\n")) {
                            lines.add(partial.substring(0, newline));
                            partial.delete(0, newline + 1);
                        }
                    } else if (ended) {
                        break;
                    } else {
                        // Nothing new yet: wait for more output or for the child's end, then read once more.
                        ended = child.waitFor(10, TimeUnit.MILLISECONDS);
                    }
                }
            } catch (IOException e) {
                lines.add("FAILED reading the child's output: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!partial.isEmpty()) {
                lines.add(partial.toString());
            }
            lines.add(END);
        }, "crashing-writer-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static void awaitReady(BlockingQueue<String> lines, Set<String> writers) throws InterruptedException {
        Set<String> ready = new TreeSet<>();
        long deadline = System.nanoTime() + READY_WAIT.toNanos();
        while (!ready.containsAll(writers)) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(line).as("the child's writers %s are ready within %s (ready: %s)", writers, READY_WAIT, ready)
                    .isNotNull();
            assertThat(line).doesNotStartWith("FAILED").isNotEqualTo(END);
            if (line.startsWith("READY ")) {
                ready.add(line.substring("READY ".length()));
            }
        }
    }

    /** Reads the rest of a killed child's output: no writer may have failed between "ready" and the kill. */
    private static void assertNoWriterFailed(BlockingQueue<String> lines, Path stderr) throws Exception {
        List<String> failures = new ArrayList<>();
        for (String line = lines.poll(1, TimeUnit.MINUTES); !END.equals(line); line = lines.poll(1, TimeUnit.MINUTES)) {
            assertThat(line).as("the child's output ends within a minute of its death").isNotNull();
            if (line.startsWith("FAILED")) {
                failures.add(line);
            }
        }
        assertThat(failures).as("writers that failed before the kill; the child's stderr:%n%s",
                Files.readString(stderr)).isEmpty();
    }

    private void verify(int run) throws Exception {
        LocalModelStore store = new LocalModelStore(root);
        // Models: every folder a listing can see is a whole version.
        for (String name : store.modelNames()) {
            try (Stream<Path> versions = Files.list(store.modelsDirectory().resolve(name))) {
                for (Path version : versions.filter(path -> !path.getFileName().toString().startsWith(".")).toList()) {
                    assertThat(version.resolve(ModelManifest.FILE_NAME)).as("run %d: %s has its descriptor", run, version)
                            .isRegularFile();
                }
            }
            for (StoredModel version : store.versions(name)) {
                assertThat(version.artifactPath()).as("run %d: artifact of %s", run, version.directory()).isRegularFile();
                if (name.equals(CrashingWriter.CHECKED_MODEL)) {
                    byte[] content = Files.readAllBytes(version.artifactPath());
                    assertThat(content).hasSize(CrashingWriter.ARTIFACT_SIZE);
                    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)))
                            .as("run %d: content of %s", run, version.directory())
                            .isEqualTo(version.manifest().metadata().get(CrashingWriter.SHA256));
                }
            }
        }
        assertThat(store.versions(CrashingWriter.CHECKED_MODEL)).as("run %d: some versions were saved", run).isNotEmpty();

        // Deployment records: each parses, and a new client brings back exactly those, serving.
        Set<String> recorded = new TreeSet<>();
        for (Path record : records(store.deploymentsDirectory())) {
            JsonNode node = Json.MAPPER.readTree(Files.readAllBytes(record));
            assertThat(node.path("model_uri").asText()).as("run %d: %s", run, record).isNotEmpty();
            recorded.add(node.path("name").asText());
        }
        assertThat(recorded).as("run %d", run).contains("steady");
        try (LocalDeploymentClient client = new LocalDeploymentClient(store, new LocalModelFinder(store, "check"),
                Fixtures.loader(), ServingSettings.defaults(), Clock.systemUTC())) {
            assertThat(client.listDeployments()).extracting(Deployment::name).containsExactlyElementsOf(recorded);
            assertThat(client.listDeployments()).extracting(Deployment::state).containsOnly(DeploymentState.READY);
        }

        // Job records: each parses, and a new trainer restores every one, none left queued or running.
        Path jobs = store.jobsDirectory().resolve("crash");
        List<Path> jobRecords = records(jobs);
        for (Path record : jobRecords) {
            JsonNode node = Json.MAPPER.readTree(Files.readAllBytes(record));
            assertThat(JobStatus.valueOf(node.path("status").asText())).as("run %d: %s", run, record).isNotNull();
        }
        assertThat(jobRecords).as("run %d: trainings were recorded", run).isNotEmpty();
        try (LocalModelTrainer trainer = new LocalModelTrainer("crash", store, Fixtures.loader(), 1, 1,
                Duration.ofDays(1), Clock.systemUTC())) {
            List<JobInfo> trainings = trainer.listTrainings();
            assertThat(trainings).as("run %d", run).hasSize(jobRecords.size());
            assertThat(trainings).allSatisfy(info -> {
                assertThat(info.status()).isIn(JobStatus.COMPLETED, JobStatus.ERRORED);
                if (info.status() == JobStatus.COMPLETED) {
                    assertThat(store.find("trained", java.util.Optional.of(info.details().get("version")))).isPresent();
                } else {
                    assertThat(info.errors()).singleElement()
                            .satisfies(error -> assertThat(error.message()).startsWith("interrupted by shutdown"));
                }
            });
        }
    }

    private static List<Path> records(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".json")
                    && !path.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }
}
