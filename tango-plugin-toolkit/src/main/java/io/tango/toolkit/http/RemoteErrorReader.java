package io.tango.toolkit.http;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Optional;

/**
 * Reads a platform's error body (e.g. MLflow's {@code {"error_code": …, "message": …}}) into its code and message.
 * Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface RemoteErrorReader {
    /** Reads nothing: every error answer's text is its message. */
    RemoteErrorReader NONE = (body, json) -> Optional.empty();

    /**
     * @param body the error answer's body (at most the transport's size cap)
     * @param json a mapper to parse it with
     * @return the code and message it carries, or empty when it is not in the platform's format
     */
    Optional<RemoteError> read(byte[] body, ObjectMapper json);

    /**
     * What a platform said went wrong.
     *
     * @param code its error code, or null when it sent none
     * @param message its message, or null when it sent none
     */
    record RemoteError(String code, String message) {}
}
