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
     * Masks these credentials in text a server sent back (an error message may echo the header it rejected).
     *
     * @param text text from a server
     * @return the text with the token, the password and the encoded header value each replaced by {@code ****}
     */
    default String redact(String text) {
        return text;
    }

    private static String mask(String text, String... secrets) {
        String masked = text;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                masked = masked.replace(secret, "****");
            }
        }
        return masked;
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
        public String redact(String text) {
            return mask(text, token);
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
        public String redact(String text) {
            return mask(text, encoded(), password);
        }

        @Override
        public String toString() {
            return "basic auth for user '" + username + "' with password ****";
        }
    }
}
