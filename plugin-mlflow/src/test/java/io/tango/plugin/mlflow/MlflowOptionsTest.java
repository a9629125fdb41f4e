package io.tango.plugin.mlflow;

import io.tango.api.InvalidConfigException;
import io.tango.plugin.mlflow.client.MlflowConnection;
import io.tango.toolkit.http.HttpAuth;
import io.tango.runtime.config.MapTangoConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MlflowOptionsTest {
    private static final String PATH = "model_management.registries.mlflow.config";

    private static MapTangoConfig config(Map<String, ?> values) {
        return MapTangoConfig.of(PATH, values, Set.of("tracking_token", "tracking_password"));
    }

    @Test
    void readsTheTrackingServerAndTokenFromTheEnvironment() {
        MlflowConnection connection = MlflowOptions.connection(config(Map.of("environment", Map.of(
                "MLFLOW_TRACKING_URI", "http://127.0.0.1:5000/", "MLFLOW_TRACKING_TOKEN", "env-token"))));

        assertThat(connection.trackingUri()).isEqualTo(URI.create("http://127.0.0.1:5000"));
        assertThat(connection.credentials()).isEqualTo(new HttpAuth.Bearer("env-token"));
    }

    @Test
    void letsConfigKeysOverrideTheEnvironment() {
        MlflowConnection connection = MlflowOptions.connection(config(Map.of(
                "tracking_uri", "http://127.0.0.1:6000",
                "tracking_username", "ada",
                "tracking_password", "config-password",
                "environment", Map.of("MLFLOW_TRACKING_URI", "http://127.0.0.1:5000",
                        "MLFLOW_TRACKING_USERNAME", "bob", "MLFLOW_TRACKING_PASSWORD", "env-password"))));

        assertThat(connection.trackingUri()).isEqualTo(URI.create("http://127.0.0.1:6000"));
        assertThat(connection.credentials()).isEqualTo(new HttpAuth.Basic("ada", "config-password"));
    }

    @Test
    void prefersATokenToAUserAndPassword() {
        HttpAuth credentials = MlflowOptions.credentials(config(Map.of("tracking_token", "t")), Map.of(
                "MLFLOW_TRACKING_USERNAME", "bob", "MLFLOW_TRACKING_PASSWORD", "p"));

        assertThat(credentials).isEqualTo(new HttpAuth.Bearer("t"));
    }

    @Test
    void readsTimeoutsAndRetries() {
        MlflowConnection connection = MlflowOptions.connection(config(Map.of("tracking_uri", "https://mlflow.example:443",
                "timeout", "5s", "max_retries", 1, "retry_delay", "50ms", "max_retry_delay", "1s")));

        assertThat(connection.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(connection.retry().maxRetries()).isEqualTo(1);
        assertThat(connection.retry().initialDelay()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void needsATrackingServer() {
        assertThatThrownBy(() -> MlflowOptions.connection(config(Map.of("environment", Map.of()))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid configuration: " + PATH + ".tracking_uri: no MLflow tracking server: set "
                        + "tracking_uri or the environment variable MLFLOW_TRACKING_URI");
    }

    @Test
    void refusesCredentialsInTheUrlWithoutShowingThem() {
        assertThatThrownBy(() -> MlflowOptions.connection(config(Map.of("tracking_uri", "http://ada:s3cret@127.0.0.1:5000"))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid configuration: " + PATH + ".tracking_uri: must not carry credentials; set "
                        + "tracking_username and tracking_password instead")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void needsAPasswordWithAUser() {
        assertThatThrownBy(() -> MlflowOptions.connection(config(Map.of("tracking_uri", "http://127.0.0.1:5000",
                "tracking_username", "ada", "environment", Map.of()))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid configuration: " + PATH + ".tracking_password: basic auth needs both "
                        + "tracking_username and tracking_password (or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD)");
    }

    @Test
    void refusesATrackingServerThatIsNotHttp() {
        assertThatThrownBy(() -> MlflowOptions.connection(config(Map.of("tracking_uri", "databricks"))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("Invalid configuration: " + PATH + ".tracking_uri: 'databricks' is not an http(s) URL of an "
                        + "MLflow tracking server");
    }
}
