package io.tango.bench.serve;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The serving ceiling answers any request 200 with its fixed body, on a kept-alive connection. */
class HelloWorldServerMainTest {
    @Test
    void answersEveryRequestWithTheFixedBodyOnOneConnection() throws Exception {
        try (HelloWorldServerMain server = HelloWorldServerMain.start(0)) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI url = URI.create("http://127.0.0.1:" + server.port() + "/v2/models/linear/infer");

            HttpResponse<String> post = client.send(HttpRequest.newBuilder(url)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":[]}")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> get = client.send(HttpRequest.newBuilder(url.resolve("/anything")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(post.statusCode()).isEqualTo(200);
            assertThat(post.body()).isEqualTo(HelloWorldServerMain.BODY);
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).isEqualTo(HelloWorldServerMain.BODY);
        }
    }
}
