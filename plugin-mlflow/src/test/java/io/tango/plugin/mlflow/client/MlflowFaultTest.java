package io.tango.plugin.mlflow.client;

import io.tango.toolkit.http.HttpTransport;

import io.tango.toolkit.http.RetrySettings;

import io.tango.toolkit.http.HttpAuth;

import dev.failsafe.RetryPolicyConfig;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoRequest;
import io.tango.api.deploy.DeploymentState;
import io.tango.plugin.mlflow.deploy.DeploymentSettings;
import io.tango.plugin.mlflow.deploy.MlflowDeploymentClient;
import io.tango.plugin.mlflow.finder.MlflowModelFinder;
import io.tango.plugin.mlflow.registry.MlflowRegistryConnector;
import io.tango.plugin.mlflow.scoring.MlflowScoringInitializer;
import io.tango.plugin.mlflow.scoring.MlflowScoringModel;
import io.tango.plugin.mlflow.scoring.MlflowScoringServerProxy;
import io.tango.plugin.mlflow.scoring.ScoringInputFormat;
import io.tango.api.Blob;
import io.tango.api.RequestType;
import io.tango.testkit.fault.Fault;
import io.tango.testkit.fault.FaultyHttpServer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The plugin's HTTP code against a server that misbehaves at the socket level, through every component that talks to
 * MLflow: each call ends within its timeout with its answer or a typed error saying what happened; reads are retried
 * with jittered exponential backoff (waiting at least a 429's {@code Retry-After}), writes and predictions are sent
 * exactly once.
 */
class MlflowFaultTest {
    private static final String GET_MODEL = "/api/2.0/mlflow/registered-models/get";
    private static final String GET_VERSION = "/api/2.0/mlflow/model-versions/get";
    private static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts";
    private static final String IRIS = "{\"registered_model\": {\"name\": \"iris\"}}";
    private static final String PREDICTIONS = "{\"predictions\": [0, 2]}";
    /** Short delays, so the retries of a test add up to a few tens of milliseconds. */
    private static final RetrySettings FAST_RETRIES = new RetrySettings(3, Duration.ofMillis(20), Duration.ofMillis(80));
    /** What a slow, shared machine may add to a call's timeout before the call has returned. */
    private static final Duration SLACK = Duration.ofSeconds(5);

    private static FaultyHttpServer server;
    private static String tracking;
    private static String scoring;

    @TempDir
    Path folder;

    @BeforeAll
    static void start() throws IOException {
        server = FaultyHttpServer.start(Fault.json(IRIS));
        tracking = "MLflow at " + server.uri();
        scoring = "MLflow scoring server at " + server.uri();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void answerProperlyByDefault() {
        server.fallback(Fault.json(IRIS));
    }

    private static MlflowConnection connection(Duration timeout) {
        return new MlflowConnection(server.uri(), HttpAuth.none(), Duration.ofSeconds(2), timeout, timeout,
                FAST_RETRIES);
    }

    private static MlflowTrackingClient tracking(Duration timeout) {
        return new MlflowTrackingClient(connection(timeout));
    }

    private static MlflowScoringServerProxy proxy(Duration timeout) {
        return new MlflowScoringServerProxy(server.uri(), HttpAuth.none(), Duration.ofSeconds(2), timeout,
                FAST_RETRIES);
    }

    private static Blob iris() {
        return Blob.ofUtf8("application/json",
                "{\"dataframe_split\": {\"columns\": [\"x\"], \"data\": [[5.1], [6.7]]}}");
    }

    /** Runs a call that must fail, and checks that it ended within its timeout (and some slack). */
    private static Throwable failureWithin(Duration timeout, ThrowingCallable call) {
        long start = System.nanoTime();
        Throwable failure = catchThrowable(call);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("the call took %d ms", millis).isLessThanOrEqualTo(timeout.plus(SLACK).toMillis());
        assertThat(failure).as("the call failed").isNotNull();
        return failure;
    }

    private List<String> requestsSince(int before) {
        return server.requestLines().subList(before, server.requestCount());
    }

    // Reads: retried on 5xx, 429 and broken connections, never past the timeout.

    @Test
    void retriesAReadThroughABurstOfServerErrors() {
        int before = server.requestCount();
        server.enqueue(Fault.serverError(), Fault.json(502, "<html>Bad Gateway</html>"),
                Fault.json(500, "{\"error_code\":\"INTERNAL_ERROR\",\"message\":\"boom\"}"));
        try (MlflowTrackingClient client = tracking(Duration.ofSeconds(5))) {
            assertThat(client.registeredModel("iris").path("name").asText()).isEqualTo("iris");
        }
        assertThat(server.requestCount() - before).isEqualTo(4);
    }

    @Test
    void givesUpAfterItsRetriesWithTheLastServerErrorAsATypedRetriableError() {
        int before = server.requestCount();
        server.fallback(Fault.serverError());
        try (MlflowTrackingClient client = tracking(Duration.ofSeconds(5))) {
            assertThat(failureWithin(Duration.ofSeconds(5), () -> client.registeredModel("iris")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(tracking + " answered HTTP 503 TEMPORARILY_UNAVAILABLE: try again (GET " + GET_MODEL + ")")
                    .satisfies(error -> {
                        RemoteServiceException remote = (RemoteServiceException) error;
                        assertThat(remote.isRetriable()).isTrue();
                        assertThat(remote.httpStatus()).hasValue(503);
                        assertThat(remote.remoteCode()).contains("TEMPORARILY_UNAVAILABLE");
                    });
        }
        assertThat(server.requestCount() - before).isEqualTo(4);
    }

    @Test
    void waitsAtLeastTheRetryAfterOfA429() {
        int before = server.requestCount();
        server.enqueue(Fault.tooManyRequests(1));
        long start = System.nanoTime();
        try (MlflowTrackingClient client = tracking(Duration.ofSeconds(10))) {
            assertThat(client.registeredModel("iris").path("name").asText()).isEqualTo("iris");
        }
        // A lower bound only: the backoff (20 ms) would have retried much sooner.
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1000);
        assertThat(server.requestCount() - before).isEqualTo(2);
    }

    @Test
    void reportsA429AtOnceWhenItsRetryAfterIsPastTheTimeout() {
        int before = server.requestCount();
        server.enqueue(Fault.tooManyRequests(30));
        Duration timeout = Duration.ofSeconds(2);
        try (MlflowTrackingClient client = tracking(timeout)) {
            assertThat(failureWithin(timeout, () -> client.registeredModel("iris")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(tracking + " answered HTTP 429 REQUEST_LIMIT_EXCEEDED: slow down (GET " + GET_MODEL + ")")
                    .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isTrue());
        }
        assertThat(server.requestCount() - before).isEqualTo(1);
    }

    @Test
    void retriesAReadWhoseConnectionClosedMidAnswerOrWasReset() {
        int before = server.requestCount();
        server.enqueue(Fault.closeMidResponse(), Fault.reset());
        try (MlflowTrackingClient client = tracking(Duration.ofSeconds(5))) {
            assertThat(client.registeredModel("iris").path("name").asText()).isEqualTo("iris");
        }
        assertThat(server.requestCount() - before).isEqualTo(3);
    }

    @Test
    void reportsABrokenConnectionAfterItsRetriesAsATypedRetriableError() {
        int before = server.requestCount();
        server.fallback(Fault.closeMidResponse());
        try (MlflowTrackingClient client = tracking(Duration.ofSeconds(5))) {
            assertThat(failureWithin(Duration.ofSeconds(5), () -> client.registeredModel("iris")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessageStartingWith(tracking + " failed: cannot reach it for GET " + GET_MODEL + ": ")
                    .hasMessageEndingWith(" (after 4 attempts)")
                    .hasRootCauseInstanceOf(IOException.class)
                    .satisfies(error -> {
                        RemoteServiceException remote = (RemoteServiceException) error;
                        assertThat(remote.isRetriable()).isTrue();
                        assertThat(remote.httpStatus()).isEmpty();
                    });
        }
        assertThat(server.requestCount() - before).isEqualTo(4);
    }

    @Test
    void endsAReadToAServerThatNeverAnswersWithinItsTimeout() {
        int before = server.requestCount();
        server.enqueue(Fault.neverAnswer());
        Duration timeout = Duration.ofMillis(600);
        try (MlflowTrackingClient client = tracking(timeout)) {
            assertThat(failureWithin(timeout, () -> client.registeredModel("iris")))
                    .isExactlyInstanceOf(OperationTimeoutException.class)
                    .hasMessage(tracking + " did not answer GET " + GET_MODEL + " within 600ms")
                    .satisfies(error -> assertThat(((OperationTimeoutException) error).timeout()).isEqualTo(timeout));
        }
        assertThat(server.requestCount() - before).isEqualTo(1);
    }

    @Test
    void endsAReadWhoseAnswerDripsInWithinItsTimeout() {
        // Headers in a fraction of a second, the body in several: only a timeout covering the body ends it.
        String body = "{\"registered_model\": {\"name\": \"iris\", \"description\": \"" + "x".repeat(2000) + "\"}}";
        server.enqueue(Fault.slowDrip(Fault.json(body), Duration.ofMillis(2)));
        Duration timeout = Duration.ofSeconds(1);
        try (MlflowTrackingClient client = tracking(timeout)) {
            assertThat(failureWithin(timeout, () -> client.registeredModel("iris")))
                    .isExactlyInstanceOf(OperationTimeoutException.class)
                    .hasMessage(tracking + " did not answer GET " + GET_MODEL + " within 1s");
        }
    }

    @Test
    void endsRetriesAtTheTimeoutSayingWhatTheLastAttemptGot() {
        server.fallback(Fault.serverError());
        Duration timeout = Duration.ofMillis(700);
        MlflowConnection slowRetries = connection(timeout)
                .withRetry(new RetrySettings(10, Duration.ofMillis(200), Duration.ofMillis(400)));
        try (MlflowTrackingClient client = new MlflowTrackingClient(slowRetries)) {
            assertThat(failureWithin(timeout, () -> client.registeredModel("iris")))
                    .isExactlyInstanceOf(OperationTimeoutException.class)
                    .hasMessageStartingWith(tracking + " did not answer GET " + GET_MODEL + " within 700ms (")
                    .hasMessageEndingWith(" attempts; the last before the timeout: HTTP 503)");
        }
    }

    @Test
    void rejectsTruncatedJsonWithoutRetrying() {
        int before = server.requestCount();
        server.enqueue(Fault.truncatedJson());
        try (MlflowTrackingClient client = tracking(Duration.ofSeconds(5))) {
            assertThat(failureWithin(Duration.ofSeconds(5), () -> client.registeredModel("iris")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(tracking + " answered HTTP 200: the answer to GET " + GET_MODEL
                            + " is not JSON (application/json, 27 bytes): {\"predictions\": [1.0, 2.0,")
                    .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isFalse());
        }
        assertThat(server.requestCount() - before).isEqualTo(1);
    }

    @Test
    void rejectsInvalidJson() {
        server.enqueue(Fault.json("{\"registered_model\": nope}"));
        try (MlflowTrackingClient client = tracking(Duration.ofSeconds(5))) {
            assertThat(failureWithin(Duration.ofSeconds(5), () -> client.registeredModel("iris")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(tracking + " answered HTTP 200: the answer to GET " + GET_MODEL
                            + " is not JSON (application/json, 26 bytes): {\"registered_model\": nope}");
        }
    }

    @Test
    void rejectsAnHtmlPageWhereJsonWasExpected() {
        server.enqueue(Fault.wrongContentType());
        try (MlflowTrackingClient client = tracking(Duration.ofSeconds(5))) {
            assertThat(failureWithin(Duration.ofSeconds(5), () -> client.registeredModel("iris")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(tracking + " answered HTTP 200: the answer to GET " + GET_MODEL
                            + " is not JSON (text/html, 43 bytes): <html><body>Welcome to nginx!</body></html>");
        }
    }

    @Test
    void aReadIsRetriedWithJitteredExponentialBackoffBoundedByItsTimeout() {
        Duration timeout = Duration.ofSeconds(3);
        try (HttpTransport http = connection(timeout).openTransport()) {
            RetryPolicyConfig<?> read = http.retryPolicy("GET /x", true, timeout, System.nanoTime()).getConfig();
            assertThat(read.getMaxRetries()).isEqualTo(3);
            assertThat(read.getDelay()).isEqualTo(Duration.ofMillis(20));
            assertThat(read.getMaxDelay()).isEqualTo(Duration.ofMillis(80));
            assertThat(read.getDelayFactor()).isEqualTo(2.0);
            assertThat(read.getJitterFactor()).isEqualTo(HttpTransport.JITTER).isEqualTo(0.2);
            assertThat(read.getMaxDuration()).isEqualTo(timeout);

            RetryPolicyConfig<?> write = http.retryPolicy("POST /x", false, timeout, System.nanoTime()).getConfig();
            assertThat(write.getMaxRetries()).isZero();
        }
    }

    // Writes and predictions: sent exactly once, whatever happens.

    @Test
    void neverRetriesCreatingARegisteredModel() {
        int before = server.requestCount();
        server.enqueue(Fault.serverError());
        try (HttpTransport http = connection(Duration.ofSeconds(5)).openTransport()) {
            assertThat(failureWithin(Duration.ofSeconds(5), () -> http.sendJson("POST",
                    "/api/2.0/mlflow/registered-models/create", Map.of("name", "iris"), false, Duration.ofSeconds(5))))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(tracking + " answered HTTP 503 TEMPORARILY_UNAVAILABLE: try again"
                            + " (POST /api/2.0/mlflow/registered-models/create)");
        }
        assertThat(requestsSince(before)).containsExactly("POST /api/2.0/mlflow/registered-models/create HTTP/1.1");
    }

    @Test
    void neverRetriesCreatingAModelVersionWhoseAnswerBrokeOff() {
        int before = server.requestCount();
        server.enqueue(Fault.closeMidResponse());
        try (HttpTransport http = connection(Duration.ofSeconds(5)).openTransport()) {
            assertThat(failureWithin(Duration.ofSeconds(5), () -> http.sendJson("POST",
                    "/api/2.0/mlflow/model-versions/create", Map.of("name", "iris", "source", "s3://x"), false,
                    Duration.ofSeconds(5))))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessageStartingWith(tracking + " failed: cannot reach it for POST"
                            + " /api/2.0/mlflow/model-versions/create: ")
                    .hasMessageNotContaining("attempts");
        }
        assertThat(requestsSince(before)).containsExactly("POST /api/2.0/mlflow/model-versions/create HTTP/1.1");
    }

    @Test
    void neverRetriesAPredictionOnAServerError() {
        int before = server.requestCount();
        server.enqueue(Fault.serverError());
        try (MlflowScoringServerProxy proxy = proxy(Duration.ofSeconds(5))) {
            assertThat(failureWithin(Duration.ofSeconds(5), () -> proxy.invoke(RequestType.PREDICT, iris())))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(scoring + " answered HTTP 503 TEMPORARILY_UNAVAILABLE: try again (POST /invocations)");
        }
        assertThat(requestsSince(before)).containsExactly("POST /invocations HTTP/1.1");
    }

    @Test
    void neverRetriesAPredictionWhoseAnswerBrokeOffOrWasReset() {
        int before = server.requestCount();
        server.enqueue(Fault.closeMidResponse(), Fault.reset());
        try (MlflowScoringServerProxy proxy = proxy(Duration.ofSeconds(5))) {
            for (int i = 0; i < 2; i++) {
                assertThat(failureWithin(Duration.ofSeconds(5), () -> proxy.invoke(RequestType.PREDICT, iris())))
                        .isExactlyInstanceOf(RemoteServiceException.class)
                        .hasMessageStartingWith(scoring + " failed: cannot reach it for POST /invocations: ")
                        .hasMessageNotContaining("attempts");
            }
        }
        assertThat(requestsSince(before)).containsExactly("POST /invocations HTTP/1.1", "POST /invocations HTTP/1.1");
    }

    @Test
    void endsAPredictionThatIsNeverAnsweredWithinItsTimeout() {
        int before = server.requestCount();
        server.enqueue(Fault.neverAnswer());
        Duration timeout = Duration.ofMillis(600);
        try (MlflowScoringServerProxy proxy = proxy(timeout)) {
            assertThat(failureWithin(timeout, () -> proxy.invoke(RequestType.PREDICT, iris())))
                    .isExactlyInstanceOf(OperationTimeoutException.class)
                    .hasMessage(scoring + " did not answer POST /invocations within 600ms");
        }
        assertThat(requestsSince(before)).containsExactly("POST /invocations HTTP/1.1");
    }

    @Test
    void endsAPredictionWhoseAnswerDripsInWithinItsTimeout() {
        String body = "{\"predictions\": [" + "0, ".repeat(700) + "2]}";
        server.enqueue(Fault.slowDrip(Fault.json(body), Duration.ofMillis(2)));
        Duration timeout = Duration.ofSeconds(1);
        try (MlflowScoringServerProxy proxy = proxy(timeout)) {
            assertThat(failureWithin(timeout, () -> proxy.invoke(RequestType.PREDICT, iris())))
                    .isExactlyInstanceOf(OperationTimeoutException.class)
                    .hasMessage(scoring + " did not answer POST /invocations within 1s");
        }
    }

    @Test
    void aModelRejectsAnHtmlPageWhereItsPredictionsWereExpected() {
        server.enqueue(Fault.wrongContentType());
        ModelDescriptor descriptor = ModelDescriptor.builder(ModelKey.of("mlflow+" + server.uri()), "faulty",
                MlflowScoringInitializer.FORMAT).endpoint(server.uri()).build();
        try (MlflowScoringModel model = new MlflowScoringModel(descriptor, proxy(Duration.ofSeconds(5)),
                ScoringInputFormat.AUTO, Optional.empty(), "none", List.of())) {
            assertThat(failureWithin(Duration.ofSeconds(5),
                    () -> model.predict(TangoRequest.of(Map.of("x", List.of(5.1, 6.7))))))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(scoring + " answered HTTP 200: the answer to POST /invocations is not JSON"
                            + " (text/html, 43 bytes, line 1, column 1)");
        }
    }

    @Test
    void retriesAVersionQueryOfAScoringServerAfterA429() {
        int before = server.requestCount();
        server.enqueue(Fault.tooManyRequests(0), Fault.answer(200, "text/plain", "3.1.0\n"));
        try (MlflowScoringServerProxy proxy = proxy(Duration.ofSeconds(5))) {
            assertThat(proxy.version()).isEqualTo("3.1.0");
        }
        assertThat(requestsSince(before)).containsExactly("GET /version HTTP/1.1", "GET /version HTTP/1.1");
    }

    // The registry connector, the finder and the artifact downloader, over the same client.

    @Test
    void theRegistryConnectorEndsWithinItsTimeoutWhenTheServerNeverAnswers() {
        server.enqueue(Fault.neverAnswer());
        Duration timeout = Duration.ofMillis(600);
        try (MlflowRegistryConnector connector = new MlflowRegistryConnector(connection(timeout), 1 << 20,
                "tango.explainer", "faulty")) {
            assertThat(failureWithin(timeout, () -> connector.nativeMetadata(ModelKey.of("models:/iris/1"))))
                    .isExactlyInstanceOf(OperationTimeoutException.class)
                    .hasMessage(tracking + " did not answer GET " + GET_VERSION + " within 600ms");
        }
    }

    @Test
    void theRegistryConnectorReportsAMissingVersionAfterRetryingAServerError() {
        int before = server.requestCount();
        server.enqueue(Fault.serverError(), Fault.json(404,
                "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"Model Version (name=iris, version=9) not found\"}"));
        try (MlflowRegistryConnector connector = new MlflowRegistryConnector(connection(Duration.ofSeconds(5)), 1 << 20,
                "tango.explainer", "faulty")) {
            assertThat(failureWithin(Duration.ofSeconds(5), () -> connector.nativeMetadata(ModelKey.of("models:/iris/9"))))
                    .isExactlyInstanceOf(ModelNotFoundException.class)
                    .hasMessage(tracking + ": Model Version (name=iris, version=9) not found");
        }
        assertThat(server.requestCount() - before).isEqualTo(2);
    }

    @Test
    void theFinderReportsABurstOfServerErrorsLongerThanItsRetries() {
        int before = server.requestCount();
        server.fallback(Fault.json(502, "<html>Bad Gateway</html>"));
        try (MlflowModelFinder finder = new MlflowModelFinder(connection(Duration.ofSeconds(5)), folder, 1 << 20,
                Optional.empty(), "faulty")) {
            assertThat(failureWithin(Duration.ofSeconds(5), () -> finder.find(ModelKey.of("models:/iris@champion"))))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(tracking + " answered HTTP 502: <html>Bad Gateway</html>"
                            + " (GET /api/2.0/mlflow/registered-models/alias)");
        }
        assertThat(server.requestCount() - before).isEqualTo(4);
    }

    @Test
    void endsAnArtifactDownloadThatDripsInWithinItsTimeoutAndLeavesNothing() throws IOException {
        Duration timeout = Duration.ofSeconds(1);
        server.enqueue(Fault.json("{\"files\": [{\"path\": \"model.bin\", \"is_dir\": false, \"file_size\": 3000}]}"),
                Fault.slowDrip(Fault.answer(200, "application/octet-stream", "b".repeat(3000)), Duration.ofMillis(2)));
        try (MlflowTrackingClient client = tracking(timeout)) {
            ArtifactDownloader downloader = new ArtifactDownloader(client, 1 << 20);
            assertThat(failureWithin(timeout.multipliedBy(2), () -> downloader.downloadFolder("m", folder.resolve("model"))))
                    .isExactlyInstanceOf(OperationTimeoutException.class)
                    .hasMessage(tracking + " did not answer GET " + ARTIFACTS + "/m/model.bin within 1s");
        }
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void retriesAnArtifactWhoseConnectionBrokeOffAndWritesItWhole() throws IOException {
        int before = server.requestCount();
        server.enqueue(Fault.json("{\"files\": [{\"path\": \"model.bin\", \"is_dir\": false, \"file_size\": 10}]}"),
                Fault.closeMidResponse(), Fault.serverError(), Fault.answer(200, "application/octet-stream", "0123456789"));
        Path model;
        try (MlflowTrackingClient client = tracking(Duration.ofSeconds(5))) {
            model = new ArtifactDownloader(client, 1 << 20).downloadFolder("m", folder.resolve("model"));
        }
        assertThat(Files.readString(model.resolve("model.bin"), StandardCharsets.UTF_8)).isEqualTo("0123456789");
        assertThat(requestsSince(before)).containsExactly("GET " + ARTIFACTS + "?path=m HTTP/1.1",
                "GET " + ARTIFACTS + "/m/model.bin HTTP/1.1", "GET " + ARTIFACTS + "/m/model.bin HTTP/1.1",
                "GET " + ARTIFACTS + "/m/model.bin HTTP/1.1");
    }

    // The deployment client: its ping and its predictions go through the same proxy.

    private MlflowDeploymentClient deployments() throws IOException {
        Path records = Files.createDirectories(folder.resolve("state").resolve("deployments"));
        // A deployment whose "server process" is this JVM (alive), listening where the faulty server is.
        Files.writeString(records.resolve("faulty.json"), """
                {"name": "faulty", "model_uri": "models:/iris/1", "flavor": null, "port": %d, "pid": %d,
                 "process_start": 0, "log_file": "%s", "env_manager": "local", "workers": 1,
                 "input_format": "auto", "created": "2026-01-01T00:00:00Z", "updated": "2026-01-01T00:00:00Z"}
                """.formatted(server.uri().getPort(), ProcessHandle.current().pid(), folder.resolve("faulty.log")));
        return new MlflowDeploymentClient(new DeploymentSettings("mlflow", folder.resolve("state"), "local", 1,
                Duration.ofSeconds(10), Duration.ofMillis(600), Duration.ofSeconds(2), ScoringInputFormat.AUTO, false,
                Optional.empty()));
    }

    @Test
    void aDeploymentWhoseServerNeverAnswersItsPingIsPendingWithinTheConnectTimeout() throws IOException {
        server.enqueue(Fault.neverAnswer());
        try (MlflowDeploymentClient client = deployments()) {
            long start = System.nanoTime();
            assertThat(client.getDeployment("faulty").state()).isEqualTo(DeploymentState.PENDING);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThanOrEqualTo(Duration.ofMillis(600).plus(SLACK).toMillis());
        }
    }

    @Test
    void aDeploymentPredictionIsSentOnceAndItsServerErrorTyped() throws IOException {
        int before = server.requestCount();
        server.enqueue(Fault.answer(200, "text/plain", "\n"), Fault.serverError());
        try (MlflowDeploymentClient client = deployments()) {
            assertThat(failureWithin(Duration.ofSeconds(2).plus(Duration.ofMillis(600)),
                    () -> client.predict("faulty", TangoRequest.of(Map.of("x", List.of(5.1, 6.7))))))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage("MLflow scoring server at http://127.0.0.1:" + server.uri().getPort()
                            + " answered HTTP 503 TEMPORARILY_UNAVAILABLE: try again (POST /invocations)");
        }
        assertThat(requestsSince(before)).containsExactly("GET /ping HTTP/1.1", "POST /invocations HTTP/1.1");
    }

    @Test
    void aDeploymentPredictionSucceedsOnAProperAnswer() throws IOException {
        server.enqueue(Fault.answer(200, "text/plain", "\n"), Fault.json(PREDICTIONS));
        try (MlflowDeploymentClient client = deployments()) {
            assertThat(client.predict("faulty", TangoRequest.of(Map.of("x", List.of(5.1, 6.7)))).outputs())
                    .containsEntry("predictions", List.of(0, 2));
        }
    }
}
