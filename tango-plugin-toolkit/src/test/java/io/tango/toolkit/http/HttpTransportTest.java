package io.tango.toolkit.http;

import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.toolkit.http.ScriptedServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The transport against a real HTTP server on 127.0.0.1 that answers as scripted. */
class HttpTransportTest {
    private static final RetrySettings FAST = new RetrySettings(3, Duration.ofMillis(10), Duration.ofMillis(40));
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final RemoteErrorReader CODE_AND_MESSAGE = (body, json) -> {
        try {
            var node = json.readTree(body);
            return node != null && node.has("code")
                    ? Optional.of(new RemoteErrorReader.RemoteError(node.get("code").asText(), node.path("message").asText()))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    };

    private ScriptedServer server;
    private String service;

    @BeforeEach
    void start() throws IOException {
        server = new ScriptedServer();
        service = "Demo at " + server.uri();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpTransport transport(HttpAuth auth, HttpSettings settings) {
        return new HttpTransport(service, server.uri(), auth, settings, CODE_AND_MESSAGE, "tango-test-http-");
    }

    private HttpTransport transport() {
        return transport(HttpAuth.none(), HttpSettings.of(Duration.ofSeconds(2), TIMEOUT, FAST));
    }

    @Test
    void retriesAReadOnARetriableStatusUntilItSucceeds() {
        server.answer(Reply.of(503, "{}"), Reply.of(504, "{}"), Reply.of(429, "{}"), Reply.of(200, "{\"ok\": true}"));
        try (HttpTransport http = transport()) {
            assertThat(http.getJson("/x", Map.of(), TIMEOUT).path("ok").asBoolean()).isTrue();
        }
        assertThat(server.received()).hasSize(4);
    }

    @Test
    void countsTheAttemptsAnAnswerTook() {
        server.answer(Reply.of(503, "{}"), Reply.of(502, "{}"), Reply.of(200, "{}"));
        try (HttpTransport http = transport()) {
            HttpRequest request = http.newRequest(http.uri("/x", Map.of()), TIMEOUT).GET().build();
            HttpTransport.Counted<String> answer =
                    http.sendCounted(request, HttpResponse.BodyHandlers.ofString(), true, TIMEOUT);
            assertThat(answer.response().statusCode()).isEqualTo(200);
            assertThat(answer.attempts()).isEqualTo(3);
        }
        assertThat(server.received()).hasSize(3);
    }

    @Test
    void neverRetriesA501AndReportsItNotRetriable() {
        server.answer(Reply.of(501, "{\"code\": \"NOPE\", \"message\": \"not here\"}"));
        try (HttpTransport http = transport()) {
            assertThatThrownBy(() -> http.getJson("/x", Map.of(), TIMEOUT))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(service + " answered HTTP 501 NOPE: not here (GET /x)")
                    .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isFalse());
        }
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void sendsAWriteOnceWhateverItsAnswer() {
        server.answer(Reply.of(503, "busy"));
        try (HttpTransport http = transport()) {
            assertThatThrownBy(() -> http.sendJson("POST", "/x", Map.of("a", 1), false, TIMEOUT))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(service + " answered HTTP 503: busy (POST /x)");
        }
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void retriesAWriteWhoseConnectionWasRefused() throws IOException {
        URI nowhere;
        try (ServerSocket socket = new ServerSocket(0)) {
            nowhere = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        try (HttpTransport http = new HttpTransport("Nowhere", nowhere, HttpAuth.none(),
                HttpSettings.of(Duration.ofSeconds(2), TIMEOUT, FAST), RemoteErrorReader.NONE, "tango-test-http-")) {
            assertThatThrownBy(() -> http.sendJson("POST", "/x", Map.of(), false, TIMEOUT))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessageStartingWith("Nowhere failed: cannot reach it for POST /x: ConnectException")
                    .hasMessageEndingWith(" (after 4 attempts)");
        }
    }

    @Test
    void waitsAtLeastTheRetryAfterOfA429() {
        server.answer(new Reply(429, "{}", Map.of("Retry-After", "1"), false), Reply.of(200, "{}"));
        long start = System.nanoTime();
        try (HttpTransport http = transport()) {
            http.getJson("/x", Map.of(), TIMEOUT);
        }
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1000);
        assertThat(server.received()).hasSize(2);
    }

    @Test
    void endsACallThatIsNeverAnsweredAtItsDeadline() {
        server.answer(Reply.hanging());
        Duration timeout = Duration.ofMillis(300);
        try (HttpTransport http = transport()) {
            assertThatThrownBy(() -> http.getJson("/x", Map.of(), timeout))
                    .isExactlyInstanceOf(OperationTimeoutException.class)
                    .hasMessage(service + " did not answer GET /x within 300ms");
        }
    }

    @Test
    void endsACallWhoseConnectOutlastsItsDeadlineAsATimeoutNotABrokenConnection() throws IOException {
        // A listener that never accepts, its backlog full: the kernel drops further connection attempts, so a connect
        // hangs until something gives up on it; here the call's deadline, long before connect_timeout.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Closeables fillers = Closeables.fill(full.getLocalPort(), 4);
                HttpTransport http = new HttpTransport(service, URI.create("http://127.0.0.1:" + full.getLocalPort()),
                        HttpAuth.none(), HttpSettings.of(Duration.ofSeconds(30), TIMEOUT, FAST), CODE_AND_MESSAGE,
                        "tango-test-http-")) {
            // Which gives up first, the JDK's request timer or the call's own deadline, is a race: the first one
            // ends a connect in progress with HttpConnectTimeoutException. Twenty calls give it many chances.
            for (int call = 0; call < 20; call++) {
                assertThatThrownBy(() -> http.getJson("/x", Map.of(), Duration.ofMillis(300)))
                        .isExactlyInstanceOf(OperationTimeoutException.class)
                        .hasMessage(service + " did not answer GET /x within 300ms");
            }
        }
    }

    /** Raw connections that fill a listener's backlog, closed together. */
    private record Closeables(List<Socket> sockets) implements AutoCloseable {
        static Closeables fill(int port, int count) {
            List<Socket> sockets = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket();
                sockets.add(socket);
                try {
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                } catch (IOException full) {
                    // the backlog is full already: what this is for
                }
            }
            return new Closeables(sockets);
        }

        @Override
        public void close() throws IOException {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void refusesAnAnswerOverTheCapSayingTheCapAndItsOption() {
        server.answer(Reply.of(200, "{\"data\": \"" + "x".repeat(100) + "\"}"));
        try (HttpTransport http = transport(HttpAuth.none(),
                HttpSettings.of(Duration.ofSeconds(2), TIMEOUT, FAST).withMaxResponseSize(64))) {
            assertThatThrownBy(() -> http.getJson("/x", Map.of(), TIMEOUT))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(service + " answered HTTP 200: the answer to GET /x is over the size cap of 64 bytes;"
                            + " raise the option max_response_size to accept it");
        }
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void sendsBearerBasicAndNamedHeaderAuthentication() {
        for (HttpAuth auth : new HttpAuth[] {new HttpAuth.Bearer("t0ken"), new HttpAuth.Basic("ada", "pa55"),
                new HttpAuth.Header("X-API-Key", "k3y")}) {
            try (HttpTransport http = transport(auth, HttpSettings.of(Duration.ofSeconds(2), TIMEOUT, FAST))) {
                HttpRequest request = http.newRequest(http.uri("/x", Map.of()), TIMEOUT).GET().build();
                assertThat(request.headers().map()).containsEntry(
                        auth.header().orElseThrow().name(), java.util.List.of(auth.header().orElseThrow().value()));
                http.exchange(request, true, TIMEOUT);
            }
        }
        assertThat(server.received()).extracting(ScriptedServer.Received::authorization)
                .containsExactly("Bearer t0ken", "Basic YWRhOnBhNTU=", null);
    }

    @Test
    void masksAnEchoedSecretThatStraddlesTheCutOfALongErrorBody() {
        String token = "s3cr3t-t0ken-value";
        int cut = HttpTransport.MAX_ERROR_TEXT;
        String body = "e".repeat(cut - 5) + token + "e".repeat(100);
        server.answer(Reply.of(400, body));
        try (HttpTransport http = transport(new HttpAuth.Bearer(token),
                HttpSettings.of(Duration.ofSeconds(2), TIMEOUT, FAST))) {
            assertThatThrownBy(() -> http.getJson("/x", Map.of(), TIMEOUT))
                    .isExactlyInstanceOf(RemoteServiceException.class)
                    .hasMessage(service + " answered HTTP 400: " + ("e".repeat(cut - 5) + "****" + "e".repeat(100))
                            .substring(0, cut) + "… (GET /x)")
                    .hasMessageNotContaining(token.substring(0, 5));
        }
    }

    @Test
    void encodesQueryParametersAndRepeatsACollection() {
        try (HttpTransport http = transport()) {
            http.exchange(http.newRequest(http.uri("/x", Map.of("name", java.util.List.of("a b", "c&d"))), TIMEOUT)
                    .GET().build(), true, TIMEOUT);
        }
        assertThat(server.received()).extracting(ScriptedServer.Received::path).containsExactly("/x?name=a%20b&name=c%26d");
    }

    @Test
    void neverShowsCredentialsInItsToString() {
        try (HttpTransport http = transport(new HttpAuth.Basic("ada", "pa55"),
                HttpSettings.of(Duration.ofSeconds(2), TIMEOUT, FAST))) {
            assertThat(http.toString()).isEqualTo("HttpTransport[" + service
                    + ", basic auth for user 'ada' with password ****]");
        }
    }

    @Test
    void sendsAMultipartBodyAServerCanSplit() {
        MultipartBody body = MultipartBody.builder()
                .text("name", "demo")
                .file("data", "x.csv", "text/csv", "a,b\n1,2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .build();
        try (HttpTransport http = transport()) {
            HttpResponse<byte[]> answer = http.exchange(http.newRequest(http.uri("/upload", Map.of()), TIMEOUT)
                    .header("Content-Type", body.contentType()).POST(body.publisher()).build(), false, TIMEOUT);
            assertThat(answer.statusCode()).isEqualTo(200);
        }
        ScriptedServer.Received received = server.received().get(0);
        String boundary = body.contentType().substring(body.contentType().indexOf("boundary=") + 9);
        assertThat(received.contentType()).isEqualTo("multipart/form-data; boundary=" + boundary);
        assertThat(ScriptedServer.text(received.body())).isEqualTo("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"name\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + "demo\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"data\"; filename=\"x.csv\"\r\nContent-Type: text/csv\r\n\r\n"
                + "a,b\n1,2\n\r\n"
                + "--" + boundary + "--\r\n");
    }
}
