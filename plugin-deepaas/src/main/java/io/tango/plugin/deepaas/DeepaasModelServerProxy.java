package io.tango.plugin.deepaas;

import io.tango.api.Blob;
import io.tango.api.InvalidConfigException;
import io.tango.api.ModelNotFoundException;
import io.tango.api.RequestType;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.plugin.deepaas.client.DeepaasClient;
import io.tango.plugin.deepaas.client.DeepaasServers;
import io.tango.plugin.deepaas.client.Json;
import io.tango.toolkit.proxy.RequestDispatchingProxy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A DEEPaaS server as a TANGO model server: sends payloads to one of its models.
 *
 * <ul>
 *   <li>{@code PREDICT}: {@code POST .../predict/} with the payload as body (normally the multipart body a
 *       {@link DeepaasModel}'s {@code mapRequest} built); the answer as it comes (JSON, text, image…).</li>
 *   <li>{@code TRAIN}: {@code POST .../train/}; the answer is the training's JSON document ({@code uuid},
 *       {@code status}, …). Follow it with a DEEPAAS trainer.</li>
 *   <li>{@code METADATA}: {@code GET .../} (the payload is ignored); the model's metadata as JSON.</li>
 *   <li>{@code EXPLAIN}: DEEPaaS has no such operation: {@link UnsupportedTangoOperationException}.</li>
 * </ul>
 * The model is the configured {@code model}, or the server's only model. Errors are those of {@link DeepaasClient}.
 * Thread-safe; {@link #close()} closes its HTTP pool.
 */
public final class DeepaasModelServerProxy extends RequestDispatchingProxy {
    private final String instanceName;
    private final DeepaasClient client;
    private final DeepaasServers http;
    private final Optional<String> configuredModel;
    private final String modelOptionPath;
    private volatile String resolvedModel;

    /**
     * @param instanceName the instance's name in config
     * @param baseUrl the server's base URL
     * @param model the model to invoke; empty to use the server's only model
     * @param modelOptionPath the config path of the {@code model} option, for errors
     * @param http the HTTP pool, owned by this proxy from now on
     */
    public DeepaasModelServerProxy(
            String instanceName, URI baseUrl, Optional<String> model, String modelOptionPath, DeepaasServers http) {
        this.instanceName = requireNonNull(instanceName, "instanceName is null");
        this.http = requireNonNull(http, "http is null");
        this.client = http.client(requireNonNull(baseUrl, "baseUrl is null"));
        this.configuredModel = requireNonNull(model, "model is null");
        this.modelOptionPath = requireNonNull(modelOptionPath, "modelOptionPath is null");
    }

    @Override
    public URI serverUrl() {
        return client.baseUrl();
    }

    /**
     * Like {@link #invoke(RequestType, Blob)}, with the {@code Accept} header a prediction is negotiated with.
     *
     * @param requestType what to invoke
     * @param payload the body, with its content type
     * @param accept the {@code Accept} header of a prediction; without it DEEPaaS answers in the model's first type
     * @return the server's answer body, with its content type
     */
    public Blob invoke(RequestType requestType, Blob payload, Optional<String> accept) {
        requireNonNull(requestType, "requestType is null");
        requireNonNull(payload, "payload is null");
        requireNonNull(accept, "accept is null");
        return requestType == RequestType.PREDICT ? predict(payload, accept) : invoke(requestType, payload);
    }

    @Override
    protected Blob predict(Blob payload) {
        return predict(payload, Optional.empty());
    }

    private Blob predict(Blob payload, Optional<String> accept) {
        return DeepaasClient.toBlob(client.predict(model(), payload, accept));
    }

    @Override
    protected Blob train(Blob payload) {
        return DeepaasClient.toBlob(client.postTraining(model(), payload));
    }

    @Override
    protected Blob metadata(Blob payload) {
        String model = model();
        Map<String, Object> metadata = client.modelMetadata(model).orElseThrow(() ->
                new ModelNotFoundException(client.service() + " has no model '" + model + "'"));
        return Blob.ofUtf8("application/json", Json.write(metadata));
    }

    @Override
    protected String serviceName() {
        return "model server '" + instanceName + "' (" + client.service() + ")";
    }

    @Override
    protected String unsupportedReason() {
        return "DEEPaaS has no explanation endpoint";
    }

    /** Keeps this plugin's established wording: {@code "<serviceName> does not support EXPLAIN: <reason>"}. */
    @Override
    protected UnsupportedTangoOperationException unsupported(RequestType requestType) {
        return new UnsupportedTangoOperationException(serviceName() + " does not support " + requestType + ": "
                + unsupportedReason());
    }

    /** @return the model this proxy invokes: the configured one, else the server's only model */
    public String model() {
        if (configuredModel.isPresent()) {
            return configuredModel.get();
        }
        String model = resolvedModel;
        if (model == null) {
            List<String> models = client.listModels().stream().map(DeepaasClient::urlKey).toList();
            if (models.size() != 1) {
                throw new InvalidConfigException(modelOptionPath, client.service() + " serves " + models.size()
                        + " models " + models + ": set 'model' to the one this model server invokes");
            }
            model = models.get(0);
            resolvedModel = model;
        }
        return model;
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "DeepaasModelServerProxy[" + instanceName + ", " + client.baseUrl()
                + configuredModel.map(model -> ", " + model).orElse("") + "]";
    }
}
