package io.tango.plugin.local.engine;

import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.TangoModel;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.plugin.local.store.ModelDraft;

import java.io.IOException;
import java.util.Map;

/**
 * Plugin-local's own extension point: an engine turns a stored artifact into a runnable model, and may train new
 * ones.
 *
 * <p>Engines are found with {@link java.util.ServiceLoader} in the plugin's class loader: a third party adds one by
 * putting a jar with a {@code META-INF/services/io.tango.plugin.local.engine.ModelEngine} entry next to the plugin's
 * jar. A stored model names its engine ({@code tango-model.json}'s {@code engine}, the descriptor's {@code format}).
 * Implementations need a public no-argument constructor, must be stateless and thread-safe.
 */
public interface ModelEngine {

    /** @return the engine's unique name, lower case, e.g. {@code onnx}; the format of the models it loads */
    String name();

    /** @return one sentence saying what the engine does */
    default String description() {
        return "";
    }

    /** @return whether {@link #load} is implemented */
    default boolean canLoad() {
        return false;
    }

    /**
     * Makes a model runnable.
     *
     * @param descriptor the model's descriptor; its artifact path is a local file or folder
     * @param settings thread settings and the like from the component's config
     * @return the model; the caller closes it
     * @throws io.tango.api.TangoException if the artifact is missing or corrupt, naming the file
     */
    default TangoModel<?, ?> load(ModelDescriptor descriptor, EngineSettings settings) {
        throw new UnsupportedTangoOperationException("engine '" + name() + "' does not load models");
    }

    /** @return whether {@link #train} is implemented */
    default boolean canTrain() {
        return false;
    }

    /**
     * Checks training arguments before a training is queued, so a bad request fails at once.
     *
     * @param arguments the training arguments
     * @throws InvalidRequestException if an argument is unknown, missing or invalid
     */
    default void validateTraining(Map<String, Object> arguments) {
        throw new UnsupportedTangoOperationException("engine '" + name() + "' does not train models");
    }

    /**
     * Trains a model and writes its artifact into {@link TrainingTask#directory()}.
     *
     * @param task what to train
     * @return what was written; its engine is the one that serves the artifact
     * @throws java.util.concurrent.CancellationException if the task was canceled
     * @throws IOException if the artifact could not be written
     */
    default ModelDraft train(TrainingTask task) throws IOException {
        throw new UnsupportedTangoOperationException("engine '" + name() + "' does not train models");
    }
}
