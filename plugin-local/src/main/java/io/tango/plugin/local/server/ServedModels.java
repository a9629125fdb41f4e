package io.tango.plugin.local.server;

import io.tango.api.LoadedModel;
import io.tango.api.ModelNotFoundException;
import io.tango.plugin.local.batch.BatchingSettings;

import java.util.List;
import java.util.Optional;

/**
 * The models one server answers for, by name: what its owner (the local deployment client, or a single model) lets
 * it see and load. Implementations are thread-safe; the set may change while the server runs.
 */
public interface ServedModels {
    /** @return the name {@code POST /invocations} answers with, if there is a default model */
    Optional<String> defaultName();

    /** @return every model served, sorted by name */
    List<ServedModel> models();

    /**
     * @param name a model's name
     * @return its state
     * @throws ModelNotFoundException if no model of that name is served, listing the ones that are
     */
    ServedModel model(String name);

    /**
     * The model to run a request on: loaded first when it is not (and others unloaded if a limit says so), and marked
     * as the most recently used.
     *
     * @param name a model's name
     * @return the loaded model
     * @throws ModelNotFoundException if no model of that name is served
     * @throws ModelNotReadyException if it was unloaded on request, or cannot be loaded, saying why
     */
    LoadedModel acquire(String name);

    /**
     * Loads a model (again, after an unload), as OIP's repository extension asks.
     *
     * @param name a model's name
     * @throws ModelNotFoundException if no model of that name is served
     * @throws ModelNotReadyException if loading fails, saying why
     */
    void load(String name);

    /**
     * Releases a model's memory; it stays served but answers 503 until loaded again.
     *
     * @param name a model's name
     * @throws ModelNotFoundException if no model of that name is served
     */
    void unload(String name);

    /**
     * How requests for a model are joined into batches; asked on every request, so a change applies to the next one.
     *
     * @param name a model's name
     * @return its batching settings; {@link BatchingSettings#OFF} by default
     * @throws ModelNotFoundException if no model of that name is served
     */
    default BatchingSettings batching(String name) {
        return BatchingSettings.OFF;
    }
}
