package io.tango.plugin.devo.client;

import io.tango.api.TangoException;

/**
 * A model's file could not be written by a {@link ModelFileDownloader}: the record lacks a name, an engine or the
 * file content, or the file could not be written (Python raises {@code ValueError} or {@code OSError}).
 */
public class ModelDownloadException extends TangoException {
    private static final long serialVersionUID = 1L;

    /** @param message which model, and what is wrong */
    public ModelDownloadException(String message) {
        super(message);
    }

    /**
     * @param message which model, and what is wrong
     * @param cause the underlying error
     */
    public ModelDownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
