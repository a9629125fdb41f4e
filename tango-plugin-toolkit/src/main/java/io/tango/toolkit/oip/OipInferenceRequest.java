package io.tango.toolkit.oip;

import io.tango.api.InvalidRequestException;
import io.tango.api.TangoRequest;
import io.tango.api.Tensor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * An OIP inference request: {@code id}, {@code parameters}, {@code inputs} and the requested {@code outputs}, with
 * the tensors decoded. {@link OipJson} and {@link OipBinaryExtension} read and write it. Immutable.
 *
 * @param id the request's identifier, which the response repeats; empty when not given
 * @param parameters the request's parameters (String, Number or Boolean values), in order; the binary extension's
 *     {@code binary_data_output} among them
 * @param inputs the input tensors, in order, with unique names
 * @param outputs the outputs asked for, in order, with unique names; empty asks for every output
 */
public record OipInferenceRequest(Optional<String> id, Map<String, Object> parameters, List<OipTensor> inputs,
        List<OipRequestedOutput> outputs) {

    /**
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if two inputs or two outputs share a name, or a parameter value is not a
     *     String, Number or Boolean
     */
    public OipInferenceRequest {
        requireNonNull(id, "id is null");
        parameters = OipParameters.copy(parameters, "request parameter");
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
        checkUnique(inputs, OipTensor::name, "input");
        checkUnique(outputs, OipRequestedOutput::name, "requested output");
    }

    private static <T> void checkUnique(List<T> items, Function<T, String> names, String what) {
        if (items.size() < 2) {
            return; // the common one-input request needs no set
        }
        Set<String> seen = new HashSet<>();
        for (T item : items) {
            String name = names.apply(item);
            if (!seen.add(name)) {
                throw new IllegalArgumentException(what + " '" + name + "' is given twice");
            }
        }
    }

    /**
     * The OIP form of a TANGO request: each input becomes a tensor (see {@link #toTangoRequest()} for the way back),
     * each parameter a request parameter; no id and no requested outputs.
     *
     * @param request the TANGO request
     * @return the OIP request
     * @throws InvalidRequestException naming the input that is not a tensor (a blob, a map, ragged lists) or the
     *     parameter that is not a string, number or boolean
     * @throws NullPointerException if {@code request} is null
     */
    public static OipInferenceRequest of(TangoRequest request) {
        requireNonNull(request, "request is null");
        List<OipTensor> inputs = new ArrayList<>();
        request.inputs().forEach((name, value) -> inputs.add(OipTensor.of(name, OipTensor.toTensor("input '" + name + "'", value))));
        try {
            return new OipInferenceRequest(Optional.empty(), request.parameters(), inputs, List.of());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage(), e);
        }
    }

    /** @return a TANGO request of the inputs (by name, in order) and the parameters */
    public TangoRequest toTangoRequest() {
        Map<String, Object> tensors = new LinkedHashMap<>();
        inputs.forEach(input -> tensors.put(input.name(), input.tensor()));
        return new TangoRequest(tensors, parameters, Optional.empty());
    }

    /**
     * @param outputName an output's name
     * @return whether the client asked for it as binary data: its requested output's {@code binary_data}, else the
     *     request's {@code binary_data_output}
     */
    public boolean wantsBinary(String outputName) {
        requireNonNull(outputName, "outputName is null");
        for (OipRequestedOutput output : outputs) {
            if (output.name().equals(outputName) && output.parameters().get(OipParameters.BINARY_DATA) instanceof Boolean flag) {
                return flag;
            }
        }
        return OipParameters.isTrue(parameters, OipParameters.BINARY_DATA_OUTPUT);
    }

    /**
     * The outputs a response carries for this request: every produced output when none was asked for, else the ones
     * asked for, in the order asked.
     *
     * @param produced the model's outputs, by name, in order
     * @return the outputs to answer
     * @throws InvalidRequestException naming the first requested output the model did not produce:
     *     {@code outputs[1].name 'z' is not an output of the model; it has [y, p]}
     */
    public List<OipTensor> select(Map<String, Tensor> produced) {
        requireNonNull(produced, "produced is null");
        List<OipTensor> selected = new ArrayList<>();
        if (outputs.isEmpty()) {
            produced.forEach((name, tensor) -> selected.add(OipTensor.of(name, tensor)));
            return selected;
        }
        for (int i = 0; i < outputs.size(); i++) {
            OipRequestedOutput output = outputs.get(i);
            Tensor tensor = produced.get(output.name());
            if (tensor == null) {
                throw new InvalidRequestException("outputs[" + i + "].name '" + output.name()
                        + "' is not an output of the model; it has " + produced.keySet());
            }
            selected.add(OipTensor.of(output.name(), tensor));
        }
        return selected;
    }
}
