package io.tango.plugin.mlflow.client;

import io.tango.toolkit.http.HttpTransport;

import io.tango.toolkit.http.RetrySettings;

import io.tango.toolkit.http.HttpAuth;

import io.tango.api.ModelAlreadyExistsException;
import io.tango.api.ModelNotFoundException;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.plugin.mlflow.testing.StubMlflowServer;
import io.tango.plugin.mlflow.testing.StubMlflowServer.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retries, timeouts, authentication and error codes, against a scripted server (a real one cannot fail on cue). */
class MlflowHttpTest {
    private static final String GET_MODEL = "/api/2.0/mlflow/registered-models/get";
    private static final RetrySettings FAST_RETRIES = new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(50));

    private final StubMlflowServer stub = new StubMlflowServer();

    @AfterEach
    void stop() {
        stub.close();
    }

    private MlflowTrackingClient client(HttpAuth credentials, RetrySettings retry) {
        return new MlflowTrackingClient(MlflowConnection.of(stub.uri()).withCredentials(credentials).withRetry(retry));
    }

    @Test
    void retriesAReadOn5xxAnd429UntilItSucceeds() {
        stub.answer(GET_MODEL,
                Answer.json(503, "{\"error_code\": \"TEMPORARILY_UNAVAILABLE\", \"message\": \"busy\"}"),
                Answer.json(429, "{\"error_code\": \"REQUEST_LIMIT_EXCEEDED\", \"message\": \"slow down\"}"),
                Answer.json(200, "{\"registered_model\": {\"name\": \"iris\"}}"));

        assertThat(client(HttpAuth.none(), FAST_RETRIES).registeredModel("iris").path("name").asText()).isEqualTo("iris");
        assertThat(stub.requests()).hasSize(3);
    }

    @Test
    void givesUpAfterTheLastRetryWithARetriableError() {
        stub.answer(GET_MODEL, Answer.json(500, "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"boom\"}"));

        assertThatThrownBy(() -> client(HttpAuth.none(), FAST_RETRIES).registeredModel("iris"))
                .isInstanceOf(RemoteServiceException.class)
                .hasMessage("MLflow at " + stub.uri() + " answered HTTP 500 INTERNAL_ERROR: boom (GET " + GET_MODEL + ")")
                .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isTrue());
        assertThat(stub.requests()).hasSize(4);
    }

    @Test
    void neverRetriesAClientError() {
        stub.answer(GET_MODEL, Answer.json(400, "{\"error_code\": \"INVALID_PARAMETER_VALUE\", \"message\": \"bad name\"}"));

        assertThatThrownBy(() -> client(HttpAuth.none(), FAST_RETRIES).registeredModel("iris"))
                .isInstanceOf(RemoteServiceException.class)
                .satisfies(error -> {
                    RemoteServiceException remote = (RemoteServiceException) error;
                    assertThat(remote.remoteCode()).contains("INVALID_PARAMETER_VALUE");
                    assertThat(remote.httpStatus()).hasValue(400);
                    assertThat(remote.isRetriable()).isFalse();
                });
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void neverRetriesAWrite() {
        stub.answer("/api/2.0/mlflow/registered-models/create",
                Answer.json(503, "{\"error_code\": \"TEMPORARILY_UNAVAILABLE\", \"message\": \"busy\"}"));
        HttpTransport http = MlflowConnection.of(stub.uri()).withRetry(FAST_RETRIES).openTransport();

        assertThatThrownBy(() -> http.sendJson("POST", "/api/2.0/mlflow/registered-models/create", Map.of("name", "x"),
                false, Duration.ofSeconds(5))).isInstanceOf(RemoteServiceException.class);
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void mapsResourceAlreadyExistsToModelAlreadyExists() {
        stub.answer(GET_MODEL, Answer.json(400,
                "{\"error_code\": \"RESOURCE_ALREADY_EXISTS\", \"message\": \"Registered Model (name=iris) already exists.\"}"));

        assertThatThrownBy(() -> client(HttpAuth.none(), RetrySettings.NONE).registeredModel("iris"))
                .isInstanceOf(ModelAlreadyExistsException.class)
                .hasMessage("MLflow at " + stub.uri() + ": Registered Model (name=iris) already exists.");
    }

    @Test
    void mapsResourceDoesNotExistToModelNotFound() {
        stub.answer(GET_MODEL, Answer.json(404,
                "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"Registered Model with name=iris not found\"}"));

        assertThatThrownBy(() -> client(HttpAuth.none(), RetrySettings.NONE).registeredModel("iris"))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessage("MLflow at " + stub.uri() + ": Registered Model with name=iris not found");
    }

    @Test
    void reportsAnAnswerThatIsNotJsonWithItsText() {
        stub.answer(GET_MODEL, Answer.json(403, "Invalid Host header - possible DNS rebinding attack detected"));

        assertThatThrownBy(() -> client(HttpAuth.none(), RetrySettings.NONE).registeredModel("iris"))
                .isInstanceOf(RemoteServiceException.class)
                .hasMessage("MLflow at " + stub.uri() + " answered HTTP 403: Invalid Host header - possible DNS "
                        + "rebinding attack detected (GET " + GET_MODEL + ")");
    }

    @Test
    void timesOutASlowAnswer() {
        stub.answer(GET_MODEL, new Answer(200, "{}", 3000));
        MlflowTrackingClient client = new MlflowTrackingClient(MlflowConnection.of(stub.uri())
                .withRetry(RetrySettings.NONE).withRequestTimeout(Duration.ofMillis(300)));

        assertThatThrownBy(() -> client.registeredModel("iris"))
                .isInstanceOf(OperationTimeoutException.class)
                .hasMessage("MLflow at " + stub.uri() + " did not answer GET " + GET_MODEL + " within 300ms");
    }

    @Test
    void sendsABearerToken() {
        stub.answer(GET_MODEL, Answer.json(200, "{\"registered_model\": {}}"));

        client(new HttpAuth.Bearer("t0ken"), RetrySettings.NONE).registeredModel("iris");

        assertThat(stub.requests()).extracting(StubMlflowServer.Request::authorization).containsExactly("Bearer t0ken");
    }

    @Test
    void sendsBasicAuthentication() {
        stub.answer(GET_MODEL, Answer.json(200, "{\"registered_model\": {}}"));

        client(new HttpAuth.Basic("ada", "pa55"), RetrySettings.NONE).registeredModel("iris");

        assertThat(stub.requests()).extracting(StubMlflowServer.Request::authorization)
                .containsExactly("Basic YWRhOnBhNTU=");
    }

    @Test
    void encodesQueryParameters() {
        stub.answer(GET_MODEL, Answer.json(200, "{\"registered_model\": {}}"));

        client(HttpAuth.none(), RetrySettings.NONE).registeredModel("my model&co");

        assertThat(stub.requests()).extracting(StubMlflowServer.Request::path)
                .containsExactly(GET_MODEL + "?name=my%20model%26co");
    }
}
