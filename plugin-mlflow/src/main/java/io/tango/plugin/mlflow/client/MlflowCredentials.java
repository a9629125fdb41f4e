package io.tango.plugin.mlflow.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How requests to MLflow authenticate, as MLflow's own clients do: a bearer token ({@code MLFLOW_TRACKING_TOKEN}),
 * a user name and password ({@code MLFLOW_TRACKING_USERNAME} / {@code MLFLOW_TRACKING_PASSWORD}, HTTP Basic), or
 * nothing.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the secret.
 */
public sealed interface MlflowCredentials {

    /** @return the value of the {@code Authorization} header, or empty for {@link None} */
    Optional<String> authorizationHeader();

    /**
     * @param text text that may echo a secret back (an error answer of a server)
     * @return it with the secrets of these credentials, and the {@code Authorization} header's value, replaced by
     *     {@code ****} ({@code Bearer ****}); {@code null} stays {@code null}
     */
    default String redact(String text) {
        if (text == null) {
            return null;
        }
        String masked = text;
        Optional<String> header = authorizationHeader();
        if (header.isPresent()) {
            // The scheme stays (it says which kind of credentials a server refused); its value goes.
            String value = header.get().substring(header.get().indexOf(' ') + 1);
            if (!value.isEmpty()) {
                masked = masked.replace(value, "****");
            }
        }
        for (String secret : secrets()) {
            if (!secret.isEmpty()) {
                masked = masked.replace(secret, "****");
            }
        }
        return masked;
    }

    /** @return the secret values these credentials hold (never shown; used to mask echoes) */
    private java.util.List<String> secrets() {
        if (this instanceof Bearer bearer) {
            return java.util.List.of(bearer.token());
        }
        if (this instanceof Basic basic) {
            return java.util.List.of(basic.password());
        }
        return java.util.List.of();
    }

    /** @return no credentials */
    static MlflowCredentials none() {
        return None.INSTANCE;
    }

    /** No authentication. */
    final class None implements MlflowCredentials {
        private static final None INSTANCE = new None();

        private None() {}

        @Override
        public Optional<String> authorizationHeader() {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "no credentials";
        }
    }

    /**
     * A bearer token.
     *
     * @param token the token; never shown
     */
    record Bearer(String token) implements MlflowCredentials {
        public Bearer {
            requireNonNull(token, "token is null");
        }

        @Override
        public Optional<String> authorizationHeader() {
            return Optional.of("Bearer " + token);
        }

        @Override
        public String toString() {
            return "bearer token ****";
        }
    }

    /**
     * HTTP Basic authentication.
     *
     * @param username the user name
     * @param password the password; never shown
     */
    record Basic(String username, String password) implements MlflowCredentials {
        public Basic {
            requireNonNull(username, "username is null");
            requireNonNull(password, "password is null");
        }

        @Override
        public Optional<String> authorizationHeader() {
            return Optional.of("Basic " + encoded());
        }

        private String encoded() {
            return Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "basic auth for user '" + username + "' with password ****";
        }
    }
}
