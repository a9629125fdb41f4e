package io.tango.plugin.local.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tango.api.TangoException;
import io.tango.api.job.JobError;
import io.tango.api.job.JobInfo;
import io.tango.api.job.JobStatus;
import io.tango.plugin.local.store.AtomicFiles;
import io.tango.plugin.local.store.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Job records on disk: one JSON file per job in one folder, each replaced atomically on every status change, so a
 * restart finds every job as it last was. Thread-safe (each write is one atomic rename).
 */
final class JobRecords {
    private static final Logger log = LoggerFactory.getLogger(JobRecords.class);
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}");

    private final Path directory;

    JobRecords(Path directory) {
        this.directory = requireNonNull(directory, "directory is null");
    }

    Path directory() {
        return directory;
    }

    void write(JobInfo info) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", info.id());
        node.put("status", info.status().name());
        ArrayNode errors = node.putArray("errors");
        info.errors().forEach(error -> errors.addObject().put("type", error.type()).put("message", error.message()));
        node.put("submitted", info.submitted().toString());
        info.started().ifPresent(time -> node.put("started", time.toString()));
        info.completed().ifPresent(time -> node.put("completed", time.toString()));
        info.progress().ifPresent(progress -> node.put("progress", progress));
        ObjectNode details = node.putObject("details");
        info.details().forEach(details::put);
        AtomicFiles.write(file(info.id()), Json.bytes(node));
    }

    void delete(String id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new TangoException("cannot delete job record " + file(id) + ": " + e.getMessage(), e);
        }
    }

    /** @return every readable record, oldest first; unreadable ones are logged and skipped */
    List<JobInfo> readAll() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<JobInfo> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || !name.endsWith(".json")) {
                    continue;
                }
                try {
                    records.add(read(Json.MAPPER.readTree(Files.readAllBytes(file))));
                } catch (IOException | RuntimeException e) {
                    log.warn("Skipping unreadable job record {}: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new TangoException("cannot list job records in " + directory + ": " + e.getMessage(), e);
        }
        records.sort(Comparator.comparing(JobInfo::submitted));
        return records;
    }

    private static JobInfo read(JsonNode node) {
        List<JobError> errors = new ArrayList<>();
        node.path("errors").forEach(error -> errors.add(new JobError(error.path("type").asText(), error.path("message").asText())));
        Map<String, String> details = new LinkedHashMap<>();
        node.path("details").properties().forEach(entry -> details.put(entry.getKey(), entry.getValue().asText()));
        return new JobInfo(
                node.path("id").asText(),
                JobStatus.valueOf(node.path("status").asText()),
                errors,
                Instant.parse(node.path("submitted").asText()),
                instant(node, "started"),
                instant(node, "completed"),
                node.hasNonNull("progress") ? OptionalDouble.of(node.get("progress").asDouble()) : OptionalDouble.empty(),
                details);
    }

    private static Optional<Instant> instant(JsonNode node, String field) {
        return node.hasNonNull(field) ? Optional.of(Instant.parse(node.get(field).asText())) : Optional.empty();
    }

    /** Record file of a job: its local id when that is a safe file name, else a hash of the whole id. */
    private Path file(String id) {
        int separator = id.indexOf(':');
        String local = separator >= 0 ? id.substring(separator + 1) : id;
        if (SAFE.matcher(local).matches()) {
            return directory.resolve(local + ".json");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return directory.resolve("sha256-" + HexFormat.of().formatHex(digest) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
