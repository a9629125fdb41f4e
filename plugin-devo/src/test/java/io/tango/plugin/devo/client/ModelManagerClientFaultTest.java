package io.tango.plugin.devo.client;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tango.api.OperationTimeoutException;
import io.tango.testkit.fault.Fault;
import io.tango.testkit.fault.FaultyHttpServer;
import io.tango.testkit.fault.RefusingPort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client against a misbehaving server: every call ends within its timeout with a result or a typed error; reads
 * are retried with backoff, uploads are not.
 */
class ModelManagerClientFaultTest {
    private static final String TOKEN = "fault-test-token-91d2";
    private static final String MODELS = "[{\"name\":\"iris\",\"engine\":\"ONNX\"}]";
    /** Short delays, so the retries of a test add up to a few tens of milliseconds. */
    private static final RetrySettings FAST_RETRIES = new RetrySettings(3, Duration.ofMillis(20), Duration.ofMillis(80));
    /** What a slow, shared machine may add to a call's timeout before the call has returned. */
    private static final Duration SLACK = Duration.ofSeconds(5);

    private static FaultyHttpServer server;
    private static String url;
    private static String service;

    @TempDir
    Path folder;

    @BeforeAll
    static void start() throws IOException {
        server = FaultyHttpServer.start(Fault.json(MODELS));
        url = server.uri() + "/mlmodelmanager";
        service = "Devo ML Model Manager at " + url;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void answerProperlyByDefault() {
        server.fallback(Fault.json(MODELS));
    }

    private static ModelManagerClient client(Duration timeout) {
        return DevoModelManagerClient.builder(url, TOKEN).timeout(timeout).retries(FAST_RETRIES).build();
    }

    private static long elapsedMillis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void retriesAReadThroughABurstOfServerErrors() {
        int before = server.requestCount();
        server.enqueue(Fault.serverError(), Fault.json(502, "{}"), Fault.json(500, "{\"code\":500,\"msg\":\"boom\"}"));
        try (ModelManagerClient client = client(Duration.ofSeconds(5))) {
            assertThat(client.getModels()).extracting(DevoModel::name).containsExactly("iris");
        }
        assertThat(server.requestCount() - before).isEqualTo(4);
    }

    @Test
    void givesUpAfterItsRetriesWithTheLastAnswerAsATypedRetriableError() {
        int before = server.requestCount();
        server.fallback(Fault.serverError());
        try (ModelManagerClient client = client(Duration.ofSeconds(5))) {
            assertThatThrownBy(client::getModels)
                    .isExactlyInstanceOf(ModelManagerException.class)
                    .hasMessage(service + " answered HTTP 503: Unexpected error (after 4 attempts)")
                    .satisfies(error -> assertThat(((ModelManagerException) error).isRetriable()).isTrue());
        }
        assertThat(server.requestCount() - before).isEqualTo(4);
    }

    @Test
    void waitsAtLeastTheRetryAfterOfA429() {
        int before = server.requestCount();
        server.enqueue(Fault.tooManyRequests(1));
        long start = System.nanoTime();
        try (ModelManagerClient client = client(Duration.ofSeconds(5))) {
            assertThat(client.getModels()).extracting(DevoModel::name).containsExactly("iris");
        }
        assertThat(elapsedMillis(start)).isGreaterThanOrEqualTo(1000);
        assertThat(server.requestCount() - before).isEqualTo(2);
    }

    /** Neither waits the Retry-After nor sleeps to the deadline: the call ends well before its 20 s timeout. */
    @Test
    void reportsA429AtOnceWhenItsRetryAfterIsPastTheTimeout() {
        int before = server.requestCount();
        server.enqueue(Fault.tooManyRequests(600));
        long start = System.nanoTime();
        try (ModelManagerClient client = client(Duration.ofSeconds(20))) {
            assertThatThrownBy(client::getModels)
                    .isExactlyInstanceOf(ModelManagerException.class)
                    .hasMessage(service + " answered HTTP 429: Unexpected error (retry after 600 s)")
                    .satisfies(error -> assertThat(((ModelManagerException) error).isRetriable()).isTrue());
        }
        assertThat(elapsedMillis(start)).isLessThan(20_000);
        assertThat(server.requestCount() - before).isEqualTo(1);
    }

    @Test
    void retriesAReadWhoseConnectionClosedMidAnswerOrWasReset() {
        int before = server.requestCount();
        server.enqueue(Fault.closeMidResponse(), Fault.reset());
        try (ModelManagerClient client = client(Duration.ofSeconds(5))) {
            assertThat(client.getModels()).extracting(DevoModel::name).containsExactly("iris");
        }
        assertThat(server.requestCount() - before).isEqualTo(3);
    }

    @Test
    void reportsABrokenConnectionAfterItsRetriesAsATypedRetriableError() {
        server.fallback(Fault.closeMidResponse());
        try (ModelManagerClient client = client(Duration.ofSeconds(5))) {
            assertThatThrownBy(client::getModels)
                    .isExactlyInstanceOf(ModelManagerException.class)
                    .hasMessageStartingWith(service + " failed: cannot GET " + url + "/models: java.io.IOException")
                    .hasMessageEndingWith("(after 4 attempts)")
                    .satisfies(error -> assertThat(((ModelManagerException) error).isRetriable()).isTrue())
                    .satisfies(error -> assertThat(((ModelManagerException) error).httpStatus()).isEmpty());
        }
    }

    @Test
    void endsACallToAServerThatNeverAnswersWithinItsTimeout() {
        int before = server.requestCount();
        server.enqueue(Fault.neverAnswer());
        Duration timeout = Duration.ofMillis(600);
        long start = System.nanoTime();
        try (ModelManagerClient client = client(timeout)) {
            assertThatThrownBy(client::getModels)
                    .isExactlyInstanceOf(OperationTimeoutException.class)
                    .hasMessage(service + " did not answer GET " + url + "/models within 600ms");
        }
        assertThat(elapsedMillis(start)).isBetween(600L, 600 + SLACK.toMillis());
        assertThat(server.requestCount() - before).isEqualTo(1);
    }

    @Test
    void endsACallWhoseAnswerDripsInWithinItsTimeout() {
        // Headers in about a tenth of a second, the body in about five: only a timeout covering the body ends it.
        String body = "[" + "{\"name\":\"m\"},".repeat(400) + "{\"name\":\"m\"}]";
        server.enqueue(Fault.slowDrip(Fault.json(body), Duration.ofMillis(1)));
        long start = System.nanoTime();
        try (ModelManagerClient client = client(Duration.ofSeconds(1))) {
            assertThatThrownBy(client::getModels)
                    .isExactlyInstanceOf(OperationTimeoutException.class)
                    .hasMessage(service + " did not answer GET " + url + "/models within 1s");
        }
        assertThat(elapsedMillis(start)).isBetween(1000L, 1000 + SLACK.toMillis());
    }

    @Test
    void endsRetriesAtTheTimeoutSayingWhatTheLastAttemptGot() {
        server.fallback(Fault.serverError());
        long start = System.nanoTime();
        RetrySettings slow = new RetrySettings(10, Duration.ofMillis(200), Duration.ofMillis(400));
        try (ModelManagerClient client = DevoModelManagerClient.builder(url, TOKEN)
                .timeout(Duration.ofMillis(700)).retries(slow).build()) {
            assertThatThrownBy(client::getModels)
                    .isExactlyInstanceOf(OperationTimeoutException.class)
                    .hasMessageStartingWith(service + " did not answer GET " + url + "/models within 700ms (")
                    .hasMessageEndingWith(" attempts; the last before the timeout: HTTP 503)");
        }
        assertThat(elapsedMillis(start)).isBetween(700L, 700 + SLACK.toMillis());
    }

    @Test
    void rejectsTruncatedJsonWithoutRetrying() {
        int before = server.requestCount();
        server.enqueue(Fault.truncatedJson());
        try (ModelManagerClient client = client(Duration.ofSeconds(5))) {
            assertThatThrownBy(client::getModels)
                    .isExactlyInstanceOf(ModelManagerException.class)
                    .hasMessage(service + " answered HTTP 200: the answer to GET " + url + "/models is not JSON"
                            + " (application/json, 27 bytes) (check that the URL is the ML Model Manager's and that no"
                            + " proxy answers in its place)")
                    .satisfies(error -> assertThat(((ModelManagerException) error).isRetriable()).isFalse());
        }
        assertThat(server.requestCount() - before).isEqualTo(1);
    }

    @Test
    void rejectsAnHtmlPageWhereJsonWasExpected() {
        server.enqueue(Fault.wrongContentType());
        try (ModelManagerClient client = client(Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> client.getModel("iris"))
                    .isExactlyInstanceOf(ModelManagerException.class)
                    .hasMessageContaining(" answered HTTP 200: the answer to GET " + url + "/models/iris?fast=True is"
                            + " not JSON (text/html, 43 bytes)");
        }
    }

    @Test
    void neverRetriesAnUploadTheServerMayHaveReceived() throws Exception {
        Path file = Files.write(folder.resolve("churn.onnx"), "onnx".getBytes(StandardCharsets.UTF_8));
        int before = server.requestCount();
        server.enqueue(Fault.answer(204, "application/json", ""), Fault.serverError());
        try (ModelManagerClient client = client(Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> client.addModel("churn", "ONNX", file))
                    .isExactlyInstanceOf(ModelManagerException.class)
                    .hasMessage(service + " answered HTTP 503: Unexpected error");
        }
        assertThat(server.requestLines().subList(before, server.requestCount()))
                .containsExactly("GET /mlmodelmanager/models/churn?fast=True HTTP/1.1",
                        "POST /mlmodelmanager/models/images/upload HTTP/1.1");
    }

    @Test
    void neverRetriesACreationWhoseAnswerBrokeOff() throws Exception {
        Path file = Files.write(folder.resolve("wine.onnx"), "onnx".getBytes(StandardCharsets.UTF_8));
        int before = server.requestCount();
        server.enqueue(Fault.answer(204, "application/json", ""),
                Fault.json("{\"valid\":true,\"imageId\":7,\"size\":4,\"outputType\":\"float4\",\"fields\":[]}"),
                Fault.closeMidResponse());
        try (ModelManagerClient client = client(Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> client.addModel("wine", "ONNX", file))
                    .isExactlyInstanceOf(ModelManagerException.class)
                    .hasMessageStartingWith(service + " failed: cannot POST " + url + "/models: java.io.IOException")
                    .satisfies(error -> assertThat(((ModelManagerException) error).isRetriable()).isTrue());
        }
        assertThat(server.requestLines().subList(before, server.requestCount()))
                .containsExactly("GET /mlmodelmanager/models/wine?fast=True HTTP/1.1",
                        "POST /mlmodelmanager/models/images/upload HTTP/1.1",
                        "POST /mlmodelmanager/models HTTP/1.1");
    }

    @Test
    void retriesAnUploadWhoseConnectionWasRefusedSinceTheServerNeverSawIt() throws IOException {
        try (RefusingPort refusing = RefusingPort.open();
                ModelManagerCalls http = new ModelManagerCalls("refusing", refusing.url("/mlmodelmanager"),
                        AuthType.STANDALONE, TOKEN, Duration.ofSeconds(5), FAST_RETRIES, 1 << 20, "",
                        new ObjectMapper())) {
            String closed = refusing.url("/mlmodelmanager").toString();
            assertThatThrownBy(() -> http.postJson(URI.create(closed + "/models"), Map.of("name", "x")))
                    .isExactlyInstanceOf(ModelManagerException.class)
                    .hasMessageStartingWith("refusing failed: cannot POST " + closed + "/models: java.net.ConnectException")
                    .hasMessageEndingWith("(after 4 attempts)");
        }
    }

    @Test
    void refusesAnAnswerOverTheDownloadCapBeforeReadingItWhole() {
        String image = Base64.getEncoder().encodeToString(new byte[2 << 20]);
        server.enqueue(Fault.json("{\"name\":\"big\",\"engine\":\"ONNX\",\"image\":{\"image\":\"" + image + "\"}}"));
        try (ModelManagerClient client = DevoModelManagerClient.builder(url, TOKEN).retries(FAST_RETRIES)
                .maxDownloadSize(1024).downloader(new FileSystemDownloader(folder, 1024)).build()) {
            assertThatThrownBy(() -> client.getModel("big", true))
                    .isExactlyInstanceOf(ModelDownloadException.class)
                    .hasMessage(service + " answered GET " + url + "/models/big?fast=False with more than "
                            + (1024 / 3 * 4 + 4 + (1 << 20)) + " bytes, the most this client reads (see"
                            + " max_download_size); nothing was written");
        }
        assertThat(folder).isEmptyDirectory();
    }

    @Test
    void turnsOffRetriesWhenAsked() {
        int before = server.requestCount();
        server.enqueue(Fault.serverError());
        try (ModelManagerClient client = DevoModelManagerClient.builder(url, TOKEN).retries(RetrySettings.none()).build()) {
            assertThatThrownBy(client::getModels)
                    .isExactlyInstanceOf(ModelManagerException.class)
                    .hasMessage(service + " answered HTTP 503: Unexpected error");
        }
        assertThat(server.requestCount() - before).isEqualTo(1);
    }
}
