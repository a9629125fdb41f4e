package io.tango.plugin.mlflow;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.tango.api.ModelKey;
import io.tango.plugin.mlflow.client.MlflowConnection;
import io.tango.plugin.mlflow.client.MlflowCredentials;
import io.tango.plugin.mlflow.client.RetrySettings;
import io.tango.plugin.mlflow.registry.MlflowRegistryConnector;
import io.tango.plugin.mlflow.scoring.ScoringServerLauncher;
import io.tango.plugin.mlflow.testing.StubMlflowServer;
import io.tango.plugin.mlflow.testing.StubMlflowServer.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A token or password reaches the server's Authorization header and a child's environment, and nothing else. */
class CredentialsAreNeverPrintedTest {
    private static final String TOKEN = "tok-5ecr3t-9f1c";
    private static final String PASSWORD = "pw-5ecr3t-77aa";

    private final StubMlflowServer stub = new StubMlflowServer();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void capture() {
        logs.start();
        root.addAppender(logs);
        ((Logger) LoggerFactory.getLogger("io.tango.plugin.mlflow")).setLevel(Level.DEBUG);
    }

    @AfterEach
    void release() {
        root.detachAppender(logs);
        stub.close();
    }

    private List<String> printed(Throwable... errors) {
        List<String> texts = new ArrayList<>();
        for (ILoggingEvent event : logs.list) {
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
        for (MlflowCredentials credentials : List.of(new MlflowCredentials.Bearer(TOKEN), new MlflowCredentials.Basic("ada", PASSWORD))) {
            MlflowConnection connection = MlflowConnection.of(stub.uri()).withCredentials(credentials)
                    .withRetry(new RetrySettings(2, Duration.ofMillis(5), Duration.ofMillis(10)));
            MlflowRegistryConnector connector = new MlflowRegistryConnector(connection, 1000, "tango.explainer", "secret-test");
            errors.add(catchThrowable(() -> connector.nativeMetadata(ModelKey.of("models:/iris/1"))));
            assertThat(connection.toString()).doesNotContain(TOKEN, PASSWORD);
            assertThat(connector.toString()).doesNotContain(TOKEN, PASSWORD);
            assertThat(credentials.toString()).doesNotContain(TOKEN, PASSWORD);
        }

        assertThat(errors).allSatisfy(error -> assertThat(error).isNotNull());
        assertThat(logs.list).isNotEmpty();
        assertThat(printed(errors.toArray(Throwable[]::new))).allSatisfy(text -> assertThat(text).doesNotContain(TOKEN, PASSWORD));
        assertThat(stub.requests()).extracting(StubMlflowServer.Request::authorization)
                .contains("Bearer " + TOKEN);
    }

    @Test
    void aLauncherShowsOnlyTheNamesOfTheVariablesItPasses() {
        MlflowConnection connection = MlflowConnection.of(stub.uri()).withCredentials(new MlflowCredentials.Basic("ada", PASSWORD));

        ScoringServerLauncher launcher = new ScoringServerLauncher("mlflow",
                ScoringServerLauncher.trackingVariables(Optional.of(connection)), Duration.ofSeconds(1));

        assertThat(launcher.toString()).doesNotContain(PASSWORD)
                .contains("MLFLOW_TRACKING_URI", "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD");
        assertThat(ScoringServerLauncher.trackingVariables(Optional.of(connection)))
                .containsEntry("MLFLOW_TRACKING_PASSWORD", PASSWORD);
    }
}
