package io.tango.plugin.devo.client;

/**
 * The server refused the token: invalid or expired (error code {@value #CODE}; Python: {@code TokenError}). The
 * token itself is never part of the message.
 */
public class TokenException extends ModelManagerException {
    private static final long serialVersionUID = 1L;

    /** The ML Model Manager's error code for an invalid or expired token. */
    public static final int CODE = 5;

    /**
     * @param service which server refused the token
     * @param httpStatus the HTTP status of the answer (403 in practice)
     */
    public TokenException(String service, Integer httpStatus) {
        super(service, httpStatus, CODE, "Token invalid or expired",
                "check the token, its domain and the auth type (standalone or bearer)", null);
    }
}
