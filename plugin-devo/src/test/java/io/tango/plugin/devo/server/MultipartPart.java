package io.tango.plugin.devo.server;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One part of a {@code multipart/form-data} body.
 *
 * @param headers the part's headers, names in lower case, in order
 * @param name the form field's name
 * @param fileName the {@code filename} parameter, when the part is a file
 * @param content the part's bytes
 */
public record MultipartPart(Map<String, String> headers, String name, Optional<String> fileName, byte[] content) {

    public MultipartPart {
        headers = Map.copyOf(headers);
        requireNonNull(name, "name is null");
        requireNonNull(fileName, "fileName is null");
        content = content.clone();
    }

    /** @return the header names of the part, sorted */
    public List<String> headerNames() {
        return headers.keySet().stream().sorted().toList();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MultipartPart that && headers.equals(that.headers) && name.equals(that.name)
                && fileName.equals(that.fileName) && Arrays.equals(content, that.content);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(content);
    }
}
