package io.tango.plugin.local;

import io.tango.api.ExplainableTangoModel;
import io.tango.api.ModelDescriptor;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.plugin.local.engine.EngineSettings;
import io.tango.plugin.local.engine.ModelEngine;
import io.tango.plugin.local.engine.ModelEngines;
import io.tango.plugin.local.explain.ExplainableLocalModel;
import io.tango.plugin.local.store.StoredModel;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Turns descriptors into runnable, explainable models through the engine their format names. Shared by the
 * initializer, the trainer ({@code TrainingFuture.load()}) and the deployment client. Immutable and thread-safe.
 */
public final class LocalModelLoader {
    private final ModelEngines engines;
    private final EngineSettings settings;

    /**
     * @param engines the engines available
     * @param settings the settings engines load with
     */
    public LocalModelLoader(ModelEngines engines, EngineSettings settings) {
        this.engines = requireNonNull(engines, "engines is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** @return the engines */
    public ModelEngines engines() {
        return engines;
    }

    /**
     * @param descriptor a descriptor
     * @return the model, or empty if no engine loads its format and it is not a local store model
     * @throws UnsupportedTangoOperationException if it is a local store model whose engine is not installed, listing
     *     the engines there are
     * @throws io.tango.api.TangoException if the engine fails (a missing or corrupt artifact)
     */
    public Optional<ExplainableTangoModel<?, ?>> loadIfSupported(ModelDescriptor descriptor) {
        requireNonNull(descriptor, "descriptor is null");
        Optional<ModelEngine> engine = engines.get(descriptor.format()).filter(ModelEngine::canLoad);
        if (engine.isEmpty()) {
            if (descriptor.metadata().containsKey(StoredModel.ENGINE_METADATA)) {
                throw unknownEngine(descriptor);
            }
            return Optional.empty();
        }
        return Optional.of(ExplainableLocalModel.of(engine.get().load(descriptor, settings)));
    }

    /**
     * @param descriptor a descriptor
     * @return the model
     * @throws UnsupportedTangoOperationException if no engine loads its format, listing the engines there are
     * @throws io.tango.api.TangoException if the engine fails (a missing or corrupt artifact)
     */
    public ExplainableTangoModel<?, ?> load(ModelDescriptor descriptor) {
        return loadIfSupported(descriptor).orElseThrow(() -> unknownEngine(descriptor));
    }

    private UnsupportedTangoOperationException unknownEngine(ModelDescriptor descriptor) {
        return new UnsupportedTangoOperationException("model '" + descriptor.name() + "' needs engine '" + descriptor.format()
                + "', which plugin-local does not have; engines that load models: " + engines.loadable());
    }
}
