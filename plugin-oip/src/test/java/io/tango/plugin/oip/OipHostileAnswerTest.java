package io.tango.plugin.oip;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelInitializer;
import io.tango.api.ModelKey;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.WorkingSession;
import io.tango.plugin.oip.ScriptedOipServer.Answer;
import io.tango.testkit.fault.Fault;
import io.tango.testkit.fault.FaultyHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Answers a broken or hostile OIP server may give to an inference or a metadata call: counts that disagree with
 * shapes, binary sizes that lie, header lengths past the body, bad JSON, shapes claiming more elements than exist,
 * JSON nested 100,000 deep, answers past the size cap, no answer at all. Each ends in a non-retriable
 * {@link RemoteServiceException} saying what was wrong (or an {@link OperationTimeoutException}), never a raw
 * exception, an exhausted heap or stack, or a hang.
 */
class OipHostileAnswerTest {
    private static final String INFER = "POST /v2/models/m/infer";

    private ScriptedOipServer server;
    private ModelInitializer initializer;
    private TangoModel<?, ?> model;
    private String service;

    @BeforeEach
    void start() throws IOException {
        server = ScriptedOipServer.start();
        service = "OIP server at " + server.uri();
        server.on("GET /v2", Answer.json(200, "{\"name\": \"hostile\", \"extensions\": [\"binary_tensor_data\"]}"))
                .on("GET /v2/models/m", Answer.json(200, OipQuirksTest.METADATA));
        ModelDescriptor descriptor;
        try (ModelFinder finder = TestComponents.create(new OipModelFinderFactory(), server.uri())) {
            descriptor = finder.find(ModelKey.of("oip:/m")).orElseThrow();
        }
        initializer = TestComponents.create(new OipModelInitializerFactory(), null, "max_response_size", "1MiB");
        model = initializer.initialize(descriptor).orElseThrow();
    }

    @AfterEach
    void stop() {
        initializer.close();
        server.close();
    }

    private static TangoRequest request() {
        return TangoRequest.builder().input("x", List.of(List.of(1.5, 2.5))).input("label", List.of("a")).build();
    }

    private void assertRefused(String message) {
        assertThatThrownBy(() -> model.predict(request(), WorkingSession.none()))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessage(message)
                .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isFalse());
    }

    private String notOip(String problem) {
        return service + " answered HTTP 200: the answer to " + INFER + " is not valid OIP: " + problem;
    }

    @Test
    void dataThatDisagreesWithTheShape() {
        server.on(INFER, Answer.json(200, "{\"model_name\": \"m\", \"outputs\": [{\"name\": \"y\", \"datatype\": \"FP32\","
                + " \"shape\": [2, 2], \"data\": [1, 2, 3]}]}"));

        assertRefused(notOip("outputs[0].shape [2, 2] needs 4 elements, data has 3"));
    }

    @Test
    void aShapeThatClaimsMoreElementsThanATensorHolds() {
        server.on(INFER, Answer.json(200, "{\"model_name\": \"m\", \"outputs\": [{\"name\": \"y\", \"datatype\": \"FP32\","
                + " \"shape\": [100000, 100000, 100000], \"data\": [1]}]}"));

        assertRefused(notOip("outputs[0].shape [100000, 100000, 100000] has more than 2147483647 elements, more than"
                + " one tensor holds"));
    }

    @Test
    void aBinaryDataSizeThatLies() {
        server.on(INFER, Answer.binary("{\"model_name\": \"m\", \"outputs\": [{\"name\": \"y\", \"datatype\": \"FP32\","
                + " \"shape\": [1, 2], \"parameters\": {\"binary_data_size\": 400}}]}", OipQuirksTest.floats(3f, 5f)));

        assertThatThrownBy(() -> model.predict(request(), WorkingSession.none()))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessageStartingWith(notOip("outputs[0].parameters.binary_data_size"));
    }

    @Test
    void aBinaryDataSizeUnlikeWhatTheShapeNeeds() {
        server.on(INFER, Answer.binary("{\"model_name\": \"m\", \"outputs\": [{\"name\": \"y\", \"datatype\": \"FP32\","
                + " \"shape\": [1, 3], \"parameters\": {\"binary_data_size\": 8}}]}", OipQuirksTest.floats(3f, 5f)));

        assertRefused(notOip("outputs[0].parameters.binary_data_size is 8 but shape [1, 3] of FP32 needs 12 bytes"));
    }

    @Test
    void aHeaderLengthPastTheBody() {
        byte[] json = "{\"model_name\": \"m\", \"outputs\": []}".getBytes(StandardCharsets.UTF_8);
        server.on(INFER, new Answer(200, Map.of("Inference-Header-Content-Length", "99999"), json));

        assertRefused(notOip("Inference-Header-Content-Length is 99999 but the body has " + json.length
                + " bytes; it must be between 0 and the body's length"));
    }

    @Test
    void aHeaderLengthThatIsNoNumber() {
        server.on(INFER, new Answer(200, Map.of("Inference-Header-Content-Length", "lots"), new byte[] {'{', '}'}));

        assertRefused(notOip("Inference-Header-Content-Length is 'lots', not a length"));
    }

    @Test
    void anAnswerThatIsNotJson() {
        server.on(INFER, Answer.json(200, "<html>gateway</html>"));

        assertThatThrownBy(() -> model.predict(request(), WorkingSession.none()))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessageStartingWith(notOip("the inference response is not valid JSON"));
    }

    @Test
    void jsonNestedHundredThousandDeep() {
        server.on(INFER, Answer.json(200, "{\"model_name\": \"m\", \"outputs\": [{\"name\": \"y\", \"datatype\": \"FP32\","
                + " \"shape\": [1], \"data\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}]}"));

        assertThatThrownBy(() -> model.predict(request(), WorkingSession.none()))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessageStartingWith(notOip(""));
    }

    private static final String Y = "{\"name\": \"y\", \"datatype\": \"FP32\", \"shape\": [1, 2], \"data\": [1, 2]}";

    @Test
    void anOutputTwice() {
        server.on(INFER, Answer.json(200, "{\"model_name\": \"m\", \"outputs\": [" + Y + ", " + Y + "]}"));

        assertRefused(notOip("outputs[1].name 'y' is given twice"));
    }

    @Test
    void aRequestedOutputMissing() {
        server.on(INFER, Answer.json(200, "{\"model_name\": \"m\", \"outputs\": [" + Y + "]}"));
        TangoRequest askingForText = TangoRequest.builder().input("x", List.of(List.of(1.5, 2.5)))
                .input("label", List.of("a")).parameter("outputs", List.of("text")).build();
        assertThatThrownBy(() -> model.predict(askingForText, WorkingSession.none()))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessage(service + " failed: the inference response of model 'm' is not usable: requested output 'text' is"
                        + " missing (it sent [y])");
    }

    @Test
    void anAnswerPastTheSizeCap() {
        server.on(INFER, Answer.json(200, "{\"model_name\": \"m\", \"pad\": \"" + "x".repeat(2 << 20) + "\"}"));

        assertRefused(service + " answered HTTP 200: the answer to " + INFER + " is over the size cap of 1048576 bytes;"
                + " raise the option max_response_size to accept it");
    }

    @Test
    void aServerThatNeverAnswersEndsWithinTheTimeout() throws IOException {
        try (FaultyHttpServer silent = FaultyHttpServer.start(Fault.neverAnswer());
                ModelInitializer quick = TestComponents.create(new OipModelInitializerFactory(), null, "timeout", "500ms",
                        "binary", "never")) {
            ModelDescriptor descriptor = model.descriptor().toBuilder().endpoint(silent.uri()).build();
            Instant start = Instant.now();

            assertThatThrownBy(() -> quick.initialize(descriptor))
                    .isExactlyInstanceOf(OperationTimeoutException.class)
                    .hasMessageStartingWith("OIP server at " + silent.uri() + " did not answer GET /v2/models/m within 500ms");
            assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofMillis(500).plusSeconds(5));
        }
    }
}
