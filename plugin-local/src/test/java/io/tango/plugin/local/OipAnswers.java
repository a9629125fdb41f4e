package io.tango.plugin.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.plugin.local.store.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading and checking the answers of the OIP REST tests. */
final class OipAnswers {
    private OipAnswers() {}

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    static JsonNode json(byte[] body) {
        return json(new String(body, StandardCharsets.UTF_8));
    }

    /** Asserts an answer is OIP's error: the status, a JSON content type and exactly {@code {"error": message}}. */
    static void assertError(HttpResponse<?> response, int status, String message) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        Object body = response.body();
        JsonNode json = body instanceof byte[] bytes ? json(bytes) : json((String) body);
        assertThat(json).isEqualTo(Json.MAPPER.createObjectNode().put("error", message));
    }
}
