package io.tango.plugin.deepaas.client;

import java.net.URI;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * A bearer token for one DEEPaaS server, e.g. one behind an authenticating gateway: sent as
 * {@code Authorization: Bearer <token>} to that server's origin (scheme, host and port) only, never to a server a
 * model key names elsewhere. The token never appears in {@link #toString()}, messages or logs.
 *
 * @param server the server the token is for (its origin is what counts)
 * @param token the token
 */
public record DeepaasCredentials(URI server, String token) {

    public DeepaasCredentials {
        requireNonNull(server, "server is null");
        requireNonNull(token, "token is null");
        if (token.isBlank() || token.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("the token must be non-blank text without control characters");
        }
    }

    /**
     * @param baseUrl a server's base URL
     * @return whether the token is for that server: same scheme, host and port
     */
    public boolean isFor(URI baseUrl) {
        return origin(server).equals(origin(baseUrl));
    }

    private static String origin(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return scheme + "://" + host + ":" + port;
    }

    @Override
    public String toString() {
        return "DeepaasCredentials[" + server + ", token ****]";
    }
}
