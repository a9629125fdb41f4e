package io.tango.plugin.mlflow.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.ModelSignature;
import io.tango.toolkit.mlmodel.MlModel;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Describes a downloaded MLflow model for initializers, in the vocabulary every plugin shares.
 *
 * <p>The format is {@value #ONNX} for a model with the ONNX flavor (so plugin-local's ONNX initializer runs it from
 * the folder, using {@value #ONNX_FILE}), {@value #PYFUNC} for any other {@code python_function} model, and
 * {@value #MODEL} otherwise. The artifact path is the folder holding {@code MLmodel}. Metadata keys are listed on
 * the constants. Stateless.
 */
public final class MlflowDescriptors {
    /** The format of a model with the ONNX flavor. */
    public static final String ONNX = "onnx";
    /** The format of a pyfunc model without the ONNX flavor (served by {@code mlflow models serve}). */
    public static final String PYFUNC = "mlflow-pyfunc";
    /** The format of a folder without a runnable flavor. */
    public static final String MODEL = "mlflow-model";

    /** Metadata: the ONNX model file inside the artifact folder (e.g. {@code model.onnx}). */
    public static final String ONNX_FILE = "onnx.file";
    /** Metadata: the flavors, comma-separated, in MLmodel order. */
    public static final String FLAVORS = "mlflow.flavors";
    /** Metadata: the concrete model URI ({@code models:/<name>/<version>}, {@code runs:/…}, {@code models:/m-…}). */
    public static final String MODEL_URI = "mlflow.model_uri";
    /** Metadata: the model URI of the model's explainer, when one was logged. */
    public static final String EXPLAINER_URI = "mlflow.explainer.uri";
    /** Metadata: the tracking server the model comes from (never with credentials). */
    public static final String TRACKING_URI = "mlflow.tracking_uri";

    private MlflowDescriptors() {}

    /**
     * @param key the key the model was found by
     * @param model what the key resolved to
     * @param localFolder the downloaded folder
     * @param explainerUri the explainer's model URI, when one was found
     * @param trackingUri the tracking server
     * @param origin who describes it, e.g. {@code finder mlflow}
     * @return the descriptor
     */
    public static ModelDescriptor describe(
            ModelKey key, ResolvedModel model, Path localFolder, Optional<String> explainerUri, URI trackingUri,
            String origin) {
        Optional<MlModel> mlModel = model.mlModel();
        String format = mlModel.map(MlflowDescriptors::formatOf).orElse(MODEL);
        ModelDescriptor.Builder builder = ModelDescriptor.builder(key, model.name(), format)
                .artifactPath(localFolder)
                .signature(mlModel.map(MlModel::signature).orElse(ModelSignature.UNKNOWN))
                .origin(origin);
        model.version().ifPresent(builder::version);
        builder.metadata(TRACKING_URI, trackingUri.toString());
        builder.metadata(MODEL_URI, model.concreteUri());
        model.version().ifPresent(version -> builder.metadata("mlflow.registered_model", model.name()));
        model.version().ifPresent(version -> builder.metadata("mlflow.version", version));
        model.runId().ifPresent(runId -> builder.metadata("mlflow.run_id", runId));
        model.modelVersion().ifPresent(version -> {
            text(version, "source").ifPresent(source -> builder.metadata("mlflow.source", source));
            List<String> aliases = new ArrayList<>();
            version.path("aliases").forEach(alias -> aliases.add(alias.asText()));
            if (!aliases.isEmpty()) {
                builder.metadata("mlflow.aliases", String.join(",", aliases));
            }
            version.path("tags").forEach(tag -> builder.metadata(
                    "mlflow.tag." + tag.path("key").asText(), tag.path("value").asText("")));
        });
        model.registeredModel().ifPresent(registered -> registered.path("tags").forEach(tag -> builder.metadata(
                "mlflow.registered_model.tag." + tag.path("key").asText(), tag.path("value").asText(""))));
        builder.metadata("mlflow.artifact_uri", model.artifactUri());
        mlModel.ifPresent(file -> {
            builder.metadata(FLAVORS, String.join(",", file.flavors().keySet()));
            file.text("model_id").ifPresent(id -> builder.metadata("mlflow.model_id", id));
            file.text("mlflow_version").ifPresent(version -> builder.metadata("mlflow.mlflow_version", version));
            file.pyfuncLoaderModule().ifPresent(loader -> builder.metadata("mlflow.pyfunc.loader_module", loader));
            file.onnxFile().ifPresent(onnxFile -> builder.metadata(ONNX_FILE, onnxFile));
            file.inputExampleFile().ifPresent(example -> builder.metadata("mlflow.input_example", example));
            file.signatureParams().ifPresent(params -> builder.metadata("mlflow.signature.params", params));
        });
        explainerUri.ifPresent(uri -> builder.metadata(EXPLAINER_URI, uri));
        return builder.build();
    }

    /**
     * @param mlModel a model's MLmodel
     * @return {@value #ONNX}, {@value #PYFUNC} or {@value #MODEL}
     */
    public static String formatOf(MlModel mlModel) {
        if (mlModel.onnxFile().isPresent()) {
            return ONNX;
        }
        return mlModel.hasFlavor(MlModel.PYFUNC_FLAVOR) ? PYFUNC : MODEL;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isEmpty() ? Optional.of(value.asText()) : Optional.empty();
    }
}
