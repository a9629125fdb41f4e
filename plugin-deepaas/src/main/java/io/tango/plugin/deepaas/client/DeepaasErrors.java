package io.tango.plugin.deepaas.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.toolkit.http.RemoteErrorReader;

import java.io.IOException;
import java.util.Optional;
import java.util.StringJoiner;

/** How DEEPaaS's error bodies read. Stateless. */
public final class DeepaasErrors {
    /**
     * DEEPaaS's argument-validation body (webargs, with its 422): {@code {"<argument>": ["<message>", ...], ...}},
     * read as {@code <argument>: <message> <message>; ...}. Any other body (aiohttp's text pages, a gateway's JSON) is
     * not in this format.
     */
    public static final RemoteErrorReader BODY = (body, json) -> {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (root == null || !root.isObject() || root.isEmpty()) {
            return Optional.empty();
        }
        StringJoiner messages = new StringJoiner("; ");
        for (var field : root.properties()) {
            if (!field.getValue().isArray()) {
                return Optional.empty();
            }
            StringJoiner text = new StringJoiner(" ");
            field.getValue().forEach(message -> text.add(message.isTextual() ? message.textValue() : Json.write(message)));
            messages.add(field.getKey() + ": " + text);
        }
        return Optional.of(new RemoteErrorReader.RemoteError(null, messages.toString()));
    };

    private DeepaasErrors() {}
}
