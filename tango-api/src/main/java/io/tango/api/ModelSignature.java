package io.tango.api;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a model takes and gives: its declared inputs and outputs, in order. Either list may be empty when the model
 * does not declare it ({@link #UNKNOWN} declares nothing).
 *
 * @param inputs the declared inputs
 * @param outputs the declared outputs
 */
public record ModelSignature(List<FieldSpec> inputs, List<FieldSpec> outputs) {
    /** A signature that declares nothing: requests are passed to the model unchecked. */
    public static final ModelSignature UNKNOWN = new ModelSignature(List.of(), List.of());

    public ModelSignature {
        inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
        outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
    }

    /**
     * @param name an input's name
     * @return the input of that name, if declared
     */
    public Optional<FieldSpec> input(String name) {
        requireNonNull(name, "name is null");
        return inputs.stream().filter(field -> field.name().equals(name)).findFirst();
    }

    /** @return whether nothing is declared */
    public boolean isUnknown() {
        return inputs.isEmpty() && outputs.isEmpty();
    }
}
