package io.tango.plugin.oip;

import io.tango.toolkit.http.HttpTransport;
import io.tango.toolkit.redact.Redactor;

import java.net.URI;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * The addresses of OIP servers: an {@code http(s)} base URL (REST) or {@code grpc://<host>:<port>} (gRPC,
 * plaintext). Stateless.
 */
final class OipServerAddress {
    private OipServerAddress() {}

    /**
     * @param server a server address
     * @return whether it is reached over gRPC
     */
    static boolean isGrpc(URI server) {
        return "grpc".equals(server.getScheme());
    }

    /**
     * @param uri a server address as written
     * @return it with a lower-case scheme and no trailing {@code /}, query or fragment
     * @throws IllegalArgumentException if it is not http(s) with a host, or grpc with a host and a port and no path
     */
    static URI normalize(URI uri) {
        requireNonNull(uri, "uri is null");
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https") || scheme.equals("grpc"))) {
            throw new IllegalArgumentException("'" + redact(uri.toString()) + "' is not an http(s) URL with a host"
                    + " (e.g. http://127.0.0.1:8000) nor grpc://<host>:<port>");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + redact(uri.toString()) + "' must have no query or fragment");
        }
        if (scheme.equals("grpc") && (uri.getPort() < 0 || (uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                && !uri.getRawPath().equals("/")))) {
            throw new IllegalArgumentException("'" + redact(uri.toString()) + "' must be grpc://<host>:<port>, with a"
                    + " port and no path");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return HttpTransport.stripTrailingSlash(URI.create(scheme + "://" + uri.getRawAuthority() + path));
    }

    /**
     * @param server a server address
     * @return how messages name it: {@code OIP server at http://127.0.0.1:8000}, without credentials
     */
    static String describe(URI server) {
        return "OIP server at " + redact(server.toString());
    }

    /**
     * @param text a key or URL
     * @return it with URL passwords masked
     */
    static String redact(String text) {
        return Redactor.stripUrlPasswords(text);
    }
}
