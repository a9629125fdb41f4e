package io.tango.plugin.local.server;

import io.tango.api.InvalidRequestException;

/** A scoring request's content type is not JSON or CSV in UTF-8 (HTTP 415). */
public final class UnsupportedContentTypeException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    /** @param message what was sent and what is accepted */
    public UnsupportedContentTypeException(String message) {
        super(message);
    }
}
