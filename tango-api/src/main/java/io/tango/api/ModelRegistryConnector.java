package io.tango.api;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model registry (seed: {@code TangoModelRegistryConnector}): native metadata, artifacts and single resources of
 * the models it holds.
 *
 * <p>The seed's {@code get_model} returns a runnable model; here the connector downloads and describes
 * ({@link #downloadModel}), and the runtime's model manager turns the descriptor into a model through the configured
 * initializers, so a registry plugin never depends on an engine plugin. Thread-safe.
 */
public interface ModelRegistryConnector extends TangoComponent {

    /** @return the registry's base URL (never with credentials in it) */
    URI registryUrl();

    /**
     * @param key the model's key
     * @return the registry's own metadata of the model, as it sends it (JSON-like: strings, numbers, booleans, lists,
     *     maps)
     * @throws ModelNotFoundException if the registry has no such model, version or alias
     * @throws RemoteServiceException if the registry failed
     */
    Map<String, Object> nativeMetadata(ModelKey key);

    /**
     * Downloads the model's artifacts into {@code downloadFolder} (atomically: a failed download leaves nothing
     * half-written) and describes the local copy.
     *
     * @param key the model's key
     * @param downloadFolder the folder to download into; created if missing
     * @return the descriptor of the downloaded model, its {@code artifactPath} inside {@code downloadFolder}
     * @throws ModelNotFoundException if the registry has no such model
     * @throws RemoteServiceException if the registry failed
     * @throws TangoException if an artifact would be written outside {@code downloadFolder}, or is over a size cap
     */
    ModelDescriptor downloadModel(ModelKey key, Path downloadFolder);

    /**
     * Reads one file of the model's artifact as text (e.g. {@code requirements.txt}, {@code MLmodel}).
     *
     * @param key the model's key
     * @param downloadFolder where the connector may cache the file
     * @param resourcePath the file's path inside the artifact
     * @return the file's content, decoded as UTF-8
     * @throws ModelNotFoundException if the model or the resource does not exist
     * @throws RemoteServiceException if the registry failed
     */
    String getResource(ModelKey key, Path downloadFolder, String resourcePath);
}
