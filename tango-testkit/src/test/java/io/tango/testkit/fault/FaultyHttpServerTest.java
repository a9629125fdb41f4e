package io.tango.testkit.fault;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultyHttpServerTest {
    private static FaultyHttpServer server;
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws IOException {
        server = FaultyHttpServer.start(Fault.json("{\"ok\":true}"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> post(Duration timeout) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(server.uri().resolve("/invocations")).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":[1]}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersWithTheFallbackWhenNothingIsQueued() throws Exception {
        HttpResponse<String> response = post(Duration.ofSeconds(5));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void answersQueuedFaultsInOrder() throws Exception {
        server.enqueue(Fault.serverError(), Fault.tooManyRequests(3));
        assertThat(post(Duration.ofSeconds(5)).statusCode()).isEqualTo(503);
        HttpResponse<String> limited = post(Duration.ofSeconds(5));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("3");
    }

    @Test
    void cutsAResponseInTheMiddle() {
        server.enqueue(Fault.closeMidResponse());
        assertThatThrownBy(() -> post(Duration.ofSeconds(5))).isInstanceOf(IOException.class);
    }

    @Test
    void neverAnswersARequest() {
        server.enqueue(Fault.neverAnswer());
        assertThatThrownBy(() -> post(Duration.ofMillis(300))).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void resetsAConnectionBeforeAnswering() {
        server.enqueue(Fault.reset());
        assertThatThrownBy(() -> post(Duration.ofSeconds(5))).isInstanceOf(IOException.class);
    }

    @Test
    void dripsAnAnswerSlowly() throws Exception {
        server.enqueue(Fault.slowDrip(Fault.json("{}"), Duration.ofMillis(50)));
        assertThatThrownBy(() -> post(Duration.ofMillis(500))).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void recordsTheRequestLines() throws Exception {
        post(Duration.ofSeconds(5));
        assertThat(server.requestLines()).contains("POST /invocations HTTP/1.1");
    }
}
