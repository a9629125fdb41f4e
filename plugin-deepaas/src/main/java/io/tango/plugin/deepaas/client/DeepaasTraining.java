package io.tango.plugin.deepaas.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A training as a DEEPaaS 2.x server reports it ({@code POST}/{@code GET}/{@code DELETE .../train/...}):
 * {@code {"date", "args", "uuid", "status", "result": {"output", "finish_date", "duration"}, "message"}}.
 *
 * @param uuid the server's id of the training (32 hex digits)
 * @param status {@code running}, {@code done} (the Swagger document says {@code completed}), {@code error} or
 *     {@code cancelled}
 * @param date when it started, in the server's local time without a zone ({@code 2024-01-01 12:00:00.123456})
 * @param arguments the arguments it was started with, as the server echoes them
 * @param output what the model's {@code train} returned, for a done training (may be null)
 * @param finishDate when it finished, for a done training
 * @param duration how long it took ({@code H:MM:SS.ffffff}), for a done training
 * @param message why it failed, for a training in error
 */
public record DeepaasTraining(
        String uuid,
        String status,
        String date,
        Map<String, Object> arguments,
        Optional<Object> output,
        Optional<String> finishDate,
        Optional<String> duration,
        Optional<String> message) {

    public DeepaasTraining {
        requireNonNull(uuid, "uuid is null");
        requireNonNull(status, "status is null");
        requireNonNull(date, "date is null");
        arguments = requireNonNull(arguments, "arguments is null");
        requireNonNull(output, "output is null");
        requireNonNull(finishDate, "finishDate is null");
        requireNonNull(duration, "duration is null");
        requireNonNull(message, "message is null");
    }

    /**
     * @param node a training document
     * @return the training
     * @throws IllegalArgumentException if the document has no {@code uuid} or {@code status}
     */
    public static DeepaasTraining of(JsonNode node) {
        requireNonNull(node, "node is null");
        if (!node.path("uuid").isTextual() || !node.path("status").isTextual()) {
            throw new IllegalArgumentException("not a DEEPaaS training document: " + Json.abbreviate(node));
        }
        JsonNode result = node.path("result");
        return new DeepaasTraining(
                node.get("uuid").textValue(),
                node.get("status").textValue(),
                node.path("date").asText(""),
                Json.toMap(node.path("args")),
                Optional.ofNullable(Json.toJava(result.get("output"))),
                text(result.get("finish_date")),
                text(result.get("duration")),
                text(node.get("message")));
    }

    /** @return the training as a DEEPaaS document, which {@link #of(JsonNode)} reads back to an equal training */
    public Map<String, Object> toDocument() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("uuid", uuid);
        document.put("status", status);
        document.put("date", date);
        document.put("args", arguments);
        Map<String, Object> result = new LinkedHashMap<>();
        output.ifPresent(value -> result.put("output", value));
        finishDate.ifPresent(value -> result.put("finish_date", value));
        duration.ifPresent(value -> result.put("duration", value));
        document.put("result", result);
        message.ifPresent(value -> document.put("message", value));
        return document;
    }

    private static Optional<String> text(JsonNode node) {
        return node != null && node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }
}
