package io.tango.plugin.mlflow.finder;

import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.plugin.mlflow.client.ArtifactDownloader;
import io.tango.plugin.mlflow.client.MlflowConnection;
import io.tango.toolkit.http.HttpAuth;
import io.tango.plugin.mlflow.client.MlflowTrackingClient;
import io.tango.plugin.mlflow.model.MlflowModelUri;
import io.tango.plugin.mlflow.registry.MlflowDescriptors;
import io.tango.plugin.mlflow.registry.MlflowModelResolver;
import io.tango.plugin.mlflow.registry.ModelFolders;
import io.tango.plugin.mlflow.registry.ResolvedModel;
import io.tango.plugin.mlflow.scoring.MlflowScoringInitializer;
import io.tango.plugin.mlflow.scoring.MlflowScoringServerProxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Finds models in an MLflow tracking server by MLflow model URI ({@code models:/<name>/<version>},
 * {@code models:/<name>@<alias>}, {@code models:/<name>/latest}, {@code models:/<model-id>},
 * {@code runs:/<run>/<path>}), downloads them into a cache folder and describes the local copy: its flavors,
 * signature and, when one was logged, its explainer (see {@link MlflowDescriptors} for the format and metadata).
 *
 * <p>A key {@code mlflow+http://<host>:<port>} names a running scoring server: it is described with format
 * {@value MlflowScoringInitializer#FORMAT} and that URL as endpoint, for the MLFLOW initializer.
 *
 * <p>Downloads are atomic and kept: a version's artifacts never change in MLflow, so a second find of the same
 * version reuses the folder. Another key form, or a model, version, alias or run that does not exist, is
 * {@link Optional#empty()}; a server that fails throws. Thread-safe.
 */
public final class MlflowModelFinder implements ModelFinder {
    private static final Logger LOG = LoggerFactory.getLogger(MlflowModelFinder.class);

    private final MlflowConnection connection;
    private final MlflowTrackingClient client;
    private final ArtifactDownloader downloader;
    private final MlflowModelResolver resolver;
    private final Path cacheDir;
    private final Optional<String> explainerTag;
    private final String origin;

    /**
     * @param connection the tracking server
     * @param cacheDir the folder models are downloaded into
     * @param maxDownloadBytes the most bytes one download may write
     * @param explainerTag the tag naming a model's explainer; empty to skip looking for explainers
     * @param instanceName the instance's name in config
     */
    public MlflowModelFinder(
            MlflowConnection connection,
            Path cacheDir,
            long maxDownloadBytes,
            Optional<String> explainerTag,
            String instanceName) {
        this.connection = requireNonNull(connection, "connection is null");
        this.client = new MlflowTrackingClient(connection);
        this.downloader = new ArtifactDownloader(client, maxDownloadBytes);
        this.resolver = new MlflowModelResolver(client, downloader);
        this.cacheDir = requireNonNull(cacheDir, "cacheDir is null").toAbsolutePath().normalize()
                .resolve(serverFolder(connection));
        this.explainerTag = requireNonNull(explainerTag, "explainerTag is null");
        this.origin = "finder " + requireNonNull(instanceName, "instanceName is null");
    }

    @Override
    public Optional<ModelDescriptor> find(ModelKey key) {
        requireNonNull(key, "key is null");
        Optional<String> scheme = key.scheme();
        if (scheme.isPresent() && (scheme.get().equals("mlflow+http") || scheme.get().equals("mlflow+https"))) {
            return Optional.of(scoringServer(key));
        }
        Optional<MlflowModelUri> uri = MlflowModelUri.parse(key);
        if (uri.isEmpty()) {
            return Optional.empty();
        }
        ResolvedModel model;
        try {
            model = resolver.resolve(uri.get());
        } catch (ModelNotFoundException e) {
            LOG.debug("{} has no model {}: {}", connection.serviceName(), key, e.getMessage());
            return Optional.empty();
        }
        Path folder = downloader.downloadFolder(model.proxyPath(), folderOf(model));
        Optional<String> explainer = explainerTag.flatMap(tag -> resolver.findExplainer(model, tag));
        return Optional.of(MlflowDescriptors.describe(key, model, folder, explainer, connection.trackingUri(), origin));
    }

    /** {@code mlflow+http://host:port}: a running scoring server, asked for its MLflow version. */
    private ModelDescriptor scoringServer(ModelKey key) {
        URI endpoint;
        try {
            endpoint = URI.create(key.value().substring("mlflow+".length()));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("'" + key + "' is not a scoring server URL: " + e.getMessage(), e);
        }
        if (endpoint.getHost() == null || endpoint.getRawUserInfo() != null) {
            throw new InvalidRequestException("'" + key + "' must be mlflow+http://<host>:<port>, without credentials");
        }
        try (MlflowScoringServerProxy proxy = new MlflowScoringServerProxy(endpoint, HttpAuth.none(),
                connection.connectTimeout(), connection.requestTimeout(), connection.retry())) {
            String version = proxy.version();
            return ModelDescriptor.builder(key, endpoint.getAuthority(), MlflowScoringInitializer.FORMAT)
                    .endpoint(proxy.serverUrl())
                    .metadata("mlflow.scoring_server.mlflow_version", version)
                    .origin(origin)
                    .build();
        }
    }

    private Path folderOf(ResolvedModel model) {
        return ModelFolders.folderOf(cacheDir, model);
    }

    private static String serverFolder(MlflowConnection connection) {
        return (connection.trackingUri().getHost() + "_" + connection.trackingUri().getPort())
                .replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Stops the HTTP client's threads. Idempotent. */
    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "MlflowModelFinder[" + connection.serviceName() + ", cache " + cacheDir + "]";
    }
}
