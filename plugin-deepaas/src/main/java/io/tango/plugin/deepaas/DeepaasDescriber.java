package io.tango.plugin.deepaas;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.plugin.deepaas.client.DeepaasClient;
import io.tango.plugin.deepaas.client.DeepaasModelApi;
import io.tango.plugin.deepaas.client.OpenApiReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds {@link DeepaasModelDescription}s from a server's model metadata and OpenAPI description. Stateless. */
final class DeepaasDescriber {
    private DeepaasDescriber() {}

    /**
     * @param client the server
     * @param model a model's URL key
     * @return its description, or empty if the server has no such model
     */
    static Optional<DeepaasModelDescription> describe(DeepaasClient client, String model) {
        Optional<Map<String, Object>> metadata = client.modelMetadata(model);
        if (metadata.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(describe(client, model, metadata.get(), client.openApi()));
    }

    /**
     * @param client the server
     * @return a description of every model it serves, in its order
     */
    static List<DeepaasModelDescription> describeAll(DeepaasClient client) {
        List<Map<String, Object>> models = client.listModels();
        JsonNode swagger = client.openApi();
        List<DeepaasModelDescription> descriptions = new ArrayList<>();
        for (Map<String, Object> entry : models) {
            descriptions.add(describe(client, DeepaasClient.urlKey(entry), entry, swagger));
        }
        return List.copyOf(descriptions);
    }

    /**
     * @param client the server
     * @param model a model's URL key
     * @return what the server's OpenAPI description says about the model
     */
    static DeepaasModelApi api(DeepaasClient client, String model) {
        return OpenApiReader.read(client.openApi(), client.basePath(), model);
    }

    /**
     * @param client the server
     * @param model a model's URL key
     * @param metadata the model's metadata as the server sent it
     * @param swagger the server's OpenAPI description
     * @return the model's description
     */
    static DeepaasModelDescription describe(
            DeepaasClient client, String model, Map<String, Object> metadata, JsonNode swagger) {
        DeepaasModelApi api = OpenApiReader.read(swagger, client.basePath(), model);
        return new DeepaasModelDescription(
                client.baseUrl(), model, metadata, api.predictSpecs(), api.trainSpecs(), api.outputs());
    }
}
