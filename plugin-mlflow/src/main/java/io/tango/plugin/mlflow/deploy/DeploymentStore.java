package io.tango.plugin.mlflow.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tango.api.TangoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The deployments' records: one {@code <name>.json} per deployment in a folder, each written atomically (a temporary
 * file renamed into place). Thread-safe; callers serialize changes to one name.
 */
final class DeploymentStore {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentStore.class);
    private static final String SUFFIX = ".json";

    private final Path folder;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    DeploymentStore(Path folder) {
        this.folder = requireNonNull(folder, "folder is null");
    }

    Path folder() {
        return folder;
    }

    Optional<DeploymentRecord> read(String name) {
        Path file = folder.resolve(name + SUFFIX);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), DeploymentRecord.class));
        } catch (IOException e) {
            throw new TangoException("the record of deployment '" + name + "' at " + file + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    void write(DeploymentRecord record) {
        Path file = folder.resolve(record.name() + SUFFIX);
        Path temporary = folder.resolve("." + record.name() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(folder);
            json.writeValue(temporary.toFile(), record);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new TangoException("cannot write the record of deployment '" + record.name() + "' to " + file + ": "
                    + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                LOG.debug("Cannot delete {}", temporary, e);
            }
        }
    }

    void delete(String name) {
        try {
            Files.deleteIfExists(folder.resolve(name + SUFFIX));
        } catch (IOException e) {
            throw new TangoException("cannot delete the record of deployment '" + name + "': " + e.getMessage(), e);
        }
    }

    List<DeploymentRecord> readAll() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.map(path -> path.getFileName().toString())
                    .filter(file -> file.endsWith(SUFFIX) && !file.startsWith("."))
                    .forEach(file -> names.add(file.substring(0, file.length() - SUFFIX.length())));
        } catch (IOException e) {
            throw new TangoException("cannot list the deployments in " + folder + ": " + e.getMessage(), e);
        }
        List<DeploymentRecord> records = new ArrayList<>();
        for (String name : names) {
            read(name).ifPresent(records::add);
        }
        records.sort(Comparator.comparing(DeploymentRecord::name));
        return records;
    }
}
