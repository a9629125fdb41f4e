package io.tango.toolkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Reads a platform's error body (e.g. MLflow's {@code {"error_code": …, "message": …}}) into its code and message.
 * Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface RemoteErrorReader {
    /** Reads nothing: every error answer's text is its message. */
    RemoteErrorReader NONE = (body, json) -> Optional.empty();

    /**
     * Reads a JSON object's text fields, e.g. MLflow's {@code {"error_code": …, "message": …}} with
     * {@code jsonFields("error_code", "message")}. A body that is not a JSON object reads as nothing; a field that is
     * missing or not text reads as null.
     *
     * @param codeField the field holding the error code
     * @param messageField the field holding the message
     * @return the reader
     */
    static RemoteErrorReader jsonFields(String codeField, String messageField) {
        requireNonNull(codeField, "codeField is null");
        requireNonNull(messageField, "messageField is null");
        return (body, json) -> {
            JsonNode node;
            try {
                node = json.readTree(body);
            } catch (IOException e) {
                return Optional.empty();
            }
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            return Optional.of(new RemoteError(node.path(codeField).isTextual() ? node.get(codeField).asText() : null,
                    node.path(messageField).isTextual() ? node.get(messageField).asText() : null));
        };
    }

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
