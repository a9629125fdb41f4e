package io.tango.plugin.local.server;

import io.tango.api.LoadedModel;
import io.tango.api.ModelNotFoundException;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.plugin.local.batch.BatchingSettings;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/** One model served on its own, always loaded: its owner swaps and closes it, so it is never loaded or unloaded here. */
final class SingleModel implements ServedModels {
    private final String name;
    private final Supplier<? extends LoadedModel> model;
    private final BatchingSettings batching;

    SingleModel(String name, Supplier<? extends LoadedModel> model, BatchingSettings batching) {
        this.name = requireNonNull(name, "name is null");
        this.model = requireNonNull(model, "model is null");
        this.batching = requireNonNull(batching, "batching is null");
    }

    @Override
    public BatchingSettings batching(String name) {
        if (!this.name.equals(name)) {
            model(name); // throws, naming what is served
        }
        return batching;
    }

    @Override
    public Optional<String> defaultName() {
        return Optional.of(name);
    }

    @Override
    public List<ServedModel> models() {
        return List.of(model(name));
    }

    @Override
    public ServedModel model(String name) {
        if (!this.name.equals(name)) {
            throw new ModelNotFoundException("model '" + name + "' is not served here; this server serves ['" + this.name + "']");
        }
        return new ServedModel(name, Optional.of(model.get().descriptor()), true, Optional.empty());
    }

    @Override
    public LoadedModel acquire(String name) {
        model(name);
        return model.get();
    }

    @Override
    public void load(String name) {
        model(name);
    }

    @Override
    public void unload(String name) {
        model(name);
        throw new UnsupportedTangoOperationException("model '" + name + "' is served on its own and stays loaded while served");
    }
}
