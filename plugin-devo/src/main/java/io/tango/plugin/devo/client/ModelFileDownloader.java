package io.tango.plugin.devo.client;

import java.nio.file.Path;
import java.util.Map;

/**
 * Stores a model's file when a client gets a model with its file (Python: {@code DownloaderCallable}).
 *
 * <p>Implementations must be thread-safe: a client calls them from any thread.
 */
@FunctionalInterface
public interface ModelFileDownloader {

    /**
     * @param model the model's full record as the server sent it: {@code name}, {@code engine} and
     *     {@code image: {image: <base64 file content>, ...}}
     * @return where the file was stored
     * @throws ModelDownloadException if the record lacks what is needed or the file cannot be written
     */
    Path download(Map<String, Object> model);
}
