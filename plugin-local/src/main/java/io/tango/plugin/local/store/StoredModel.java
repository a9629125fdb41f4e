package io.tango.plugin.local.store;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;

import java.nio.file.Path;

import static java.util.Objects.requireNonNull;

/**
 * A model version in the store.
 *
 * @param manifest its descriptor file
 * @param directory its version folder
 */
public record StoredModel(ModelManifest manifest, Path directory) {
    /** Metadata key naming the engine a stored model needs. */
    public static final String ENGINE_METADATA = "local.engine";
    /** Metadata key holding the version folder. */
    public static final String DIRECTORY_METADATA = "local.directory";

    public StoredModel {
        requireNonNull(manifest, "manifest is null");
        requireNonNull(directory, "directory is null");
    }

    /**
     * @return the artifact file
     * @throws io.tango.api.TangoException if the manifest names a file outside the version folder, or the artifact is a
     *     symbolic link out of it (see {@link ModelFolders})
     */
    public Path artifactPath() {
        return ModelFolders.fileInside(directory, manifest.artifact(),
                "model '" + manifest.name() + "' version '" + manifest.version() + "' at " + directory);
    }

    /**
     * @param key the key the model was found by
     * @param origin who describes it, e.g. {@code finder default}
     * @return the descriptor an initializer needs: format = engine, artifact path = the artifact file
     */
    public ModelDescriptor descriptor(ModelKey key, String origin) {
        return ModelDescriptor.builder(key, manifest.name(), manifest.engine())
                .version(manifest.version())
                .artifactPath(artifactPath())
                .signature(manifest.signature())
                .metadata(manifest.metadata())
                .metadata(ENGINE_METADATA, manifest.engine())
                .metadata(DIRECTORY_METADATA, directory.toString())
                .metadata("local.created", manifest.created().toString())
                .origin(origin)
                .build();
    }
}
