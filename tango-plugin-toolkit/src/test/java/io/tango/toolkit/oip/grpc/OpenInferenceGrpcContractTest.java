package io.tango.toolkit.oip.grpc;

import com.google.protobuf.ByteString;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.MethodType;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classes generated from open_inference_grpc.proto speak the specification's wire format: the service and method
 * names every OIP server and client uses, and the specification's field numbers.
 */
class OpenInferenceGrpcContractTest {

    @Test
    void theServiceHasTheSixRpcsOfTheSpecificationUnderItsWireNames() {
        assertThat(GRPCInferenceServiceGrpc.SERVICE_NAME).isEqualTo("inference.GRPCInferenceService");
        assertThat(GRPCInferenceServiceGrpc.getServiceDescriptor().getMethods())
                .extracting(MethodDescriptor::getFullMethodName)
                .containsExactlyInAnyOrder(
                        "inference.GRPCInferenceService/ServerLive",
                        "inference.GRPCInferenceService/ServerReady",
                        "inference.GRPCInferenceService/ModelReady",
                        "inference.GRPCInferenceService/ServerMetadata",
                        "inference.GRPCInferenceService/ModelMetadata",
                        "inference.GRPCInferenceService/ModelInfer");
        assertThat(GRPCInferenceServiceGrpc.getServiceDescriptor().getMethods())
                .extracting(MethodDescriptor::getType)
                .containsOnly(MethodType.UNARY);
    }

    @Test
    void anFp32InferRequestWithRawContentsCrossesTheGrpcMarshallerUnchanged() throws Exception {
        float[] values = {1.5f, -2f, 0f, 3.25f};
        ModelInferRequest request = ModelInferRequest.newBuilder()
                .setModelName("iris")
                .setModelVersion("1")
                .setId("request-7")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                        .setName("x")
                        .setDatatype("FP32")
                        .addShape(2)
                        .addShape(2))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("y"))
                .putParameters("binary_data_output", InferParameter.newBuilder().setBoolParam(true).build())
                .addRawInputContents(littleEndian(values))
                .build();
        MethodDescriptor<ModelInferRequest, ModelInferResponse> modelInfer = GRPCInferenceServiceGrpc.getModelInferMethod();

        ModelInferRequest received;
        try (InputStream wire = modelInfer.streamRequest(request)) {
            received = modelInfer.parseRequest(wire);
        }

        assertThat(received).isEqualTo(request);
        assertThat(received.getInputs(0).getShapeList()).containsExactly(2L, 2L);
        assertThat(received.getParametersOrThrow("binary_data_output").getBoolParam()).isTrue();
        assertThat(floats(received.getRawInputContents(0))).containsExactly(values);
    }

    @Test
    void anInferRequestIsEncodedWithTheSpecificationsFieldNumbers() {
        ModelInferRequest request = ModelInferRequest.newBuilder()
                .setModelName("m")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder()
                        .setName("x")
                        .setDatatype("FP32")
                        .addShape(2)
                        .addShape(2))
                .addRawInputContents(ByteString.copyFrom(new byte[] {1, 2, 3, 4}))
                .build();

        // model_name = 1, inputs = 5 (name = 1, datatype = 2, shape = 3, packed), raw_input_contents = 7.
        assertThat(request.toByteArray()).containsExactly(
                0x0A, 0x01, 'm',
                0x2A, 0x0D, 0x0A, 0x01, 'x', 0x12, 0x04, 'F', 'P', '3', '2', 0x1A, 0x02, 0x02, 0x02,
                0x3A, 0x04, 0x01, 0x02, 0x03, 0x04);
    }

    @Test
    void anInferResponseCarriesRawOutputContentsAsFieldSix() throws Exception {
        ModelInferResponse response = ModelInferResponse.newBuilder()
                .setModelName("m")
                .addRawOutputContents(ByteString.copyFrom(new byte[] {9, 8}))
                .build();

        assertThat(response.toByteArray()).containsExactly(0x0A, 0x01, 'm', 0x32, 0x02, 0x09, 0x08);
        assertThat(ModelInferResponse.parseFrom(response.toByteArray())).isEqualTo(response);
    }

    private static ByteString littleEndian(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            bytes.putFloat(value);
        }
        return ByteString.copyFrom(bytes.flip());
    }

    private static float[] floats(ByteString raw) {
        ByteBuffer bytes = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / Float.BYTES];
        for (int i = 0; i < values.length; i++) {
            values[i] = bytes.getFloat();
        }
        return values;
    }
}
