package io.tango.plugin.deepaas;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelInitializer;
import io.tango.api.ModelNotFoundException;
import io.tango.api.TangoException;
import io.tango.api.TangoModel;
import io.tango.plugin.deepaas.client.DeepaasClient;
import io.tango.plugin.deepaas.client.DeepaasServers;
import io.tango.plugin.deepaas.client.OpenApiReader;

import java.net.URI;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Makes descriptors of format {@value DeepaasModelDescription#FORMAT} runnable as {@link DeepaasModel}s: the model's
 * server is the descriptor's endpoint, its URL key the metadata {@value DeepaasModelDescription#MODEL_KEY} (else the
 * descriptor's name). The model's arguments are read from the server's OpenAPI description when it is initialized,
 * so they are the server's current ones. Thread-safe; {@link #close()} closes its HTTP pool, which its models use.
 */
public final class DeepaasModelInitializer implements ModelInitializer {
    private final String instanceName;
    private final DeepaasServers http;
    private final boolean clientSideValidation;

    /**
     * @param instanceName the instance's name in config
     * @param http the HTTP pool, owned by this initializer from now on
     * @param clientSideValidation whether models check arguments before sending them
     */
    public DeepaasModelInitializer(String instanceName, DeepaasServers http, boolean clientSideValidation) {
        this.instanceName = requireNonNull(instanceName, "instanceName is null");
        this.http = requireNonNull(http, "http is null");
        this.clientSideValidation = clientSideValidation;
    }

    @Override
    public Optional<TangoModel<?, ?>> initialize(ModelDescriptor descriptor) {
        requireNonNull(descriptor, "descriptor is null");
        if (!descriptor.format().equals(DeepaasModelDescription.FORMAT)) {
            return Optional.empty();
        }
        return Optional.of(initialize(http, descriptor, clientSideValidation));
    }

    /**
     * @param http the HTTP pool the model uses
     * @param descriptor a DEEPaaS model's descriptor
     * @param clientSideValidation whether the model checks arguments before sending them
     * @return the model
     * @throws ModelNotFoundException if the server does not serve the model
     */
    static DeepaasModel initialize(DeepaasServers http, ModelDescriptor descriptor, boolean clientSideValidation) {
        URI endpoint = descriptor.endpoint().orElseThrow(() -> new TangoException("descriptor of DEEPaaS model '"
                + descriptor.name() + "' (key " + descriptor.key() + ") has no endpoint: the server's base URL"));
        String model = descriptor.metadata().getOrDefault(DeepaasModelDescription.MODEL_KEY, descriptor.name());
        DeepaasClient client = http.client(endpoint);
        JsonNode swagger = client.openApi();
        if (!OpenApiReader.describes(swagger, client.basePath(), model) && client.modelMetadata(model).isEmpty()) {
            throw new ModelNotFoundException(client.service() + " has no model '" + model + "' (key "
                    + descriptor.key() + ")");
        }
        return new DeepaasModel(descriptor, client, OpenApiReader.read(swagger, client.basePath(), model), clientSideValidation);
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "DeepaasModelInitializer[" + instanceName + "]";
    }
}
