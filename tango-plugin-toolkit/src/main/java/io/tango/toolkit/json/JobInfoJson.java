package io.tango.toolkit.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.job.JobError;
import io.tango.api.job.JobInfo;
import io.tango.api.job.JobStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static java.util.Objects.requireNonNull;

/**
 * A {@link JobInfo} as the JSON document a plugin keeps on disk for each job, so that a job TANGO saw stays queryable
 * with its final status after a restart: {@code id}, {@code status}, {@code errors} ({@code type}, {@code message}),
 * {@code submitted}, {@code started}, {@code completed} (ISO-8601 instants; absent when unknown), {@code progress}
 * (absent when unknown) and {@code details}. Stateless.
 */
public final class JobInfoJson {
    private JobInfoJson() {}

    /**
     * @param info a job's state
     * @return its fields in document order, for a plugin to add its own fields to and write
     * @throws NullPointerException if {@code info} is null
     */
    public static Map<String, Object> fields(JobInfo info) {
        requireNonNull(info, "info is null");
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("id", info.id());
        document.put("status", info.status().name());
        document.put("errors", info.errors().stream().map(JobInfoJson::error).toList());
        document.put("submitted", info.submitted().toString());
        info.started().ifPresent(time -> document.put("started", time.toString()));
        info.completed().ifPresent(time -> document.put("completed", time.toString()));
        info.progress().ifPresent(progress -> document.put("progress", progress));
        document.put("details", info.details());
        return document;
    }

    /** An error's fields in a fixed order, so the same job always gives the same bytes on disk. */
    private static Map<String, String> error(JobError error) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("type", error.type());
        fields.put("message", error.message());
        return fields;
    }

    /**
     * @param node a document written from {@link #fields}
     * @return the job's state
     * @throws IllegalArgumentException if a status or instant is not one {@link #fields} writes (a damaged record)
     * @throws NullPointerException if {@code node} is null
     */
    public static JobInfo read(JsonNode node) {
        requireNonNull(node, "node is null");
        List<JobError> errors = new ArrayList<>();
        node.path("errors").forEach(error -> errors.add(
                new JobError(error.path("type").asText(), error.path("message").asText())));
        Map<String, String> details = new LinkedHashMap<>();
        node.path("details").properties().forEach(entry -> details.put(entry.getKey(), entry.getValue().asText()));
        return new JobInfo(
                node.path("id").asText(),
                JobStatus.valueOf(node.path("status").asText()),
                errors,
                instant(node, "submitted").orElseThrow(() -> new IllegalArgumentException("no submitted time")),
                instant(node, "started"),
                instant(node, "completed"),
                node.hasNonNull("progress") ? OptionalDouble.of(node.get("progress").asDouble()) : OptionalDouble.empty(),
                details);
    }

    private static Optional<Instant> instant(JsonNode node, String field) {
        try {
            return node.hasNonNull(field) ? Optional.of(Instant.parse(node.get(field).asText())) : Optional.empty();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is no ISO-8601 instant: " + node.get(field).asText(), e);
        }
    }
}
