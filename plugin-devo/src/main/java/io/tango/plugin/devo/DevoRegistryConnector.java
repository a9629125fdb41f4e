package io.tango.plugin.devo;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.ModelRegistryConnector;
import io.tango.api.TangoException;
import io.tango.plugin.devo.client.DevoModel;
import io.tango.plugin.devo.client.FileSystemDownloader;
import io.tango.plugin.devo.client.ModelManagerClient;

import static java.util.Objects.requireNonNull;

/**
 * Devo's ML Model Manager as a TANGO model registry (type {@code DEVO}).
 *
 * <p>Keys: a bare model name ({@code churn}), or {@code devo://<authority>/<name>} whose authority is empty, this
 * instance's name, or its configured profile. {@link #nativeMetadata} is the model's record as the server sends it
 * (without the file content); {@link #downloadModel} writes the model's single file into the folder (atomically, never
 * outside it) and describes it — an ONNX model as format {@code onnx} with the {@code .onnx} file as artifact path.
 * Thread-safe; {@link #close()} closes the client.
 */
public final class DevoRegistryConnector implements ModelRegistryConnector {
    private final String instanceName;
    private final Set<String> authorities;
    private final ModelManagerClient client;

    /**
     * @param instanceName this instance's name in config
     * @param authorities the key authorities that mean this registry, besides the empty one and the instance name
     * @param client the client; closed with this connector
     */
    public DevoRegistryConnector(String instanceName, Set<String> authorities, ModelManagerClient client) {
        this.instanceName = requireNonNull(instanceName, "instanceName is null");
        this.authorities = Set.copyOf(requireNonNull(authorities, "authorities is null"));
        this.client = requireNonNull(client, "client is null");
    }

    @Override
    public URI registryUrl() {
        return client.url();
    }

    @Override
    public Map<String, Object> nativeMetadata(ModelKey key) {
        return client.getModel(name(key)).record();
    }

    @Override
    public ModelDescriptor downloadModel(ModelKey key, Path downloadFolder) {
        requireNonNull(downloadFolder, "downloadFolder is null");
        DevoModel model = client.getModel(name(key), new FileSystemDownloader(downloadFolder, client.maxDownloadSize()));
        return DevoDescriptors.describe(key, model, client.url(), "registry " + instanceName);
    }

    @Override
    public String getResource(ModelKey key, Path downloadFolder, String resourcePath) {
        requireNonNull(resourcePath, "resourcePath is null");
        ModelDescriptor descriptor = downloadModel(key, downloadFolder);
        Path file = descriptor.artifactPath().orElseThrow();
        if (!file.getFileName().toString().equals(resourcePath)) {
            throw new ModelNotFoundException("Devo model '" + descriptor.name() + "' has a single file, '"
                    + file.getFileName() + "'; it has no resource '" + resourcePath + "'");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new TangoException("Cannot read " + file + " as UTF-8 text: " + e, e);
        }
    }

    private String name(ModelKey key) {
        requireNonNull(key, "key is null");
        DevoModelKey devoKey = DevoModelKey.parseOrName(key).orElseThrow(() -> new ModelNotFoundException(
                "Key '" + key + "' is not a Devo model key (devo://<instance or profile>/<name>, or a model name)"));
        String authority = devoKey.authority();
        if (!authority.isEmpty() && !authority.equals(instanceName) && !authorities.contains(authority)) {
            throw new ModelNotFoundException("Key '" + key + "' names Devo instance or profile '" + authority
                    + "', but this is registry '" + instanceName + "'");
        }
        return devoKey.name();
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "DevoRegistryConnector[" + instanceName + ", " + client + "]";
    }
}
