package io.tango.plugin.oip;

import io.tango.api.Blob;
import io.tango.api.DataType;
import io.tango.api.ModelInitializer;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.ModelServerProxy;
import io.tango.api.RemoteServiceException;
import io.tango.api.RequestType;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.testkit.oip.KServeServer;
import io.tango.toolkit.oip.OipInferenceResponse;
import io.tango.toolkit.oip.OipJson;
import io.tango.toolkit.oip.OipTensor;
import io.tango.testkit.oip.OipPeerServer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * plugin-oip against KServe 0.21's {@code ModelServer}: its identity model and {@value KServeServer#LINEAR}, a NumPy
 * linear model, over REST and gRPC; KServe's deviations asserted as observed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KServeOipClientTest extends RealOipServerTest {
    private static final String LINEAR = KServeServer.LINEAR;

    @Override
    OipPeerServer start(Path workDir) {
        return KServeServer.start(workDir);
    }

    @Test
    void readsBinaryDataAlthoughItDoesNotAdvertiseIt() {
        TangoRequest request = jsonSample();

        try (ModelInitializer binary = TestComponents.create(new OipModelInitializerFactory(), null, "binary", "always")) {
            TangoResponse response = predict(own(binary.initialize(find(restKey(IDENTITY))).orElseThrow()), request);

            assertThat(rest.serverMetadata().extensions()).containsExactly("model_repository_extension");
            assertThat(response.outputs()).containsExactlyInAnyOrderEntriesOf(echoed(request));
        }
    }

    @Test
    void answersFp16OverRestBecauseFp16InputsAskForBinaryOutputs() {
        TangoRequest request = TangoRequest.builder()
                .input("in_fp16", Tensor.ofFloats(DataType.FLOAT16, new float[] {1.5f, -2f, 0.25f, 65504f}, 2, 2)).build();

        assertThat(predict(model(initializer, restKey(IDENTITY)), request).outputs())
                .containsExactlyInAnyOrderEntriesOf(echoed(request));
    }

    @Test
    void aModelServerOverGrpcTakesAndAnswersOipJson() {
        try (ModelServerProxy proxy = TestComponents.create(new OipModelServerProxyFactory(), grpcUrl(), "model", IDENTITY)) {
            Blob answer = proxy.invoke(RequestType.PREDICT, Blob.ofUtf8("application/json", "{\"inputs\": [{\"name\":"
                    + " \"in_int32\", \"datatype\": \"INT32\", \"shape\": [1, 2], \"data\": [7, -8]}]}"));

            assertThat(answer.contentType()).isEqualTo("application/json");
            OipInferenceResponse response = OipJson.readResponse(answer.bytes());
            assertThat(response.outputs()).extracting(OipTensor::name, OipTensor::tensor)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("out_int32", Tensor.ofInts(new int[] {7, -8}, 1, 2)));
            assertThat(proxy.invoke(RequestType.METADATA, Blob.ofUtf8("application/json", "")).asUtf8())
                    .startsWith("{\"name\":\"identity\",");
        }
    }

    /** Known deviation: no model versions over REST (501), and gRPC ignores the version asked for. */
    @Test
    void hasNoVersionsOverRestAndIgnoresThemOverGrpc() {
        assertThatThrownBy(() -> rest.nativeMetadata(ModelKey.of(IDENTITY + "/versions/1")))
                .isExactlyInstanceOf(ModelNotFoundException.class)
                .hasMessageEndingWith("no model 'identity' version '1' (HTTP 501 to GET /v2/models/identity/versions/1:"
                        + " Model versioning not supported yet.)");
        assertThat(finder.find(ModelKey.of(grpcKey(IDENTITY + "/versions/99")))).isPresent();
    }

    @Test
    void anUnknownModelIsNotFoundWhenAskedIfReady() {
        assertThatThrownBy(() -> rest.modelReady(ModelKey.of("no-such-model")))
                .isExactlyInstanceOf(ModelNotFoundException.class);
        assertThatThrownBy(() -> grpc.modelReady(ModelKey.of("no-such-model")))
                .isExactlyInstanceOf(ModelNotFoundException.class);
    }

    /** Known deviation: inputs are not checked against the metadata; the identity model echoes what it gets. */
    @Test
    void passesADatatypeTheMetadataDoesNotDeclareToTheModel() {
        TangoRequest wrong = TangoRequest.builder().input("in_fp32", Tensor.ofInts(new int[] {1, 2}, 1, 2)).build();

        assertThat(predict(model(unchecked, restKey(IDENTITY)), wrong).outputs())
                .isEqualTo(Map.of("out_fp32", Tensor.ofInts(new int[] {1, 2}, 1, 2)));
    }

    /** A model that fails on its input answers 500 with the Python error: not retried, not retriable. */
    @Test
    void aModelThatFailsIsANonRetriableRemoteError() {
        TangoRequest narrow = TangoRequest.of(Map.of("x", Tensor.ofFloats(new float[] {1, 2, 3}, 1, 3)));

        assertThatThrownBy(() -> predict(model(unchecked, restKey(LINEAR)), narrow))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessageContaining("answered HTTP 500: ValueError : matmul")
                .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isFalse());
        assertThatThrownBy(() -> predict(model(unchecked, grpcKey(LINEAR)), narrow))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessageContaining("answered INTERNAL");
    }

    /**
     * Known deviation: the repository has load and unload but no index, and a model once unloaded cannot be loaded
     * again without a custom repository (503 "not ready"). Unloads {@value #LINEAR}, which no other test uses.
     */
    @Test
    @Order(Integer.MAX_VALUE) // last: it unloads a model the other tests use
    void unloadsAModelThatThenIsNotFoundAndCannotBeLoadedAgain() {
        assertThatThrownBy(() -> rest.repositoryIndex())
                .isExactlyInstanceOf(UnsupportedTangoOperationException.class)
                .hasMessageEndingWith("has no repository index (HTTP 404 to POST /v2/repository/index)");

        rest.unload(ModelKey.of(LINEAR));

        assertThatThrownBy(() -> rest.modelReady(ModelKey.of(LINEAR))).isExactlyInstanceOf(ModelNotFoundException.class);
        assertThatThrownBy(() -> rest.load(ModelKey.of(LINEAR)))
                .isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessageContaining("answered HTTP 503")
                .satisfies(error -> assertThat(((RemoteServiceException) error).isRetriable()).isTrue());
        assertThatThrownBy(() -> rest.unload(ModelKey.of("no-such-model"))).isExactlyInstanceOf(ModelNotFoundException.class);
        assertThat(rest.modelReady(ModelKey.of(IDENTITY))).isTrue();
        assertThat(rest.serverReady()).isTrue();
    }
}
