package io.tango.toolkit.http;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How requests authenticate: nothing, a bearer token, HTTP Basic, or a named header (an API key).
 *
 * <p>Immutable and thread-safe. {@code toString()} never shows a secret; {@link #secrets()} lists what a
 * {@link io.tango.toolkit.redact.Redactor} must mask in anything a server sends back.
 */
public sealed interface HttpAuth {

    /** @return the header to send, or empty for {@link None} */
    Optional<Header> header();

    /** @return every secret value these credentials put on the wire (the raw secret and its encoded header value) */
    List<String> secrets();

    /**
     * @param request a request being built
     * @return it, with this authentication's header set
     */
    default HttpRequest.Builder apply(HttpRequest.Builder request) {
        header().ifPresent(header -> request.setHeader(header.name(), header.value()));
        return request;
    }

    /** @return no authentication */
    static HttpAuth none() {
        return None.INSTANCE;
    }

    /** No authentication. */
    final class None implements HttpAuth {
        private static final None INSTANCE = new None();

        private None() {}

        @Override
        public Optional<Header> header() {
            return Optional.empty();
        }

        @Override
        public List<String> secrets() {
            return List.of();
        }

        @Override
        public String toString() {
            return "no credentials";
        }
    }

    /**
     * A bearer token ({@code Authorization: Bearer <token>}).
     *
     * @param token the token; never shown
     */
    record Bearer(String token) implements HttpAuth {
        public Bearer {
            requireNonNull(token, "token is null");
        }

        @Override
        public Optional<Header> header() {
            return Optional.of(new Header("Authorization", "Bearer " + token));
        }

        @Override
        public List<String> secrets() {
            return List.of(token);
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
    record Basic(String username, String password) implements HttpAuth {
        public Basic {
            requireNonNull(username, "username is null");
            requireNonNull(password, "password is null");
        }

        @Override
        public Optional<Header> header() {
            return Optional.of(new Header("Authorization", "Basic " + encoded()));
        }

        @Override
        public List<String> secrets() {
            return List.of(password, encoded());
        }

        private String encoded() {
            return Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "basic auth for user '" + username + "' with password ****";
        }
    }

    /**
     * A header of its own, e.g. {@code X-API-Key}.
     *
     * @param name the header's name
     * @param value its value; never shown
     */
    record Header(String name, String value) implements HttpAuth {
        public Header {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
            if (name.isBlank()) {
                throw new IllegalArgumentException("header name is blank");
            }
        }

        @Override
        public Optional<Header> header() {
            return Optional.of(this);
        }

        @Override
        public List<String> secrets() {
            return List.of(value);
        }

        @Override
        public String toString() {
            return "header " + name + ": ****";
        }
    }
}
