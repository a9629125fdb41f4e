package io.tango.plugin.deepaas.client;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The DEEPaaS servers one TANGO component talks to: one {@link DeepaasClient} per server (a model key may name a
 * server of its own), made on first use and closed together with the component.
 *
 * <p>Thread-safe. {@link #close()} stops every client's threads; asking for a client afterwards fails with
 * {@link IllegalStateException}.
 */
public final class DeepaasServers implements AutoCloseable {
    private final DeepaasClientSettings settings;
    private final String threadPrefix;
    private final Map<URI, DeepaasClient> clients = new LinkedHashMap<>();
    private boolean closed;

    /**
     * @param settings timeouts, retries, the size cap and the token of every call
     * @param threadPrefix the prefix of the clients' thread names, e.g. {@code tango-deepaas-finder-default}
     */
    public DeepaasServers(DeepaasClientSettings settings, String threadPrefix) {
        this.settings = requireNonNull(settings, "settings is null");
        this.threadPrefix = requireNonNull(threadPrefix, "threadPrefix is null");
    }

    /**
     * @param baseUrl the server's base URL: {@code http(s)://host:port} plus its {@code --base-path}, if any
     * @return the client of that server
     * @throws IllegalArgumentException if it is not an http(s) URL with a host
     * @throws IllegalStateException if this is closed
     */
    public synchronized DeepaasClient client(URI baseUrl) {
        if (closed) {
            throw new IllegalStateException("the DEEPaaS HTTP client is closed");
        }
        return clients.computeIfAbsent(DeepaasClient.normalize(requireNonNull(baseUrl, "baseUrl is null")),
                server -> new DeepaasClient(server, settings, threadPrefix + "-"));
    }

    /** @return the settings of every call */
    public DeepaasClientSettings settings() {
        return settings;
    }

    /** Closes every client. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        clients.values().forEach(DeepaasClient::close);
        clients.clear();
    }

    @Override
    public String toString() {
        return "DeepaasServers[" + threadPrefix + ", " + clients.size() + " servers]";
    }
}
