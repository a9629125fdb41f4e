package io.tango.plugin.oip;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;

import java.net.URI;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Finds models on OIP servers by keys {@code oip://…}, {@code oip+grpc://…} or, with a configured base URL,
 * {@code oip:/<model>[/versions/<v>]} (see {@link OipModelRef}), and describes them from the server's model metadata
 * ({@link OipDescriber}). Other keys, and models or versions the server does not have, are "not found"; a server that
 * cannot be reached or answers no OIP is a {@link io.tango.api.RemoteServiceException}. Thread-safe;
 * {@link #close()} closes its clients.
 */
public final class OipModelFinder implements ModelFinder {
    private final String instanceName;
    private final Optional<URI> baseUrl;
    private final OipServers servers;

    /**
     * @param instanceName the instance's name in config
     * @param baseUrl the server short keys resolve against, if any
     * @param servers the clients, owned by this finder from now on
     */
    public OipModelFinder(String instanceName, Optional<URI> baseUrl, OipServers servers) {
        this.instanceName = requireNonNull(instanceName, "instanceName is null");
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null");
        this.servers = requireNonNull(servers, "servers is null");
    }

    @Override
    public Optional<ModelDescriptor> find(ModelKey key) {
        requireNonNull(key, "key is null");
        Optional<OipModelRef> ref = OipModelRef.parse(key, baseUrl);
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        OipClient client = servers.client(ref.get().server());
        try {
            OipModelDocument document = client.modelMetadata(ref.get().model(), ref.get().version());
            return Optional.of(OipDescriber.describe(key, ref.get(), document.metadata(), "finder " + instanceName));
        } catch (ModelNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        servers.close();
    }

    @Override
    public String toString() {
        return "OipModelFinder[" + instanceName + baseUrl.map(url -> ", " + url).orElse("") + "]";
    }
}
