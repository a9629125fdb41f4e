package io.tango.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A model-agnostic request (seed: {@code TangoRequest}): named inputs, parameters, and the content type wanted back.
 *
 * <p>Input and parameter values are scalars (String, Boolean, Number), lists, maps with string keys,
 * {@link Tensor}s or {@link Blob}s; lists and maps are deep-copied and unmodifiable, so a request is immutable and
 * may be shared between threads. What cannot change is not copied: maps taken from another request or response, and
 * {@code Map.of} maps whose values are scalars, tensors or blobs. A tabular request holds one input per column (a list of the column's values), in
 * column order.
 *
 * @param inputs the named inputs, in order
 * @param parameters named parameters that are not data (MLflow's {@code params}, DEEPaaS's non-file arguments that
 *     tune a call)
 * @param accept the content type the caller wants back (DEEPaaS's {@code accept}), if any
 */
public record TangoRequest(Map<String, Object> inputs, Map<String, Object> parameters, Optional<String> accept) {

    public TangoRequest {
        inputs = Values.copyNamed(inputs, "input");
        parameters = Values.copyNamed(parameters, "parameter");
        requireNonNull(accept, "accept is null");
    }

    /**
     * @param inputs the named inputs
     * @return a request with those inputs and nothing else
     */
    public static TangoRequest of(Map<String, ?> inputs) {
        return new TangoRequest(Values.readOnly(requireNonNull(inputs, "inputs is null")), Map.of(), Optional.empty());
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param name an input's name
     * @return its value, if given
     */
    public Optional<Object> input(String name) {
        return Optional.ofNullable(inputs.get(requireNonNull(name, "name is null")));
    }

    /** Builds a {@link TangoRequest}; not thread-safe. */
    public static final class Builder {
        private final Map<String, Object> inputs = new LinkedHashMap<>();
        private final Map<String, Object> parameters = new LinkedHashMap<>();
        private String accept;

        private Builder() {}

        /** Adds (or replaces) an input. */
        public Builder input(String name, Object value) {
            inputs.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
            return this;
        }

        /** Adds (or replaces) a parameter. */
        public Builder parameter(String name, Object value) {
            parameters.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
            return this;
        }

        /** Sets the content type wanted back. */
        public Builder accept(String contentType) {
            this.accept = requireNonNull(contentType, "contentType is null");
            return this;
        }

        /** @return the request */
        public TangoRequest build() {
            return new TangoRequest(inputs, parameters, Optional.ofNullable(accept));
        }
    }
}
