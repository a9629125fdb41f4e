package io.tango.plugin.oip;

import io.tango.toolkit.oip.OipModelMetadata;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A model's metadata as an OIP server answered it: parsed, and as the server sent it (the native metadata). Immutable.
 *
 * @param metadata the parsed metadata: name, versions, platform, the signature with every input and output
 * @param nativeMetadata the document as the server sent it (JSON-like maps, lists and scalars); over gRPC, the
 *     message in the REST document's field names
 */
public record OipModelDocument(OipModelMetadata metadata, Map<String, Object> nativeMetadata) {
    /** @throws NullPointerException if an argument is null */
    public OipModelDocument {
        requireNonNull(metadata, "metadata is null");
        nativeMetadata = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(nativeMetadata, "nativeMetadata is null")));
    }
}
