package io.tango.plugin.deepaas;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import io.tango.plugin.deepaas.client.DeepaasClient;
import io.tango.plugin.deepaas.client.DeepaasServers;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Finds models on DEEPaaS servers by keys {@code deepaas://<host>:<port>/<model>} or, with a configured base URL,
 * {@code deepaas:/<model>} (see {@link DeepaasModelRef}), and describes them from the server's model metadata and
 * OpenAPI description (see {@link DeepaasModelDescription#toDescriptor}). Other keys, and models the server does not
 * serve, are "not found"; a server that cannot be reached is a {@link io.tango.api.RemoteServiceException}.
 * Thread-safe; {@link #close()} closes its HTTP pool.
 */
public final class DeepaasModelFinder implements ModelFinder {
    private final String instanceName;
    private final Optional<URI> baseUrl;
    private final DeepaasServers http;

    /**
     * @param instanceName the instance's name in config
     * @param baseUrl the server short keys resolve against, if any
     * @param http the HTTP pool, owned by this finder from now on
     */
    public DeepaasModelFinder(String instanceName, Optional<URI> baseUrl, DeepaasServers http) {
        this.instanceName = requireNonNull(instanceName, "instanceName is null");
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null");
        this.http = requireNonNull(http, "http is null");
    }

    @Override
    public Optional<ModelDescriptor> find(ModelKey key) {
        requireNonNull(key, "key is null");
        Optional<DeepaasModelRef> ref = DeepaasModelRef.parse(key, baseUrl);
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        return DeepaasDescriber.describe(http.client(ref.get().baseUrl()), ref.get().model())
                .map(description -> description.toDescriptor(key, "finder " + instanceName));
    }

    /**
     * Lists the models of a server.
     *
     * @param serverUrl the server's base URL
     * @return a description of each model it serves, in its order
     * @throws io.tango.api.RemoteServiceException if the server cannot be reached or fails
     */
    public List<DeepaasModelDescription> listModels(URI serverUrl) {
        return DeepaasDescriber.describeAll(http.client(DeepaasClient.normalize(serverUrl)));
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "DeepaasModelFinder[" + instanceName + baseUrl.map(url -> ", " + url).orElse("") + "]";
    }
}
