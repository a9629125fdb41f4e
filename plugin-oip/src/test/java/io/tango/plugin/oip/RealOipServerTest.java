package io.tango.plugin.oip;

import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelInitializer;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;
import io.tango.api.WorkingSession;
import io.tango.testkit.oip.OipPeerServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * plugin-oip against one real OIP server (from PyPI, on 127.0.0.1) started for the class: what every server does
 * alike is checked here on the peers' {@value OipPeerServer#IDENTITY} model (every datatype but BF16), over REST and
 * gRPC; each subclass adds what its server does its own way (binary data, versions, repository, errors), asserted as
 * observed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RealOipServerTest {
    static final String IDENTITY = OipPeerServer.IDENTITY;

    OipPeerServer server;
    Path workDir;
    ModelFinder finder;
    ModelInitializer initializer;
    ModelInitializer unchecked;
    ModelInitializer jsonOnly;
    OipRegistryConnector rest;
    OipRegistryConnector grpc;
    private final List<AutoCloseable> open = new ArrayList<>();

    /** Starts the server in {@code workDir}. */
    abstract OipPeerServer start(Path workDir);

    @BeforeAll
    void startServer(@TempDir Path workDir) {
        this.workDir = workDir;
        server = start(workDir);
        finder = own(TestComponents.create(new OipModelFinderFactory(), null));
        initializer = own(TestComponents.create(new OipModelInitializerFactory(), null));
        unchecked = own(TestComponents.create(new OipModelInitializerFactory(), null, "client_side_validation", false));
        jsonOnly = own(TestComponents.create(new OipModelInitializerFactory(), null, "binary", "never"));
        rest = own((OipRegistryConnector) TestComponents.create(new OipRegistryConnectorFactory(), server.restBaseUrl()));
        grpc = own((OipRegistryConnector) TestComponents.create(new OipRegistryConnectorFactory(), grpcUrl()));
    }

    <T extends AutoCloseable> T own(T closeable) {
        open.add(closeable);
        return closeable;
    }

    @AfterAll
    void stopServer() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (server != null) {
            server.close();
        }
    }

    URI grpcUrl() {
        return URI.create("grpc://" + server.grpcTarget());
    }

    String restKey(String model) {
        return "oip://" + server.restBaseUrl().getRawAuthority() + "/" + model;
    }

    String grpcKey(String model) {
        return "oip+grpc://" + server.grpcTarget() + "/" + model;
    }

    ModelDescriptor find(String key) {
        return finder.find(ModelKey.of(key)).orElseThrow(() -> new AssertionError("no model " + key));
    }

    TangoModel<?, ?> model(ModelInitializer with, String key) {
        return own(with.initialize(find(key)).orElseThrow());
    }

    static TangoResponse predict(TangoModel<?, ?> model, TangoRequest request) {
        return model.predict(request, WorkingSession.none());
    }

    /** Four datatypes every server carries in JSON, each a [2, 2] tensor at the edges of its range. */
    static TangoRequest jsonSample() {
        return TangoRequest.builder()
                .input("in_fp32", Tensor.ofFloats(new float[] {1.5f, -2f, 3.25f, Float.MAX_VALUE}, 2, 2))
                .input("in_int64", Tensor.ofLongs(new long[] {1, -2, Long.MIN_VALUE, Long.MAX_VALUE}, 2, 2))
                .input("in_bytes", Tensor.ofStrings(List.of("a", "bé", "", "z z"), 2, 2))
                .input("in_bool", Tensor.ofBooleans(new boolean[] {true, false, false, true}, 2, 2))
                .build();
    }

    /** @return the outputs the identity model must answer to {@code request}: each in_x as out_x */
    static Map<String, Object> echoed(TangoRequest request) {
        Map<String, Object> outputs = new java.util.LinkedHashMap<>();
        request.inputs().forEach((name, value) -> outputs.put("out_" + name.substring(3), value));
        return outputs;
    }

    @Test
    void describesTheIdentityModelWithEveryDatatypeAndItsVariableShape() {
        ModelDescriptor descriptor = find(restKey(IDENTITY));

        assertThat(descriptor.signature().inputs()).extracting(FieldSpec::name, FieldSpec::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("in_bool", DataType.BOOLEAN),
                org.assertj.core.groups.Tuple.tuple("in_uint8", DataType.UINT8),
                org.assertj.core.groups.Tuple.tuple("in_uint16", DataType.UINT16),
                org.assertj.core.groups.Tuple.tuple("in_uint32", DataType.UINT32),
                org.assertj.core.groups.Tuple.tuple("in_uint64", DataType.UINT64),
                org.assertj.core.groups.Tuple.tuple("in_int8", DataType.INT8),
                org.assertj.core.groups.Tuple.tuple("in_int16", DataType.INT16),
                org.assertj.core.groups.Tuple.tuple("in_int32", DataType.INT32),
                org.assertj.core.groups.Tuple.tuple("in_int64", DataType.INT64),
                org.assertj.core.groups.Tuple.tuple("in_fp16", DataType.FLOAT16),
                org.assertj.core.groups.Tuple.tuple("in_fp32", DataType.FLOAT32),
                org.assertj.core.groups.Tuple.tuple("in_fp64", DataType.FLOAT64),
                org.assertj.core.groups.Tuple.tuple("in_bytes", DataType.STRING));
        assertThat(descriptor.signature().inputs()).allSatisfy(field -> assertThat(field.shape()).containsExactly(-1L, -1L));
        assertThat(descriptor.signature().outputs()).hasSize(13);
        assertThat(descriptor.endpoint()).contains(server.restBaseUrl());
    }

    @Test
    void describesTheSameModelOverGrpc() {
        ModelDescriptor overGrpc = find(grpcKey(IDENTITY));

        assertThat(overGrpc.signature()).isEqualTo(find(restKey(IDENTITY)).signature());
        assertThat(overGrpc.metadata()).containsEntry("oip.transport", "grpc");
    }

    @Test
    void predictsWithJson() {
        TangoRequest request = jsonSample();

        TangoResponse response = predict(model(jsonOnly, restKey(IDENTITY)), request);

        assertThat(response.outputs()).containsExactlyInAnyOrderEntriesOf(echoed(request));
        assertThat(response.metadata()).containsEntry("model_name", IDENTITY);
    }

    @Test
    void predictsOverGrpcWithRawContentsFp16Included() {
        TangoRequest request = TangoRequest.builder()
                .input("in_fp16", Tensor.ofFloats(DataType.FLOAT16, new float[] {1.5f, -2f, 0.25f, 65504f}, 2, 2))
                .input("in_uint8", Tensor.ofIntegers(DataType.UINT8, new long[] {0, 1, 128, 255}, 2, 2))
                .build();

        TangoResponse response = predict(model(initializer, grpcKey(IDENTITY)), request);

        assertThat(response.outputs()).containsExactlyInAnyOrderEntriesOf(echoed(request));
    }

    @Test
    void predictsOverGrpcWithJsonsDatatypesToo() {
        TangoRequest request = jsonSample();

        assertThat(predict(model(initializer, grpcKey(IDENTITY)), request).outputs())
                .containsExactlyInAnyOrderEntriesOf(echoed(request));
    }

    @Test
    void checksARequestAgainstTheMetadataBeforeSendingIt() {
        TangoModel<?, ?> model = model(initializer, restKey(IDENTITY));
        TangoRequest wrong = TangoRequest.builder().input("in_fp32", Tensor.ofInts(new int[] {1, 2, 3}, 3))
                .input("in_nothing", List.of(1)).build();

        assertThatThrownBy(() -> predict(model, wrong))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessageEndingWith(": input 'in_fp32' is INT32, the model takes FP32; input 'in_fp32' has shape [3],"
                        + " the model takes [-1, -1] (-1: any size); input 'in_nothing' is not an input of the model"
                        + " (its inputs: in_bool, in_uint8, in_uint16, in_uint32, in_uint64, in_int8, in_int16, in_int32,"
                        + " in_int64, in_fp16, in_fp32, in_fp64, in_bytes)");
    }

    @Test
    void anUnknownModelIsNotFoundOverRestAndGrpc() {
        assertThat(finder.find(ModelKey.of(restKey("no-such-model")))).isEmpty();
        assertThat(finder.find(ModelKey.of(grpcKey("no-such-model")))).isEmpty();
        assertThatThrownBy(() -> rest.nativeMetadata(ModelKey.of("no-such-model")))
                .isExactlyInstanceOf(ModelNotFoundException.class);
        assertThatThrownBy(() -> grpc.nativeMetadata(ModelKey.of("no-such-model")))
                .isExactlyInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void anUnknownVersionIsNotFoundOverRest() {
        assertThat(finder.find(ModelKey.of(restKey(IDENTITY + "/versions/99")))).isEmpty();
    }

    @Test
    void theServerIsLiveAndReadyAndSoIsTheModel() {
        for (OipRegistryConnector registry : List.of(rest, grpc)) {
            assertThat(registry.serverLive()).isTrue();
            assertThat(registry.serverReady()).isTrue();
            assertThat(registry.modelReady(ModelKey.of(IDENTITY))).isTrue();
        }
    }

    @Test
    void theNativeMetadataIsTheServersDocument() {
        Map<String, Object> document = rest.nativeMetadata(ModelKey.of(IDENTITY));

        assertThat(document).containsEntry("name", IDENTITY).containsKeys("platform", "inputs", "outputs");
        assertThat((List<?>) document.get("inputs")).hasSize(13);
    }
}
