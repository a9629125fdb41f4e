package io.tango.api.job;

import static java.util.Objects.requireNonNull;

/**
 * One error a job ended with, kept as text so it survives a restart.
 *
 * @param type the error's kind, usually the exception's simple class name (e.g. {@code InvalidRequestException})
 * @param message what went wrong
 */
public record JobError(String type, String message) {
    public JobError {
        requireNonNull(type, "type is null");
        requireNonNull(message, "message is null");
    }

    /**
     * @param error an exception
     * @return its simple class name and message
     */
    public static JobError of(Throwable error) {
        requireNonNull(error, "error is null");
        return new JobError(error.getClass().getSimpleName(), String.valueOf(error.getMessage()));
    }

    @Override
    public String toString() {
        return type + ": " + message;
    }
}
