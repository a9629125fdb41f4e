package io.tango.toolkit.oip;

import io.tango.api.CapacityExceededException;
import io.tango.api.InvalidConfigException;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelNotFoundException;
import io.tango.api.NotFoundException;
import io.tango.api.OperationTimeoutException;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoException;
import io.tango.api.UnsupportedTangoOperationException;

import static java.util.Objects.requireNonNull;

/**
 * The one table of OIP error kinds that TANGO's OIP server and its OIP client share: for each kind, the HTTP status
 * the REST API answers, the gRPC status code the gRPC API answers, and the TANGO exception a client raises for it.
 *
 * <table>
 *   <caption>OIP errors</caption>
 *   <tr><th>kind</th><th>HTTP</th><th>gRPC</th><th>TANGO exception (client side)</th></tr>
 *   <tr><td>{@link #INVALID_REQUEST}</td><td>400</td><td>INVALID_ARGUMENT (3)</td><td>{@link InvalidRequestException}</td></tr>
 *   <tr><td>{@link #NOT_FOUND}</td><td>404</td><td>NOT_FOUND (5)</td><td>{@link ModelNotFoundException}</td></tr>
 *   <tr><td>{@link #UNAVAILABLE}</td><td>503</td><td>UNAVAILABLE (14)</td><td>retriable {@link RemoteServiceException}</td></tr>
 *   <tr><td>{@link #TIMEOUT}</td><td>504</td><td>DEADLINE_EXCEEDED (4)</td><td>retriable {@link RemoteServiceException}</td></tr>
 *   <tr><td>{@link #UNSUPPORTED}</td><td>501</td><td>UNIMPLEMENTED (12)</td><td>{@link UnsupportedTangoOperationException}</td></tr>
 *   <tr><td>{@link #INTERNAL}</td><td>500</td><td>INTERNAL (13)</td><td>non-retriable {@link RemoteServiceException}</td></tr>
 * </table>
 *
 * <p>Reading an answer is wider than writing one, since servers in the field differ: {@link #ofHttpStatus} and
 * {@link #ofGrpcCode} take every status (e.g. 422 and FAILED_PRECONDITION are invalid requests, 429 and
 * RESOURCE_EXHAUSTED are unavailable). Server-specific deviations (Triton's 400 for an unknown model, KServe's 501 for
 * a version) are the client's to recognise before it asks this table.
 *
 * <p>Needs no gRPC classes: codes are their numbers and names here; {@link OipGrpcStatus} turns them into
 * {@code io.grpc.Status}. Immutable.
 */
public enum OipStatus {
    /** The request is malformed or does not fit the model: the message says what was wrong. */
    INVALID_REQUEST(400, 3, "INVALID_ARGUMENT"),
    /** No such model or version. */
    NOT_FOUND(404, 5, "NOT_FOUND"),
    /** The model or server is not ready, or full: retrying later may succeed. */
    UNAVAILABLE(503, 14, "UNAVAILABLE"),
    /** The call did not finish within its deadline: retrying may succeed. */
    TIMEOUT(504, 4, "DEADLINE_EXCEEDED"),
    /** The server does not offer the operation. */
    UNSUPPORTED(501, 12, "UNIMPLEMENTED"),
    /** Anything else went wrong on the server. */
    INTERNAL(500, 13, "INTERNAL");

    private final int httpStatus;
    private final int grpcCode;
    private final String grpcCodeName;

    OipStatus(int httpStatus, int grpcCode, String grpcCodeName) {
        this.httpStatus = httpStatus;
        this.grpcCode = grpcCode;
        this.grpcCodeName = grpcCodeName;
    }

    /** @return the HTTP status a server answers for this kind, e.g. 400 */
    public int httpStatus() {
        return httpStatus;
    }

    /** @return the number of the gRPC status code a server answers for this kind, e.g. 3 */
    public int grpcCode() {
        return grpcCode;
    }

    /** @return the name of that gRPC status code, e.g. {@code INVALID_ARGUMENT} */
    public String grpcCodeName() {
        return grpcCodeName;
    }

    /** @return whether a client may retry a call that failed this way ({@link #UNAVAILABLE}, {@link #TIMEOUT}) */
    public boolean isRetriable() {
        return this == UNAVAILABLE || this == TIMEOUT;
    }

    /**
     * The kind a server answers for an error (the server side of the table).
     *
     * @param error what the server's handling of a call threw
     * @return {@link #INVALID_REQUEST} for {@link InvalidRequestException} and {@link InvalidConfigException};
     *     {@link #NOT_FOUND} for every {@link NotFoundException}; {@link #UNAVAILABLE} for
     *     {@link CapacityExceededException} and a retriable {@link RemoteServiceException}; {@link #TIMEOUT} for
     *     {@link OperationTimeoutException}; {@link #UNSUPPORTED} for {@link UnsupportedTangoOperationException};
     *     {@link #INTERNAL} for anything else
     * @throws NullPointerException if {@code error} is null
     */
    public static OipStatus of(Throwable error) {
        requireNonNull(error, "error is null");
        if (error instanceof InvalidRequestException || error instanceof InvalidConfigException) {
            return INVALID_REQUEST;
        }
        if (error instanceof NotFoundException) {
            return NOT_FOUND;
        }
        if (error instanceof CapacityExceededException
                || error instanceof RemoteServiceException remote && remote.isRetriable()) {
            return UNAVAILABLE;
        }
        if (error instanceof OperationTimeoutException) {
            return TIMEOUT;
        }
        if (error instanceof UnsupportedTangoOperationException) {
            return UNSUPPORTED;
        }
        return INTERNAL;
    }

    /**
     * The kind of an HTTP error answer (the client side of the table).
     *
     * @param status an HTTP status of 400 or more
     * @return 404 {@link #NOT_FOUND}; 501 {@link #UNSUPPORTED}; 429, 502 and 503 {@link #UNAVAILABLE}; 408 and 504
     *     {@link #TIMEOUT}; any other 4xx {@link #INVALID_REQUEST}; any other status {@link #INTERNAL}
     */
    public static OipStatus ofHttpStatus(int status) {
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 501 -> UNSUPPORTED;
            case 429, 502, 503 -> UNAVAILABLE;
            case 408, 504 -> TIMEOUT;
            default -> status >= 400 && status < 500 ? INVALID_REQUEST : INTERNAL;
        };
    }

    /**
     * The kind of a gRPC error answer (the client side of the table).
     *
     * @param code the number of a gRPC status code other than OK (0)
     * @return INVALID_ARGUMENT (3), FAILED_PRECONDITION (9) and OUT_OF_RANGE (11) {@link #INVALID_REQUEST};
     *     NOT_FOUND (5) {@link #NOT_FOUND}; CANCELLED (1), RESOURCE_EXHAUSTED (8), ABORTED (10) and UNAVAILABLE (14)
     *     {@link #UNAVAILABLE}; DEADLINE_EXCEEDED (4) {@link #TIMEOUT}; UNIMPLEMENTED (12) {@link #UNSUPPORTED}; any
     *     other code {@link #INTERNAL}
     */
    public static OipStatus ofGrpcCode(int code) {
        return switch (code) {
            case 3, 9, 11 -> INVALID_REQUEST;
            case 5 -> NOT_FOUND;
            case 1, 8, 10, 14 -> UNAVAILABLE;
            case 4 -> TIMEOUT;
            case 12 -> UNSUPPORTED;
            default -> INTERNAL;
        };
    }

    /**
     * The exception a client raises for an error answer of this kind.
     *
     * @param service which server answered, e.g. {@code OIP server at http://127.0.0.1:8000} (never with credentials)
     * @param httpStatus the HTTP status of the answer, or null for a gRPC answer
     * @param remoteCode the server's code (the gRPC code's name), or null
     * @param message the server's message ({@code {"error"}} text or gRPC description)
     * @param cause the client's view of the failure (e.g. the gRPC exception), or null
     * @return {@link InvalidRequestException}, {@link ModelNotFoundException} or
     *     {@link UnsupportedTangoOperationException} whose message is {@code service + ": " + message}, or a
     *     {@link RemoteServiceException} carrying status, code and {@link #isRetriable()}
     * @throws NullPointerException if {@code service} or {@code message} is null
     */
    public TangoException toException(String service, Integer httpStatus, String remoteCode, String message,
            Throwable cause) {
        requireNonNull(service, "service is null");
        requireNonNull(message, "message is null");
        return switch (this) {
            case INVALID_REQUEST -> new InvalidRequestException(service + ": " + message, cause);
            case NOT_FOUND -> new ModelNotFoundException(service + ": " + message, cause);
            case UNSUPPORTED -> {
                UnsupportedTangoOperationException unsupported = new UnsupportedTangoOperationException(service + ": " + message);
                if (cause != null) {
                    unsupported.initCause(cause);
                }
                yield unsupported;
            }
            case UNAVAILABLE, TIMEOUT, INTERNAL -> new RemoteServiceException(service, httpStatus, remoteCode,
                    isRetriable(), message, cause);
        };
    }
}
