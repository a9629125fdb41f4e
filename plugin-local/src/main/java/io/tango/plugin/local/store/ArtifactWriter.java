package io.tango.plugin.local.store;

import java.io.IOException;
import java.nio.file.Path;

/** Writes a model's artifact files into a fresh temporary folder that the store publishes atomically afterwards. */
@FunctionalInterface
public interface ArtifactWriter {
    /**
     * @param directory an empty folder to write into
     * @return what was written
     * @throws IOException if writing failed: the store deletes the folder
     */
    ModelDraft write(Path directory) throws IOException;
}
