package io.tango.testkit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests {@link StandaloneCluster} on one real cluster (three JVMs from the {@code pyspark} install): it is ready with
 * its workers registered, and {@link StandaloneCluster#close()}, the last test, stops every process it started.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {

    @TempDir
    static Path workDir;

    private static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = StandaloneCluster.start(workDir);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void theMasterReportsTwoAliveWorkersOfOneCoreAndTheWorkerMemory() throws Exception {
        JsonNode state = masterState();

        assertThat(cluster.aliveWorkers()).isEqualTo(2);
        assertThat(state.path("url").asText()).isEqualTo(cluster.masterUrl());
        List<String> workers = new ArrayList<>();
        state.path("workers").forEach(worker -> workers.add(worker.path("state").asText() + " "
                + worker.path("cores").asInt() + " cores " + worker.path("memory").asInt() + " MB"));
        assertThat(workers).containsExactly("ALIVE 1 cores 512 MB", "ALIVE 1 cores 512 MB");
    }

    @Test
    @Order(2)
    void theDaemonsRunTheSparkOfThePysparkInstall() {
        assertThat(cluster.sparkHome().resolve("jars/spark-core_2.13-4.1.3.jar")).isRegularFile();
        assertThat(cluster.daemons()).hasSize(3).allSatisfy(daemon -> assertThat(classPath(daemon))
                .endsWith(":" + cluster.sparkHome().resolve("jars") + "/*"));
    }

    @Test
    @Order(3)
    void workDirectoriesAndLogsAreUnderTheGivenFolder() throws Exception {
        try (Stream<Path> logs = Files.list(workDir.resolve("logs"))) {
            assertThat(logs.map(log -> log.getFileName().toString().replaceAll("-\\d+\\.log$", "")).sorted())
                    .containsExactly("spark-master", "spark-worker1", "spark-worker2");
        }
        assertThat(workDir.resolve("worker1/work")).isDirectory();
        assertThat(workDir.resolve("worker2/work")).isDirectory();
    }

    @Test
    @Order(4)
    void closeStopsEveryProcessItStarted() {
        List<ProcessHandle> started = new ArrayList<>(cluster.daemons());
        cluster.daemons().forEach(daemon -> daemon.descendants().forEach(started::add));

        cluster.close();

        assertThat(started).hasSizeGreaterThanOrEqualTo(3).noneMatch(ProcessHandle::isAlive);
        cluster.close();
    }

    private static String classPath(ProcessHandle daemon) {
        List<String> arguments = List.of(daemon.info().arguments().orElseThrow());
        return arguments.get(arguments.indexOf("-cp") + 1);
    }

    private static JsonNode masterState() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(cluster.masterWebUi() + "/json/")).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body());
    }
}
