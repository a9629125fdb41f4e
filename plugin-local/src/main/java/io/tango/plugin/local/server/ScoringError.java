package io.tango.plugin.local.server;

import static java.util.Objects.requireNonNull;

/**
 * An error answer of the scoring server.
 *
 * @param status the HTTP status
 * @param code MLflow's error code
 * @param message the message
 */
public record ScoringError(int status, String code, String message) {
    public ScoringError {
        requireNonNull(code, "code is null");
        requireNonNull(message, "message is null");
    }

    /** @return the MLflow error body */
    public byte[] body() {
        return ScoringProtocol.errorBody(code, message);
    }
}
