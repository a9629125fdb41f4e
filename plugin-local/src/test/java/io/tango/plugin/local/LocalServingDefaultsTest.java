package io.tango.plugin.local;

import io.tango.api.deploy.Deployment;
import io.tango.runtime.TangoRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deployment served with the target's defaults, as a user gets it from config: it listens on the loopback address
 * only, and refuses a body over 16 MiB with 413 and MLflow's error body, before reading it whole.
 */
class LocalServingDefaultsTest {
    private static final int DEFAULT_MAX_REQUEST_SIZE = 16 << 20;

    @TempDir
    static Path root;

    private static TangoRuntime runtime;
    private static URI url;

    @BeforeAll
    static void serveWithDefaults() throws IOException {
        Path onnx = Files.write(root.resolve("linear.onnx"), Fixtures.linearOnnx(new float[] {1f}, 0f));
        runtime = TangoRuntime.builder().environment(Map.of()).configYaml("""
                model_management:
                  deployment_targets:
                    local: {type: local, config: {root: "%s"}}
                """.formatted(root.resolve("store").toString().replace("\\", "/"))).build();
        Deployment deployment = runtime.deploymentClient("local")
                .createDeployment("linear", onnx.toString(), Optional.empty(), Map.of("serve", "true"));
        url = deployment.url().orElseThrow();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void listensOnTheLoopbackAddressOnly() throws IOException {
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        String port = String.format(Locale.ROOT, "%04X", url.getPort());
        List<String> listening = new ArrayList<>(listeningAddresses(Path.of("/proc/net/tcp"), port));
        listening.addAll(listeningAddresses(Path.of("/proc/net/tcp6"), port));
        // 127.0.0.1 as an IPv4 socket, or as the IPv4-mapped address of a dual-stack one; never 0.0.0.0 nor ::.
        assertThat(listening).singleElement().isIn("0100007F", "0000000000000000FFFF00000100007F");
    }

    /**
     * @return the local addresses of the sockets listening on {@code port}, from a {@code /proc/net/tcp} table: the
     *     address is hexadecimal in the kernel's byte order, state {@code 0A} is LISTEN
     */
    private static List<String> listeningAddresses(Path table, String port) throws IOException {
        return Files.readAllLines(table).stream().skip(1)
                .map(line -> line.strip().split("\\s+"))
                .filter(fields -> fields[1].endsWith(":" + port) && fields[3].equals("0A"))
                .map(fields -> fields[1].substring(0, fields[1].indexOf(':')))
                .toList();
    }

    @Test
    void refusesABodyOverSixteenMebibytesWithMlflowsErrorBody() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        byte[] oversized = new byte[DEFAULT_MAX_REQUEST_SIZE + 1];
        java.util.Arrays.fill(oversized, (byte) ' ');
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(url.resolve("/invocations"))
                .timeout(Duration.ofMinutes(1))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(oversized))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).isEqualTo("{\"error_code\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"the request body is"
                + " larger than the limit of 16777216 bytes\"}");
        assertThat(Http.invoke(url, "{\"inputs\": {\"x\": [[2.0]]}}").body()).isEqualTo("{\"predictions\":[[2.0]]}");
    }
}
