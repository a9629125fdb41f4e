package io.tango.cli.it;

import io.tango.cli.it.Distribution.Run;
import io.tango.cli.testing.CredentialEchoServer;
import io.tango.testkit.fault.RefusingPort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/tango} of the real distribution, with its own {@code conf/logback.xml} at TRACE ({@code TANGO_LOG_LEVEL})
 * or with {@code -v}, configured with tokens and passwords for MLflow and Devo (in the file and in {@code TANGO__…}
 * overrides) against a server that refuses them and echoes them back: nothing it prints shows a secret, and each
 * command still fails with its one-line typed error.
 */
class SecretsIT {
    private static final String MLFLOW_TOKEN = "distMlflowToken3e5a";
    private static final String MLFLOW_OVERRIDE_PASSWORD = "distMlflowPassword8b1d";
    private static final String DEVO_TOKEN = "distDevoToken0c7f";
    private static final String DEVO_URL_PASSWORD = "distDevoUrlPassword6a24";
    private static final String[] SECRETS = {MLFLOW_TOKEN, MLFLOW_OVERRIDE_PASSWORD, DEVO_TOKEN, DEVO_URL_PASSWORD,
            java.util.Base64.getEncoder().encodeToString(("ada:" + MLFLOW_OVERRIDE_PASSWORD).getBytes())};

    @TempDir
    static Path userHome;

    private static CredentialEchoServer echo;
    private static Distribution distribution;
    private static Path config;
    /** Held for the whole class, so that no other process can take the port and answer on it. */
    private static RefusingPort refusing;
    private static int closedPort;

    @BeforeAll
    static void configure() throws Exception {
        echo = CredentialEchoServer.start();
        refusing = RefusingPort.open();
        closedPort = refusing.port();
        config = Files.writeString(userHome.resolve("tango.yaml"), """
                model_management:
                  finders:
                    default: {type: MLFLOW, config: {tracking_uri: "%1$s", tracking_token: %2$s, max_retries: 0}}
                    basic: {type: MLFLOW, config: {tracking_uri: "%1$s", tracking_username: ada, max_retries: 0}}
                    devo: {type: DEVO, config: {url: "%3$s/mlmodelmanager", token: %4$s, max_retries: 0}}
                  deployment_targets:
                    devo: {type: devo, config: {url: "http://127.0.0.1:%5$d/mlmodelmanager", token: %4$s, max_retries: 0}}
                """.formatted(echo.url(), MLFLOW_TOKEN, echo.url().replace("http://", "http://admin:" + DEVO_URL_PASSWORD + "@"),
                DEVO_TOKEN, closedPort));
        distribution = new Distribution(Distribution.built(userHome).home(), userHome, Map.of(
                "TANGO_LOG_LEVEL", "TRACE",
                "TANGO__MODEL_MANAGEMENT__FINDERS__BASIC__CONFIG__TRACKING_PASSWORD", MLFLOW_OVERRIDE_PASSWORD));
    }

    @AfterAll
    static void stop() {
        echo.close();
        refusing.close();
    }

    private static void assertShowsNoSecret(Run run) {
        assertThat(run.out()).doesNotContain(SECRETS);
        assertThat(run.err()).doesNotContain(SECRETS);
    }

    @Test
    void aRefusedTokenIsNeitherLoggedNorPrintedAtTrace() {
        Run run = distribution.run("--config", config.toString(), "models", "find", "models:/iris/1");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).as("debug lines of the MLflow plugin").contains(" DEBUG ")
                .endsWith("error: MLflow at " + echo.url() + " answered HTTP 401 UNAUTHENTICATED: rejected credentials:"
                        + " Authorization=Bearer ****, standAloneToken=null (GET /api/2.0/mlflow/model-versions/get)\n");
        assertThat(echo.received()).contains("Bearer " + MLFLOW_TOKEN + " null");
        assertShowsNoSecret(run);
    }

    @Test
    void aPasswordFromAnEnvironmentOverrideIsNeitherLoggedNorPrintedWithStackTraces() {
        Run run = distribution.run("-v", "--config", config.toString(), "models", "find", "models:/iris/1", "--finder", "basic");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("error: MLflow at " + echo.url() + " answered HTTP 401 UNAUTHENTICATED: rejected"
                + " credentials: Authorization=Basic ****, standAloneToken=null (GET /api/2.0/mlflow/model-versions/get)\n")
                .contains("\tat io.tango.");
        assertShowsNoSecret(run);
    }

    @Test
    void aDevoTokenAndAPasswordInItsUrlAreNeitherLoggedNorPrinted() {
        Run find = distribution.run("-v", "--config", config.toString(), "models", "find", "devo://devo/churn", "--finder", "devo");
        Run list = distribution.run("--config", config.toString(), "deployments", "list", "-t", "devo");

        assertThat(find.exitCode()).as(find.toString()).isEqualTo(1);
        assertThat(find.err()).contains("error: Devo ML Model Manager at " + echo.url() + "/mlmodelmanager answered HTTP 401 12:"
                + " rejected null / ****\n");
        assertThat(list.exitCode()).as(list.toString()).isEqualTo(1);
        assertThat(list.err()).endsWith("error: Devo ML Model Manager at http://127.0.0.1:" + closedPort + "/mlmodelmanager failed:"
                + " cannot GET http://127.0.0.1:" + closedPort + "/mlmodelmanager/models: java.net.ConnectException\n");
        assertThat(echo.received()).contains("null " + DEVO_TOKEN);
        assertShowsNoSecret(find);
        assertShowsNoSecret(list);
    }

    /** The override of the environment names a finder 'basic' the file lacks: a second problem, its value unshown. */
    @Test
    void configCheckOfATypoNextToASecretShowsOnlyThePath() throws Exception {
        Path typo = Files.writeString(userHome.resolve("typo.yaml"), """
                model_management:
                  finders:
                    default: {type: MLFLOW, config: {tracking_uri: "%s", tracking_tokn: %s}}
                """.formatted(echo.url(), MLFLOW_TOKEN));

        Run run = distribution.run("-v", "config", "check", "--create", typo.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
        assertThat(run.out()).startsWith(typo + ": 2 problems\n  - model_management.finders.default.config.tracking_tokn:"
                + " unknown key. Did you mean 'tracking_token'?")
                .endsWith("\n  - model_management.finders.basic.type: is required. Available finder types: DEEPAAS, DEVO, LOCAL,"
                        + " MLFLOW, MULTI, OIP\n");
        assertShowsNoSecret(run);
    }
}
