package io.tango.plugin.local.server;

import io.tango.api.DataType;
import io.tango.api.FieldSpec;
import io.tango.api.InvalidRequestException;
import io.tango.api.LoadedModel;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelNotFoundException;
import io.tango.api.ModelSignature;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.plugin.local.batch.BatcherRegistry;
import io.tango.plugin.local.batch.DynamicBatcher;
import io.tango.toolkit.oip.OipDatatype;
import io.tango.toolkit.oip.OipInferenceRequest;
import io.tango.toolkit.oip.OipInferenceResponse;
import io.tango.toolkit.oip.OipModelMetadata;
import io.tango.toolkit.oip.OipServerMetadata;
import io.tango.toolkit.oip.OipTensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * The Open Inference Protocol without a transport: what REST ({@code /v2…}) and gRPC ({@code GRPCInferenceService})
 * both answer, over the {@link ServedModels} of one server. Model names are deployment names; a model's only version
 * is the store version it is served at.
 *
 * <p>Errors are TANGO's typed exceptions, which each transport maps to its status: {@link ModelNotFoundException}
 * for an unknown model or version (404, {@code NOT_FOUND}), {@link InvalidRequestException} for a request the model
 * cannot take (400, {@code INVALID_ARGUMENT}), {@link ModelNotReadyException} for an unloaded model (503,
 * {@code UNAVAILABLE}). Thread-safe.
 */
public final class OipService {
    /** The name of OIP's repository extension, as Triton advertises it. */
    public static final String MODEL_REPOSITORY = "model_repository";
    /** What {@code GET /v2} names the server. */
    public static final String SERVER_NAME = "tango";

    private final ServedModels models;
    private final String version;
    private final BatcherRegistry batchers;

    /**
     * @param models the models served
     * @param version the server's version, for {@code GET /v2}
     * @param batchers the batchers of the models that batch
     */
    public OipService(ServedModels models, String version, BatcherRegistry batchers) {
        this.models = requireNonNull(models, "models is null");
        this.version = requireNonNull(version, "version is null");
        this.batchers = requireNonNull(batchers, "batchers is null");
    }

    /** @return the server's name, version and extensions: the binary tensor data and the model repository */
    public OipServerMetadata serverMetadata() {
        return new OipServerMetadata(SERVER_NAME, version, List.of(OipServerMetadata.BINARY_TENSOR_DATA, MODEL_REPOSITORY));
    }

    /** @return whether every served model is loaded */
    public boolean serverReady() {
        return models.models().stream().allMatch(ServedModel::loaded);
    }

    /**
     * @return why the server is not ready: the models that are not loaded, with their reasons; empty when it is ready
     */
    public Optional<String> notReadyReason() {
        List<String> waiting = models.models().stream().filter(model -> !model.loaded())
                .map(model -> "'" + model.name() + "'" + model.reason().map(reason -> " (" + reason + ")").orElse(""))
                .toList();
        return waiting.isEmpty() ? Optional.empty() : Optional.of("not every model is loaded: " + String.join(", ", waiting));
    }

    /**
     * @param name a model's name
     * @param version the version asked for, if any
     * @return whether the model is loaded
     * @throws ModelNotFoundException if the model or the version is not served
     */
    public boolean modelReady(String name, Optional<String> version) {
        return find(name, version).loaded();
    }

    /**
     * @param name a model's name
     * @param version the version asked for, if any
     * @return why the model is not ready; empty when it is
     * @throws ModelNotFoundException if the model or the version is not served
     */
    public Optional<String> modelNotReadyReason(String name, Optional<String> version) {
        ServedModel model = find(name, version);
        return model.loaded() ? Optional.empty() : Optional.of(notReady(model));
    }

    /**
     * @param name a model's name
     * @param version the version asked for, if any
     * @return its metadata from its signature: its store version as the only version, {@code onnx_onnxv1} for an ONNX
     *     model and the model's format otherwise as the platform
     * @throws ModelNotFoundException if the model or the version is not served
     * @throws ModelNotReadyException if its descriptor could not be resolved
     */
    public OipModelMetadata modelMetadata(String name, Optional<String> version) {
        ServedModel model = find(name, version);
        ModelDescriptor descriptor = model.descriptor().orElseThrow(() -> new ModelNotReadyException(notReady(model)));
        String platform = descriptor.format().equals("onnx") ? "onnx_onnxv1" : descriptor.format();
        return new OipModelMetadata(name, model.version().stream().toList(), platform, descriptor.signature());
    }

    /**
     * Runs an inference request: checks its inputs against the model's metadata (when the model declares inputs),
     * loads the model when it is not loaded (unless it was unloaded on request), predicts and answers the outputs
     * asked for (all when none is named) with the request's id.
     *
     * @param name a model's name
     * @param version the version asked for, if any
     * @param request the request
     * @return the response, named after the model and its version
     * @throws ModelNotFoundException if the model or the version is not served
     * @throws ModelNotReadyException if the model was unloaded or cannot be loaded
     * @throws InvalidRequestException listing every input the model does not declare and every datatype or shape
     *     unlike the declared one; if the model cannot take the inputs otherwise, or an
     *     output asked for is not one it gives
     */
    public OipInferenceResponse infer(String name, Optional<String> version, OipInferenceRequest request) {
        requireNonNull(request, "request is null");
        ServedModel model = checked(name, version, request);
        return OipInferenceResponse.answer(request, predict(name, request.toTangoRequest()), name, model.version());
    }

    /**
     * Runs an inference request as {@link #infer} does, joined with others into one model call when the model batches.
     *
     * @param name a model's name
     * @param version the version asked for, if any
     * @param request the request
     * @return the response: complete at once when the model does not batch, otherwise when its batch has run;
     *     completed exceptionally with what running the request alone threw
     * @throws ModelNotFoundException if the model or the version is not served
     * @throws InvalidRequestException as {@link #infer} does for inputs unlike the declared ones
     */
    public CompletableFuture<OipInferenceResponse> inferAsync(String name, Optional<String> version, OipInferenceRequest request) {
        requireNonNull(request, "request is null");
        ServedModel model = checked(name, version, request);
        Optional<DynamicBatcher> batcher = batchers.batcher(name);
        if (batcher.isEmpty()) {
            return CompletableFuture.completedFuture(
                    OipInferenceResponse.answer(request, predict(name, request.toTangoRequest()), name, model.version()));
        }
        return batcher.get().submit(request.toTangoRequest())
                .thenApply(response -> OipInferenceResponse.answer(request, response, name, model.version()));
    }

    private ServedModel checked(String name, Optional<String> version, OipInferenceRequest request) {
        ServedModel model = find(name, version);
        model.descriptor().ifPresent(descriptor -> checkInputs(name, descriptor.signature(), request));
        return model;
    }

    private TangoResponse predict(String name, TangoRequest request) {
        LoadedModel loaded = models.acquire(name);
        try {
            return loaded.predict(request);
        } catch (IllegalStateException e) {
            // Unloaded (evicted or replaced) between acquire and predict: run on what serves the name now.
            LoadedModel current = models.acquire(name);
            if (current == loaded) {
                throw e;
            }
            return current.predict(request);
        }
    }

    /** @return every served model with its version and state, sorted by name */
    public List<ServedModel> index() {
        return models.models();
    }

    /**
     * @param name a model's name
     * @throws ModelNotFoundException if no model of that name is served
     * @throws ModelNotReadyException if loading fails
     */
    public void load(String name) {
        models.load(requireNonNull(name, "name is null"));
    }

    /**
     * @param name a model's name
     * @throws ModelNotFoundException if no model of that name is served
     */
    public void unload(String name) {
        models.unload(requireNonNull(name, "name is null"));
    }

    private ServedModel find(String name, Optional<String> version) {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        ServedModel model = models.model(name);
        if (version.isPresent() && !model.version().equals(version)) {
            throw new ModelNotFoundException("model '" + name + "' has no version '" + version.get() + "'; "
                    + model.version().map(served -> "it is served at version '" + served + "'")
                            .orElse("it has no versions; leave /versions/… out"));
        }
        return model;
    }

    /**
     * What OIP servers check before running a model: the names, datatypes and shapes given against the metadata.
     * Inputs left out are the engine's to refuse or default (a model may declare inputs it can do without).
     */
    private static void checkInputs(String name, ModelSignature signature, OipInferenceRequest request) {
        if (signature.inputs().isEmpty()) {
            return; // Nothing declared: the model's engine decides.
        }
        Map<String, FieldSpec> declared = new LinkedHashMap<>();
        signature.inputs().forEach(field -> declared.put(field.name(), field));
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < request.inputs().size(); i++) {
            OipTensor input = request.inputs().get(i);
            FieldSpec field = declared.get(input.name());
            String what = "inputs[" + i + "] '" + input.name() + "'";
            if (field == null) {
                problems.add(what + " is not an input of the model");
                continue;
            }
            if (field.type() != DataType.UNKNOWN && field.type() != DataType.OBJECT
                    && OipDatatype.of(field.type()) != input.datatype()) {
                problems.add(what + " is " + input.datatype().wireName() + " but the model takes "
                        + OipDatatype.of(field.type()).wireName());
            }
            long[] shape = input.tensor().shape();
            if (!field.shape().isEmpty() && !fits(field.shape(), shape)) {
                problems.add(what + " has shape " + Arrays.toString(shape) + " but the model takes " + field.shape()
                        + " (-1: any size)");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("the request does not fit model '" + name + "': " + String.join("; ", problems)
                    + ". It takes " + signature.inputs().stream().map(field -> field.name() + " "
                            + (field.type() == DataType.UNKNOWN || field.type() == DataType.OBJECT ? "any"
                                    : OipDatatype.of(field.type()).wireName()) + " " + field.shape()).toList());
        }
    }

    private static boolean fits(List<Long> declared, long[] shape) {
        if (declared.size() != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (declared.get(i) >= 0 && declared.get(i) != shape[i]) {
                return false;
            }
        }
        return true;
    }

    private static String notReady(ServedModel model) {
        return "model '" + model.name() + "' is not ready: " + model.reason().orElse("it is not loaded");
    }
}
