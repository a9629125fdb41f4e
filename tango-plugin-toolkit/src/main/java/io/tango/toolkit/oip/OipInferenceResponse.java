package io.tango.toolkit.oip;

import io.tango.api.InvalidRequestException;
import io.tango.api.TangoResponse;
import io.tango.api.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An OIP inference response: {@code model_name}, {@code model_version}, {@code id}, {@code parameters} and the output
 * tensors, decoded. {@link OipJson} and {@link OipBinaryExtension} read and write it. Immutable.
 *
 * @param modelName the model that answered; empty when a server left it out
 * @param modelVersion its version, when the server names one
 * @param id the request's identifier, when the request had one (some servers make one up)
 * @param parameters the response's parameters (String, Number or Boolean values), in order
 * @param outputs the output tensors, in order
 */
public record OipInferenceResponse(String modelName, Optional<String> modelVersion, Optional<String> id,
        Map<String, Object> parameters, List<OipTensor> outputs) {
    /** The {@link TangoResponse#metadata()} key of the model name. */
    public static final String MODEL_NAME = "model_name";
    /** The {@link TangoResponse#metadata()} key of the model version. */
    public static final String MODEL_VERSION = "model_version";
    /** The {@link TangoResponse#metadata()} key of the request id. */
    public static final String ID = "id";
    /** The {@link TangoResponse#metadata()} key of the response parameters (a map). */
    public static final String PARAMETERS = "parameters";

    /**
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a parameter value is not a String, Number or Boolean
     */
    public OipInferenceResponse {
        requireNonNull(modelName, "modelName is null");
        requireNonNull(modelVersion, "modelVersion is null");
        requireNonNull(id, "id is null");
        parameters = OipParameters.copy(parameters, "response parameter");
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
    }

    /**
     * The answer to an OIP request from a TANGO response: the outputs the request asks for (all when it names none,
     * see {@link OipInferenceRequest#select}), the request's id, no parameters.
     *
     * @param request the request answered
     * @param response the model's response; its outputs must be tensors, nested lists or scalars
     * @param modelName the model's name
     * @param modelVersion its version, if it has one
     * @return the OIP response
     * @throws InvalidRequestException naming a requested output the model did not give, or an output that is not a
     *     tensor (a map, a blob)
     * @throws NullPointerException if an argument is null
     */
    public static OipInferenceResponse answer(OipInferenceRequest request, TangoResponse response, String modelName,
            Optional<String> modelVersion) {
        requireNonNull(request, "request is null");
        requireNonNull(response, "response is null");
        Map<String, Tensor> produced = new LinkedHashMap<>();
        response.outputs().forEach((name, value) -> produced.put(name,
                value instanceof Tensor tensor ? tensor : OipTensor.toTensor("output '" + name + "'", value)));
        return new OipInferenceResponse(modelName, modelVersion, request.id(), Map.of(), request.select(produced));
    }

    /**
     * @return a TANGO response of the output tensors (by name, in order) whose metadata holds {@value #MODEL_NAME},
     *     and {@value #MODEL_VERSION}, {@value #ID} and {@value #PARAMETERS} when present
     */
    public TangoResponse toTangoResponse() {
        Map<String, Object> tensors = new LinkedHashMap<>();
        outputs.forEach(output -> tensors.put(output.name(), output.tensor()));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(MODEL_NAME, modelName);
        modelVersion.ifPresent(version -> metadata.put(MODEL_VERSION, version));
        id.ifPresent(value -> metadata.put(ID, value));
        if (!parameters.isEmpty()) {
            metadata.put(PARAMETERS, parameters);
        }
        return new TangoResponse(tensors, TangoResponse.JSON, metadata);
    }
}
