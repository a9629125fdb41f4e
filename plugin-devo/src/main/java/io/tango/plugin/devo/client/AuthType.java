package io.tango.plugin.devo.client;

import io.tango.toolkit.http.HttpAuth;

import static java.util.Objects.requireNonNull;

/**
 * How a client authenticates to the ML Model Manager with its token (Python: {@code devo_ml.modelmanager.auth}).
 *
 * <p>The token is sent in a header; it never appears in logs, exception messages or {@code toString()}.
 */
public enum AuthType {
    /** Devo's own scheme, the default: header {@code standAloneToken: <token>}. */
    STANDALONE("standalone", "standAloneToken"),
    /** The HTTP bearer scheme: header {@code Authorization: Bearer <token>}. */
    BEARER("bearer", "Authorization");

    private final String configName;
    private final String headerName;

    AuthType(String configName, String headerName) {
        this.configName = configName;
        this.headerName = headerName;
    }

    /** @return the default auth type, {@link #STANDALONE} */
    public static AuthType defaultType() {
        return STANDALONE;
    }

    /**
     * @param name {@code standalone} or {@code bearer}, exactly as in a profile (the Python client compares exactly)
     * @return the auth type
     * @throws IllegalArgumentException for any other value
     */
    public static AuthType fromName(String name) {
        requireNonNull(name, "name is null");
        for (AuthType type : values()) {
            if (type.configName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("Invalid auth type: '" + name + "' (expected 'standalone' or 'bearer')");
    }

    /** @return the name used in profiles and config, {@code standalone} or {@code bearer} */
    public String configName() {
        return configName;
    }

    /** @return the HTTP header that carries the token */
    public String headerName() {
        return headerName;
    }

    /**
     * @param token the token
     * @return the credentials that send it in this type's header; a secret: never log it
     */
    HttpAuth auth(String token) {
        return this == BEARER ? new HttpAuth.Bearer(token) : new HttpAuth.Header(headerName, token);
    }

    @Override
    public String toString() {
        return configName;
    }
}
