package io.tango.plugin.mlflow.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.ModelNotFoundException;
import io.tango.plugin.mlflow.client.ArtifactDownloader;
import io.tango.plugin.mlflow.client.MlflowTrackingClient;
import io.tango.toolkit.mlmodel.MlModel;
import io.tango.plugin.mlflow.model.MlflowModelUri;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Resolves MLflow model URIs against a tracking server, and finds a model's explainer.
 *
 * <p>{@code models:/<name>@<alias>} and {@code models:/<name>/latest} resolve to a concrete version first;
 * {@code runs:/<run>/<path>} is a folder of the run's artifacts or, in MLflow 3, a model the run logged under that
 * name. Thread-safe.
 */
public final class MlflowModelResolver {
    private static final Logger LOG = LoggerFactory.getLogger(MlflowModelResolver.class);

    private final MlflowTrackingClient client;
    private final ArtifactDownloader downloader;

    /**
     * @param client the tracking server's client
     * @param downloader reads {@code MLmodel} files
     */
    public MlflowModelResolver(MlflowTrackingClient client, ArtifactDownloader downloader) {
        this.client = requireNonNull(client, "client is null");
        this.downloader = requireNonNull(downloader, "downloader is null");
    }

    /**
     * @param uri a model URI
     * @return what it names
     * @throws ModelNotFoundException if the model, version, alias, run or path does not exist
     */
    public ResolvedModel resolve(MlflowModelUri uri) {
        requireNonNull(uri, "uri is null");
        if (uri instanceof MlflowModelUri.ByVersion byVersion) {
            return registered(uri, byVersion.name(), client.modelVersion(byVersion.name(), byVersion.version()));
        }
        if (uri instanceof MlflowModelUri.ByAlias byAlias) {
            return registered(uri, byAlias.name(), client.modelVersionByAlias(byAlias.name(), byAlias.alias()));
        }
        if (uri instanceof MlflowModelUri.Latest latest) {
            return registered(uri, latest.name(), client.latestModelVersion(latest.name()));
        }
        if (uri instanceof MlflowModelUri.LoggedModel logged) {
            JsonNode info = client.loggedModel(logged.modelId()).path("info");
            return artifactFolder(uri, info.path("name").asText(logged.modelId()), Optional.empty(), Optional.empty(),
                    Optional.empty(), text(info, "source_run_id"), info.path("artifact_uri").asText());
        }
        MlflowModelUri.RunArtifact runArtifact = (MlflowModelUri.RunArtifact) uri;
        return runArtifact(runArtifact);
    }

    private ResolvedModel registered(MlflowModelUri uri, String name, JsonNode modelVersion) {
        String version = modelVersion.path("version").asText();
        JsonNode registeredModel = client.registeredModel(name);
        String artifactUri = client.downloadUri(name, version);
        return artifactFolder(uri, name, Optional.of(version), Optional.of(registeredModel), Optional.of(modelVersion),
                text(modelVersion, "run_id"), artifactUri);
    }

    private ResolvedModel runArtifact(MlflowModelUri.RunArtifact uri) {
        JsonNode info = client.run(uri.runId()).path("info");
        String runArtifacts = info.path("artifact_uri").asText();
        String folder = runArtifacts + "/" + uri.path();
        if (!client.listArtifacts(client.proxyPath(folder)).isEmpty()) {
            return artifactFolder(uri, lastSegment(uri.path()), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(uri.runId()), folder);
        }
        // MLflow 3 keeps models a run logs as logged models, outside the run's own artifacts.
        for (JsonNode logged : client.loggedModelsOfRun(info.path("experiment_id").asText(), uri.runId())) {
            if (uri.path().equals(logged.path("name").asText())) {
                return artifactFolder(uri, uri.path(), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.of(uri.runId()), logged.path("artifact_uri").asText());
            }
        }
        throw new ModelNotFoundException(client.connection().serviceName() + ": run " + uri.runId()
                + " has no artifacts and no logged model at '" + uri.path() + "'");
    }

    private ResolvedModel artifactFolder(
            MlflowModelUri uri,
            String name,
            Optional<String> version,
            Optional<JsonNode> registeredModel,
            Optional<JsonNode> modelVersion,
            Optional<String> runId,
            String artifactUri) {
        String proxyPath = client.proxyPath(artifactUri);
        Optional<MlModel> mlModel = readMlModel(proxyPath, uri.uri());
        return new ResolvedModel(uri, name, version, registeredModel, modelVersion, runId, artifactUri, proxyPath, mlModel);
    }

    private Optional<MlModel> readMlModel(String proxyPath, String where) {
        try {
            return Optional.of(MlModel.parse(downloader.readText(proxyPath + "/" + MlModel.FILE_NAME), where));
        } catch (ModelNotFoundException e) {
            LOG.debug("{} has no MLmodel file", where);
            return Optional.empty();
        }
    }

    /**
     * Finds the explainer logged for a model: a model URI in the tag {@code explainerTag} of the model version or of
     * its registered model, or else a model with the {@code shap} flavor that the same run logged (MLflow 3).
     *
     * @param model a resolved model
     * @param explainerTag the tag that names an explainer
     * @return the explainer's model URI, when there is one
     */
    public Optional<String> findExplainer(ResolvedModel model, String explainerTag) {
        requireNonNull(model, "model is null");
        requireNonNull(explainerTag, "explainerTag is null");
        Optional<String> tagged = tag(model.modelVersion(), explainerTag).or(() -> tag(model.registeredModel(), explainerTag));
        if (tagged.isPresent()) {
            return tagged;
        }
        if (model.runId().isEmpty() || model.mlModel().map(mlModel -> mlModel.hasFlavor(MlModel.SHAP_FLAVOR)).orElse(false)) {
            return Optional.empty();
        }
        String runId = model.runId().get();
        String ownId = model.mlModel().flatMap(mlModel -> mlModel.text("model_id")).orElse("");
        String experimentId;
        try {
            experimentId = client.run(runId).path("info").path("experiment_id").asText();
        } catch (ModelNotFoundException e) {
            return Optional.empty();
        }
        List<JsonNode> siblings = client.loggedModelsOfRun(experimentId, runId);
        for (JsonNode sibling : siblings) {
            String modelId = sibling.path("model_id").asText();
            if (modelId.isEmpty() || modelId.equals(ownId)) {
                continue;
            }
            Optional<MlModel> siblingModel = readMlModel(client.proxyPath(sibling.path("artifact_uri").asText()),
                    "models:/" + modelId);
            if (siblingModel.map(mlModel -> mlModel.hasFlavor(MlModel.SHAP_FLAVOR)).orElse(false)) {
                return Optional.of("models:/" + modelId);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> tag(Optional<JsonNode> entity, String key) {
        if (entity.isEmpty()) {
            return Optional.empty();
        }
        for (JsonNode tag : entity.get().path("tags")) {
            if (key.equals(tag.path("key").asText()) && !tag.path("value").asText("").isBlank()) {
                return Optional.of(tag.path("value").asText());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isEmpty() ? Optional.of(value.asText()) : Optional.empty();
    }

    private static String lastSegment(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(slash + 1) : path;
    }
}
