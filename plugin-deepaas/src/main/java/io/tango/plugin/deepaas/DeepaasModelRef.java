package io.tango.plugin.deepaas;

import io.tango.api.InvalidRequestException;
import io.tango.api.ModelKey;
import io.tango.plugin.deepaas.client.DeepaasClient;

import java.net.URI;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A model on a DEEPaaS server, parsed from a model key.
 *
 * <p>Key forms:
 * <ul>
 *   <li>{@code deepaas://<host>[:<port>][/<base-path>]/<model>}: the model on {@code http://<host>:<port>/<base-path>};
 *       the port defaults to 5000, DEEPaaS's default;</li>
 *   <li>{@code deepaas:/<model>} (or {@code deepaas:<model>}): the model on the component's configured
 *       {@code base_url} (the way to reach an https server).</li>
 * </ul>
 * {@code <model>} is the model's URL key (its entry-point name, the last segment of its self link), not the display
 * name its metadata gives.
 *
 * @param baseUrl the server's base URL
 * @param model the model's URL key
 */
public record DeepaasModelRef(URI baseUrl, String model) {
    /** The key scheme. */
    public static final String SCHEME = "deepaas";

    /** DEEPaaS's default port. */
    public static final int DEFAULT_PORT = 5000;

    public DeepaasModelRef {
        requireNonNull(baseUrl, "baseUrl is null");
        requireNonNull(model, "model is null");
        if (model.isEmpty()) {
            throw new IllegalArgumentException("model is empty");
        }
    }

    /**
     * @param key a model key
     * @param configuredBaseUrl the server that short keys resolve against, if configured
     * @return the model, or empty if the key's scheme is not {@value #SCHEME}
     * @throws InvalidRequestException if the key has the scheme but names no model, or is short and no base URL is
     *     configured
     */
    public static Optional<DeepaasModelRef> parse(ModelKey key, Optional<URI> configuredBaseUrl) {
        requireNonNull(key, "key is null");
        requireNonNull(configuredBaseUrl, "configuredBaseUrl is null");
        if (!key.scheme().filter(SCHEME::equals).isPresent()) {
            return Optional.empty();
        }
        String value = key.value();
        // Messages show the key without any credentials it carries.
        String shown = DeepaasClient.redact(value);
        String rest = value.substring(SCHEME.length() + 1);
        if (rest.indexOf('?') >= 0 || rest.indexOf('#') >= 0) {
            throw new InvalidRequestException("model key '" + shown + "' must have no query or fragment; write "
                    + "deepaas://<host>:<port>/<model> or deepaas:/<model>");
        }
        if (rest.startsWith("//")) {
            String authorityAndPath = rest.substring(2);
            while (authorityAndPath.endsWith("/")) {
                authorityAndPath = authorityAndPath.substring(0, authorityAndPath.length() - 1);
            }
            int firstSlash = authorityAndPath.indexOf('/');
            if (firstSlash <= 0) {
                throw new InvalidRequestException("model key '" + shown + "' names no model; write "
                        + "deepaas://<host>:<port>/<model>");
            }
            String authority = authorityAndPath.substring(0, firstSlash);
            int lastSlash = authorityAndPath.lastIndexOf('/');
            String basePath = authorityAndPath.substring(firstSlash, lastSlash);
            String model = authorityAndPath.substring(lastSlash + 1);
            boolean hasPort = authority.startsWith("[") ? authority.contains("]:") : authority.contains(":");
            if (!hasPort) {
                authority = authority + ":" + DEFAULT_PORT;
            }
            try {
                return Optional.of(new DeepaasModelRef(DeepaasClient.normalize(URI.create("http://" + authority + basePath)), model));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("model key '" + shown + "' does not name a server: " + e.getMessage(), e);
            }
        }
        String model = rest.startsWith("/") ? rest.substring(1) : rest;
        while (model.endsWith("/")) {
            model = model.substring(0, model.length() - 1);
        }
        if (model.isEmpty() || model.contains("/")) {
            throw new InvalidRequestException("model key '" + shown + "' must be deepaas:/<model> (one path segment)"
                    + " or deepaas://<host>:<port>/<model>");
        }
        if (configuredBaseUrl.isEmpty()) {
            throw new InvalidRequestException("model key '" + shown + "' names no server and no base_url is"
                    + " configured; write deepaas://<host>:<port>/" + model + " or set base_url");
        }
        return Optional.of(new DeepaasModelRef(configuredBaseUrl.get(), model));
    }

    /**
     * @return the model's key: {@code deepaas://<host>:<port>[/<base-path>]/<model>} for an http server, else
     *     {@code deepaas:/<model>} (which a finder with this server as {@code base_url} resolves)
     */
    public ModelKey toKey() {
        if (baseUrl.getScheme().equals("http")) {
            return ModelKey.of(SCHEME + "://" + baseUrl.getRawAuthority() + baseUrl.getRawPath() + "/" + model);
        }
        return ModelKey.of(SCHEME + ":/" + model);
    }

    @Override
    public String toString() {
        return baseUrl + " model '" + model + "'";
    }
}
