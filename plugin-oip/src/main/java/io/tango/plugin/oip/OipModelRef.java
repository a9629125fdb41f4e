package io.tango.plugin.oip;

import io.tango.api.InvalidRequestException;
import io.tango.api.ModelKey;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A model on an OIP server, parsed from a model key.
 *
 * <p>Key forms:
 * <ul>
 *   <li>{@code oip://<host>[:<port>][/<base>]/<model>[/versions/<v>]}: REST at {@code http://<host>:<port>/<base>};
 *       the port defaults to {@value #DEFAULT_REST_PORT} (Triton's and MLServer's);</li>
 *   <li>{@code oip+grpc://<host>:<port>/<model>[/versions/<v>]}: gRPC at {@code <host>:<port>} (plaintext; the port
 *       is required);</li>
 *   <li>{@code oip:/<model>[/versions/<v>]} (or {@code oip:<model>…}): the model on the component's configured
 *       {@code base_url} (the way to reach an https server).</li>
 * </ul>
 *
 * @param server the server: an {@code http(s)} base URL, or {@code grpc://<host>:<port>}
 * @param model the model's name
 * @param version the version asked for; empty for the server's choice
 */
public record OipModelRef(URI server, String model, Optional<String> version) {
    /** The REST key scheme. */
    public static final String SCHEME = "oip";
    /** The gRPC key scheme. */
    public static final String GRPC_SCHEME = "oip+grpc";
    /** The port of {@code oip://} keys that name none. */
    public static final int DEFAULT_REST_PORT = 8000;

    /**
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the model or the version is empty
     */
    public OipModelRef {
        requireNonNull(server, "server is null");
        requireNonNull(model, "model is null");
        requireNonNull(version, "version is null");
        if (model.isEmpty() || version.filter(String::isEmpty).isPresent()) {
            throw new IllegalArgumentException("model and version must not be empty");
        }
    }

    /** @return whether the server is reached over gRPC */
    public boolean isGrpc() {
        return OipServerAddress.isGrpc(server);
    }

    /**
     * @param key a model key
     * @param configuredServer the server that short keys resolve against, if configured
     * @return the model, or empty if the key's scheme is neither {@value #SCHEME} nor {@value #GRPC_SCHEME}
     * @throws InvalidRequestException if the key has the scheme but names no model or no usable server, or is short
     *     and no server is configured
     */
    public static Optional<OipModelRef> parse(ModelKey key, Optional<URI> configuredServer) {
        requireNonNull(key, "key is null");
        requireNonNull(configuredServer, "configuredServer is null");
        Optional<String> scheme = key.scheme().filter(s -> s.equals(SCHEME) || s.equals(GRPC_SCHEME));
        if (scheme.isEmpty()) {
            return Optional.empty();
        }
        boolean grpc = scheme.get().equals(GRPC_SCHEME);
        String shown = OipServerAddress.redact(key.value());
        String rest = key.value().substring(scheme.get().length() + 1);
        if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
            throw new InvalidRequestException("model key '" + shown + "' must have no query or fragment; " + FORMS);
        }
        if (rest.startsWith("//")) {
            String authorityAndPath = rest.substring(2);
            int slash = authorityAndPath.indexOf('/');
            if (slash <= 0) {
                throw new InvalidRequestException("model key '" + shown + "' names no model; " + FORMS);
            }
            String authority = authorityAndPath.substring(0, slash);
            ModelPath path = ModelPath.parse(authorityAndPath.substring(slash), shown);
            boolean hasPort = authority.startsWith("[") ? authority.contains("]:") : authority.contains(":");
            if (grpc && (!hasPort || !path.base().isEmpty())) {
                throw new InvalidRequestException("model key '" + shown + "' must be oip+grpc://<host>:<port>/<model>"
                        + "[/versions/<v>]: a gRPC server has a port and no base path");
            }
            String server = (grpc ? "grpc://" : "http://") + authority + (hasPort ? "" : ":" + DEFAULT_REST_PORT)
                    + path.base();
            try {
                return Optional.of(new OipModelRef(OipServerAddress.normalize(new URI(server)), path.model(), path.version()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new InvalidRequestException("model key '" + shown + "' does not name a server: " + e.getMessage(), e);
            }
        }
        if (grpc) {
            throw new InvalidRequestException("model key '" + shown + "' must be oip+grpc://<host>:<port>/<model>"
                    + "[/versions/<v>]; a short key is oip:/<model> on base_url");
        }
        ModelPath path = ModelPath.parse(rest.startsWith("/") ? rest : "/" + rest, shown);
        if (!path.base().isEmpty()) {
            throw new InvalidRequestException("model key '" + shown + "' must be oip:/<model>[/versions/<v>] on"
                    + " base_url; " + FORMS);
        }
        if (configuredServer.isEmpty()) {
            throw new InvalidRequestException("model key '" + shown + "' names no server and no base_url is"
                    + " configured; write oip://<host>:<port>/" + path.model() + " or set base_url");
        }
        return Optional.of(new OipModelRef(configuredServer.get(), path.model(), path.version()));
    }

    private static final String FORMS = "write oip://<host>[:<port>][/<base>]/<model>[/versions/<v>],"
            + " oip+grpc://<host>:<port>/<model>[/versions/<v>] or oip:/<model>[/versions/<v>]";

    /** A key's path: the base path before the model, the model and the version. */
    private record ModelPath(String base, String model, Optional<String> version) {
        static ModelPath parse(String path, String shown) {
            List<String> segments = new ArrayList<>(Arrays.asList(path.split("/", -1)));
            segments.remove(0);
            while (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
                segments.remove(segments.size() - 1);
            }
            Optional<String> version = Optional.empty();
            if (segments.size() >= 3 && segments.get(segments.size() - 2).equals("versions")) {
                version = Optional.of(segments.remove(segments.size() - 1));
                segments.remove(segments.size() - 1);
            }
            if (segments.isEmpty() || segments.stream().anyMatch(String::isEmpty)) {
                throw new InvalidRequestException("model key '" + shown + "' names no model; " + FORMS);
            }
            String model = segments.remove(segments.size() - 1);
            String base = segments.isEmpty() ? "" : "/" + String.join("/", segments);
            return new ModelPath(base, model, version);
        }
    }

    /**
     * @return the model's key: {@code oip://…} for an http server, {@code oip+grpc://…} for a gRPC one, else
     *     {@code oip:/<model>…} (which a component with this server as {@code base_url} resolves)
     */
    public ModelKey toKey() {
        String tail = "/" + model + version.map(v -> "/versions/" + v).orElse("");
        return switch (server.getScheme()) {
            case "http" -> ModelKey.of(SCHEME + "://" + server.getRawAuthority() + server.getRawPath() + tail);
            case "grpc" -> ModelKey.of(GRPC_SCHEME + "://" + server.getRawAuthority() + tail);
            default -> ModelKey.of(SCHEME + ":" + tail);
        };
    }

    @Override
    public String toString() {
        return OipServerAddress.describe(server) + " model '" + model + "'" + version.map(v -> " version " + v).orElse("");
    }
}
