package io.tango.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tango.cli.it.Distribution.Run;
import io.tango.cli.it.Distribution.Server;
import io.tango.testkit.python.FreePorts;
import io.tango.testkit.python.ProcessResult;
import io.tango.testkit.python.PythonEnvironment;
import io.tango.testkit.python.PythonRequirements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Open Inference Protocol's own Python clients call {@code tango serve} of the real distribution and get the
 * predictions {@code tango models predict} makes in-process: NVIDIA's {@code tritonclient} over HTTP with JSON tensors,
 * over HTTP with the binary tensor extension and over gRPC (raw contents), and KServe's {@code InferenceRESTClient}
 * and {@code InferenceGRPCClient}. The clients run from the cached {@code oip-triton} and {@code oip-kserve} virtual
 * environments ({@link PythonRequirements#OIP_TRITON}, {@link PythonRequirements#OIP_KSERVE}); the model is the iris
 * classifier the distribution trains, whose OIP metadata the test reads from the server to build the inputs.
 */
class PythonOipClientsCallServeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern HTTP = Pattern.compile("at (http://127\\.0\\.0\\.1:(\\d+))");
    private static final Pattern GRPC = Pattern.compile("over gRPC at (127\\.0\\.0\\.1:\\d+)");
    private static final double[][] ROWS = {{5.1, 3.5, 1.4, 0.2}, {6.7, 3.0, 5.2, 2.3}, {5.9, 3.0, 4.2, 1.5}};

    @TempDir
    static Path userHome;

    private static Server server;
    private static String restBase;
    private static String grpcTarget;
    private static Path inputs;
    private static List<String> outputNames;
    private static JsonNode inProcess;

    @BeforeAll
    static void serveATrainedModelOverBothProtocols() throws Exception {
        Distribution tango = Distribution.withTrainedIris(userHome);
        Run created = tango.run("deployments", "create", "-t", "local", "--name", "iris", "-m", "iris");
        assertThat(created.exitCode()).as(created.toString()).isZero();

        server = tango.start("serve", "--name", "iris", "--port", "0", "--grpc-port", Integer.toString(FreePorts.find()));
        String printed = server.awaitOutput(text -> text.contains("Press Ctrl-C to stop."), Distribution.TIMEOUT);
        Matcher http = HTTP.matcher(printed);
        Matcher grpc = GRPC.matcher(printed);
        assertThat(http.find()).as(printed).isTrue();
        assertThat(grpc.find()).as(printed).isTrue();
        restBase = http.group(1);
        grpcTarget = grpc.group(1);

        // The iris model the distribution trains takes one column per feature, as its OIP metadata says.
        JsonNode metadata = JSON.readTree(get(restBase + "/v2/models/iris"));
        assertThat(metadata.get("inputs")).hasSize(ROWS[0].length);
        Map<String, Object> tensors = new LinkedHashMap<>();
        Map<String, List<Double>> columns = new LinkedHashMap<>();
        for (int feature = 0; feature < ROWS[0].length; feature++) {
            JsonNode input = metadata.get("inputs").get(feature);
            assertThat(input.get("shape")).as(input.toString()).containsExactly(JSON.getNodeFactory().numberNode(-1));
            List<Double> column = new ArrayList<>();
            for (double[] row : ROWS) {
                column.add(row[feature]);
            }
            columns.put(input.get("name").asText(), column);
            tensors.put(input.get("name").asText(), Map.of("datatype", input.get("datatype").asText(), "shape",
                    List.of(ROWS.length), "data", column));
        }
        inputs = Files.writeString(userHome.resolve("inputs.json"), JSON.writeValueAsString(tensors));
        outputNames = new ArrayList<>();
        metadata.get("outputs").forEach(output -> outputNames.add(output.get("name").asText()));
        assertThat(outputNames).as(metadata.toString()).isNotEmpty();

        Run predicted = tango.run("models", "predict", "iris", "--input", JSON.writeValueAsString(columns));
        assertThat(predicted.exitCode()).as(predicted.toString()).isZero();
        inProcess = JSON.readTree(predicted.out());
    }

    @AfterAll
    static void stopServing() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void tritonClientGetsTheInProcessPredictionsOverHttpJsonHttpBinaryAndGrpc() throws Exception {
        PythonEnvironment python = PythonEnvironment.ensure("oip-triton", PythonRequirements.OIP_TRITON);
        Path script = resource("triton_clients_call.py");

        ProcessResult called = python.run(List.of(script.toString(), restBase.substring("http://".length()), grpcTarget,
                "iris", inputs.toString()), CLIENT_TIMEOUT);

        assertThat(called.succeeded()).as(called.output()).isTrue();
        JsonNode answers = JSON.readTree(lastLine(called.output()));
        assertThat(answers.get("http_live").asBoolean()).isTrue();
        assertThat(answers.get("grpc_live").asBoolean()).isTrue();
        for (String mode : List.of("http_json", "http_binary", "grpc")) {
            assertThat(answers.get(mode).properties()).as(mode).extracting(Map.Entry::getKey).containsExactlyElementsOf(outputNames);
            for (String output : outputNames) {
                assertThat(values(answers.get(mode).get(output))).as(mode + " " + output).isEqualTo(inProcess(output));
            }
        }
    }

    @Test
    void kserveClientsGetTheInProcessPredictionsOverRestAndGrpc() throws Exception {
        PythonEnvironment python = PythonEnvironment.ensure("oip-kserve", PythonRequirements.OIP_KSERVE);
        Path script = resource("kserve_clients_call.py");
        Path outputs = Files.writeString(userHome.resolve("outputs.json"), JSON.writeValueAsString(outputNames));

        ProcessResult called = python.run(List.of(script.toString(), restBase, grpcTarget, "iris", inputs.toString(),
                outputs.toString()), CLIENT_TIMEOUT);

        assertThat(called.succeeded()).as(called.output()).isTrue();
        JsonNode answers = JSON.readTree(lastLine(called.output()));
        assertThat(answers.get("grpc_ready").asBoolean()).isTrue();
        for (String mode : List.of("rest", "grpc")) {
            for (String output : outputNames) {
                assertThat(values(answers.get(mode).get(output))).as(mode + " " + output).isEqualTo(inProcess(output));
            }
        }
    }

    /** The in-process answer's values of one output, flattened, whatever the nesting {@code models predict} printed. */
    private static List<String> inProcess(String output) {
        JsonNode node = inProcess.has(output) ? inProcess.get(output) : inProcess.path("outputs").path(output);
        assertThat(node.isMissingNode()).as("output %s in %s", output, inProcess).isFalse();
        return values(node);
    }

    /** Flattens a JSON value to its leaves as text; numbers are compared as 32-bit floats, which is what travels. */
    private static List<String> values(JsonNode node) {
        List<String> leaves = new ArrayList<>();
        collect(node, leaves);
        return leaves;
    }

    private static void collect(JsonNode node, List<String> leaves) {
        if (node.isArray()) {
            node.forEach(element -> collect(element, leaves));
        } else if (node.isNumber()) {
            leaves.add(Float.toString(node.floatValue()));
        } else {
            leaves.add(node.asText());
        }
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static Path resource(String name) {
        Path target = userHome.resolve(name);
        try (InputStream in = PythonOipClientsCallServeIT.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource " + name).isNotNull();
            Files.copy(in, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMinutes(1)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return response.body();
    }
}
