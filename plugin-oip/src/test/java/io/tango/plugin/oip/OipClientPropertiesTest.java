package io.tango.plugin.oip;

import io.tango.api.InvalidRequestException;
import io.tango.api.ModelKey;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoException;
import io.tango.api.Tensor;
import io.tango.plugin.oip.ScriptedOipServer.Answer;
import io.tango.toolkit.http.HttpSettings;
import io.tango.toolkit.http.RetrySettings;
import io.tango.toolkit.oip.OipInferenceRequest;
import io.tango.toolkit.oip.OipTensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile answers and keys, generated: whatever an OIP server answers to an inference (a valid binary answer with
 * bytes flipped, cut or appended, any status with any body) and whatever a key says, plugin-oip answers with a
 * result or one of TANGO's typed errors, never a raw exception. 30,000 generated cases, 20,000 of them answers over
 * HTTP.
 */
class OipClientPropertiesTest {
    private static final String INFER = "POST /v2/models/m/infer";
    private static final String VALID_JSON = "{\"model_name\": \"m\", \"id\": \"1\", \"outputs\": [{\"name\": \"y\","
            + " \"datatype\": \"FP32\", \"shape\": [1, 2], \"parameters\": {\"binary_data_size\": 8}}, {\"name\": \"t\","
            + " \"datatype\": \"BYTES\", \"shape\": [2], \"parameters\": {\"binary_data_size\": 10}}]}";

    private static ScriptedOipServer server;
    private static OipServers servers;
    private static OipClient client;

    @BeforeContainer
    static void start() throws IOException {
        server = ScriptedOipServer.start();
        servers = new OipServers(new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), RetrySettings.NONE, 1 << 20),
                OipBinaryMode.NEVER, "properties");
        client = servers.client(server.uri());
    }

    @AfterContainer
    static void stop() {
        servers.close();
        server.close();
    }

    private static OipInferenceRequest request() {
        return new OipInferenceRequest(Optional.empty(), Map.of(),
                List.of(OipTensor.of("x", Tensor.ofFloats(new float[] {1, 2}, 1, 2))), List.of());
    }

    private static byte[] validBody() {
        byte[] json = VALID_JSON.getBytes(StandardCharsets.UTF_8);
        byte[] tensors = {0, 0, 0x40, 0x40, 0, 0, (byte) 0xa0, 0x40, 1, 0, 0, 0, 'a', 3, 0, 0, 0, 'b', 'c', 'd'};
        byte[] body = new byte[json.length + tensors.length];
        System.arraycopy(json, 0, body, 0, json.length);
        System.arraycopy(tensors, 0, body, json.length, tensors.length);
        return body;
    }

    private static void assertTypedOutcome(Answer answer) {
        server.on(INFER, answer);
        try {
            assertThat(client.infer("m", Optional.empty(), request()).outputs()).isNotNull();
        } catch (TangoException expected) {
            assertThat(expected.getMessage()).isNotBlank().hasSizeLessThan(6_000);
        }
    }

    @Property(tries = 10_000, edgeCases = EdgeCasesMode.NONE)
    void aMutatedBinaryAnswerIsReadOrRefusedWithATypedError(@ForAll("mutatedBinaryAnswers") Answer answer) {
        assertTypedOutcome(answer);
    }

    @Property(tries = 10_000, edgeCases = EdgeCasesMode.NONE)
    void anyStatusWithAnyBodyIsATypedError(@ForAll("errorAnswers") Answer answer) {
        server.on(INFER, answer);
        try {
            client.infer("m", Optional.empty(), request());
        } catch (TangoException expected) {
            assertThat(expected.getMessage()).isNotBlank();
            if (expected instanceof RemoteServiceException remote) {
                assertThat(remote.httpStatus().orElse(answer.status())).isEqualTo(answer.status());
            }
            return;
        }
        assertThat(answer.status() / 100).isEqualTo(2);
    }

    @Property(tries = 10_000, edgeCases = EdgeCasesMode.NONE)
    void anyKeyIsAModelNotOursOrAnInvalidRequest(@ForAll("keys") String key) {
        try {
            Optional<OipModelRef> ref = OipModelRef.parse(ModelKey.of(key), Optional.of(URI.create("http://127.0.0.1:1")));
            ref.ifPresent(found -> assertThat(found.model()).isNotEmpty().doesNotContain("/"));
        } catch (InvalidRequestException expected) {
            assertThat(expected.getMessage()).startsWith("model key");
        }
    }

    @Provide
    Arbitrary<Answer> mutatedBinaryAnswers() {
        byte[] valid = validBody();
        int headerLength = VALID_JSON.getBytes(StandardCharsets.UTF_8).length;
        Arbitrary<byte[]> bodies = Combinators.combine(
                Arbitraries.integers().between(0, valid.length - 1),
                Arbitraries.bytes(),
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, valid.length))
                .as((position, value, how, cut) -> {
                    byte[] body = valid.clone();
                    return switch (how) {
                        case 0 -> {
                            body[position] = value;
                            yield body;
                        }
                        case 1 -> java.util.Arrays.copyOf(body, cut);
                        case 2 -> java.util.Arrays.copyOf(body, body.length + cut);
                        default -> {
                            body[position] ^= (byte) (1 << (value & 7));
                            yield body;
                        }
                    };
                });
        Arbitrary<String> lengths = Arbitraries.oneOf(Arbitraries.integers().between(-5, valid.length + 5).map(String::valueOf),
                Arbitraries.just(String.valueOf(headerLength)), Arbitraries.strings().ofMaxLength(12));
        return Combinators.combine(bodies, lengths).as((body, length) ->
                new Answer(200, Map.of("Inference-Header-Content-Length", length.isBlank() ? "0" : length), body));
    }

    @Provide
    Arbitrary<Answer> errorAnswers() {
        Arbitrary<Integer> statuses = Arbitraries.oneOf(Arbitraries.of(400, 401, 403, 404, 408, 422, 429, 500, 501, 502, 503, 504),
                Arbitraries.integers().between(400, 599));
        Arbitrary<String> bodies = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300),
                Arbitraries.strings().ofMaxLength(100).map(text -> "{\"error\": \"" + text.replace("\"", "") + "\"}"),
                Arbitraries.strings().ofMaxLength(100).map(text -> "{\"detail\": [{\"loc\": [\"body\", 3], \"msg\": \""
                        + text.replace("\"", "") + "\"}]}"),
                Arbitraries.just("{\"detail\": 42}"), Arbitraries.just("[]"), Arbitraries.just(""));
        return Combinators.combine(statuses, bodies).as((status, body) ->
                new Answer(status, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8)));
    }

    @Provide
    Arbitrary<String> keys() {
        Arbitrary<String> segment = Arbitraries.oneOf(Arbitraries.strings().withChars("abc/:.?#@[]%v0129-").ofMaxLength(12),
                Arbitraries.of("versions", "", "/", "//", "m", "1"));
        return Combinators.combine(Arbitraries.of("oip:", "oip://", "oip:/", "oip+grpc://", "OIP://", "deepaas://"),
                Arbitraries.of("", "127.0.0.1", "127.0.0.1:8001", "[::1]:9", "h"), segment.list().ofMaxSize(5))
                .as((scheme, authority, segments) -> {
                    String key = scheme + authority + "/" + String.join("/", segments);
                    return key.isBlank() ? "oip:x" : key;
                });
    }
}
