package io.tango.toolkit.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.Blob;

import java.io.IOException;
import java.util.Base64;

/**
 * A {@link Blob} in JSON: its content as base64 text (RFC 4648, with padding, no line breaks), MLflow's form of a
 * binary column. The content type and file name are not written; a blob read back is {@value #CONTENT_TYPE}.
 * Stateless.
 */
final class BlobJson {
    /** The content type of a blob read from JSON, which does not carry one. */
    static final String CONTENT_TYPE = "application/octet-stream";

    private BlobJson() {}

    static void write(Blob blob, JsonGenerator generator) throws IOException {
        generator.writeString((String) PlainValues.of(blob));
    }

    /** @throws IllegalArgumentException if the node is not base64 text */
    static Blob read(JsonNode node) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException("a blob is base64 text, got " + TensorJson.describe(node));
        }
        try {
            return Blob.of(CONTENT_TYPE, Base64.getDecoder().decode(node.textValue()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a blob is base64 text: " + e.getMessage(), e);
        }
    }
}
