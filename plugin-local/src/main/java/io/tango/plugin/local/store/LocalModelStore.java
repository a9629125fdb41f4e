package io.tango.plugin.local.store;

import io.tango.api.ModelAlreadyExistsException;
import io.tango.api.ModelNotFoundException;
import io.tango.api.TangoException;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The on-disk store every local component shares, laid out under one root folder:
 * <pre>
 * &lt;root&gt;/models/&lt;name&gt;/&lt;version&gt;/tango-model.json   the descriptor ({@link ModelManifest})
 * &lt;root&gt;/models/&lt;name&gt;/&lt;version&gt;/model.onnx        the artifact
 * &lt;root&gt;/jobs/&lt;instance&gt;/&lt;job&gt;.json                  training records
 * &lt;root&gt;/deployments/&lt;name&gt;.json                      deployment records
 * </pre>
 *
 * <p>A version is published by renaming a complete temporary folder into place, so a crash mid-save leaves only a
 * hidden {@code .tmp-*} folder that listings ignore, never a half model. Versions order numerically when both are
 * numbers, otherwise by text; the latest is the greatest. Thread-safe; several stores (in several processes) may share
 * a root.
 */
public final class LocalModelStore {
    private final Path root;
    private final Clock clock;

    /**
     * @param root the store's root folder; created on the first write
     * @param clock the clock saves are stamped with
     */
    public LocalModelStore(Path root, Clock clock) {
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** @param root the store's root folder */
    public LocalModelStore(Path root) {
        this(root, Clock.systemUTC());
    }

    /** @return the root folder */
    public Path root() {
        return root;
    }

    /** @return the folder holding the models */
    public Path modelsDirectory() {
        return root.resolve("models");
    }

    /** @return the folder holding job records */
    public Path jobsDirectory() {
        return root.resolve("jobs");
    }

    /** @return the folder holding deployment records */
    public Path deploymentsDirectory() {
        return root.resolve("deployments");
    }

    /**
     * Checks that {@code folder} (below the root) exists as a folder or can be created.
     *
     * @param folder the folder
     * @return the folder
     * @throws TangoException if it cannot be created, or a file is in the way
     */
    public Path ensureDirectory(Path folder) {
        try {
            Files.createDirectories(folder);
            return folder;
        } catch (IOException e) {
            throw AtomicFiles.writeFailure(folder, e);
        }
    }

    /** @return the names of the stored models, sorted */
    public List<String> modelNames() {
        return listFolders(modelsDirectory()).stream()
                .filter(name -> !versions(name).isEmpty())
                .sorted()
                .toList();
    }

    /**
     * @param name a model's name
     * @return its versions, oldest (smallest) first; empty if there is no such model
     * @throws TangoException if a version's descriptor is corrupt
     */
    public List<StoredModel> versions(String name) {
        if (!StoreNames.isValid(name)) {
            return List.of();
        }
        Path modelDirectory = modelsDirectory().resolve(name);
        List<StoredModel> versions = new ArrayList<>();
        for (String version : listFolders(modelDirectory)) {
            Path directory = modelDirectory.resolve(version);
            if (Files.isRegularFile(directory.resolve(ModelManifest.FILE_NAME))) {
                versions.add(new StoredModel(ModelManifest.read(directory), directory));
            }
        }
        versions.sort(Comparator.comparing(model -> model.manifest().version(), LocalModelStore::compareVersions));
        return versions;
    }

    /**
     * @param name a model's name
     * @param version a version, or empty for the latest
     * @return the model version, if stored
     * @throws TangoException if its descriptor is corrupt
     */
    public Optional<StoredModel> find(String name, Optional<String> version) {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        if (!StoreNames.isValid(name)) {
            return Optional.empty();
        }
        if (version.isPresent()) {
            if (!StoreNames.isValid(version.get())) {
                return Optional.empty();
            }
            Path directory = modelsDirectory().resolve(name).resolve(version.get());
            if (!Files.isRegularFile(directory.resolve(ModelManifest.FILE_NAME))) {
                return Optional.empty();
            }
            return Optional.of(new StoredModel(ModelManifest.read(directory), directory));
        }
        List<StoredModel> versions = versions(name);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    /**
     * Saves a new model version atomically.
     *
     * @param name the model's name
     * @param version the version to save as, or empty for the next number (1 for a new model)
     * @param writer writes the artifact into a temporary folder
     * @param stillWanted asked right before publishing; false abandons the save (a canceled training)
     * @return the stored version
     * @throws ModelAlreadyExistsException if {@code version} is given and exists
     * @throws CancellationException if {@code stillWanted} answered false: nothing was published
     * @throws TangoException if the store cannot be written or the writer failed; nothing was published
     */
    public StoredModel save(String name, Optional<String> version, ArtifactWriter writer, BooleanSupplier stillWanted) {
        StoreNames.check("model name", name);
        version.ifPresent(value -> StoreNames.check("model version", value));
        requireNonNull(writer, "writer is null");
        requireNonNull(stillWanted, "stillWanted is null");
        Path modelDirectory = ensureDirectory(modelsDirectory().resolve(name));
        if (version.isPresent() && Files.exists(modelDirectory.resolve(version.get()))) {
            throw alreadyExists(name, version.get());
        }
        Path temporary = modelDirectory.resolve(AtomicFiles.TEMPORARY_PREFIX + UUID.randomUUID());
        try {
            Files.createDirectory(temporary);
            ModelDraft draft = writer.write(temporary);
            if (!Files.isRegularFile(temporary.resolve(draft.artifact()))) {
                throw new TangoException("the artifact writer did not write the artifact '" + draft.artifact() + "' it declared");
            }
            while (true) {
                String candidate = version.orElseGet(() -> nextVersion(name));
                ModelManifest manifest = new ModelManifest(
                        name, candidate, draft.engine(), draft.artifact(), clock.instant(), draft.signature(), draft.metadata());
                Files.write(temporary.resolve(ModelManifest.FILE_NAME), manifest.toJson());
                AtomicFiles.forceTree(temporary);
                if (!stillWanted.getAsBoolean()) {
                    throw new CancellationException("save of model '" + name + "' was abandoned");
                }
                Path target = modelDirectory.resolve(candidate);
                try {
                    if (Files.exists(target)) {
                        throw new FileAlreadyExistsException(target.toString());
                    }
                    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                    AtomicFiles.forceDirectory(modelDirectory);
                    return new StoredModel(manifest, target);
                } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                    if (version.isPresent()) {
                        throw alreadyExists(name, candidate);
                    }
                    // another writer took this number first: take the next one
                }
            }
        } catch (IOException e) {
            throw AtomicFiles.writeFailure(modelDirectory, e);
        } finally {
            AtomicFiles.deleteQuietly(temporary);
        }
    }

    /**
     * Deletes a model version atomically (renamed away first, then removed).
     *
     * @param name the model's name
     * @param version the version
     * @throws ModelNotFoundException if there is no such version
     */
    public void delete(String name, String version) {
        StoredModel model = find(name, Optional.of(version)).orElseThrow(() -> new ModelNotFoundException(
                "model '" + name + "' version '" + version + "' is not in the local store at " + root));
        Path doomed = model.directory().resolveSibling(AtomicFiles.TEMPORARY_PREFIX + "deleted-" + UUID.randomUUID());
        try {
            Files.move(model.directory(), doomed, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw AtomicFiles.writeFailure(model.directory().getParent(), e);
        }
        AtomicFiles.deleteRecursively(doomed);
    }

    private String nextVersion(String name) {
        long highest = 0;
        for (String version : listFolders(modelsDirectory().resolve(name))) {
            if (version.chars().allMatch(Character::isDigit) && version.length() < 18) {
                highest = Math.max(highest, Long.parseLong(version));
            }
        }
        return Long.toString(highest + 1);
    }

    private ModelAlreadyExistsException alreadyExists(String name, String version) {
        return new ModelAlreadyExistsException("model '" + name + "' version '" + version
                + "' already exists in the local store at " + root + "; save under another version or leave the version out");
    }

    private static List<String> listFolders(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isDirectory)
                    .map(path -> path.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .toList();
        } catch (IOException e) {
            throw new TangoException("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Orders versions: numbers numerically and before text, text lexicographically.
     *
     * @param left a version
     * @param right another
     * @return the comparison
     */
    public static int compareVersions(String left, String right) {
        boolean leftNumeric = !left.isEmpty() && left.chars().allMatch(Character::isDigit);
        boolean rightNumeric = !right.isEmpty() && right.chars().allMatch(Character::isDigit);
        if (leftNumeric && rightNumeric) {
            String a = left.replaceFirst("^0+(?=.)", "");
            String b = right.replaceFirst("^0+(?=.)", "");
            return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
        }
        if (leftNumeric != rightNumeric) {
            return leftNumeric ? -1 : 1;
        }
        return left.compareTo(right);
    }

    @Override
    public String toString() {
        return "LocalModelStore[" + root + "]";
    }
}
