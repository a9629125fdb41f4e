package io.tango.plugin.mlflow.scoring;

import io.tango.api.Blob;
import io.tango.api.ModelServerProxy;
import io.tango.api.RemoteServiceException;
import io.tango.api.RequestType;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.plugin.mlflow.testing.MlflowServerExtension;
import io.tango.plugin.mlflow.testing.MlflowTestServer;
import io.tango.testkit.contract.ModelServerProxyContractTest;
import io.tango.testkit.fault.RefusingPort;
import io.tango.toolkit.http.HttpAuth;
import io.tango.toolkit.http.RetrySettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(MlflowServerExtension.class)
class MlflowScoringServerProxyTest extends ModelServerProxyContractTest {
    private static MlflowTestServer server;
    private static MlflowScoringServerProxy proxy;

    @BeforeAll
    static void connect(MlflowTestServer mlflow) {
        server = mlflow;
        proxy = new MlflowScoringServerProxy(mlflow.scoringServer("models:/iris-sklearn/1"), HttpAuth.none(),
                Duration.ofSeconds(5), Duration.ofSeconds(30), RetrySettings.NONE);
    }

    @Override
    protected ModelServerProxy proxy() {
        return proxy;
    }

    @Override
    protected Blob predictPayload() {
        return Blob.ofUtf8("application/json", """
                {"dataframe_split": {"columns": ["sepal_length", "sepal_width", "petal_length", "petal_width"],
                 "data": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}}""");
    }

    @Override
    protected Optional<Blob> expectedAnswer(Blob payload) {
        return Optional.of(Blob.ofUtf8("application/json", "{\"predictions\": [0, 2]}"));
    }

    @Override
    protected Blob malformedPayload() {
        return Blob.ofUtf8("application/json", "{\"no_such_format\": [1, 2]}");
    }

    @Test
    void predictsFromAJsonBody() {
        Blob answer = proxy.invoke(RequestType.PREDICT, predictPayload());

        assertThat(answer.asUtf8()).isEqualTo("{\"predictions\": [0, 2]}");
        assertThat(answer.contentType()).startsWith("application/json");
    }

    @Test
    void predictsFromACsvBody() {
        Blob csv = Blob.ofUtf8("text/csv", "sepal_length,sepal_width,petal_length,petal_width\n6.7,3.0,5.2,2.3\n");

        assertThat(proxy.invoke(RequestType.PREDICT, csv).asUtf8()).isEqualTo("{\"predictions\": [2]}");
    }

    @Test
    void reportsMlflowsErrorCodeOfARejectedBody() {
        assertThatThrownBy(() -> proxy.invoke(RequestType.PREDICT, malformedPayload()))
                .isInstanceOf(RemoteServiceException.class)
                .satisfies(error -> {
                    RemoteServiceException remote = (RemoteServiceException) error;
                    assertThat(remote.httpStatus()).hasValue(400);
                    assertThat(remote.remoteCode()).contains("BAD_REQUEST");
                    assertThat(remote.service()).isEqualTo("MLflow scoring server at " + proxy.serverUrl());
                })
                .hasMessageContaining("The input must be a JSON dictionary with exactly one of the input fields");
    }

    @Test
    void pingsAServerWhoseModelIsLoaded() {
        assertThat(proxy.ping()).isTrue();
    }

    @Test
    void pingsNothingWhereNoServerListens() {
        try (RefusingPort refusing = RefusingPort.open()) {
            MlflowScoringServerProxy nowhere = new MlflowScoringServerProxy(refusing.url(""), HttpAuth.none(),
                    Duration.ofSeconds(2), Duration.ofSeconds(2), RetrySettings.NONE);

            assertThat(nowhere.ping()).isFalse();
        }
    }

    @Test
    void answersMetadataWithTheServersMlflowVersion() {
        Blob answer = proxy.invoke(RequestType.METADATA, Blob.ofUtf8("text/plain", ""));

        assertThat(answer.asUtf8()).isEqualTo(server.manifest().path("mlflow_version").asText());
        assertThat(proxy.version()).isEqualTo(server.manifest().path("mlflow_version").asText());
    }

    @Test
    void cannotExplain() {
        assertThatThrownBy(() -> proxy.invoke(RequestType.EXPLAIN, predictPayload()))
                .isInstanceOf(UnsupportedTangoOperationException.class)
                .hasMessage("MLflow scoring server at " + proxy.serverUrl() + " cannot explain: an MLflow scoring "
                        + "server only predicts (an explainer is a model of its own; see ExplainableTangoModel.explainer)");
    }

    @Test
    void reportsAnUnreachableServerAsRetriable() {
        try (RefusingPort refusing = RefusingPort.open()) {
            MlflowScoringServerProxy nowhere = new MlflowScoringServerProxy(refusing.url(""), HttpAuth.none(),
                    Duration.ofSeconds(2), Duration.ofSeconds(2), RetrySettings.NONE);

            assertThatThrownBy(() -> nowhere.invoke(RequestType.PREDICT, predictPayload()))
                    .isInstanceOf(RemoteServiceException.class)
                    .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isTrue())
                    .hasMessageStartingWith("MLflow scoring server at " + nowhere.serverUrl()
                            + " failed: cannot reach it for POST /invocations: ConnectException");
        }
    }
}
