package io.tango.toolkit.oip;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.tango.api.CapacityExceededException;
import io.tango.api.DeploymentNotFoundException;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelNotFoundException;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoException;
import io.tango.api.UnsupportedTangoOperationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The one table of OIP errors, read from both ends: server (exception → status) and client (status → exception). */
class OipStatusTest {

    @Test
    void eachKindHasItsHttpStatusAndGrpcCode() {
        assertThat(List.of(OipStatus.values())).extracting(OipStatus::httpStatus)
                .containsExactly(400, 404, 503, 504, 501, 500);
        assertThat(List.of(OipStatus.values())).extracting(OipGrpcStatus::code).containsExactly(
                Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND, Status.Code.UNAVAILABLE,
                Status.Code.DEADLINE_EXCEEDED, Status.Code.UNIMPLEMENTED, Status.Code.INTERNAL);
    }

    @ParameterizedTest
    @EnumSource(OipStatus.class)
    void eachKindIsReadBackFromItsOwnHttpStatusAndGrpcCode(OipStatus status) {
        assertThat(OipStatus.ofHttpStatus(status.httpStatus())).isEqualTo(status);
        assertThat(OipGrpcStatus.of(OipGrpcStatus.code(status))).isEqualTo(status);
        assertThat(OipGrpcStatus.code(status).name()).isEqualTo(status.grpcCodeName());
    }

    @Test
    void aServerAnswersEachTangoErrorWithItsKind() {
        assertThat(OipStatus.of(new InvalidRequestException("bad"))).isEqualTo(OipStatus.INVALID_REQUEST);
        assertThat(OipStatus.of(new ModelNotFoundException("m"))).isEqualTo(OipStatus.NOT_FOUND);
        assertThat(OipStatus.of(new DeploymentNotFoundException("d"))).isEqualTo(OipStatus.NOT_FOUND);
        assertThat(OipStatus.of(new CapacityExceededException("full"))).isEqualTo(OipStatus.UNAVAILABLE);
        assertThat(OipStatus.of(new RemoteServiceException("s", 503, null, true, "later"))).isEqualTo(OipStatus.UNAVAILABLE);
        assertThat(OipStatus.of(new RemoteServiceException("s", 500, null, false, "broken"))).isEqualTo(OipStatus.INTERNAL);
        assertThat(OipStatus.of(new OperationTimeoutException("slow", Duration.ofSeconds(1)))).isEqualTo(OipStatus.TIMEOUT);
        assertThat(OipStatus.of(new UnsupportedTangoOperationException("no"))).isEqualTo(OipStatus.UNSUPPORTED);
        assertThat(OipStatus.of(new IllegalStateException("bug"))).isEqualTo(OipStatus.INTERNAL);
    }

    @Test
    void aClientReadsTheStatusesServersInTheFieldAnswer() {
        assertThat(OipStatus.ofHttpStatus(422)).isEqualTo(OipStatus.INVALID_REQUEST);
        assertThat(OipStatus.ofHttpStatus(413)).isEqualTo(OipStatus.INVALID_REQUEST);
        assertThat(OipStatus.ofHttpStatus(429)).isEqualTo(OipStatus.UNAVAILABLE);
        assertThat(OipStatus.ofHttpStatus(502)).isEqualTo(OipStatus.UNAVAILABLE);
        assertThat(OipStatus.ofHttpStatus(408)).isEqualTo(OipStatus.TIMEOUT);
        assertThat(OipStatus.ofHttpStatus(599)).isEqualTo(OipStatus.INTERNAL);
        assertThat(OipGrpcStatus.of(Status.Code.FAILED_PRECONDITION)).isEqualTo(OipStatus.INVALID_REQUEST);
        assertThat(OipGrpcStatus.of(Status.Code.OUT_OF_RANGE)).isEqualTo(OipStatus.INVALID_REQUEST);
        assertThat(OipGrpcStatus.of(Status.Code.RESOURCE_EXHAUSTED)).isEqualTo(OipStatus.UNAVAILABLE);
        assertThat(OipGrpcStatus.of(Status.Code.UNKNOWN)).isEqualTo(OipStatus.INTERNAL);
    }

    @Test
    void aClientRaisesTheExceptionOfEachKindWithTheServersMessage() {
        String service = "OIP server at http://127.0.0.1:8000";

        assertThat(OipStatus.INVALID_REQUEST.toException(service, 400, null, "inputs[0] is bad", null))
                .isExactlyInstanceOf(InvalidRequestException.class)
                .hasMessage("OIP server at http://127.0.0.1:8000: inputs[0] is bad");
        assertThat(OipStatus.NOT_FOUND.toException(service, 404, null, "Model x not found", null))
                .isExactlyInstanceOf(ModelNotFoundException.class)
                .hasMessage("OIP server at http://127.0.0.1:8000: Model x not found");
        assertThat(OipStatus.UNSUPPORTED.toException(service, 501, null, "no versions", null))
                .isExactlyInstanceOf(UnsupportedTangoOperationException.class)
                .hasMessage("OIP server at http://127.0.0.1:8000: no versions");
        TangoException unavailable = OipStatus.UNAVAILABLE.toException(service, 503, null, "not ready", null);
        assertThat(unavailable).isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessage("OIP server at http://127.0.0.1:8000 answered HTTP 503: not ready");
        assertThat(((RemoteServiceException) unavailable).isRetriable()).isTrue();
        TangoException internal = OipStatus.INTERNAL.toException(service, 500, null, "boom", null);
        assertThat(((RemoteServiceException) internal).isRetriable()).isFalse();
    }

    @Test
    void aServerTurnsAnErrorIntoTheGrpcStatusOfItsKindWithItsMessage() {
        StatusRuntimeException answer = OipGrpcStatus.toStatusException(new InvalidRequestException("inputs[0].shape is bad"));

        assertThat(answer.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(answer.getStatus().getDescription()).isEqualTo("inputs[0].shape is bad");
        assertThat(OipGrpcStatus.toStatusException(new NullPointerException()).getStatus().getDescription())
                .isEqualTo("java.lang.NullPointerException");
    }

    @Test
    void aClientTurnsAFailedCallIntoTheExceptionOfItsKind() {
        StatusRuntimeException failure = Status.UNAVAILABLE.withDescription("model not ready").asRuntimeException();

        TangoException exception = OipGrpcStatus.toException("OIP server at 127.0.0.1:8001", failure);

        assertThat(exception).isExactlyInstanceOf(RemoteServiceException.class)
                .hasMessage("OIP server at 127.0.0.1:8001 answered UNAVAILABLE: model not ready")
                .hasCause(failure);
        assertThat(((RemoteServiceException) exception).isRetriable()).isTrue();
        assertThat(OipGrpcStatus.toException("s", Status.NOT_FOUND.asRuntimeException()))
                .isExactlyInstanceOf(ModelNotFoundException.class).hasMessage("s: NOT_FOUND");
    }

    @Test
    void onlyTheGrpcClassesOfThePackageReferToGrpcOrProtobuf() throws IOException {
        List<Class<?>> grpcFree = List.of(OipStatus.class, OipJson.class, OipBinaryExtension.class, OipTensors.class,
                OipTensors.BinarySource.class, OipTensor.class, OipDatatype.class, OipParameters.class,
                OipInferenceRequest.class, OipInferenceResponse.class, OipRequestedOutput.class, OipModelMetadata.class,
                OipServerMetadata.class);
        for (Class<?> type : grpcFree) {
            assertThat(classFile(type)).as(type.getName()).doesNotContain("io/grpc").doesNotContain("com/google/protobuf");
        }
        assertThat(classFile(OipGrpcStatus.class)).contains("io/grpc");
        assertThat(classFile(OipProto.class)).contains("com/google/protobuf");
    }

    private static String classFile(Class<?> type) throws IOException {
        String resource = type.getName().substring(type.getPackageName().length() + 1) + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
