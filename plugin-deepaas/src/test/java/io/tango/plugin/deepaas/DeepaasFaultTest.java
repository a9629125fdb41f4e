package io.tango.plugin.deepaas;

import io.tango.api.Blob;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.api.RequestType;
import io.tango.api.TangoRequest;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.api.WorkingSession;
import io.tango.api.JobFailedException;
import io.tango.api.job.PredictionFuture;
import io.tango.plugin.deepaas.client.DeepaasClient;
import io.tango.plugin.deepaas.client.DeepaasClientSettings;
import io.tango.plugin.deepaas.client.DeepaasServers;
import io.tango.toolkit.http.HttpSettings;
import io.tango.toolkit.http.RetrySettings;
import io.tango.plugin.deepaas.client.Json;
import io.tango.plugin.deepaas.client.OpenApiReader;
import io.tango.testkit.fault.Fault;
import io.tango.testkit.fault.FaultyHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The plugin's components against a misbehaving DEEPaaS (a {@link FaultyHttpServer} on 127.0.0.1): every call ends
 * within its timeout with a result or a typed error; GETs are retried with backoff (a 429's Retry-After honoured
 * within the timeout); predictions, trainings and cancellations are sent exactly once.
 * {@link DeepaasUnreachableServerTest} covers a server that is down, silent or hangs up on every connection.
 */
class DeepaasFaultTest {
    static final String METADATA =
            "{\"id\":\"demo\",\"name\":\"demo\",\"links\":[{\"rel\":\"self\",\"href\":\"/v2/models/demo/\"}]}";
    static final String SWAGGER = "{\"swagger\":\"2.0\",\"paths\":{\"/v2/models/demo/predict/\":{\"post\":{"
            + "\"parameters\":[{\"in\":\"formData\",\"name\":\"text\",\"type\":\"string\",\"required\":true}]}}}}";
    /** What a slow machine may add to a call's timeout before the call has returned. */
    private static final long SLACK_MILLIS = 5_000;

    private static FaultyHttpServer server;
    private static String url;
    private static String service;

    @BeforeAll
    static void start() throws IOException {
        server = FaultyHttpServer.start(Fault.json(METADATA));
        url = server.uri().toString();
        service = "DEEPaaS at " + url;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void answerProperlyByDefault() {
        server.fallback(Fault.json(METADATA));
    }

    /** Retries from 20 ms doubling up to 80 ms, so that the retries of a test add up to a fraction of a second. */
    private static Map<String, Object> config(String timeout, Object... more) {
        Map<String, Object> config = new LinkedHashMap<>(Map.of("base_url", url, "timeout", timeout, "max_retries", 3,
                "retry_delay", "20ms", "max_retry_delay", "80ms"));
        for (int i = 0; i < more.length; i += 2) {
            config.put((String) more[i], more[i + 1]);
        }
        return config;
    }

    private static DeepaasRegistryConnector registry(String timeout, Object... more) {
        return (DeepaasRegistryConnector) TestComponents.create(new DeepaasRegistryConnectorFactory(), "faulty",
                config(timeout, more));
    }

    private static DeepaasModelServerProxy proxy(String timeout) {
        return (DeepaasModelServerProxy) TestComponents.create(new DeepaasModelServerProxyFactory(), "faulty",
                config(timeout, "model", "demo"));
    }

    private static long elapsedMillis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static int sinceMark(int mark) {
        return server.requestCount() - mark;
    }

    @Test
    void retriesAMetadataReadThroughABurstOfServerErrors() {
        int mark = server.requestCount();
        server.enqueue(Fault.serverError(), Fault.json(502, "{}"), Fault.json(500, "{\"message\":\"boom\"}"));
        try (DeepaasRegistryConnector registry = registry("5s")) {
            assertThat(registry.nativeMetadata(ModelKey.of("demo"))).containsEntry("name", "demo");
        }
        assertThat(sinceMark(mark)).isEqualTo(4);
    }

    @Test
    void givesUpAfterMaxRetriesWithTheLastServerErrorAsARetriableRemoteError() {
        int mark = server.requestCount();
        server.fallback(Fault.serverError());
        try (DeepaasRegistryConnector registry = registry("5s")) {
            assertThatThrownBy(() -> registry.nativeMetadata(ModelKey.of("demo")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(service + " answered HTTP 503: reading the metadata of model 'demo' failed:"
                            + " {\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"try again\"}")
                    .satisfies(error -> {
                        RemoteServiceException remote = (RemoteServiceException) error;
                        assertThat(remote.isRetriable()).isTrue();
                        assertThat(remote.httpStatus()).hasValue(503);
                    });
        }
        assertThat(sinceMark(mark)).isEqualTo(4);
    }

    /** A 501 says the model will never do it: reported as unsupported at once, not retried first. */
    @Test
    void neverRetriesAReadAnswered501AndReportsItAsUnsupported() {
        int mark = server.requestCount();
        server.enqueue(Fault.answer(501, "text/plain", "501: Not Implemented"));
        try (DeepaasRegistryConnector registry = registry("5s")) {
            assertThatThrownBy(() -> registry.nativeMetadata(ModelKey.of("demo")))
                    .isExactlyInstanceOf(UnsupportedTangoOperationException.class)
                    .hasMessage(service + " refused reading the metadata of model 'demo': the model does not implement"
                            + " it (HTTP 501: 501: Not Implemented)");
        }
        assertThat(sinceMark(mark)).isEqualTo(1);
    }

    @Test
    void waitsTheRetryAfterOfA429BeforeRetryingARead() {
        int mark = server.requestCount();
        server.enqueue(Fault.tooManyRequests(1));
        long start = System.nanoTime();
        try (DeepaasRegistryConnector registry = registry("5s")) {
            assertThat(registry.nativeMetadata(ModelKey.of("demo"))).containsEntry("name", "demo");
        }
        // 1 s asked for, although max_retry_delay is 80 ms: Retry-After wins as long as it ends within the timeout.
        assertThat(elapsedMillis(start)).isGreaterThanOrEqualTo(1000);
        assertThat(sinceMark(mark)).isEqualTo(2);
    }

    /** Neither waits the Retry-After nor sleeps to the deadline: the call ends well before its 20 s timeout. */
    @Test
    void reportsA429AtOnceWhenItsRetryAfterEndsPastTheTimeout() {
        int mark = server.requestCount();
        server.enqueue(Fault.tooManyRequests(600));
        long start = System.nanoTime();
        try (DeepaasRegistryConnector registry = registry("20s")) {
            assertThatThrownBy(() -> registry.nativeMetadata(ModelKey.of("demo")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(service + " answered HTTP 429: reading the metadata of model 'demo' failed:"
                            + " {\"error_code\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"slow down\"}")
                    .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isTrue());
        }
        assertThat(elapsedMillis(start)).isLessThan(20_000);
        assertThat(sinceMark(mark)).isEqualTo(1);
    }

    @Test
    void retriesAReadWhoseConnectionClosedMidAnswerOrWasReset() {
        int mark = server.requestCount();
        server.enqueue(Fault.closeMidResponse(), Fault.reset());
        try (DeepaasRegistryConnector registry = registry("5s")) {
            assertThat(registry.nativeMetadata(ModelKey.of("demo"))).containsEntry("name", "demo");
        }
        assertThat(sinceMark(mark)).isGreaterThanOrEqualTo(3);
    }

    @Test
    void reportsAConnectionThatAlwaysBreaksMidAnswerAsARetriableRemoteError() {
        server.fallback(Fault.closeMidResponse());
        try (DeepaasRegistryConnector registry = registry("5s")) {
            assertThatThrownBy(() -> registry.nativeMetadata(ModelKey.of("demo")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessageStartingWith(service + " failed: reading the metadata of model 'demo' failed: cannot reach it"
                            + " for GET /v2/models/demo/: IOException")
                    .satisfies(error -> {
                        RemoteServiceException remote = (RemoteServiceException) error;
                        assertThat(remote.isRetriable()).isTrue();
                        assertThat(remote.httpStatus()).isEmpty();
                    });
        }
    }

    @Test
    void endsAReadToAServerThatNeverAnswersWithinItsTimeout() {
        int mark = server.requestCount();
        server.enqueue(Fault.neverAnswer());
        long start = System.nanoTime();
        try (DeepaasRegistryConnector registry = registry("600ms")) {
            assertThatThrownBy(() -> registry.nativeMetadata(ModelKey.of("demo")))
                    .isExactlyInstanceOf(OperationTimeoutException.class)
                    .hasMessage(service + ": reading the metadata of model 'demo' failed: did not answer"
                            + " GET /v2/models/demo/ within 600ms")
                    .satisfies(error -> assertThat(((OperationTimeoutException) error).timeout())
                            .isEqualTo(Duration.ofMillis(600)));
        }
        assertThat(elapsedMillis(start)).isBetween(600L, 600 + SLACK_MILLIS);
        assertThat(sinceMark(mark)).isEqualTo(1);
    }

    @Test
    void endsAReadWhoseAnswerDripsInWithinItsTimeout() {
        // The headers come in a tenth of a second, the body would take seconds: only a timeout covering the body ends it.
        String body = "{\"id\":\"demo\",\"description\":\"" + "x".repeat(3000) + "\"}";
        server.enqueue(Fault.slowDrip(Fault.json(body), Duration.ofMillis(1)));
        long start = System.nanoTime();
        try (DeepaasRegistryConnector registry = registry("1s")) {
            assertThatThrownBy(() -> registry.nativeMetadata(ModelKey.of("demo")))
                    .isExactlyInstanceOf(OperationTimeoutException.class)
                    .hasMessage(service + ": reading the metadata of model 'demo' failed: did not answer"
                            + " GET /v2/models/demo/ within 1s");
        }
        assertThat(elapsedMillis(start)).isBetween(1000L, 1000 + SLACK_MILLIS);
    }

    @Test
    void endsRetriesAtTheTimeoutSayingWhatTheLastAttemptGot() {
        server.fallback(Fault.serverError());
        long start = System.nanoTime();
        try (DeepaasRegistryConnector registry = registry("700ms", "max_retries", 50, "retry_delay", "200ms",
                "max_retry_delay", "400ms")) {
            assertThatThrownBy(() -> registry.nativeMetadata(ModelKey.of("demo")))
                    .isExactlyInstanceOf(OperationTimeoutException.class)
                    .hasMessageStartingWith(service + ": reading the metadata of model 'demo' failed: did not answer"
                            + " GET /v2/models/demo/ within 700ms (")
                    .hasMessageEndingWith(" attempts; the last before the timeout: HTTP 503)");
        }
        assertThat(elapsedMillis(start)).isBetween(700L, 700 + SLACK_MILLIS);
    }

    @Test
    void rejectsTruncatedJsonWithoutRetrying() {
        int mark = server.requestCount();
        server.enqueue(Fault.truncatedJson());
        try (DeepaasRegistryConnector registry = registry("5s")) {
            assertThatThrownBy(() -> registry.nativeMetadata(ModelKey.of("demo")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(service + " answered HTTP 200: reading the metadata of model 'demo' returned a body"
                            + " that is not JSON (application/json): {\"predictions\": [1.0, 2.0,")
                    .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isFalse());
        }
        assertThat(sinceMark(mark)).isEqualTo(1);
    }

    @Test
    void rejectsInvalidJson() {
        server.enqueue(Fault.json("{'id': 'demo'}"));
        try (DeepaasRegistryConnector registry = registry("5s")) {
            assertThatThrownBy(() -> registry.nativeMetadata(ModelKey.of("demo")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(service + " answered HTTP 200: reading the metadata of model 'demo' returned a body"
                            + " that is not JSON (application/json): {'id': 'demo'}");
        }
    }

    @Test
    void rejectsAnHtmlPageWhereJsonWasExpected() {
        server.enqueue(Fault.wrongContentType());
        try (DeepaasRegistryConnector registry = registry("5s")) {
            assertThatThrownBy(() -> registry.nativeMetadata(ModelKey.of("demo")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(service + " answered HTTP 200: reading the metadata of model 'demo' returned a body"
                            + " that is not JSON (text/html): <html><body>Welcome to nginx!</body></html>");
        }
    }

    @Test
    void findsAModelThroughFaultsOnBothOfItsReads() {
        int mark = server.requestCount();
        server.enqueue(Fault.serverError(), Fault.json(METADATA), Fault.reset(), Fault.json(SWAGGER));
        try (var finder = TestComponents.create(new DeepaasModelFinderFactory(), "faulty", config("5s"))) {
            ModelDescriptor descriptor = finder.find(ModelKey.of("deepaas:/demo")).orElseThrow();
            assertThat(descriptor.signature().inputs()).extracting(input -> input.name()).containsExactly("text");
        }
        assertThat(server.requestLines().subList(mark, server.requestCount())).containsExactly(
                "GET /v2/models/demo/ HTTP/1.1", "GET /v2/models/demo/ HTTP/1.1",
                "GET /swagger.json HTTP/1.1", "GET /swagger.json HTTP/1.1");
    }

    @Test
    void neverRetriesAPredictionAnsweredWithAServerError() {
        int mark = server.requestCount();
        server.enqueue(Fault.serverError());
        try (DeepaasModelServerProxy proxy = proxy("5s")) {
            assertThatThrownBy(() -> proxy.invoke(RequestType.PREDICT, Blob.ofUtf8("application/json", "{}")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(service + " answered HTTP 503: predict with model 'demo' failed:"
                            + " {\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"try again\"}");
        }
        assertThat(server.requestLines().subList(mark, server.requestCount()))
                .containsExactly("POST /v2/models/demo/predict/ HTTP/1.1");
    }

    @Test
    void neverRetriesAPredictionWhoseAnswerBrokeOff() {
        int mark = server.requestCount();
        server.enqueue(Fault.closeMidResponse());
        try (DeepaasModelServerProxy proxy = proxy("5s")) {
            assertThatThrownBy(() -> proxy.invoke(RequestType.PREDICT, Blob.ofUtf8("application/json", "{}")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessageStartingWith(service + " failed: predict with model 'demo' failed: cannot reach it for"
                            + " POST /v2/models/demo/predict/: IOException");
        }
        assertThat(server.requestLines().subList(mark, server.requestCount()))
                .containsExactly("POST /v2/models/demo/predict/ HTTP/1.1");
    }

    @Test
    void neverRetriesAPredictionThatIsNotAnswered() {
        int mark = server.requestCount();
        server.enqueue(Fault.neverAnswer());
        long start = System.nanoTime();
        try (DeepaasModelServerProxy proxy = proxy("500ms")) {
            assertThatThrownBy(() -> proxy.invoke(RequestType.PREDICT, Blob.ofUtf8("application/json", "{}")))
                    .isExactlyInstanceOf(OperationTimeoutException.class)
                    .hasMessage(service + ": predict with model 'demo' failed: did not answer"
                            + " POST /v2/models/demo/predict/ within 500ms");
        }
        assertThat(elapsedMillis(start)).isBetween(500L, 500 + SLACK_MILLIS);
        assertThat(sinceMark(mark)).isEqualTo(1);
    }

    @Test
    void neverRetriesATrainingAnsweredWith429() {
        int mark = server.requestCount();
        server.enqueue(Fault.tooManyRequests(0));
        try (DeepaasModelServerProxy proxy = proxy("5s")) {
            assertThatThrownBy(() -> proxy.invoke(RequestType.TRAIN, Blob.ofUtf8("application/json", "{}")))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(service + " answered HTTP 429: starting a training of model 'demo' failed:"
                            + " {\"error_code\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"slow down\"}");
        }
        assertThat(server.requestLines().subList(mark, server.requestCount()))
                .containsExactly("POST /v2/models/demo/train/ HTTP/1.1");
    }

    @Test
    void neverRetriesACancellation() {
        int mark = server.requestCount();
        server.enqueue(Fault.reset());
        try (DeepaasServers http = new DeepaasServers(new DeepaasClientSettings(new HttpSettings(Duration.ofSeconds(5),
                Duration.ofSeconds(5), new RetrySettings(3, Duration.ofMillis(20), Duration.ofMillis(80)), 1 << 20),
                Optional.empty()), "cancel-test")) {
            DeepaasClient client = http.client(server.uri());
            assertThatThrownBy(() -> client.cancelTraining("demo", "0123abcd"))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessageStartingWith(service + " failed: canceling training 0123abcd of model 'demo' failed:"
                            + " cannot reach it for DELETE /v2/models/demo/train/0123abcd: IOException")
                    .satisfies(error -> assertThat(((RemoteServiceException) error).httpStatus()).isEmpty());
        }
        assertThat(server.requestLines().subList(mark, server.requestCount()))
                .containsExactly("DELETE /v2/models/demo/train/0123abcd HTTP/1.1");
    }

    @Test
    void aModelReportsAPredictionThatDripsInAsATimeoutAndSendsItOnce() {
        int mark = server.requestCount();
        server.enqueue(Fault.slowDrip(Fault.json("{\"status\":\"OK\",\"predictions\":\"" + "y".repeat(3000) + "\"}"),
                Duration.ofMillis(1)));
        try (DeepaasServers http = new DeepaasServers(DeepaasClientSettings.of(Duration.ofMillis(800), Duration.ofSeconds(5),
                3, Duration.ofMillis(20)), "model-test");
                DeepaasModel model = model(http)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> model.predict(TangoRequest.of(Map.of("text", "hello")), WorkingSession.none()))
                    .isExactlyInstanceOf(OperationTimeoutException.class)
                    .hasMessage(service + ": predict with model 'demo' failed: did not answer"
                            + " POST /v2/models/demo/predict/ within 800ms");
            assertThat(elapsedMillis(start)).isBetween(800L, 800 + SLACK_MILLIS);
        }
        assertThat(sinceMark(mark)).isEqualTo(1);
    }

    @Test
    void aPredictionJobFailsWithTheTypedErrorOfA5xxAndSendsItOnce() throws InterruptedException {
        int mark = server.requestCount();
        server.enqueue(Fault.json(502, "<html>Bad Gateway</html>"));
        try (DeepaasServers http = new DeepaasServers(DeepaasClientSettings.of(Duration.ofSeconds(5), Duration.ofSeconds(5),
                3, Duration.ofMillis(20)), "job-test");
                DeepaasModel model = model(http);
                DeepaasJobPredictor jobs = new DeepaasJobPredictor("faulty", 2, 4, 10)) {
            PredictionFuture future = jobs.submit(model, TangoRequest.of(Map.of("text", "hello")));
            assertThatThrownBy(future::result)
                    .isExactlyInstanceOf(JobFailedException.class)
                    .hasCauseExactlyInstanceOf(RemoteServiceException.class)
                    .cause()
                    .hasMessage(service + " answered HTTP 502: predict with model 'demo' failed: <html>Bad Gateway</html>");
        }
        assertThat(sinceMark(mark)).isEqualTo(1);
    }

    static DeepaasModel model(DeepaasServers http) {
        return model(http, server.uri());
    }

    static DeepaasModel model(DeepaasServers http, java.net.URI uri) {
        DeepaasClient client = http.client(uri);
        ModelDescriptor descriptor = ModelDescriptor.builder(ModelKey.of("deepaas:/demo"), "demo", "deepaas")
                .endpoint(uri).build();
        return new DeepaasModel(descriptor, client, OpenApiReader.read(parse(SWAGGER), "", "demo"), true);
    }

    static com.fasterxml.jackson.databind.JsonNode parse(String json) {
        try {
            return Json.parse(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

}
