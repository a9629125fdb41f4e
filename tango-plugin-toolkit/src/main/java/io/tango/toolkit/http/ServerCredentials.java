package io.tango.toolkit.http;

import io.tango.toolkit.redact.Redactor;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A bearer token for one server, e.g. one behind an authenticating gateway: sent as
 * {@code Authorization: Bearer <token>} to that server's origin (scheme, host and port) only, never to a server a
 * model key names elsewhere. Immutable and thread-safe; the token never appears in {@link #toString()}.
 *
 * @param server the server the token is for (its origin is what counts)
 * @param token the token: non-blank, without control characters (it goes into a header)
 */
public record ServerCredentials(URI server, String token) {

    /**
     * @throws IllegalArgumentException if the token is blank or has control characters (the message never shows it)
     */
    public ServerCredentials {
        requireNonNull(server, "server is null");
        requireNonNull(token, "token is null");
        if (!isUsableToken(token)) {
            throw new IllegalArgumentException("the token must be non-blank text without control characters");
        }
    }

    /**
     * @param token a token as configured
     * @return whether it can go into a header: non-blank, without control characters
     */
    public static boolean isUsableToken(String token) {
        return !token.isBlank() && token.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
    }

    /**
     * @param baseUrl a server's address
     * @return whether the token is for that server: same scheme, host and port (80 or 443 when absent)
     */
    public boolean isFor(URI baseUrl) {
        requireNonNull(baseUrl, "baseUrl is null");
        return origin(server).equals(origin(baseUrl));
    }

    /**
     * @param credentials a component's credentials, if any
     * @param baseUrl the server a client talks to
     * @return a {@link HttpAuth.Bearer} with the token if it is for that server, else {@link HttpAuth#none()}
     */
    public static HttpAuth authFor(Optional<ServerCredentials> credentials, URI baseUrl) {
        requireNonNull(credentials, "credentials is null");
        requireNonNull(baseUrl, "baseUrl is null");
        return credentials.filter(candidate -> candidate.isFor(baseUrl))
                .<HttpAuth>map(candidate -> new HttpAuth.Bearer(candidate.token()))
                .orElse(HttpAuth.none());
    }

    private static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + ":" + port;
    }

    @Override
    public String toString() {
        return "ServerCredentials[" + Redactor.stripUrlPasswords(server.toString()) + ", token ****]";
    }
}
