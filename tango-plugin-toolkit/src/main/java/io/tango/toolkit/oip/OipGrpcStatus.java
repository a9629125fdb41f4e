package io.tango.toolkit.oip;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.tango.api.TangoException;

import static java.util.Objects.requireNonNull;

/**
 * {@link OipStatus} in grpc-java's terms: a server turns an error into the {@link Status} of its kind, a client turns
 * a failed call's status into the TANGO exception of its kind. Needs grpc-api at run time; a plugin that does not
 * speak gRPC never loads it. Stateless and thread-safe.
 */
public final class OipGrpcStatus {
    private OipGrpcStatus() {}

    /**
     * @param status an OIP error kind
     * @return its gRPC status code, e.g. {@link Status.Code#INVALID_ARGUMENT} for {@link OipStatus#INVALID_REQUEST}
     * @throws NullPointerException if {@code status} is null
     */
    public static Status.Code code(OipStatus status) {
        requireNonNull(status, "status is null");
        return Status.fromCodeValue(status.grpcCode()).getCode();
    }

    /**
     * @param code a gRPC status code other than OK
     * @return its OIP error kind, per {@link OipStatus#ofGrpcCode}
     * @throws NullPointerException if {@code code} is null
     */
    public static OipStatus of(Status.Code code) {
        requireNonNull(code, "code is null");
        return OipStatus.ofGrpcCode(code.value());
    }

    /**
     * What a server answers for an error: the status of its kind ({@link OipStatus#of(Throwable)}), described by the
     * error's message (by the exception's class name when it has none).
     *
     * @param error what the handling of a call threw
     * @return the exception to pass to {@code StreamObserver.onError}
     * @throws NullPointerException if {@code error} is null
     */
    public static StatusRuntimeException toStatusException(Throwable error) {
        requireNonNull(error, "error is null");
        String message = error.getMessage() != null ? error.getMessage() : error.getClass().getName();
        return Status.fromCode(code(OipStatus.of(error))).withDescription(message).asRuntimeException();
    }

    /**
     * What a client raises for a failed call.
     *
     * @param service which server answered, e.g. {@code OIP server at 127.0.0.1:8001} (never with credentials)
     * @param error the failed call's status
     * @return the exception of the status's kind ({@link OipStatus#toException}), its remote code the gRPC code's
     *     name and its message the status's description (the code's name when there is none)
     * @throws NullPointerException if an argument is null
     */
    public static TangoException toException(String service, StatusRuntimeException error) {
        requireNonNull(service, "service is null");
        requireNonNull(error, "error is null");
        Status status = error.getStatus();
        String message = status.getDescription() != null ? status.getDescription() : status.getCode().name();
        return of(status.getCode()).toException(service, null, status.getCode().name(), message, error);
    }
}
