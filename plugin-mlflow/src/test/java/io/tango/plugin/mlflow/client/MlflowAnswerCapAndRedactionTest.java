package io.tango.plugin.mlflow.client;

import io.tango.api.Blob;
import io.tango.api.RemoteServiceException;
import io.tango.api.RequestType;
import io.tango.plugin.mlflow.scoring.MlflowScoringServerProxy;
import io.tango.testkit.fault.Fault;
import io.tango.testkit.fault.FaultyHttpServer;
import io.tango.toolkit.http.HttpAuth;
import io.tango.toolkit.http.HttpSettings;
import io.tango.toolkit.http.RetrySettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every answer of an MLflow server is capped (REST and scoring alike), and a token a server echoes back is masked before
 * a long body is cut for a message, so no part of it ever shows.
 */
class MlflowAnswerCapAndRedactionTest {
    private static final String GET_MODEL = "/api/2.0/mlflow/registered-models/get";
    private static final String TOKEN = "tok-0123456789abcdef";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static FaultyHttpServer server;

    @BeforeAll
    static void start() throws IOException {
        server = FaultyHttpServer.start(Fault.json("{}"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static MlflowTrackingClient tracking(long maxResponseSize) {
        return new MlflowTrackingClient(new MlflowConnection(server.uri(), new HttpAuth.Bearer(TOKEN), TIMEOUT, TIMEOUT,
                TIMEOUT, RetrySettings.NONE, maxResponseSize));
    }

    @Test
    void aRestAnswerOverTheCapIsATypedErrorSayingTheCapAndHowToRaiseIt() {
        server.enqueue(Fault.json("{\"registered_model\": {\"name\": \"iris\", \"description\": \"" + "x".repeat(500)
                + "\"}}"));
        try (MlflowTrackingClient client = tracking(256)) {
            assertThatThrownBy(() -> client.registeredModel("iris"))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage("MLflow at " + server.uri() + " answered HTTP 200: the answer to GET " + GET_MODEL
                            + " is over the size cap of 256 bytes; raise the option max_response_size to accept it")
                    .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isFalse());
        }
    }

    @Test
    void aScoringAnswerOverTheCapIsATypedErrorSayingTheCapAndHowToRaiseIt() {
        server.enqueue(Fault.json("{\"predictions\": [" + "0, ".repeat(200) + "2]}"));
        HttpSettings settings = new HttpSettings(TIMEOUT, TIMEOUT, RetrySettings.NONE, 128);
        try (MlflowScoringServerProxy proxy = new MlflowScoringServerProxy(server.uri(), HttpAuth.none(), settings)) {
            assertThatThrownBy(() -> proxy.invoke(RequestType.PREDICT, Blob.ofUtf8("application/json", "{}")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage("MLflow scoring server at " + server.uri() + " answered HTTP 200: the answer to POST"
                            + " /invocations is over the size cap of 128 bytes; raise the option max_response_size"
                            + " to accept it");
        }
    }

    @Test
    void aTokenAcrossTheCutOfANonJsonAnswerNeverShowsNotEvenInPart() {
        // The excerpt of an unexpected answer is 200 characters: the token starts 8 before the cut.
        String body = "<html>" + "y".repeat(186) + TOKEN + "</html>";
        server.enqueue(Fault.answer(200, "text/html", body));
        try (MlflowTrackingClient client = tracking(1 << 20)) {
            assertThatThrownBy(() -> client.registeredModel("iris"))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage("MLflow at " + server.uri() + " answered HTTP 200: the answer to GET " + GET_MODEL
                            + " is not JSON (text/html, " + body.length() + " bytes): <html>" + "y".repeat(186)
                            + "****</ht…")
                    .hasMessageNotContaining(TOKEN.substring(0, 4));
        }
    }

    @Test
    void aTokenAcrossTheCutOfALongErrorBodyNeverShowsNotEvenInPart() {
        // An error's text is cut at 2000 characters: the token starts 10 before the cut.
        String body = "z".repeat(1990) + TOKEN + "z".repeat(50);
        server.enqueue(Fault.answer(403, "text/plain", body));
        try (MlflowTrackingClient client = tracking(1 << 20)) {
            assertThatThrownBy(() -> client.registeredModel("iris"))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage("MLflow at " + server.uri() + " answered HTTP 403: " + "z".repeat(1990) + "****"
                            + "z".repeat(6) + "… (GET " + GET_MODEL + ")")
                    .hasMessageNotContaining(TOKEN.substring(0, 4));
        }
    }
}
