package io.tango.plugin.oip;

import java.util.Locale;

/** When a REST client sends and asks for tensors with the binary tensor data extension. */
public enum OipBinaryMode {
    /** When the server lists {@code binary_tensor_data} among the extensions of {@code GET /v2}. */
    AUTO,
    /** Always (KServe reads it without advertising it). */
    ALWAYS,
    /** Never, except FP16 and BF16 inputs, which have no JSON form. */
    NEVER;

    /** @return the option value, lower case */
    public String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param value an option value, e.g. {@code auto}
     * @return the mode
     * @throws IllegalArgumentException if there is none of that name
     */
    static OipBinaryMode of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
