package io.tango.plugin.mlflow.client;

import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * One entry of an {@code mlflow-artifacts} listing.
 *
 * @param name the entry's name as the server sent it (a basename relative to the listed folder; checked before use)
 * @param directory whether it is a folder
 * @param size its size in bytes, for files when the server sent it
 */
public record ArtifactEntry(String name, boolean directory, OptionalLong size) {
    public ArtifactEntry {
        requireNonNull(name, "name is null");
        requireNonNull(size, "size is null");
    }
}
