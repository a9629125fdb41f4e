package io.tango.plugin.mlflow.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.toolkit.mlmodel.MlModel;
import io.tango.plugin.mlflow.model.MlflowModelUri;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A model URI resolved against a tracking server: which model and version it names, and where its artifacts are.
 *
 * @param uri the URI as parsed
 * @param name the registered model's name, or the logged model's / run path's name
 * @param version the version number, for registered models
 * @param registeredModel the {@code registered_model} object, for registered models
 * @param modelVersion the {@code model_version} object, for registered models
 * @param runId the run that produced the model, when known
 * @param artifactUri where the artifacts are, as MLflow says (e.g. {@code mlflow-artifacts:/1/models/m-…/artifacts})
 * @param proxyPath the same folder as a path below the artifacts proxy
 * @param mlModel the folder's {@code MLmodel}, when it has one
 */
public record ResolvedModel(
        MlflowModelUri uri,
        String name,
        Optional<String> version,
        Optional<JsonNode> registeredModel,
        Optional<JsonNode> modelVersion,
        Optional<String> runId,
        String artifactUri,
        String proxyPath,
        Optional<MlModel> mlModel) {

    public ResolvedModel {
        requireNonNull(uri, "uri is null");
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        requireNonNull(registeredModel, "registeredModel is null");
        requireNonNull(modelVersion, "modelVersion is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(artifactUri, "artifactUri is null");
        requireNonNull(proxyPath, "proxyPath is null");
        requireNonNull(mlModel, "mlModel is null");
    }

    /** @return the concrete URI of this version: {@code models:/<name>/<version>} for registered models */
    public String concreteUri() {
        return version.map(number -> "models:/" + name + "/" + number).orElse(uri.uri());
    }
}
