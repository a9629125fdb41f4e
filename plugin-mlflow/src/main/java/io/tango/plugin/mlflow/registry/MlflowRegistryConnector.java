package io.tango.plugin.mlflow.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.ModelRegistryConnector;
import io.tango.plugin.mlflow.client.ArtifactDownloader;
import io.tango.plugin.mlflow.client.MlflowConnection;
import io.tango.plugin.mlflow.client.MlflowTrackingClient;
import io.tango.plugin.mlflow.model.MlflowModelUri;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * TANGO's registry connector for an MLflow tracking server: native metadata of a model version (its registered
 * model, version, tags, aliases, run, source and the MLmodel's flavors and signature), downloads through the
 * {@code mlflow-artifacts} proxy, and single artifact files as text.
 *
 * <p>Keys are MLflow model URIs: {@code models:/<name>/<version>}, {@code models:/<name>@<alias>},
 * {@code models:/<name>/latest}, {@code models:/<model-id>} and {@code runs:/<run>/<path>}; any other key is a
 * {@link ModelNotFoundException}. Thread-safe.
 */
public final class MlflowRegistryConnector implements ModelRegistryConnector {
    private final MlflowTrackingClient client;
    private final ArtifactDownloader downloader;
    private final MlflowModelResolver resolver;
    private final String explainerTag;
    private final String origin;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param connection the tracking server
     * @param maxDownloadBytes the most bytes one download may write
     * @param explainerTag the tag naming a model's explainer
     * @param instanceName the instance's name in config
     */
    public MlflowRegistryConnector(
            MlflowConnection connection, long maxDownloadBytes, String explainerTag, String instanceName) {
        this.client = new MlflowTrackingClient(requireNonNull(connection, "connection is null"));
        this.downloader = new ArtifactDownloader(client, maxDownloadBytes);
        this.resolver = new MlflowModelResolver(client, downloader);
        this.explainerTag = requireNonNull(explainerTag, "explainerTag is null");
        this.origin = "registry " + requireNonNull(instanceName, "instanceName is null");
    }

    /** Stops the HTTP client's threads. Idempotent. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public URI registryUrl() {
        return client.connection().trackingUri();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The map has {@code model_uri}, and as far as they apply {@code registered_model} and {@code model_version}
     * (MLflow's objects, with their tags and aliases), {@code run} (the run's {@code info} and {@code tags}),
     * {@code artifact_uri}, {@code mlmodel} (the MLmodel file, its signature's JSON parsed) and {@code signature}.
     */
    @Override
    public Map<String, Object> nativeMetadata(ModelKey key) {
        ResolvedModel model = resolver.resolve(parse(key));
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("model_uri", model.concreteUri());
        model.registeredModel().ifPresent(registered -> metadata.put("registered_model", plain(registered)));
        model.modelVersion().ifPresent(version -> metadata.put("model_version", plain(version)));
        model.runId().ifPresent(runId -> {
            JsonNode run = client.run(runId);
            Map<String, Object> runMetadata = new LinkedHashMap<>();
            runMetadata.put("info", plain(run.path("info")));
            runMetadata.put("tags", plain(run.path("data").path("tags")));
            metadata.put("run", runMetadata);
        });
        metadata.put("artifact_uri", model.artifactUri());
        model.mlModel().ifPresent(mlModel -> {
            Map<String, Object> file = mlModel.asMap();
            metadata.put("mlmodel", file);
            Object signature = file.get("signature");
            if (signature != null) {
                metadata.put("signature", signature);
            }
        });
        return metadata;
    }

    @Override
    public ModelDescriptor downloadModel(ModelKey key, Path downloadFolder) {
        requireNonNull(downloadFolder, "downloadFolder is null");
        ResolvedModel model = resolver.resolve(parse(key));
        Path folder = downloader.downloadFolder(model.proxyPath(), ModelFolders.folderOf(downloadFolder, model));
        Optional<String> explainer = resolver.findExplainer(model, explainerTag);
        return MlflowDescriptors.describe(key, model, folder, explainer, registryUrl(), origin);
    }

    @Override
    public String getResource(ModelKey key, Path downloadFolder, String resourcePath) {
        requireNonNull(resourcePath, "resourcePath is null");
        String relative = checkedResourcePath(resourcePath);
        ResolvedModel model = resolver.resolve(parse(key));
        try {
            return downloader.readText(model.proxyPath() + "/" + relative);
        } catch (ModelNotFoundException e) {
            throw new ModelNotFoundException("model " + model.concreteUri() + " has no file '" + relative + "' ("
                    + e.getMessage() + ")", e);
        }
    }

    private static String checkedResourcePath(String resourcePath) {
        String path = resourcePath.strip();
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\")) {
            throw new InvalidRequestException("resource path '" + resourcePath
                    + "' must be a relative path inside the model, e.g. 'MLmodel' or 'requirements.txt'");
        }
        for (String segment : path.split("/")) {
            if (segment.equals("..") || segment.equals(".") || segment.isEmpty()) {
                throw new InvalidRequestException("resource path '" + resourcePath
                        + "' must not have empty, '.' or '..' segments");
            }
        }
        return path;
    }

    private MlflowModelUri parse(ModelKey key) {
        requireNonNull(key, "key is null");
        return MlflowModelUri.parse(key).orElseThrow(() -> new ModelNotFoundException("'" + key
                + "' is not an MLflow model URI; expected models:/<name>/<version>, models:/<name>@<alias>, "
                + "models:/<name>/latest, models:/<model-id> or runs:/<run-id>/<path>"));
    }

    private Object plain(JsonNode node) {
        return json.convertValue(node, new TypeReference<Object>() {});
    }

    @Override
    public String toString() {
        return "MlflowRegistryConnector[" + client.connection().serviceName() + "]";
    }
}
