package io.tango.cli.it;

import io.tango.cli.it.Distribution.Run;
import io.tango.cli.it.Distribution.Server;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tango serve} of the real distribution puts every local deployment on one HTTP port, answering MLflow's
 * scoring protocol by name and the Open Inference Protocol, with OIP's gRPC service on {@code --grpc-port}.
 */
class ServeOipIT {
    private static final Pattern SERVING = Pattern.compile("Serving 2 deployments at (http://127\\.0\\.0\\.1:\\d+):");
    private static final Pattern GRPC = Pattern.compile("over gRPC at 127\\.0\\.0\\.1:(\\d+)");
    private static final String ROW = "{\"inputs\": {\"sepal_length\": [5.1], \"sepal_width\": [3.5], \"petal_length\": [1.4],"
            + " \"petal_width\": [0.2]}}";

    @TempDir
    static Path userHome;

    private static Distribution distribution;

    @BeforeAll
    static void trainAndDeployTwice() {
        distribution = Distribution.withTrainedIris(userHome);
        for (String name : new String[] {"first", "second"}) {
            Run created = distribution.run("deployments", "create", "-t", "local", "--name", name, "-m", "iris");
            assertThat(created.exitCode()).as(created.toString()).isZero();
        }
    }

    @Test
    void servesEveryDeploymentOnOnePortOverBothProtocolsAndGrpc() throws Exception {
        try (Server server = distribution.start("serve", "--grpc-port", "0")) {
            String output = server.awaitOutput(text -> text.contains("Press Ctrl-C to stop."), Distribution.TIMEOUT);
            Matcher serving = SERVING.matcher(output);
            Matcher grpc = GRPC.matcher(output);
            assertThat(serving.find()).as(output).isTrue();
            assertThat(grpc.find()).as(output).isTrue();
            String base = serving.group(1);

            assertThat(post(base, "/invocations/second", ROW).statusCode()).isEqualTo(200);
            assertThat(post(base, "/invocations", ROW).statusCode()).isEqualTo(200);
            assertThat(get(base, "/v2/models/first").body()).startsWith("{\"name\":\"first\",\"versions\":[\"1\"]");
            assertThat(get(base, "/v2/health/ready").statusCode()).isEqualTo(200);
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(grpc.group(1))), 10_000);
                assertThat(socket.isConnected()).isTrue();
            }
        }
    }

    private static HttpResponse<String> get(String base, String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(1)).GET().build());
    }

    private static HttpResponse<String> post(String base, String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(1))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
