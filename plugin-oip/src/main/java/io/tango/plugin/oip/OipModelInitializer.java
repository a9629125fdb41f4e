package io.tango.plugin.oip;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelInitializer;
import io.tango.api.ModelNotFoundException;
import io.tango.api.TangoException;
import io.tango.api.TangoModel;

import java.net.URI;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Makes descriptors of format {@value OipDescriber#FORMAT} runnable as {@link OipModel}s: the server is the
 * descriptor's endpoint, the model and version its metadata {@value OipDescriber#MODEL} and
 * {@value OipDescriber#VERSION} (else its name and version). The model's metadata is read again when it is
 * initialized, so requests are checked against the server's current signature. Thread-safe; {@link #close()} closes
 * its clients, which its models use.
 */
public final class OipModelInitializer implements ModelInitializer {
    private final String instanceName;
    private final OipServers servers;
    private final boolean check;

    /**
     * @param instanceName the instance's name in config
     * @param servers the clients, owned by this initializer from now on
     * @param check whether models check requests against the metadata before sending
     */
    public OipModelInitializer(String instanceName, OipServers servers, boolean check) {
        this.instanceName = requireNonNull(instanceName, "instanceName is null");
        this.servers = requireNonNull(servers, "servers is null");
        this.check = check;
    }

    /**
     * @throws ModelNotFoundException if the server has no such model or version
     * @throws TangoException if an {@code oip} descriptor has no endpoint
     */
    @Override
    public Optional<TangoModel<?, ?>> initialize(ModelDescriptor descriptor) {
        requireNonNull(descriptor, "descriptor is null");
        if (!descriptor.format().equals(OipDescriber.FORMAT)) {
            return Optional.empty();
        }
        URI server = descriptor.endpoint().orElseThrow(() -> new TangoException("descriptor of OIP model '"
                + descriptor.name() + "' (key " + descriptor.key() + ") has no endpoint: the server's base URL"));
        String model = descriptor.metadata().getOrDefault(OipDescriber.MODEL, descriptor.name());
        Optional<String> version = Optional.ofNullable(descriptor.metadata().get(OipDescriber.VERSION)).or(descriptor::version);
        OipModelRef ref = new OipModelRef(server, model, version);
        OipClient client = servers.client(server);
        OipModelDocument document = client.modelMetadata(model, version);
        ModelDescriptor current = OipDescriber.describe(descriptor.key(), ref, document.metadata(), descriptor.origin());
        return Optional.of(new OipModel(current, client, model, version, check));
    }

    @Override
    public void close() {
        servers.close();
    }

    @Override
    public String toString() {
        return "OipModelInitializer[" + instanceName + "]";
    }
}
