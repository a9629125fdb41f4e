package io.tango.plugin.local;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.ModelRegistryConnector;
import io.tango.api.TangoException;
import io.tango.plugin.local.store.AtomicFiles;
import io.tango.plugin.local.store.Json;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.plugin.local.store.ModelFolders;
import io.tango.plugin.local.store.ModelManifest;
import io.tango.plugin.local.store.StoredModel;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The local store seen as a model registry: a model's native metadata is its {@code tango-model.json}; a download
 * copies its version folder. Keys: {@code name}, {@code name@latest}, {@code name/version}. Thread-safe.
 */
public final class LocalModelRegistryConnector implements ModelRegistryConnector {
    private final LocalModelStore store;
    private final String origin;

    /**
     * @param store the store
     * @param instanceName the connector's instance name, for descriptors' origin
     */
    public LocalModelRegistryConnector(LocalModelStore store, String instanceName) {
        this.store = requireNonNull(store, "store is null");
        this.origin = "registry " + requireNonNull(instanceName, "instanceName is null");
    }

    @Override
    public URI registryUrl() {
        return store.root().toUri();
    }

    @Override
    public Map<String, Object> nativeMetadata(ModelKey key) {
        StoredModel model = find(key);
        try {
            Map<String, Object> metadata = Json.MAPPER.readValue(model.manifest().toJson(), new TypeReference<LinkedHashMap<String, Object>>() {});
            metadata.put("directory", model.directory().toString());
            return metadata;
        } catch (IOException e) {
            throw new TangoException("cannot read the descriptor of model '" + key + "': " + e.getMessage(), e);
        }
    }

    @Override
    public ModelDescriptor downloadModel(ModelKey key, Path downloadFolder) {
        requireNonNull(downloadFolder, "downloadFolder is null");
        StoredModel model = find(key);
        Path target = downloadFolder.toAbsolutePath().normalize()
                .resolve(model.manifest().name()).resolve(model.manifest().version());
        if (!Files.isRegularFile(target.resolve(ModelManifest.FILE_NAME))) {
            Path parent = store.ensureDirectory(target.getParent());
            Path temporary = parent.resolve(AtomicFiles.TEMPORARY_PREFIX + UUID.randomUUID());
            try {
                copyTree(model.directory(), temporary, "model '" + key + "'");
                AtomicFiles.forceTree(temporary);
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // another download of the same version finished first: use it
            } catch (IOException e) {
                throw AtomicFiles.writeFailure(parent, e);
            } finally {
                AtomicFiles.deleteQuietly(temporary);
            }
        }
        return new StoredModel(ModelManifest.read(target), target).descriptor(key, origin);
    }

    @Override
    public String getResource(ModelKey key, Path downloadFolder, String resourcePath) {
        requireNonNull(resourcePath, "resourcePath is null");
        StoredModel model = find(key);
        Path file = model.directory().resolve(resourcePath).normalize();
        if (!file.startsWith(model.directory())) {
            throw new TangoException("resource '" + resourcePath + "' is outside model '" + key + "'");
        }
        file = ModelFolders.fileInside(model.directory(), resourcePath, "model '" + key + "'");
        if (!Files.isRegularFile(file)) {
            throw new ModelNotFoundException("model '" + key + "' has no resource '" + resourcePath + "'");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TangoException("cannot read resource '" + resourcePath + "' of model '" + key + "': " + e.getMessage(), e);
        }
    }

    private StoredModel find(ModelKey key) {
        requireNonNull(key, "key is null");
        String value = key.value();
        String name = value;
        Optional<String> version = Optional.empty();
        if (value.endsWith("@latest")) {
            name = value.substring(0, value.length() - "@latest".length());
        } else if (value.indexOf('/') > 0 && value.indexOf('/') == value.lastIndexOf('/')) {
            name = value.substring(0, value.indexOf('/'));
            version = Optional.of(value.substring(value.indexOf('/') + 1));
        }
        return store.find(name, version).orElseThrow(() -> new ModelNotFoundException(
                "model '" + key + "' is not in the local store at " + store.root()));
    }

    /** Copies a version folder; a file that is a symbolic link out of it is refused, not copied (see ModelFolders). */
    private static void copyTree(Path source, Path target, String what) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                String relative = source.relativize(path).toString();
                Path destination = target.resolve(relative);
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(ModelFolders.fileInside(source, relative, what), destination);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "LocalModelRegistryConnector[" + store.root() + "]";
    }
}
