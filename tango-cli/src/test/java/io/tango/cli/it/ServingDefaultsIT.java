package io.tango.cli.it;

import io.tango.cli.it.Distribution.Run;
import io.tango.cli.it.Distribution.Server;
import io.tango.testkit.python.FreePorts;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code tango serve} and {@code tango deployments run-local} of the real distribution expose when the local
 * target is configured with nothing but its store: they listen on 127.0.0.1 only, and refuse a request body over
 * 16 MiB with HTTP 413 and MLflow's error body; {@code host} and {@code max_request_size} (here from {@code TANGO__…}
 * overrides) change both. plugin-local's LocalServingDefaultsTest proves the same of the target built in code; this
 * proves it of the commands.
 */
class ServingDefaultsIT {
    private static final int DEFAULT_LIMIT = 16 << 20;
    private static final String ROW = "{\"inputs\": {\"sepal_length\": [5.1], \"sepal_width\": [3.5], \"petal_length\": [1.4],"
            + " \"petal_width\": [0.2]}}";
    private static final Pattern URL = Pattern.compile("(http://127\\.0\\.0\\.1:(\\d+))");

    @TempDir
    static Path userHome;

    private static Distribution distribution;
    private static Path config;

    @BeforeAll
    static void trainAModelOnAStoreWithDefaults() throws IOException {
        config = Distribution.localStoreConfig(userHome);
        distribution = new Distribution(Distribution.built(userHome).home(), userHome, Map.of("TANGO_CONFIG", config.toString()));
        Run training = distribution.run("train", "iris", "-a", "data=" + distribution.home().resolve("examples/iris.csv"),
                "-a", "target=species", "-a", "epochs=5");
        assertThat(training.exitCode()).as(training.toString()).isZero();
    }

    @Test
    void serveListensOnLoopbackOnlyAndRefusesAnOversizedBodyWith413() throws Exception {
        assertThat(distribution.run("deployments", "create", "-t", "local", "--name", "served", "-m", "iris").exitCode()).isZero();
        try (Server server = distribution.start("serve", "--name", "served")) {
            Matcher url = URL.matcher(server.awaitOutput(text -> text.contains("Press Ctrl-C to stop."), Distribution.TIMEOUT));
            assertThat(url.find()).isTrue();

            HttpResponse<String> refused = post(url.group(1), new String(spaces(DEFAULT_LIMIT + 1)));

            assertThat(listening(Integer.parseInt(url.group(2)))).singleElement().isIn("0100007F", "0000000000000000FFFF00000100007F");
            assertThat(refused.statusCode()).isEqualTo(413);
            assertThat(refused.body()).isEqualTo("{\"error_code\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"the request body is larger"
                    + " than the limit of 16777216 bytes\"}");
            assertThat(post(url.group(1), ROW).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void runLocalListensOnLoopbackOnlyByDefault() throws Exception {
        RunLocal runLocal = runLocal(distribution, "foreground");
        int port = runLocal.port();
        try (Server server = runLocal.server()) {
            String base = "http://127.0.0.1:" + port;

            assertThat(listening(port)).singleElement().isIn("0100007F", "0000000000000000FFFF00000100007F");
            assertThat(post(base, new String(spaces(DEFAULT_LIMIT + 1))).statusCode()).isEqualTo(413);
        }
    }

    @Test
    void runLocalBindsAndCapsWhatTheConfigurationSays() throws Exception {
        Distribution toldOtherwise = new Distribution(distribution.home(), userHome, Map.of("TANGO_CONFIG", config.toString(),
                "TANGO__MODEL_MANAGEMENT__DEPLOYMENT_TARGETS__LOCAL__CONFIG__HOST", "0.0.0.0",
                "TANGO__MODEL_MANAGEMENT__DEPLOYMENT_TARGETS__LOCAL__CONFIG__MAX_REQUEST_SIZE", "1KiB"));
        RunLocal runLocal = runLocal(toldOtherwise, "everywhere");
        int port = runLocal.port();
        try (Server server = runLocal.server()) {
            String base = "http://127.0.0.1:" + port;

            HttpResponse<String> refused = post(base, new String(spaces(1025)));

            assertThat(listening(port)).singleElement().isIn("00000000", "00000000000000000000000000000000");
            assertThat(refused.statusCode()).isEqualTo(413);
            assertThat(refused.body()).isEqualTo("{\"error_code\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"the request body is larger"
                    + " than the limit of 1024 bytes\"}");
        }
    }

    private static byte[] spaces(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        return body;
    }

    /** A {@code deployments run-local} that answers {@code /ping}, and the port it listens on. */
    private record RunLocal(Server server, int port) {
    }

    /**
     * Starts {@code deployments run-local} of {@code iris} on a port found free, and again on another one (three at the
     * most) if another process took that port before the server bound it.
     */
    private static RunLocal runLocal(Distribution tango, String name) throws Exception {
        AssertionError lost = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = FreePorts.find();
            Server server = tango.start("deployments", "run-local", "-t", "local", "--name", name, "-m", "iris",
                    "-C", "port=" + port);
            try {
                awaitPing(server, "http://127.0.0.1:" + port);
                return new RunLocal(server, port);
            } catch (AssertionError e) {
                server.close();
                if (!server.err().contains("Address already in use")) {
                    throw e;
                }
                lost = e;
            }
        }
        throw lost;
    }

    private static HttpResponse<String> post(String base, String body) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create(base + "/invocations")).timeout(Duration.ofMinutes(1))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * @return the local addresses of the sockets listening on {@code port}, from /proc/net/tcp and tcp6 (hexadecimal, in
     *     the kernel's byte order; state 0A is LISTEN)
     */
    private static List<String> listening(int port) throws IOException {
        String hex = String.format(Locale.ROOT, "%04X", port);
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Files.readAllLines(Path.of(table)).stream().skip(1)
                    .map(line -> line.strip().split("\\s+"))
                    .filter(fields -> fields[1].endsWith(":" + hex) && fields[3].equals("0A"))
                    .forEach(fields -> addresses.add(fields[1].substring(0, fields[1].indexOf(':'))));
        }
        return addresses;
    }

    private static void awaitPing(Server server, String base) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Distribution.TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(base + "/ping")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                server.pause(Duration.ofMillis(200));
            }
        }
        throw new AssertionError("run-local did not answer /ping within " + Distribution.TIMEOUT + "\n" + server.err());
    }
}
