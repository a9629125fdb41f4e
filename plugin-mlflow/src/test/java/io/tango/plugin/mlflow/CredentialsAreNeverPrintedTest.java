package io.tango.plugin.mlflow;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import io.tango.api.ModelKey;
import io.tango.plugin.mlflow.client.MlflowConnection;
import io.tango.toolkit.http.HttpAuth;
import io.tango.toolkit.http.RetrySettings;
import io.tango.plugin.mlflow.registry.MlflowRegistryConnector;
import io.tango.plugin.mlflow.scoring.ScoringServerLauncher;
import io.tango.plugin.mlflow.testing.StubMlflowServer;
import io.tango.plugin.mlflow.testing.StubMlflowServer.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.tango.api.Blob;
import io.tango.api.ModelDescriptor;
import io.tango.api.RequestType;
import io.tango.api.TangoRequest;
import io.tango.toolkit.http.HttpTransport;
import io.tango.plugin.mlflow.client.MlflowTrackingClient;
import io.tango.plugin.mlflow.deploy.DeploymentSettings;
import io.tango.plugin.mlflow.scoring.MlflowScoringInitializer;
import io.tango.plugin.mlflow.scoring.MlflowScoringModel;
import io.tango.plugin.mlflow.scoring.MlflowScoringServerProxy;
import io.tango.plugin.mlflow.scoring.ScoringInputFormat;
import io.tango.runtime.config.MapTangoConfig;
import io.tango.testkit.logging.CapturedLogs;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A token or password reaches the server's Authorization header and a child's environment, and nothing else: not the
 * logs (captured at TRACE), not an error message or its causes, not the {@code toString()} of any settings or component
 * object, even when the server echoes the secret back in an error answer.
 */
class CredentialsAreNeverPrintedTest {
    private static final String TOKEN = "tok-5ecr3t-9f1c";
    private static final String PASSWORD = "pw-5ecr3t-77aa";

    private final StubMlflowServer stub = new StubMlflowServer();
    private CapturedLogs logs;

    @BeforeEach
    void capture() {
        logs = CapturedLogs.atTrace();
    }

    @AfterEach
    void release() {
        logs.close();
        stub.close();
    }

    private List<String> printed(Throwable... errors) {
        List<String> texts = new ArrayList<>();
        for (ILoggingEvent event : logs.events()) {
            texts.add(event.getFormattedMessage());
            IThrowableProxy proxy = event.getThrowableProxy();
            if (proxy != null) {
                texts.add(ThrowableProxyUtil.asString(proxy));
            }
        }
        for (Throwable error : errors) {
            for (Throwable cause = error; cause != null; cause = cause.getCause()) {
                texts.add(String.valueOf(cause.getMessage()));
                texts.add(cause.toString());
            }
        }
        return texts;
    }

    @Test
    void neitherATokenNorAPasswordIsLoggedOrInAnError() {
        stub.answer("/api/2.0/mlflow/model-versions/get",
                Answer.json(503, "{\"error_code\": \"TEMPORARILY_UNAVAILABLE\", \"message\": \"busy\"}"),
                Answer.json(404, "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"Model Version (name=iris, version=1) not found\"}"));
        List<Throwable> errors = new ArrayList<>();
        for (HttpAuth credentials : List.of(new HttpAuth.Bearer(TOKEN), new HttpAuth.Basic("ada", PASSWORD))) {
            MlflowConnection connection = MlflowConnection.of(stub.uri()).withCredentials(credentials)
                    .withRetry(new RetrySettings(2, Duration.ofMillis(5), Duration.ofMillis(10)));
            MlflowRegistryConnector connector = new MlflowRegistryConnector(connection, 1000, "tango.explainer", "secret-test");
            errors.add(catchThrowable(() -> connector.nativeMetadata(ModelKey.of("models:/iris/1"))));
            assertThat(connection.toString()).doesNotContain(TOKEN, PASSWORD);
            assertThat(connector.toString()).doesNotContain(TOKEN, PASSWORD);
            assertThat(credentials.toString()).doesNotContain(TOKEN, PASSWORD);
        }

        assertThat(errors).allSatisfy(error -> assertThat(error).isNotNull());
        assertThat(logs.events()).isNotEmpty();
        assertThat(printed(errors.toArray(Throwable[]::new))).allSatisfy(text -> assertThat(text).doesNotContain(TOKEN, PASSWORD));
        assertThat(stub.requests()).extracting(StubMlflowServer.Request::authorization)
                .contains("Bearer " + TOKEN);
    }

    @Test
    void aLauncherShowsOnlyTheNamesOfTheVariablesItPasses() {
        MlflowConnection connection = MlflowConnection.of(stub.uri()).withCredentials(new HttpAuth.Basic("ada", PASSWORD));

        ScoringServerLauncher launcher = new ScoringServerLauncher("mlflow",
                ScoringServerLauncher.trackingVariables(Optional.of(connection)), Duration.ofSeconds(1));

        assertThat(launcher.toString()).doesNotContain(PASSWORD)
                .contains("MLFLOW_TRACKING_URI", "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD");
        assertThat(ScoringServerLauncher.trackingVariables(Optional.of(connection)))
                .containsEntry("MLFLOW_TRACKING_PASSWORD", PASSWORD);
    }

    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString(("ada:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final String GET_VERSION = "/api/2.0/mlflow/model-versions/get";

    private MlflowTrackingClient client(HttpAuth credentials) {
        return new MlflowTrackingClient(MlflowConnection.of(stub.uri()).withCredentials(credentials)
                .withRetry(new RetrySettings(1, Duration.ofMillis(5), Duration.ofMillis(10))));
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 500})
    void aTokenEchoedBackInAnErrorAnswerIsMasked(int status) {
        stub.answer(GET_VERSION, Answer.json(status, "{\"error_code\": \"UNAUTHENTICATED\", \"message\": \"token "
                + TOKEN + " (header 'Bearer " + TOKEN + "') is not valid\"}"));

        Throwable error;
        try (MlflowTrackingClient client = client(new HttpAuth.Bearer(TOKEN))) {
            error = catchThrowable(() -> client.modelVersion("iris", "1"));
        }

        assertThat(error).hasMessage("MLflow at " + stub.uri() + " answered HTTP " + status
                + " UNAUTHENTICATED: token **** (header 'Bearer ****') is not valid (GET " + GET_VERSION + ")");
        assertThat(printed(error)).allSatisfy(text -> assertThat(text).doesNotContain(TOKEN));
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 500})
    void aPasswordOrBasicHeaderEchoedBackAsPlainTextIsMasked(int status) {
        stub.answer(GET_VERSION, Answer.json(status, "bad credentials ada:" + PASSWORD + " in " + BASIC));

        Throwable error;
        try (MlflowTrackingClient client = client(new HttpAuth.Basic("ada", PASSWORD))) {
            error = catchThrowable(() -> client.modelVersion("iris", "1"));
        }

        assertThat(error).hasMessage("MLflow at " + stub.uri() + " answered HTTP " + status
                + ": bad credentials ada:**** in Basic **** (GET " + GET_VERSION + ")");
        String encoded = BASIC.substring("Basic ".length());
        assertThat(printed(error)).allSatisfy(text -> assertThat(text).doesNotContain(PASSWORD, encoded));
    }

    @Test
    void aSecretEchoedInAnAnswerThatIsNotJsonIsMasked() {
        stub.answer(GET_VERSION, Answer.json(200, "<html>welcome back, " + TOKEN + "</html>"));

        Throwable error;
        try (MlflowTrackingClient client = client(new HttpAuth.Bearer(TOKEN))) {
            error = catchThrowable(() -> client.modelVersion("iris", "1"));
        }

        assertThat(error).hasMessage("MLflow at " + stub.uri() + " answered HTTP 200: the answer to GET " + GET_VERSION
                + " is not JSON (application/json, " + (27 + TOKEN.length()) + " bytes): <html>welcome back, ****</html>");
        assertThat(printed(error)).allSatisfy(text -> assertThat(text).doesNotContain(TOKEN));
    }

    @Test
    void aScoringServerEchoingItsTokenNeverGetsItPrinted() {
        stub.answer("/invocations", Answer.json(401, "{\"message\": \"no access for " + TOKEN + "\"}"));
        List<Throwable> errors = new ArrayList<>();
        try (MlflowScoringServerProxy proxy = new MlflowScoringServerProxy(stub.uri(),
                new HttpAuth.Bearer(TOKEN), Duration.ofSeconds(5), Duration.ofSeconds(5), RetrySettings.NONE)) {
            errors.add(catchThrowable(() -> proxy.invoke(RequestType.PREDICT, Blob.ofUtf8("application/json", "{}"))));
            stub.answer("/invocations", Answer.json(200, "not json: " + TOKEN));
            ModelDescriptor descriptor = ModelDescriptor.builder(ModelKey.of("mlflow+" + stub.uri()), "echo",
                    MlflowScoringInitializer.FORMAT).endpoint(stub.uri()).build();
            MlflowScoringModel model = new MlflowScoringModel(descriptor, proxy, ScoringInputFormat.AUTO,
                    Optional.empty(), "none", List.of());
            errors.add(catchThrowable(() -> model.predict(TangoRequest.of(Map.of("x", List.of(1.0))))));
            assertThat(model.toString()).doesNotContain(TOKEN);
            assertThat(proxy.toString()).doesNotContain(TOKEN);
        }

        assertThat(errors.get(0)).hasMessage("MLflow scoring server at " + stub.uri()
                + " answered HTTP 401: no access for **** (POST /invocations)");
        assertThat(errors.get(1)).hasMessage("MLflow scoring server at " + stub.uri()
                + " answered HTTP 200: the answer to POST /invocations is not JSON (application/json, "
                + (10 + TOKEN.length()) + " bytes, line 1, column 1)");
        assertThat(printed(errors.toArray(Throwable[]::new))).allSatisfy(text -> assertThat(text).doesNotContain(TOKEN));
    }

    @Test
    void noSettingsOrComponentObjectShowsASecretInItsToString(@TempDir Path folder) {
        Map<String, Object> tracking = Map.of(
                "tracking_uri", stub.uri().toString(),
                "tracking_token", TOKEN,
                "environment", Map.of("MLFLOW_TRACKING_USERNAME", "ada", "MLFLOW_TRACKING_PASSWORD", PASSWORD,
                        "MLFLOW_TRACKING_TOKEN", TOKEN));
        Map<String, Object> basic = Map.of(
                "tracking_uri", stub.uri().toString(),
                "tracking_username", "ada",
                "tracking_password", PASSWORD,
                "environment", Map.of());
        Set<String> secretKeys = Set.of("tracking_token", "tracking_password", "server_token");
        List<Object> objects = new ArrayList<>();
        for (Map<String, Object> values : List.of(tracking, basic)) {
            MapTangoConfig config = MapTangoConfig.of("model_management.x.mlflow.config", values, secretKeys);
            MlflowConnection connection = MlflowOptions.connection(config);
            objects.add(connection);
            objects.add(connection.credentials());
            objects.add(connection.openTransport());
            objects.add(new MlflowTrackingClient(connection));
            objects.add(new DeploymentSettings("mlflow", folder, "local", 1, Duration.ofSeconds(1),
                    Duration.ofSeconds(1), Duration.ofSeconds(1), ScoringInputFormat.AUTO, false, Optional.of(connection)));
            objects.add(new MlflowRegistryConnectorFactory().create(config, "mlflow"));
            objects.add(new MlflowModelFinderFactory().create(MapTangoConfig.of("model_management.finders.mlflow.config",
                    merge(values, Map.of("cache_dir", folder.toString())), secretKeys), "mlflow"));
            objects.add(new MlflowScoringInitializerFactory().create(MapTangoConfig.of(
                    "model_management.initializers.mlflow.config",
                    merge(values, Map.of("serve_models", true, "log_dir", folder.toString())), secretKeys), "mlflow"));
            objects.add(new MlflowDeploymentClientFactory().create(MapTangoConfig.of(
                    "model_management.deployment_targets.mlflow.config",
                    merge(values, Map.of("state_dir", folder.toString(), "stop_on_close", false)), secretKeys), "mlflow"));
            objects.add(new ScoringServerLauncher("mlflow", ScoringServerLauncher.trackingVariables(Optional.of(connection)),
                    Duration.ofSeconds(1)));
        }
        objects.add(new MlflowScoringServerProxyFactory().create(MapTangoConfig.of("model_management.model_servers.x.config",
                Map.of("server_url", stub.uri().toString(), "server_token", TOKEN), secretKeys), "x"));

        assertThat(objects).hasSize(21).allSatisfy(object -> assertThat(object.toString())
                .as("%s", object.getClass().getSimpleName()).doesNotContain(TOKEN, PASSWORD));
        assertThat(printed()).allSatisfy(text -> assertThat(text).doesNotContain(TOKEN, PASSWORD));
        for (Object object : objects) {
            if (object instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    private static Map<String, Object> merge(Map<String, Object> first, Map<String, Object> second) {
        Map<String, Object> merged = new java.util.LinkedHashMap<>(first);
        merged.putAll(second);
        return merged;
    }
}
