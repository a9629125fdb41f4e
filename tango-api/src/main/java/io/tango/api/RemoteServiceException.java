package io.tango.api;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A remote platform (MLflow, DEEPaaS, Devo, …) answered with an error, or could not be reached.
 *
 * <p>Carries the HTTP status when there was an answer, the platform's own error code when it sent one (e.g. MLflow's
 * {@code INVALID_PARAMETER_VALUE}, Devo's {@code 5}), and whether retrying the same call may succeed (connection
 * failures, 429 and 5xx are retriable; 4xx are not).
 */
public class RemoteServiceException extends TangoException {
    private static final long serialVersionUID = 1L;

    private final String service;
    private final Integer httpStatus;
    private final String remoteCode;
    private final boolean retriable;

    /**
     * @param service which service answered, e.g. {@code "MLflow at http://127.0.0.1:5000"} (never with credentials)
     * @param httpStatus the HTTP status, or null when no answer was received
     * @param remoteCode the platform's error code, or null when it sent none
     * @param retriable whether the same call may succeed if retried
     * @param message the platform's message, or what went wrong on the way
     * @param cause the underlying error, may be null
     */
    public RemoteServiceException(
            String service, Integer httpStatus, String remoteCode, boolean retriable, String message, Throwable cause) {
        super(format(service, httpStatus, remoteCode, message), cause);
        this.service = service;
        this.httpStatus = httpStatus;
        this.remoteCode = remoteCode;
        this.retriable = retriable;
    }

    /** Same as the full constructor, without a cause. */
    public RemoteServiceException(
            String service, Integer httpStatus, String remoteCode, boolean retriable, String message) {
        this(service, httpStatus, remoteCode, retriable, message, null);
    }

    private static String format(String service, Integer httpStatus, String remoteCode, String message) {
        if (service == null) {
            throw new NullPointerException("service is null");
        }
        if (message == null) {
            throw new NullPointerException("message is null");
        }
        StringBuilder text = new StringBuilder(service);
        if (httpStatus != null || remoteCode != null) {
            text.append(" answered");
            if (httpStatus != null) {
                text.append(" HTTP ").append(httpStatus);
            }
            if (remoteCode != null) {
                text.append(' ').append(remoteCode);
            }
        } else {
            text.append(" failed");
        }
        return text.append(": ").append(message).toString();
    }

    /** @return which service answered (never with credentials) */
    public String service() {
        return service;
    }

    /** @return the HTTP status of the answer, empty when no answer was received */
    public OptionalInt httpStatus() {
        return httpStatus == null ? OptionalInt.empty() : OptionalInt.of(httpStatus);
    }

    /** @return the platform's own error code, when it sent one */
    public Optional<String> remoteCode() {
        return Optional.ofNullable(remoteCode);
    }

    /** @return whether the same call may succeed if retried (connection failures, 429, 5xx) */
    public boolean isRetriable() {
        return retriable;
    }
}
