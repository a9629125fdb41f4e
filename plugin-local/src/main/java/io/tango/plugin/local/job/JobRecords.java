package io.tango.plugin.local.job;

import io.tango.api.TangoException;
import io.tango.api.job.JobInfo;
import io.tango.plugin.local.store.AtomicFiles;
import io.tango.plugin.local.store.Json;
import io.tango.toolkit.json.JobInfoJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
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
        AtomicFiles.write(file(info.id()), Json.bytes(Json.MAPPER.valueToTree(JobInfoJson.fields(info))));
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
                    records.add(JobInfoJson.read(Json.MAPPER.readTree(Files.readAllBytes(file))));
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
