package io.tango.plugin.devo.fidelity;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tango.plugin.devo.server.FakeModelManagerServer;
import io.tango.plugin.devo.server.MultipartPart;
import io.tango.plugin.devo.server.RecordedRequest;
import io.tango.testkit.fault.RefusingPort;
import io.tango.testkit.python.ProcessResult;
import io.tango.testkit.python.PythonEnvironment;
import io.tango.testkit.python.PythonRequirements;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proof of fidelity: the real Python client ({@code devo-mlmodelmanager==1.6.1}, in a cached virtual environment) and
 * the Java client run the same scenarios against the same {@link FakeModelManagerServer}; every scenario must end the
 * same way with both (success with equal results, or the same kind of error), and both clients must send the same
 * requests (paths, queries, auth headers, content types, JSON bodies, multipart fields).
 *
 * <p>Two deliberate differences are declared and pinned down: the Java downloader refuses a model name that would
 * write outside its folder (Python writes there), and a named profile file that is not where it is named is looked
 * for in the current and home directories as the Python client documents (the Python code looks for
 * {@code modelmanager.ini} instead).
 */
class DevoPythonClientFidelityTest {
    /** Scenario id → {Python's outcome, Java's outcome}: where the port differs on purpose. */
    private static final Map<String, List<String>> DIVERGENCES = Map.of(
            "hostile-name-download", List.of("ok", "value-error"),
            "profile-given-file-name-only-in-home", List.of("profile-error", "ok"));

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static FakeModelManagerServer server;
    private static Path work;
    private static FidelitySide python;
    private static FidelitySide java;
    private static Map<String, JsonNode> pythonOutcomes;
    private static Map<String, JsonNode> javaOutcomes;
    private static String pythonOutput;
    /** Held until every scenario ran, so that no other process can take the port and answer on it. */
    private static RefusingPort refusing;

    @BeforeAll
    static void runTheScenariosWithBothClients() throws Exception {
        server = FakeModelManagerServer.start();
        work = Files.createTempDirectory("devo-fidelity-").toRealPath();
        refusing = RefusingPort.open();
        URI closed = refusing.url("/mlmodelmanager");
        python = side("python", closed);
        java = side("java", closed);
        for (FidelitySide side : List.of(python, java)) {
            server.addToken(side.token(), side.domain());
            server.resetDomain(side.domain());
            server.resetDomain(side.legacyDomain());
            server.putModel(side.domain(), "evil", "../evil", "ONNX", "a hostile name", FidelityScenarios.HOSTILE);
            FidelityScenarios.prepare(side);
        }

        PythonEnvironment environment = PythonEnvironment.ensure("devo", PythonRequirements.DEVO);
        Path script = work.resolve("devo_scenarios.py");
        try (InputStream in = DevoPythonClientFidelityTest.class.getResourceAsStream("devo_scenarios.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path input = work.resolve("python-scenarios.json");
        Path output = work.resolve("python-outcomes.json");
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("work", python.work().toString());
        document.put("scenarios", FidelityScenarios.scenarios(python));
        MAPPER.writeValue(input.toFile(), document);
        ProcessResult result = environment.run(
                List.of(script.toString(), input.toString(), output.toString()), Duration.ofMinutes(3));
        pythonOutput = result.output();
        assertThat(result.exitCode()).as("the Python script failed:%n%s", pythonOutput).isZero();
        pythonOutcomes = byId(MAPPER.readTree(output.toFile()));

        List<Map<String, Object>> javaResults =
                new JavaScenarioRunner(java.work()).run(FidelityScenarios.scenarios(java));
        javaOutcomes = byId(MAPPER.valueToTree(javaResults));
    }

    @AfterAll
    static void stopTheServer() throws IOException {
        if (refusing != null) {
            refusing.close();
        }
        if (server != null) {
            server.close();
        }
        if (work != null) {
            try (Stream<Path> paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioEndsTheSameWithBothClients() {
        assertThat(javaOutcomes.keySet()).containsExactlyElementsOf(pythonOutcomes.keySet());
        return pythonOutcomes.keySet().stream()
                .filter(id -> !DIVERGENCES.containsKey(id))
                .map(id -> DynamicTest.dynamicTest(id, () -> {
                    JsonNode expected = pythonOutcomes.get(id);
                    JsonNode actual = javaOutcomes.get(id);
                    assertThat(actual.get("outcome").asText())
                            .as("outcome of %s (Python said: %s; Java said: %s)", id, expected.path("message"),
                                    actual.path("message"))
                            .isEqualTo(expected.get("outcome").asText());
                    assertThat(actual.get("result")).as("result of %s", id).isEqualTo(expected.get("result"));
                }));
    }

    @Test
    void bothClientsSendTheSameRequests() {
        List<String> pythonRequests = trace(python);
        List<String> javaRequests = trace(java);
        assertThat(pythonRequests).as("requests of the Python client").hasSizeGreaterThan(40);
        assertThat(javaRequests).containsExactlyElementsOf(pythonRequests);
    }

    @Test
    void theScenariosReachEveryOutcomeKind() {
        Set<String> kinds = new TreeSet<>();
        pythonOutcomes.values().forEach(outcome -> kinds.add(outcome.get("outcome").asText()));
        assertThat(kinds).containsExactlyInAnyOrder("ok", "model-not-found", "model-already-exists", "token-error",
                "model-manager-error:0", "model-manager-error:404", "model-manager-error:500", "transport-error",
                "value-error", "file-not-found", "profile-error", "profile-value-required");
    }

    @Test
    void thePythonClientWritesAHostileNameOutsideItsFolderWhereJavaRefuses() {
        JsonNode pythonOutcome = pythonOutcomes.get("hostile-name-download");
        assertThat(pythonOutcome.get("outcome").asText()).isEqualTo(DIVERGENCES.get("hostile-name-download").get(0));
        assertThat(pythonOutcome.at("/result/file/path").asText()).isEqualTo("<work>/downloads/../evil.onnx");
        assertThat(python.work().resolve("evil.onnx")).hasBinaryContent(FidelityScenarios.HOSTILE);

        JsonNode javaOutcome = javaOutcomes.get("hostile-name-download");
        assertThat(javaOutcome.get("outcome").asText()).isEqualTo(DIVERGENCES.get("hostile-name-download").get(1));
        assertThat(javaOutcome.get("message").asText()).isEqualTo("Refusing to write the file of model '../evil' as"
                + " '../evil.onnx': it is not a plain file name inside the download folder " + java.downloads());
        assertThat(java.work().resolve("evil.onnx")).doesNotExist();
    }

    @Test
    void aNamedProfileFileMissingWhereNamedIsLookedForAsDocumentedNotAsThePythonCodeDoes() {
        String id = "profile-given-file-name-only-in-home";
        assertThat(pythonOutcomes.get(id).get("outcome").asText()).isEqualTo(DIVERGENCES.get(id).get(0));
        assertThat(pythonOutcomes.get(id).get("message").asText())
                .startsWith("File not found in paths:")
                .contains("team.ini");
        assertThat(javaOutcomes.get(id).get("outcome").asText()).isEqualTo(DIVERGENCES.get(id).get(1));
        assertThat(javaOutcomes.get(id).at("/result/token").asText()).isEqualTo("dev-token-123");
    }

    private static List<String> trace(FidelitySide side) {
        List<String> trace = new ArrayList<>();
        for (RecordedRequest request : server.requests()) {
            if (request.token().filter(token -> token.startsWith(side.name() + "-")).isEmpty()) {
                continue;
            }
            StringBuilder text = new StringBuilder()
                    .append(request.installation()).append(' ')
                    .append(request.method()).append(' ')
                    .append(request.rawPath())
                    .append(request.rawQuery().map(query -> "?" + query).orElse(""));
            text.append(" | ").append(request.header("standAloneToken").isPresent()
                    ? "standAloneToken: " + request.header("standAloneToken").get()
                    : "Authorization: " + request.header("Authorization").orElse(""));
            request.header("Content-Type").ifPresent(type -> text.append(" | ").append(type.replaceAll(
                    ";\\s*boundary=.*", "; boundary=*")));
            request.json().ifPresent(json -> text.append(" | ").append(json));
            for (MultipartPart part : request.parts()) {
                text.append(" | part ").append(part.name())
                        .append(part.fileName().map(name -> " filename=" + name).orElse(""))
                        .append(" headers=").append(part.headerNames())
                        .append(" sha256=").append(sha256(part.content()));
            }
            trace.add(side.neutral(text.toString()));
        }
        return trace;
    }

    private static Map<String, JsonNode> byId(JsonNode outcomes) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        outcomes.forEach(outcome -> byId.put(outcome.get("id").asText(), outcome));
        return byId;
    }

    private static FidelitySide side(String name, URI closed) {
        return new FidelitySide(name, work.resolve(name),
                server.url(FakeModelManagerServer.LATEST),
                server.url(FakeModelManagerServer.LEGACY),
                server.url(FakeModelManagerServer.SILENT),
                server.url(FakeModelManagerServer.BROKEN),
                closed);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
