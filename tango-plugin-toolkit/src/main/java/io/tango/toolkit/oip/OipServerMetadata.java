package io.tango.toolkit.oip;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * An OIP server metadata document ({@code GET /v2}): the server's name, version and the extensions it supports.
 * Immutable.
 *
 * @param name the server's name
 * @param version its version
 * @param extensions the extensions it names, e.g. {@value #BINARY_TENSOR_DATA}; servers that support the binary
 *     extension without naming it exist (KServe 0.21)
 */
public record OipServerMetadata(String name, String version, List<String> extensions) {
    /** The extension name under which servers advertise the binary tensor data extension. */
    public static final String BINARY_TENSOR_DATA = "binary_tensor_data";

    /** @throws NullPointerException if an argument is null */
    public OipServerMetadata {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        extensions = List.copyOf(requireNonNull(extensions, "extensions is null"));
    }

    /** @return whether the server names the binary tensor data extension */
    public boolean advertisesBinaryData() {
        return extensions.contains(BINARY_TENSOR_DATA);
    }
}
