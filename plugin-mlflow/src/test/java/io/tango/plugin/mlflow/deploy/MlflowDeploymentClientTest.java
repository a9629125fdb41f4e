package io.tango.plugin.mlflow.deploy;

import io.tango.api.DeploymentNotFoundException;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelNotFoundException;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.api.deploy.Deployment;
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.deploy.DeploymentState;
import io.tango.plugin.mlflow.client.MlflowConnection;
import io.tango.plugin.mlflow.scoring.MlflowScoringServerProxy;
import io.tango.plugin.mlflow.scoring.ProcessStat;
import io.tango.plugin.mlflow.scoring.ScoringInputFormat;
import io.tango.plugin.mlflow.scoring.ScoringServerProcess;
import io.tango.plugin.mlflow.testing.MlflowServerExtension;
import io.tango.plugin.mlflow.testing.MlflowTestServer;
import io.tango.testkit.contract.DeploymentClientContractTest;
import io.tango.testkit.python.FreePorts;
import io.tango.toolkit.http.HttpAuth;
import io.tango.toolkit.http.RetrySettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(MlflowServerExtension.class)
class MlflowDeploymentClientTest extends DeploymentClientContractTest {
    private static final TangoRequest ROWS = TangoRequest.of(Map.of(
            "sepal_length", List.of(5.1, 6.7),
            "sepal_width", List.of(3.5, 3.0),
            "petal_length", List.of(1.4, 5.2),
            "petal_width", List.of(0.2, 2.3)));

    private static MlflowTestServer server;
    private static MlflowDeploymentClient client;

    @BeforeAll
    static void start(MlflowTestServer mlflow) {
        server = mlflow;
        client = newClient(mlflow.newFolder("deployments"));
    }

    private static MlflowDeploymentClient newClient(java.nio.file.Path stateDir) {
        return newClient(stateDir, true);
    }

    private static MlflowDeploymentClient newClient(java.nio.file.Path stateDir, boolean stopOnClose) {
        return new MlflowDeploymentClient(new DeploymentSettings(server.mlflowCommand().toString(), stateDir, "local", 1,
                Duration.ofMinutes(3), Duration.ofSeconds(5), Duration.ofSeconds(30), ScoringInputFormat.AUTO,
                stopOnClose, Optional.of(MlflowConnection.of(server.trackingUri()))));
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Override
    protected DeploymentClient client() {
        return client;
    }

    @Override
    protected String modelUri() {
        return "models:/iris-sklearn/1";
    }

    @Override
    protected String otherModelUri() {
        return "models:/iris-sklearn/2";
    }

    @Override
    protected TangoRequest request() {
        return ROWS;
    }

    @Override
    protected Optional<TangoResponse> expectedPrediction(TangoRequest request) {
        return Optional.of(TangoResponse.of(Map.of("predictions", List.of(0, 2))));
    }

    @Test
    void deploysPredictsUpdatesPredictsReportsADeadServerAndDeletesTwice() {
        java.nio.file.Path stateDir = server.newFolder("lifecycle");
        MlflowDeploymentClient first = newClient(stateDir);
        Deployment created = first.createDeployment("lifecycle", "models:/iris-sklearn@champion", Optional.empty(), Map.of());
        assertThat(created.state()).isEqualTo(DeploymentState.READY);
        assertThat(created.modelUri()).isEqualTo("models:/iris-sklearn@champion");
        URI firstUrl = created.url().orElseThrow();
        long firstPid = Long.parseLong(created.details().get("pid"));
        assertThat(first.predict("lifecycle", ROWS).outputs()).containsExactly(Map.entry("predictions", List.of(0, 2)));

        Deployment updated = first.updateDeployment("lifecycle", Optional.of("models:/iris-sklearn/2"),
                Optional.empty(), Map.of("input_format", "dataframe_records"));

        assertThat(updated.state()).isEqualTo(DeploymentState.READY);
        assertThat(updated.modelUri()).isEqualTo("models:/iris-sklearn/2");
        assertThat(updated.url()).isPresent().get().isNotEqualTo(firstUrl);
        assertThat(updated.details()).containsEntry("input_format", "dataframe_records")
                .containsEntry("created", created.details().get("created"));
        assertThat(ProcessHandle.of(firstPid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(first.predict("lifecycle", ROWS).outputs()).containsExactly(Map.entry("predictions", List.of(0, 2)));

        // The server dies behind the client's back: its record says so, also to a new client.
        ScoringServerProcess.stopTree(ProcessHandle.of(Long.parseLong(updated.details().get("pid"))).orElseThrow(),
                Duration.ofSeconds(10));
        try (MlflowDeploymentClient second = newClient(stateDir)) {
            Deployment dead = second.getDeployment("lifecycle");
            String notRunning = "its scoring server (pid " + updated.details().get("pid") + ") is not running; its log is "
                    + updated.details().get("log_file");
            assertThat(dead.state()).isEqualTo(DeploymentState.STOPPED);
            assertThat(dead.url()).isEmpty();
            assertThat(dead.details()).containsEntry("error", notRunning + "; update the deployment to start a new one");
            assertThat(second.listDeployments()).extracting(Deployment::name, Deployment::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("lifecycle", DeploymentState.STOPPED));
            assertThatThrownBy(() -> second.predict("lifecycle", ROWS))
                    .isInstanceOf(RemoteServiceException.class)
                    .hasMessage("deployment 'lifecycle' on target 'mlflow' failed: it does not serve (state STOPPED: "
                            + notRunning + "); update it to start its scoring server again");

            second.deleteDeployment("lifecycle", Map.of());
            second.deleteDeployment("lifecycle", Map.of());

            assertThatThrownBy(() -> second.getDeployment("lifecycle"))
                    .isInstanceOf(DeploymentNotFoundException.class)
                    .hasMessage("deployment 'lifecycle' does not exist on target 'mlflow'");
            assertThat(second.listDeployments()).isEmpty();
        } finally {
            first.close();
        }
    }

    @Test
    void withoutStopOnCloseAServerLeadsItsOwnProcessGroupOutlivesItsClientAndIsStoppedByDeleteFromAnother() {
        java.nio.file.Path stateDir = server.newFolder("detached");
        Deployment created;
        try (MlflowDeploymentClient first = newClient(stateDir, false)) {
            created = first.createDeployment("detached", "models:/iris-sklearn/1", Optional.empty(), Map.of());
        }
        long pid = Long.parseLong(created.details().get("pid"));
        try (MlflowDeploymentClient second = newClient(stateDir, false)) {
            try {
                assertThat(created.details()).containsEntry("process_group", Long.toString(pid));
                assertThat(ProcessStat.of(pid)).get().extracting(ProcessStat::processGroup, ProcessStat::session)
                        .containsExactly(pid, pid);
                assertThat(second.getDeployment("detached").state()).isEqualTo(DeploymentState.READY);
                assertThat(second.predict("detached", ROWS).outputs()).containsExactly(Map.entry("predictions", List.of(0, 2)));
            } finally {
                second.deleteDeployment("detached", Map.of());
            }

            assertThat(ProcessStat.group(pid)).isEmpty();
            assertThatThrownBy(() -> second.getDeployment("detached")).isInstanceOf(DeploymentNotFoundException.class);
        }
    }

    @Test
    void stopsAServerThatCannotLoadItsModelAndShowsItsLog() {
        long start = System.nanoTime();

        assertThatThrownBy(() -> client.createDeployment("broken", "models:/no-such-model/1", Optional.empty(), Map.of()))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageStartingWith("the MLflow scoring server for deployment 'broken' (model models:/no-such-model/1) "
                        + "exited with code 1 before answering /ping. Last lines of its log ")
                .hasMessageContaining("RESOURCE_DOES_NOT_EXIST: Registered Model with name=no-such-model not found");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(90));
        assertThatThrownBy(() -> client.getDeployment("broken")).isInstanceOf(DeploymentNotFoundException.class);
    }

    @Test
    void runsLocallyInTheForegroundUntilInterrupted() throws Exception {
        int port = FreePorts.find();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                client.runLocal("local", "models:/iris-sklearn/1", Optional.empty(), Map.of("port", Integer.toString(port)));
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "run-local");
        runner.start();
        try {
            MlflowScoringServerProxy proxy = new MlflowScoringServerProxy(URI.create("http://127.0.0.1:" + port),
                    HttpAuth.none(), Duration.ofSeconds(2), Duration.ofSeconds(2), RetrySettings.NONE);
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!proxy.ping() && runner.isAlive() && System.nanoTime() < deadline) {
                runner.join(200); // waits on the runner: returns at once if run-local ends
            }
            assertThat(proxy.ping()).as("run-local serves (failure: %s)", failure.get()).isTrue();
            assertThat(client.listDeployments()).extracting(Deployment::name).doesNotContain("local");

            runner.interrupt();
            runner.join(Duration.ofSeconds(30).toMillis());

            assertThat(runner.isAlive()).isFalse();
            assertThat(failure.get()).isNull();
            assertThat(proxy.ping()).isFalse();
        } finally {
            runner.interrupt();
        }
    }

    @Test
    void cannotExplain() {
        assertThatThrownBy(() -> client.explain("any", ROWS))
                .isInstanceOf(UnsupportedTangoOperationException.class)
                .hasMessage("deployment target 'mlflow' does not support explain: an MLflow scoring server only "
                        + "predicts; load the model with TANGO and ask its explainer()");
    }

    @Test
    void rejectsAnUnknownConfigKey() {
        assertThatThrownBy(() -> client.createDeployment("odd", "models:/iris-sklearn/1", Optional.empty(), Map.of("replicas", "2")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("unknown deployment config key 'replicas' for target 'mlflow'; known keys: "
                        + "[env_manager, input_format, port, workers]");
    }

    @Test
    void rejectsAFlavorItCannotServe() {
        assertThatThrownBy(() -> client.createDeployment("odd", "models:/iris-onnx/1", Optional.of("onnx"), Map.of()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("flavor 'onnx' cannot be served by target 'mlflow': an MLflow scoring server serves the "
                        + "python_function flavor only");
    }

    @Test
    void rejectsAFlavorWithoutAModelOnUpdate() {
        assertThatThrownBy(() -> client.updateDeployment("any", Optional.empty(), Optional.of("python_function"), Map.of()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("a flavor needs a model URI: give model_uri together with flavor 'python_function'");
    }

    @Test
    void explainsTheTargetInItsHelp() {
        assertThat(client.targetHelp())
                .contains("mlflow models serve -m <model-uri> --env-manager local -h 127.0.0.1 -p <port>")
                .contains("update starts the new server before stopping the old one")
                .contains("delete is idempotent")
                .contains("explain is not supported")
                .contains("mlflow_command");
    }
}
