package io.tango.toolkit.oip;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One output an OIP inference request asks for, by name, with its parameters (the binary extension's
 * {@code binary_data}, server-specific ones). Immutable.
 *
 * @param name the output's name
 * @param parameters its parameters: String, Number or Boolean values, in order
 */
public record OipRequestedOutput(String name, Map<String, Object> parameters) {
    /**
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a parameter value is not a String, Number or Boolean
     */
    public OipRequestedOutput {
        requireNonNull(name, "name is null");
        parameters = OipParameters.copy(parameters, "parameter of output '" + name + "'");
    }

    /**
     * @param name the output's name
     * @return a request for that output with no parameters
     */
    public static OipRequestedOutput named(String name) {
        return new OipRequestedOutput(name, Map.of());
    }

    /**
     * @param name the output's name
     * @return a request for that output as binary data ({@code "binary_data": true})
     */
    public static OipRequestedOutput binary(String name) {
        return new OipRequestedOutput(name, Map.of(OipParameters.BINARY_DATA, true));
    }
}
