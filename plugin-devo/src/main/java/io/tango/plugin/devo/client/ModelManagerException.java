package io.tango.plugin.devo.client;

import io.tango.api.RemoteServiceException;

/**
 * The ML Model Manager answered with an error, or could not be reached (Python: {@code ModelManagerError}).
 *
 * <p>Carries the server's own error {@link #code()} and {@link #serverMessage()}, taken from its error body
 * {@code {"code": int, "msg": str, "cid": str}}; the code is {@code 0} when the server sent none (an error without a
 * JSON body, a file the server found invalid, a connection failure). The message never contains the token.
 */
public class ModelManagerException extends RemoteServiceException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String serverMessage;

    /**
     * @param service which server, e.g. {@code Devo ML Model Manager at https://host/mlmodelmanager}
     * @param httpStatus the HTTP status, or null when no answer was received
     * @param code the server's error code, {@code 0} when it sent none
     * @param serverMessage the server's message, or what went wrong on the way
     * @param hint what to do about it, appended to the message; empty for none
     * @param cause the underlying error, may be null
     */
    public ModelManagerException(
            String service, Integer httpStatus, int code, String serverMessage, String hint, Throwable cause) {
        super(
                service,
                httpStatus,
                code == 0 ? null : Integer.toString(code),
                httpStatus == null || httpStatus == 429 || httpStatus >= 500,
                hint.isEmpty() ? serverMessage : serverMessage + " (" + hint + ")",
                cause);
        this.code = code;
        this.serverMessage = serverMessage;
    }

    /** @return the server's error code ({@code 5}: token invalid or expired), {@code 0} when it sent none */
    public int code() {
        return code;
    }

    /** @return the server's message ({@code msg}), or what went wrong on the way */
    public String serverMessage() {
        return serverMessage;
    }
}
