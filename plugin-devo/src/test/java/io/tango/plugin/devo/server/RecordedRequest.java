package io.tango.plugin.devo.server;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import static java.util.Objects.requireNonNull;

/**
 * One request the {@link FakeModelManagerServer} received, as it came over the wire.
 *
 * @param installation which installation was called: {@code latest}, {@code legacy}, {@code silent}, {@code broken}
 * @param method the HTTP method
 * @param rawPath the raw (still percent-encoded) path below the installation's base path
 * @param rawQuery the raw query, or empty
 * @param headers the headers, names in lower case
 * @param json the body, when it was JSON
 * @param parts the body's parts, when it was multipart
 */
public record RecordedRequest(
        String installation,
        String method,
        String rawPath,
        Optional<String> rawQuery,
        Map<String, List<String>> headers,
        Optional<JsonNode> json,
        List<MultipartPart> parts) {

    public RecordedRequest {
        requireNonNull(installation, "installation is null");
        requireNonNull(method, "method is null");
        requireNonNull(rawPath, "rawPath is null");
        requireNonNull(rawQuery, "rawQuery is null");
        headers = Map.copyOf(headers);
        requireNonNull(json, "json is null");
        parts = List.copyOf(parts);
    }

    /** @return the first value of a header (name case-insensitive) */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** @return the token the request carried in {@code standAloneToken} or {@code Authorization: Bearer}, if any */
    public Optional<String> token() {
        return header("standAloneToken").or(() -> header("Authorization")
                .filter(value -> value.startsWith("Bearer "))
                .map(value -> value.substring("Bearer ".length())));
    }
}
