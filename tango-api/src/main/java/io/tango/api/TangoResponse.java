package io.tango.api;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A model-agnostic response (seed: {@code TangoResponse}): named outputs, their content type, and metadata.
 *
 * <p>Output values follow the same rules as {@link TangoRequest}'s inputs; the response is immutable (maps taken from
 * another request or response are shared, not copied again, as they cannot change). A model with a
 * single unnamed output (MLflow's {@code {"predictions": [...]}}) uses the name {@value #PREDICTIONS}.
 *
 * @param outputs the named outputs, in order
 * @param contentType the content type of the outputs ({@code application/json} for structured values)
 * @param metadata information about the call that is not output (model version, timings, the remote status)
 */
public record TangoResponse(Map<String, Object> outputs, String contentType, Map<String, Object> metadata) {
    /** The output name used for a model's single unnamed output. */
    public static final String PREDICTIONS = "predictions";

    /** The default content type. */
    public static final String JSON = "application/json";

    public TangoResponse {
        outputs = Values.copyNamed(outputs, "output");
        requireNonNull(contentType, "contentType is null");
        metadata = Values.copyNamed(metadata, "metadata");
    }

    /**
     * @param outputs the named outputs
     * @return a JSON response with those outputs and no metadata
     */
    public static TangoResponse of(Map<String, ?> outputs) {
        return new TangoResponse(Values.readOnly(requireNonNull(outputs, "outputs is null")), JSON, Map.of());
    }

    /**
     * A response with other outputs and this response's content type and metadata, which is shared, not copied: a
     * model whose every answer carries the same metadata builds it into one response once and derives each call's.
     *
     * @param outputs the named outputs
     * @return the new response
     */
    public TangoResponse withOutputs(Map<String, ?> outputs) {
        return new TangoResponse(Values.readOnly(requireNonNull(outputs, "outputs is null")), contentType, metadata);
    }

    /**
     * @param name an output's name
     * @return its value, if present
     */
    public Optional<Object> output(String name) {
        return Optional.ofNullable(outputs.get(requireNonNull(name, "name is null")));
    }
}
