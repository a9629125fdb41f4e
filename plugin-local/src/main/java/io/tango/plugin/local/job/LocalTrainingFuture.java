package io.tango.plugin.local.job;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.TangoModel;
import io.tango.api.job.JobInfo;
import io.tango.api.job.TrainingFuture;
import io.tango.plugin.local.LocalModelLoader;
import io.tango.plugin.local.store.LocalModelStore;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * A training of the local trainer. Its result is the descriptor of the saved model; after a restart it is found again
 * in the store from the record's {@value #MODEL} and {@value #VERSION} details. Thread-safe.
 */
final class LocalTrainingFuture extends LocalJob<ModelDescriptor> implements TrainingFuture {
    /** Detail: the trained model's name. */
    static final String MODEL = "model";
    /** Detail: the trained model's version. */
    static final String VERSION = "version";

    private final LocalModelStore store;
    private final LocalModelLoader loader;
    private final String origin;

    LocalTrainingFuture(String id, Clock clock, Consumer<JobInfo> listener, LocalModelStore store, LocalModelLoader loader,
            String origin) {
        super(id, clock, listener);
        this.store = requireNonNull(store, "store is null");
        this.loader = requireNonNull(loader, "loader is null");
        this.origin = requireNonNull(origin, "origin is null");
    }

    LocalTrainingFuture(JobInfo record, Clock clock, Consumer<JobInfo> listener, LocalModelStore store, LocalModelLoader loader,
            String origin) {
        super(record, clock, listener);
        this.store = requireNonNull(store, "store is null");
        this.loader = requireNonNull(loader, "loader is null");
        this.origin = requireNonNull(origin, "origin is null");
    }

    @Override
    ModelDescriptor restoredResult() {
        String name = info().details().get(MODEL);
        String version = info().details().get(VERSION);
        if (name == null || version == null) {
            throw new ModelNotFoundException("job " + id() + " completed but its record does not say where the model went");
        }
        return store.find(name, Optional.of(version))
                .map(model -> model.descriptor(ModelKey.of(name + "/" + version), origin))
                .orElseThrow(() -> new ModelNotFoundException("job " + id() + " trained model '" + name + "' version '" + version
                        + "', which is no longer in the local store at " + store.root()));
    }

    @Override
    public TangoModel<?, ?> load() throws InterruptedException {
        return loader.load(result());
    }
}
