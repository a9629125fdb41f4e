package io.tango.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.cli.Json;
import io.tango.cli.it.Distribution.Run;
import io.tango.testkit.python.ListeningProcess;
import io.tango.testkit.python.ManagedProcess;
import io.tango.testkit.python.MlflowTrackingServer;
import io.tango.testkit.python.ProcessResult;
import io.tango.testkit.python.PythonEnvironment;
import io.tango.testkit.python.PythonRequirements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deployments on target {@code mlflow} through the real {@code bin/tango} and its shipped configuration, each command
 * a process of its own, against a real {@code mlflow server} (the testkit's pinned MLflow environment, first on
 * {@code PATH}, so the target's default {@code mlflow_command} is its {@code mlflow}): a created deployment's
 * {@code mlflow models serve} outlives the command that created it, in a process group of its own, until deleted.
 *
 * <p>Every scoring server a test leaves behind, failed or not, is stopped after it through the records in the
 * target's state folder ({@code ~/.cache/tango/mlflow-deployments}, below the test's user home).
 */
class MlflowDeploymentsIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path userHome;

    private static ManagedProcess mlflowServer;
    private static Distribution distribution;
    private static Path request;

    @BeforeAll
    static void startMlflowAndRegisterWine() throws IOException {
        PythonEnvironment python = PythonEnvironment.ensure("mlflow", PythonRequirements.MLFLOW);
        Path work = Files.createDirectories(userHome.resolve("mlflow"));
        ListeningProcess listening = MlflowTrackingServer.start(python, work);
        mlflowServer = listening.process();
        String trackingUri = listening.url().toString();
        Path script = work.resolve("register_wine.py");
        try (InputStream resource = MlflowDeploymentsIT.class.getResourceAsStream("/fixtures/register_wine.py")) {
            Files.copy(resource, script);
        }
        request = work.resolve("request.json");
        ProcessResult registered = python.run(List.of(script.toString(), trackingUri, request.toString()),
                Map.of("MLFLOW_TRACKING_URI", trackingUri), Duration.ofMinutes(5));
        assertThat(registered.succeeded()).as(registered.output()).isTrue();
        distribution = new Distribution(Distribution.built(userHome).home(), userHome, Map.of(
                "PATH", python.bin("mlflow").getParent() + java.io.File.pathSeparator + System.getenv("PATH"),
                "MLFLOW_TRACKING_URI", trackingUri));
    }

    @AfterEach
    void stopEveryRecordedServer() throws IOException {
        Path records = userHome.resolve(".cache/tango/mlflow-deployments/deployments");
        if (!Files.isDirectory(records)) {
            return;
        }
        try (Stream<Path> files = Files.list(records)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".json")).toList()) {
                long pid = Json.mapper().readTree(file.toFile()).get("pid").asLong();
                processGroup(pid).forEach(ProcessHandle::destroyForcibly);
                ProcessHandle.of(pid).ifPresent(handle -> {
                    handle.descendants().forEach(ProcessHandle::destroyForcibly);
                    handle.destroyForcibly();
                });
                Files.delete(file);
            }
        }
    }

    @AfterAll
    static void stopMlflow() {
        if (mlflowServer != null) {
            mlflowServer.close();
        }
    }

    @Test
    void aCreatedDeploymentServesLaterCommandsUntilDeletedWhichStopsItsProcessGroup() throws Exception {
        Run create = distribution.run("deployments", "create", "-t", "mlflow", "--name", "wine", "-m", "models:/wine/1");
        JsonNode created = json(distribution.run("deployments", "get", "-t", "mlflow", "--name", "wine", "--format", "json"));
        Run predicted = distribution.run("deployments", "predict", "-t", "mlflow", "--name", "wine", "-I", request.toString());
        Run list = distribution.run("deployments", "list", "-t", "mlflow");

        assertThat(create.exitCode()).as(create.toString()).isZero();
        assertThat(create.out()).contains("\nstate:         READY\n");
        assertThat(created.get("state").asText()).isEqualTo("READY");
        long firstPid = created.at("/details/pid").asLong();
        URI firstUrl = URI.create(created.get("url").asText());
        assertThat(created.at("/details/process_group").asLong()).isEqualTo(firstPid);
        assertThat(Path.of(created.at("/details/log_file").asText())).exists();
        assertThat(predicted.exitCode()).as(predicted.toString()).isZero();
        assertThat(Json.mapper().readTree(predicted.out())).isEqualTo(Json.mapper().readTree("{\"predictions\": [0, 2]}"));
        assertThat(list.out()).containsPattern("wine +READY +models:/wine/1 +- +" + firstUrl + "\n");

        Run update = distribution.run("deployments", "update", "-t", "mlflow", "--name", "wine", "-m", "models:/wine/2");
        JsonNode updated = json(distribution.run("deployments", "get", "-t", "mlflow", "--name", "wine", "--format", "json"));
        Run predictedAgain = distribution.run("deployments", "predict", "-t", "mlflow", "--name", "wine", "-I", request.toString());

        assertThat(update.exitCode()).as(update.toString()).isZero();
        assertThat(updated.get("state").asText()).isEqualTo("READY");
        assertThat(updated.get("model_uri").asText()).isEqualTo("models:/wine/2");
        long secondPid = updated.at("/details/pid").asLong();
        assertThat(secondPid).isNotEqualTo(firstPid);
        assertThat(processGroup(firstPid)).isEmpty();
        assertThat(answers(firstUrl)).isFalse();
        assertThat(Json.mapper().readTree(predictedAgain.out())).isEqualTo(Json.mapper().readTree("{\"predictions\": [0, 2]}"));

        Run delete = distribution.run("deployments", "delete", "-t", "mlflow", "--name", "wine");
        Run gone = distribution.run("deployments", "get", "-t", "mlflow", "--name", "wine");

        assertThat(delete.exitCode()).as(delete.toString()).isZero();
        assertThat(delete.out()).isEqualTo("Deployment wine is deleted\n");
        assertThat(processGroup(secondPid)).isEmpty();
        assertThat(answers(URI.create(updated.get("url").asText()))).isFalse();
        assertThat(gone.exitCode()).as(gone.toString()).isEqualTo(3);
    }

    @Test
    void aDeploymentWhoseServerDiedIsStoppedAndNamesItsLog() throws Exception {
        Run create = distribution.run("deployments", "create", "-t", "mlflow", "--name", "dies", "-m", "models:/wine/1");
        assertThat(create.exitCode()).as(create.toString()).isZero();
        JsonNode created = json(distribution.run("deployments", "get", "-t", "mlflow", "--name", "dies", "--format", "json"));
        long pid = created.at("/details/pid").asLong();
        String log = created.at("/details/log_file").asText();
        processGroup(pid).forEach(ProcessHandle::destroyForcibly);
        ProcessHandle.of(pid).ifPresent(handle -> handle.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join());

        JsonNode dead = json(distribution.run("deployments", "get", "-t", "mlflow", "--name", "dies", "--format", "json"));
        Run predicted = distribution.run("deployments", "predict", "-t", "mlflow", "--name", "dies", "-I", request.toString());

        assertThat(dead.get("state").asText()).isEqualTo("STOPPED");
        assertThat(dead.at("/details/error").asText()).isEqualTo("its scoring server (pid " + pid
                + ") is not running; its log is " + log + "; update the deployment to start a new one");
        assertThat(predicted.exitCode()).as(predicted.toString()).isEqualTo(1);
        assertThat(predicted.err()).isEqualTo("error: deployment 'dies' on target 'mlflow' failed: it does not serve "
                + "(state STOPPED: its scoring server (pid " + pid + ") is not running; its log is " + log
                + "); update it to start its scoring server again\n");
    }

    private static JsonNode json(Run run) throws IOException {
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return Json.mapper().readTree(run.out());
    }

    /** @return the live processes whose process group is {@code groupId}, read from {@code /proc} */
    private static List<ProcessHandle> processGroup(long groupId) {
        return ProcessHandle.allProcesses()
                .filter(handle -> processGroupOf(handle.pid()) == groupId)
                .toList();
    }

    private static long processGroupOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return fields[0].equals("Z") ? -1 : Long.parseLong(fields[2]);
        } catch (IOException | UncheckedIOException e) {
            return -1; // the process is gone
        }
    }

    private static boolean answers(URI url) throws InterruptedException {
        try {
            HTTP.send(HttpRequest.newBuilder(URI.create(url + "/ping")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return true; // something still listens there
        }
    }
}
