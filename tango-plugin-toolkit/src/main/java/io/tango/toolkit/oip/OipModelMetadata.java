package io.tango.toolkit.oip;

import io.tango.api.ModelSignature;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * An OIP model metadata document ({@code GET /v2/models/{name}}): name, versions, platform and the tensors the model
 * takes and gives, as a TANGO {@link ModelSignature} (each field with its {@link OipDatatype#dataType()} and shape,
 * {@code -1} for a variable dimension). Immutable.
 *
 * @param name the model's name
 * @param versions the versions a client may ask for; empty when the server does not name them
 * @param platform the framework or backend (informational, e.g. {@code onnx_onnxv1}); empty when not given
 * @param signature the inputs and outputs
 */
public record OipModelMetadata(String name, List<String> versions, String platform, ModelSignature signature) {
    /** @throws NullPointerException if an argument is null */
    public OipModelMetadata {
        requireNonNull(name, "name is null");
        versions = List.copyOf(requireNonNull(versions, "versions is null"));
        requireNonNull(platform, "platform is null");
        requireNonNull(signature, "signature is null");
    }
}
