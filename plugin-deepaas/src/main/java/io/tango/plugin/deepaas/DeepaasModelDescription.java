package io.tango.plugin.deepaas;

import io.tango.api.FieldSpec;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.ModelSignature;
import io.tango.plugin.deepaas.client.Json;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Everything a DEEPaaS server says about one of its models: its native metadata and, from the server's OpenAPI
 * description, its predict and train arguments and the shape of its predictions. Immutable.
 *
 * @param baseUrl the server's base URL
 * @param model the model's URL key (the last segment of its self link)
 * @param metadata the model's metadata as the server sends it ({@code get_metadata()} fields, plus DEEPaaS's
 *     {@code links})
 * @param predictArguments the predict arguments
 * @param trainArguments the train arguments
 * @param outputs what a prediction holds
 */
public record DeepaasModelDescription(
        URI baseUrl,
        String model,
        Map<String, Object> metadata,
        List<FieldSpec> predictArguments,
        List<FieldSpec> trainArguments,
        List<FieldSpec> outputs) {

    /** The descriptor format of DEEPaaS models, which the DEEPAAS initializer handles. */
    public static final String FORMAT = "deepaas";

    /** Descriptor metadata key of the server's base URL. */
    public static final String BASE_URL_KEY = "deepaas.base_url";

    /** Descriptor metadata key of the model's URL key. */
    public static final String MODEL_KEY = "deepaas.model";

    /** Prefix of descriptor metadata keys holding the model's own metadata fields. */
    public static final String META_PREFIX = "deepaas.meta.";

    /** Prefix of descriptor metadata keys describing train arguments ({@link FieldSpec#toString()}). */
    public static final String TRAIN_PREFIX = "deepaas.train.";

    public DeepaasModelDescription {
        requireNonNull(baseUrl, "baseUrl is null");
        requireNonNull(model, "model is null");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(metadata, "metadata is null")));
        predictArguments = List.copyOf(requireNonNull(predictArguments, "predictArguments is null"));
        trainArguments = List.copyOf(requireNonNull(trainArguments, "trainArguments is null"));
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
    }

    /** @return the display name the model's metadata gives, which may differ from its URL key */
    public String displayName() {
        return metadata.get("name") instanceof String name ? name : model;
    }

    /**
     * Describes the model as a TANGO descriptor: format {@value #FORMAT}, the server as endpoint, the predict
     * arguments as inputs and the prediction's fields as outputs; metadata {@value #BASE_URL_KEY},
     * {@value #MODEL_KEY}, the model's own fields under {@value #META_PREFIX} (non-strings as JSON), and each train
     * argument under {@value #TRAIN_PREFIX}.
     *
     * @param key the key the model was asked for by
     * @param origin who describes it, e.g. {@code finder default}
     * @return the descriptor
     */
    public ModelDescriptor toDescriptor(ModelKey key, String origin) {
        ModelDescriptor.Builder builder = ModelDescriptor.builder(key, model, FORMAT)
                .endpoint(baseUrl)
                .signature(new ModelSignature(predictArguments, outputs))
                .origin(origin)
                .metadata(BASE_URL_KEY, baseUrl.toString())
                .metadata(MODEL_KEY, model);
        if (metadata.get("version") instanceof String version && !version.isBlank()) {
            builder.version(version);
        }
        metadata.forEach((field, value) -> {
            if (!field.equals("links") && value != null) {
                builder.metadata(META_PREFIX + field, Json.toText(value));
            }
        });
        trainArguments.forEach(argument -> builder.metadata(TRAIN_PREFIX + argument.name(), argument.toString()));
        return builder.build();
    }
}
