package io.tango.plugin.local;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.plugin.local.store.MlflowModelFolder;
import io.tango.plugin.local.store.ModelFolders;
import io.tango.plugin.local.store.ModelManifest;
import io.tango.plugin.local.store.StoreNames;
import io.tango.plugin.local.store.StoredModel;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Finds models in the local store, and in folders and files on disk.
 *
 * <p>Keys, tried in this order:
 * <ol>
 *   <li>{@code name} or {@code name@latest}: the latest version in the store; {@code name/version}: that version;</li>
 *   <li>a path (or {@code file:} URI) to a store version folder ({@code tango-model.json}), an MLflow model folder
 *       ({@code MLmodel} with an onnx flavor), a {@code .onnx} file, or a folder holding exactly one.</li>
 * </ol>
 * Anything else (other schemes, other aliases, paths that do not exist) is "not found". A folder whose artifact lies
 * outside it, by its name or through a symbolic link, is refused with a {@link io.tango.api.TangoException} (see
 * {@link ModelFolders}); a path straight to an {@code .onnx} file is followed wherever it leads. Thread-safe.
 */
public final class LocalModelFinder implements ModelFinder {
    private final LocalModelStore store;
    private final String origin;

    /**
     * @param store the store
     * @param instanceName the finder's instance name, for descriptors' origin
     */
    public LocalModelFinder(LocalModelStore store, String instanceName) {
        this.store = requireNonNull(store, "store is null");
        this.origin = "finder " + requireNonNull(instanceName, "instanceName is null");
    }

    @Override
    public Optional<ModelDescriptor> find(ModelKey key) {
        requireNonNull(key, "key is null");
        String value = key.value().strip();
        Optional<String> scheme = key.scheme();
        if (scheme.isPresent() && !scheme.get().equals("file")) {
            return Optional.empty();
        }
        if (scheme.isEmpty()) {
            Optional<ModelDescriptor> stored = findInStore(key, value);
            if (stored.isPresent()) {
                return stored;
            }
        }
        return findOnDisk(key, value);
    }

    private Optional<ModelDescriptor> findInStore(ModelKey key, String value) {
        String name = value;
        Optional<String> version = Optional.empty();
        int at = value.indexOf('@');
        int slash = value.indexOf('/');
        if (at > 0 && slash < 0) {
            if (!value.substring(at + 1).equals("latest")) {
                return Optional.empty();
            }
            name = value.substring(0, at);
        } else if (slash > 0 && slash == value.lastIndexOf('/')) {
            name = value.substring(0, slash);
            version = Optional.of(value.substring(slash + 1));
        }
        if (!StoreNames.isValid(name) || version.isPresent() && !StoreNames.isValid(version.get())) {
            return Optional.empty();
        }
        return store.find(name, version).map(model -> model.descriptor(key, origin));
    }

    private Optional<ModelDescriptor> findOnDisk(ModelKey key, String value) {
        Path path;
        try {
            path = value.startsWith("file:") ? Path.of(URI.create(value)) : Path.of(expandHome(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        path = path.toAbsolutePath().normalize();
        if (Files.isDirectory(path)) {
            if (Files.isRegularFile(path.resolve(ModelManifest.FILE_NAME))) {
                return Optional.of(new StoredModel(ModelManifest.read(path), path).descriptor(key, origin));
            }
            if (MlflowModelFolder.isMlflowModel(path)) {
                return Optional.of(MlflowModelFolder.describe(key, path, origin));
            }
            List<Path> onnx = onnxFiles(path);
            if (onnx.size() != 1) {
                return Optional.empty();
            }
            Path file = ModelFolders.fileInside(path, onnx.get(0).getFileName().toString(), "model folder " + path);
            return Optional.of(bareOnnx(key, file, path));
        }
        if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".onnx")) {
            return Optional.of(bareOnnx(key, path, path));
        }
        return Optional.empty();
    }

    private ModelDescriptor bareOnnx(ModelKey key, Path file, Path artifact) {
        String fileName = file.getFileName().toString();
        String name = artifact.equals(file) ? fileName.substring(0, fileName.length() - ".onnx".length())
                : artifact.getFileName().toString();
        return ModelDescriptor.builder(key, name, "onnx")
                .artifactPath(file)
                .metadata("onnx.file", fileName)
                .origin(origin)
                .build();
    }

    private static List<Path> onnxFiles(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> Files.isRegularFile(file) && file.getFileName().toString().endsWith(".onnx")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String expandHome(String value) {
        if (value.equals("~") || value.startsWith("~/")) {
            return System.getProperty("user.home") + value.substring(1);
        }
        return value;
    }

    @Override
    public String toString() {
        return "LocalModelFinder[" + store.root() + "]";
    }
}
