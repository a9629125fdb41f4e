package io.tango.plugin.deepaas;

import io.tango.api.Blob;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelInitializer;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.tango.plugin.deepaas.DeepaasTestServer.CLASSIFIER;
import static io.tango.plugin.deepaas.DeepaasTestServer.ECHO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** Predictions of DEEPaaS models through the DEEPAAS initializer, against a real DEEPaaS 2.6.0 and the demo models. */
class DeepaasModelTest {
    private static DeepaasTestServer server;
    private static ModelFinder finder;
    private static ModelInitializer initializer;
    private static ModelInitializer uncheckedInitializer;
    private static TangoModel<?, ?> classifier;
    private static TangoModel<?, ?> uncheckedClassifier;
    private static TangoModel<?, ?> echo;

    @BeforeAll
    static void startServer() {
        server = DeepaasTestServer.demoModels();
        finder = TestComponents.create(new DeepaasModelFinderFactory(), "demo", Map.of());
        initializer = TestComponents.create(new DeepaasModelInitializerFactory(), "demo", Map.of());
        uncheckedInitializer = TestComponents.create(new DeepaasModelInitializerFactory(), "unchecked",
                Map.of("client_side_validation", false));
        classifier = initializer.initialize(describe(CLASSIFIER)).orElseThrow();
        uncheckedClassifier = uncheckedInitializer.initialize(describe(CLASSIFIER)).orElseThrow();
        echo = initializer.initialize(describe(ECHO)).orElseThrow();
    }

    @AfterAll
    static void stopServer() {
        for (AutoCloseable closeable : new AutoCloseable[] {initializer, uncheckedInitializer, finder, server}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static ModelDescriptor describe(String model) {
        return finder.find(ModelKey.of(server.key(model))).orElseThrow();
    }

    @Test
    void predictsWithTheServersDefaults() {
        TangoResponse response = classifier.predict(TangoRequest.of(Map.of("petal_length", 1.0)));

        assertThat(response.outputs()).containsExactly(
                entry("status", "OK"),
                entry("predictions", List.of(Map.of("label", "setosa", "probability", 0.9))),
                entry("unit", "cm"));
        assertThat(response.contentType()).isEqualTo("application/json");
        assertThat(response.metadata()).containsExactly(entry("model", CLASSIFIER));
    }

    @Test
    void predictsWithEveryArgument() {
        byte[] attachment = "hello, DEEPaaS\n".getBytes(StandardCharsets.UTF_8);
        TangoRequest request = TangoRequest.builder()
                .input("petal_length", 45)
                .input("petal_width", 15.0)
                .input("attachment", Blob.ofFile("text/plain", "note.txt", attachment))
                .parameter("unit", "mm")
                .parameter("top_k", 3L)
                .parameter("calibrated", true)
                .accept("application/json")
                .build();

        TangoResponse response = classifier.predict(request);

        assertThat(response.outputs()).containsExactly(
                entry("status", "OK"),
                entry("predictions", List.of(
                        Map.of("label", "versicolor", "probability", 0.983),
                        Map.of("label", "virginica", "probability", 0.0136),
                        Map.of("label", "setosa", "probability", 0.0034))),
                entry("unit", "mm"),
                entry("attachment_sha256", sha256(attachment)));
    }

    @Test
    void sendsAFileAsAMultipartFilePart() {
        byte[] image = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};

        TangoResponse response = classifier.predict(TangoRequest.of(Map.of(
                "petal_length", 6,
                "attachment", Blob.of("image/png", image))));

        assertThat(response.output("attachment_sha256")).contains(sha256(image));
    }

    @Test
    void sendsNumbersAndBooleansGivenAsTextTheWayTheServerParsesThem() {
        TangoResponse response = classifier.predict(TangoRequest.of(Map.of(
                "petal_length", "4.5", "petal_width", "1.5", "top_k", "2", "calibrated", "yes")));

        assertThat(response.output("predictions")).contains(List.of(
                Map.of("label", "versicolor", "probability", 0.983),
                Map.of("label", "virginica", "probability", 0.0136)));
    }

    @Test
    void honoursTheAcceptedContentType() {
        TangoResponse response = classifier.predict(TangoRequest.builder()
                .input("petal_length", 6)
                .accept("text/plain")
                .build());

        assertThat(response.outputs()).containsExactly(entry("predictions", "virginica"));
        assertThat(response.contentType()).isEqualTo("text/plain");
    }

    @Test
    void mapsTheWrappedPredictionsOfAModelWithoutASchema() {
        TangoResponse response = echo.predict(TangoRequest.of(Map.of("text", "hi")));

        assertThat(response.outputs()).containsExactly(entry("predictions", Map.of("echo", "hi hi")));
        assertThat(response.metadata()).containsExactly(entry("model", ECHO), entry("status", "OK"));
    }

    @Test
    void mapsARequestToAMultipartBodyWithoutAnAcceptHeaderUnlessAsked() {
        DeepaasPredictRequest mapped = ((DeepaasModel) classifier).mapRequest(
                TangoRequest.of(Map.of("petal_length", 1)), WorkingSession.none());

        assertThat(mapped.body().contentType()).startsWith("multipart/form-data; boundary=");
        assertThat(mapped.body().asUtf8()).contains("Content-Disposition: form-data; name=\"petal_length\"\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n1\r\n");
        assertThat(mapped.accept()).isEmpty();
    }

    @Test
    void rejectsAWrongTypeBeforeSending() {
        assertThatThrownBy(() -> classifier.predict(TangoRequest.of(Map.of("petal_length", 1, "top_k", "many"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Invalid predict request for DEEPaaS model 'demo-classifier': argument 'top_k' must be an"
                        + " integer (INT64), got String 'many'");
    }

    @Test
    void rejectsAValueOutsideTheChoicesBeforeSending() {
        assertThatThrownBy(() -> classifier.predict(TangoRequest.of(Map.of("petal_length", 1, "unit", "km"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Invalid predict request for DEEPaaS model 'demo-classifier': argument 'unit' must be one"
                        + " of [cm, mm], got 'km'");
    }

    @Test
    void rejectsAMissingRequiredArgumentBeforeSending() {
        assertThatThrownBy(() -> classifier.predict(TangoRequest.of(Map.of("petal_width", 1))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Invalid predict request for DEEPaaS model 'demo-classifier': argument 'petal_length' is"
                        + " required (FLOAT64: Petal length)");
    }

    @Test
    void rejectsAnUndeclaredArgumentBeforeSending() {
        assertThatThrownBy(() -> classifier.predict(TangoRequest.of(Map.of("petal_length", 1, "sepal_length", 5))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Invalid predict request for DEEPaaS model 'demo-classifier': argument 'sepal_length' is"
                        + " not declared; declared: petal_length, petal_width, unit, top_k, calibrated, attachment,"
                        + " accept");
    }

    @Test
    void rejectsAValueOutOfTheDeclaredRangeBeforeSending() {
        assertThatThrownBy(() -> classifier.predict(TangoRequest.of(Map.of("petal_length", 1, "top_k", 9))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Invalid predict request for DEEPaaS model 'demo-classifier': argument 'top_k' must be at"
                        + " most 3, got 9");
    }

    @Test
    void rejectsTextForAFileArgument() {
        assertThatThrownBy(() -> classifier.predict(TangoRequest.of(Map.of("petal_length", 1, "attachment", "note.txt"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Invalid predict request for DEEPaaS model 'demo-classifier': argument 'attachment' is a"
                        + " file: pass a Blob (Blob.ofFile), got String 'note.txt'");
    }

    @Test
    void rejectsAContentTypeTheModelDoesNotOffer() {
        assertThatThrownBy(() -> classifier.predict(TangoRequest.builder().input("petal_length", 1).accept("image/png").build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Invalid predict request for DEEPaaS model 'demo-classifier': accept must be one of"
                        + " [application/json, text/plain, */*], got 'image/png'");
    }

    @Test
    void reportsEveryProblemOfARequestAtOnce() {
        assertThatThrownBy(() -> classifier.predict(TangoRequest.of(Map.of("unit", "km", "calibrated", "maybe"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("Invalid predict request for DEEPaaS model 'demo-classifier': ")
                .hasMessageContaining("argument 'unit' must be one of [cm, mm], got 'km'")
                .hasMessageContaining("argument 'calibrated' must be a boolean (true or false), got String 'maybe'")
                .hasMessageContaining("argument 'petal_length' is required (FLOAT64: Petal length)");
    }

    @Test
    void rejectsAnArgumentGivenAsBothInputAndParameter() {
        TangoRequest request = TangoRequest.builder().input("petal_length", 1).parameter("petal_length", 2).build();

        assertThatThrownBy(() -> classifier.predict(request))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("Invalid predict request for DEEPaaS model 'demo-classifier': argument 'petal_length' is"
                        + " given both as an input and as a parameter");
    }

    @Test
    void mapsTheServersValidationErrorWhenClientSideChecksAreOff() {
        assertThatThrownBy(() -> uncheckedClassifier.predict(TangoRequest.of(Map.of("petal_length", "abc", "unit", "km"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("DEEPaaS at " + server.baseUrl() + " rejected the arguments of predict with model"
                        + " 'demo-classifier' (HTTP 422): petal_length: Not a valid number.; unit: Must be one of: cm,"
                        + " mm.")
                .cause()
                .isInstanceOfSatisfying(RemoteServiceException.class, remote -> {
                    assertThat(remote.httpStatus()).hasValue(422);
                    assertThat(remote.isRetriable()).isFalse();
                });
    }

    @Test
    void mapsTheServersMissingArgumentErrorWhenClientSideChecksAreOff() {
        assertThatThrownBy(() -> uncheckedClassifier.predict(TangoRequest.of(Map.of("top_k", 2))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("DEEPaaS at " + server.baseUrl() + " rejected the arguments of predict with model"
                        + " 'demo-classifier' (HTTP 422): petal_length: Missing data for required field.");
    }

    @Test
    void sendsArgumentsUncheckedWhenClientSideChecksAreOff() {
        TangoResponse response = uncheckedClassifier.predict(TangoRequest.of(Map.of("petal_length", 1, "ignored", 5)));

        assertThat(response.output("unit")).contains("cm");
    }

    @Test
    void reportsAModelFailureAsARetriableRemoteError() {
        assertThatThrownBy(() -> echo.predict(TangoRequest.of(Map.of("text", "fail"))))
                .isInstanceOfSatisfying(RemoteServiceException.class, remote -> {
                    assertThat(remote.httpStatus()).hasValue(500);
                    assertThat(remote.isRetriable()).isTrue();
                    assertThat(remote.service()).isEqualTo("DEEPaaS at " + server.baseUrl());
                })
                .hasMessage("DEEPaaS at " + server.baseUrl() + " answered HTTP 500: predict with model 'demo-echo'"
                        + " failed: 500 Internal Server Error Server got itself in trouble");
    }

    @Test
    void keepsTheFindersDescriptor() {
        assertThat(classifier.descriptor()).isEqualTo(describe(CLASSIFIER));
    }

    @Test
    void leavesOtherFormatsToOtherInitializers() {
        ModelDescriptor onnx = ModelDescriptor.builder(ModelKey.of("iris"), "iris", "onnx").build();

        assertThat(initializer.initialize(onnx)).isEmpty();
    }

    @Test
    void rejectsADescriptorOfAModelTheServerDoesNotServe() {
        ModelDescriptor missing = describe(ECHO).toBuilder().metadata("deepaas.model", "no-such-model").build();

        assertThatThrownBy(() -> initializer.initialize(missing))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessage("DEEPaaS at " + server.baseUrl() + " has no model 'no-such-model' (key " + server.key(ECHO) + ")");
    }

    @Test
    void refusesToPredictOnceClosed() {
        TangoModel<?, ?> model = initializer.initialize(describe(ECHO)).orElseThrow();
        model.close();

        assertThatThrownBy(() -> model.predict(TangoRequest.of(Map.of("text", "hi"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("DEEPaaS model 'demo-echo' at " + server.baseUrl() + " is closed");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
