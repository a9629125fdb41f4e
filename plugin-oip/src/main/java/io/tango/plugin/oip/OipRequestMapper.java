package io.tango.plugin.oip;

import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelSignature;
import io.tango.api.TangoRequest;
import io.tango.api.Tensor;
import io.tango.toolkit.oip.OipDatatype;
import io.tango.toolkit.oip.OipInferenceRequest;
import io.tango.toolkit.oip.OipRequestedOutput;
import io.tango.toolkit.oip.OipTensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Maps a TANGO request to an OIP inference request for one model, and checks it against the model's metadata before
 * anything is sent.
 *
 * <ul>
 *   <li>Each input becomes a tensor. A {@link Tensor} is sent as it is; numbers given as (nested) lists take the
 *       datatype the metadata declares for that input (e.g. FP32), so a caller need not build tensors.</li>
 *   <li>The parameter {@value #OUTPUTS} (a list of names, or one name) becomes the requested outputs; every other
 *       parameter a request parameter (string, number or boolean).</li>
 *   <li>With checks on and a signature declared: every input must be declared, with the declared datatype and a
 *       shape of the declared rank whose dimensions match (a declared {@code -1} takes any), and every requested
 *       output declared. All problems go into one {@link InvalidRequestException}. A declared input left out is the
 *       server's to judge: OIP metadata cannot say that an input is optional (Triton's models can have such).</li>
 * </ul>
 * Immutable and thread-safe.
 */
final class OipRequestMapper {
    /** The request parameter naming the outputs to return. */
    static final String OUTPUTS = "outputs";

    private final String subject;
    private final ModelSignature signature;
    private final boolean check;

    /**
     * @param subject how messages name the model, e.g. {@code model 'm' on OIP server at http://…}
     * @param signature the model's declared inputs and outputs
     * @param check whether to check requests against the signature
     */
    OipRequestMapper(String subject, ModelSignature signature, boolean check) {
        this.subject = requireNonNull(subject, "subject is null");
        this.signature = requireNonNull(signature, "signature is null");
        this.check = check;
    }

    /**
     * @param request the TANGO request
     * @return the OIP request
     * @throws InvalidRequestException listing every problem
     */
    OipInferenceRequest map(TangoRequest request) {
        requireNonNull(request, "request is null");
        Map<String, Object> parameters = new LinkedHashMap<>(request.parameters());
        List<String> problems = new ArrayList<>();
        List<OipRequestedOutput> outputs = requestedOutputs(parameters.remove(OUTPUTS), problems);
        OipInferenceRequest plain;
        try {
            plain = OipInferenceRequest.of(new TangoRequest(request.inputs(), parameters, Optional.empty()));
        } catch (InvalidRequestException e) {
            throw new InvalidRequestException("Invalid request for " + subject + ": " + e.getMessage(), e);
        }
        List<OipTensor> inputs = new ArrayList<>();
        for (OipTensor input : plain.inputs()) {
            boolean given = request.inputs().get(input.name()) instanceof Tensor;
            inputs.add(given ? input : declaredType(input));
        }
        if (check && !signature.isUnknown()) {
            checkInputs(inputs, problems);
            checkOutputs(outputs, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("Invalid request for " + subject + ": " + String.join("; ", problems));
        }
        return new OipInferenceRequest(Optional.empty(), plain.parameters(), inputs, outputs);
    }

    private static List<OipRequestedOutput> requestedOutputs(Object value, List<String> problems) {
        if (value == null) {
            return List.of();
        }
        Collection<?> names = value instanceof Collection<?> collection ? collection : List.of(value);
        List<OipRequestedOutput> outputs = new ArrayList<>();
        for (Object name : names) {
            if (!(name instanceof String text) || text.isBlank()) {
                problems.add("parameter '" + OUTPUTS + "' must name outputs (strings), got " + value);
                return List.of();
            }
            if (outputs.stream().anyMatch(output -> output.name().equals(text))) {
                problems.add("parameter '" + OUTPUTS + "' names output '" + text + "' twice");
                continue;
            }
            outputs.add(OipRequestedOutput.named(text));
        }
        return outputs;
    }

    /** Gives numbers that came as lists the declared datatype; anything else stays as it is (and is checked). */
    private OipTensor declaredType(OipTensor input) {
        Optional<FieldSpec> field = signature.input(input.name());
        if (field.isEmpty()) {
            return input;
        }
        DataType want = OipDatatype.of(field.get().type()).dataType();
        Tensor tensor = input.tensor();
        DataType have = tensor.type();
        if (have == want || !isNumber(have) || !isNumber(want)) {
            return input;
        }
        long[] shape = tensor.shape();
        try {
            Tensor converted;
            if (want.isInteger()) {
                if (!have.isInteger()) {
                    return input; // no silent truncation of 1.5 to 1: the checks report the datatype
                }
                converted = Tensor.ofIntegers(want, tensor.toLongArray(), shape);
            } else if (want == DataType.FLOAT64) {
                converted = Tensor.ofDoubles(tensor.toDoubleArray(), shape);
            } else {
                converted = Tensor.ofFloats(want, tensor.toFloatArray(), shape);
            }
            return new OipTensor(input.name(), converted, input.parameters());
        } catch (IllegalArgumentException e) {
            return input; // out of the declared type's range: the checks report the datatype
        }
    }

    private static boolean isNumber(DataType type) {
        return type.isInteger() || type == DataType.FLOAT16 || type == DataType.BFLOAT16 || type == DataType.FLOAT32
                || type == DataType.FLOAT64;
    }

    private void checkInputs(List<OipTensor> inputs, List<String> problems) {
        List<String> declared = signature.inputs().stream().map(FieldSpec::name).toList();
        for (OipTensor input : inputs) {
            Optional<FieldSpec> field = signature.input(input.name());
            if (field.isEmpty()) {
                problems.add("input '" + input.name() + "' is not an input of the model (its inputs: "
                        + String.join(", ", declared) + ")");
                continue;
            }
            OipDatatype want = OipDatatype.of(field.get().type());
            if (input.datatype() != want) {
                problems.add("input '" + input.name() + "' is " + input.datatype() + ", the model takes " + want);
            }
            long[] shape = input.tensor().shape();
            List<Long> wantShape = field.get().shape();
            if (!matches(shape, wantShape)) {
                problems.add("input '" + input.name() + "' has shape " + Arrays.toString(shape) + ", the model takes "
                        + wantShape + " (-1: any size)");
            }
        }
    }

    private static boolean matches(long[] shape, List<Long> declared) {
        if (declared.isEmpty()) {
            return true; // no shape declared
        }
        if (shape.length != declared.size()) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            long want = declared.get(i);
            if (want >= 0 && want != shape[i]) {
                return false;
            }
        }
        return true;
    }

    private void checkOutputs(List<OipRequestedOutput> outputs, List<String> problems) {
        if (signature.outputs().isEmpty()) {
            return;
        }
        List<String> declared = signature.outputs().stream().map(FieldSpec::name).toList();
        for (OipRequestedOutput output : outputs) {
            if (!declared.contains(output.name())) {
                problems.add("output '" + output.name() + "' is not an output of the model (its outputs: "
                        + String.join(", ", declared) + ")");
            }
        }
    }
}
