package io.tango.plugin.deepaas;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.TangoException;
import io.tango.plugin.deepaas.client.DeepaasTraining;
import io.tango.plugin.deepaas.client.Json;
import io.tango.toolkit.json.JobInfoJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * A trainer's {@link TrainingRecord}s on disk: one JSON file per training, {@code <uuid>.json}, in one folder. Each is
 * replaced atomically (written to a hidden {@code .tmp-*} sibling, forced to disk, renamed into place), so a reader
 * sees the old or the new record, never a mix; and a terminal record is never replaced, so the first end a trainer
 * learned of stays the training's end. Several trainers, in this process or others, may share the folder.
 * Thread-safe.
 */
final class TrainingRecords {
    private static final Logger log = LoggerFactory.getLogger(TrainingRecords.class);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,100}");
    private static final String TEMPORARY_PREFIX = ".tmp-";

    private final Path directory;

    /**
     * @param directory the folder of the records, created if missing
     * @throws TangoException if the folder cannot be created
     */
    TrainingRecords(Path directory) {
        this.directory = requireNonNull(directory, "directory is null");
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new TangoException("cannot create the training records folder " + directory + ": " + reason(e), e);
        }
    }

    /**
     * @param uuid a training's uuid
     * @return its record, if there is one; a record that cannot be read counts as none
     */
    Optional<TrainingRecord> read(String uuid) {
        return file(uuid).flatMap(TrainingRecords::readFile);
    }

    /** @return every readable record */
    List<TrainingRecord> readAll() {
        List<TrainingRecord> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(file -> file.getFileName().toString().endsWith(".json")
                            && !file.getFileName().toString().startsWith("."))
                    .forEach(file -> readFile(file).ifPresent(records::add));
        } catch (IOException e) {
            throw new TangoException("cannot list the training records in " + directory + ": " + reason(e), e);
        }
        return records;
    }

    /**
     * Writes a record, unless the training already has a terminal one.
     *
     * @param record what a trainer learned
     * @return the record the folder now holds: {@code record}, or the terminal record that was already there
     */
    TrainingRecord write(TrainingRecord record) {
        requireNonNull(record, "record is null");
        Optional<Path> target = file(record.uuid());
        if (target.isEmpty()) {
            return record;
        }
        Optional<TrainingRecord> existing = readFile(target.get());
        if (existing.isPresent() && existing.get().isTerminal()) {
            return existing.get();
        }
        Path temporary = directory.resolve(TEMPORARY_PREFIX + UUID.randomUUID() + ".part");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(Json.write(document(record)).getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
            Files.move(temporary, target.get(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the write's failure is the one to report
            }
            throw new TangoException("cannot write the record of training " + record.uuid() + " to " + directory
                    + ": " + reason(e), e);
        }
        return record;
    }

    /**
     * Deletes the records of trainings that ended more than {@code retention} before {@code now}.
     *
     * @param now the time
     * @param retention how long records of ended trainings are kept
     */
    void deleteEndedBefore(Instant now, Duration retention) {
        for (TrainingRecord record : readAll()) {
            boolean expired = record.isTerminal()
                    && record.info().completed().map(done -> done.plus(retention).isBefore(now)).orElse(false);
            if (expired) {
                try {
                    Files.deleteIfExists(file(record.uuid()).orElseThrow());
                } catch (IOException e) {
                    throw new TangoException("cannot delete the record of training " + record.uuid() + " in "
                            + directory + ": " + reason(e), e);
                }
            }
        }
    }

    /**
     * @param name a file or folder name
     * @return whether it is a plain name (letters, digits, {@code .}, {@code _}, {@code -}; no leading dot), safe
     *     to resolve in a folder
     */
    static boolean isPlainName(String name) {
        return SAFE_NAME.matcher(name).matches();
    }

    /** @return where a training's record lives; empty for a uuid that is no safe file name (then it has none) */
    private Optional<Path> file(String uuid) {
        return isPlainName(uuid) ? Optional.of(directory.resolve(uuid + ".json")) : Optional.empty();
    }

    private static Optional<TrainingRecord> readFile(Path file) {
        try {
            return Optional.of(record(Json.parse(Files.readAllBytes(file))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            log.warn("Skipping unreadable training record {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    private static Map<String, Object> document(TrainingRecord record) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("model", record.model());
        document.putAll(JobInfoJson.fields(record.info()));
        document.put("training", record.training().toDocument());
        return document;
    }

    private static TrainingRecord record(JsonNode node) {
        return new TrainingRecord(node.path("model").asText(), DeepaasTraining.of(node.path("training")),
                JobInfoJson.read(node));
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason() + ": " + fileSystem.getFile();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    @Override
    public String toString() {
        return "TrainingRecords[" + directory + "]";
    }
}
