package io.tango.runtime;

import io.tango.api.LoadedModel;
import io.tango.api.JobNotFoundException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.TangoException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.api.WorkingSession;
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.job.JobIds;
import io.tango.api.job.JobPredictor;
import io.tango.api.job.PredictionFuture;
import io.tango.api.job.TrainingFuture;
import io.tango.api.job.TrainingRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import static java.util.Objects.requireNonNull;

/**
 * The model lifecycle over a runtime's components (caikit's {@code ModelManager}): load a key through a finder and an
 * initializer, train, predict, look jobs up by id, and reach deployment targets and registries.
 *
 * <p>Loaded models are cached per (key, finder, initializer). When many threads load the same key at once, one loads
 * and the others wait for its result; a failed load is not cached. Cached models belong to the manager: callers do
 * not close them; {@link #unload} does, and so does the runtime's close. Thread-safe.
 */
public final class ModelManager {
    private static final Logger log = LoggerFactory.getLogger(ModelManager.class);

    private final TangoRuntime runtime;
    private final ConcurrentMap<LoadKey, CompletableFuture<LoadedModel>> loaded = new ConcurrentHashMap<>();
    /**
     * The load key of each string key {@link #load(String)} loaded, so that predicting by key, on every call, makes no
     * new key objects; an entry goes with its model's {@link #unload}.
     */
    private final ConcurrentMap<String, LoadKey> defaultLoadKeys = new ConcurrentHashMap<>();
    private volatile Boolean hasDefaultJobPredictor;
    /** The {@code default} job predictor once {@link #predict} asked for it: built once, it never changes. */
    private volatile JobPredictor defaultJobPredictor;

    ModelManager(TangoRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime is null");
    }

    /**
     * Finds a model through a finder.
     *
     * @param key the model's key
     * @param finder the finder's instance name
     * @return the descriptor
     * @throws ModelNotFoundException if the finder has no such model
     */
    public ModelDescriptor find(ModelKey key, String finder) {
        requireNonNull(key, "key is null");
        requireNonNull(finder, "finder is null");
        return runtime.finder(finder).find(key).orElseThrow(() -> new ModelNotFoundException(
                "model '" + key + "' was not found by finder '" + finder + "'"));
    }

    /**
     * Makes a described model runnable through an initializer. The caller owns (and closes) the model.
     *
     * @param descriptor the model's descriptor
     * @param initializer the initializer's instance name
     * @return the model
     * @throws UnsupportedTangoOperationException if the initializer does not handle the descriptor's format
     */
    public LoadedModel initialize(ModelDescriptor descriptor, String initializer) {
        requireNonNull(descriptor, "descriptor is null");
        requireNonNull(initializer, "initializer is null");
        return runtime.initializer(initializer).initialize(descriptor).orElseThrow(() -> new UnsupportedTangoOperationException(
                "initializer '" + initializer + "' cannot load model '" + descriptor.key() + "' of format '" + descriptor.format()
                        + "'; configure an initializer for that format, or a MULTI initializer over several"));
    }

    /**
     * Loads a model through the {@code default} finder and initializer.
     *
     * @param key the model's key
     * @return the model, cached
     */
    public LoadedModel load(String key) {
        LoadKey known = defaultLoadKeys.get(requireNonNull(key, "key is null"));
        if (known != null) {
            return load(known);
        }
        LoadKey loadKey = new LoadKey(ModelKey.of(key), TangoRuntime.DEFAULT, TangoRuntime.DEFAULT);
        LoadedModel model = load(loadKey);
        defaultLoadKeys.put(key, loadKey);
        return model;
    }

    /**
     * Loads a model, or returns the cached one.
     *
     * @param key the model's key
     * @param finder the finder's instance name
     * @param initializer the initializer's instance name
     * @return the model, cached; do not close it, {@link #unload} it
     * @throws ModelNotFoundException if the finder has no such model
     * @throws UnsupportedTangoOperationException if the initializer does not handle its format
     */
    public LoadedModel load(ModelKey key, String finder, String initializer) {
        requireNonNull(key, "key is null");
        requireNonNull(finder, "finder is null");
        requireNonNull(initializer, "initializer is null");
        return load(new LoadKey(key, finder, initializer));
    }

    private LoadedModel load(LoadKey loadKey) {
        ModelKey key = loadKey.key();
        String finder = loadKey.finder();
        String initializer = loadKey.initializer();
        // The common case, a model already loaded, allocates no future.
        CompletableFuture<LoadedModel> cached = loaded.get(loadKey);
        if (cached != null) {
            return await(cached);
        }
        CompletableFuture<LoadedModel> mine = new CompletableFuture<>();
        CompletableFuture<LoadedModel> existing = loaded.putIfAbsent(loadKey, mine);
        if (existing != null) {
            return await(existing);
        }
        try {
            long start = System.nanoTime();
            LoadedModel model = initialize(find(key, finder), initializer);
            log.info("Loaded model '{}' through finder '{}' and initializer '{}' in {} ms",
                    key, finder, initializer, (System.nanoTime() - start) / 1_000_000);
            mine.complete(model);
            return model;
        } catch (RuntimeException | Error e) {
            loaded.remove(loadKey, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private static LoadedModel await(CompletableFuture<LoadedModel> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof TangoException tango) {
                throw tango;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /**
     * Removes every cached model of that key (whatever finder and initializer loaded it) and closes it.
     *
     * @param key the model's key
     * @return whether a model was unloaded
     */
    public boolean unload(String key) {
        requireNonNull(key, "key is null");
        ModelKey modelKey = ModelKey.of(key);
        defaultLoadKeys.values().removeIf(loadKey -> loadKey.key().equals(modelKey));
        boolean any = false;
        for (LoadKey loadKey : Set.copyOf(loaded.keySet())) {
            if (loadKey.key().equals(modelKey)) {
                CompletableFuture<LoadedModel> future = loaded.remove(loadKey);
                if (future != null) {
                    any = true;
                    future.thenAccept(LoadedModel::close);
                }
            }
        }
        return any;
    }

    /** @return the keys of the models cached now */
    public List<ModelKey> loadedModels() {
        List<ModelKey> keys = new ArrayList<>();
        loaded.forEach((key, future) -> {
            if (future.isDone() && !future.isCompletedExceptionally()) {
                keys.add(key.key());
            }
        });
        return keys;
    }

    /**
     * Predicts synchronously with the model of {@code key}, through the {@code default} job predictor when one is
     * available (its synchronous path adds no thread hop), else directly.
     *
     * @param key the model's key
     * @param request the request
     * @return the response
     */
    public TangoResponse predict(String key, TangoRequest request) {
        requireNonNull(request, "request is null");
        LoadedModel model = load(key);
        JobPredictor predictor = defaultJobPredictor();
        if (predictor != null) {
            return predictor.predict(model, request, WorkingSession.none());
        }
        return model.predict(request);
    }

    /** @return the {@code default} job predictor, or null if there is none; built and looked up once */
    private JobPredictor defaultJobPredictor() {
        runtime.checkOpen();
        JobPredictor predictor = defaultJobPredictor;
        if (predictor == null && hasDefaultJobPredictor()) {
            predictor = runtime.jobPredictor(TangoRuntime.DEFAULT);
            defaultJobPredictor = predictor;
        }
        return predictor;
    }

    /** Whether a {@code default} job predictor exists; configuration and plugins never change, so asked once. */
    private boolean hasDefaultJobPredictor() {
        Boolean known = hasDefaultJobPredictor;
        if (known == null) {
            known = runtime.instanceNames(ComponentKind.JOB_PREDICTOR).contains(TangoRuntime.DEFAULT);
            hasDefaultJobPredictor = known;
        }
        return known;
    }

    /**
     * Starts a background prediction.
     *
     * @param key the model's key
     * @param request the request
     * @param predictor the job predictor's instance name
     * @param externalId an inference id chosen by the caller, if any
     * @return the prediction's future
     */
    public PredictionFuture submitPrediction(String key, TangoRequest request, String predictor, Optional<String> externalId) {
        requireNonNull(request, "request is null");
        requireNonNull(predictor, "predictor is null");
        requireNonNull(externalId, "externalId is null");
        return runtime.jobPredictor(predictor).submit(load(key), request, WorkingSession.none(), externalId);
    }

    /**
     * Starts a training through the {@code default} trainer.
     *
     * @param request what to train
     * @return the training's future
     */
    public TrainingFuture train(TrainingRequest request) {
        return train(TangoRuntime.DEFAULT, request);
    }

    /**
     * Starts a training.
     *
     * @param trainer the trainer's instance name
     * @param request what to train
     * @return the training's future
     */
    public TrainingFuture train(String trainer, TrainingRequest request) {
        requireNonNull(trainer, "trainer is null");
        requireNonNull(request, "request is null");
        return runtime.trainer(trainer).train(request);
    }

    /**
     * Looks a training up by id; the id's prefix names the trainer that owns it.
     *
     * @param trainingId {@code <trainer>:<id>}
     * @return its future
     * @throws JobNotFoundException if no configured trainer owns the id, or the trainer does not know it
     */
    public TrainingFuture trainingFuture(String trainingId) {
        return runtime.trainer(owner(trainingId, ComponentKind.TRAINER)).getTrainingFuture(trainingId);
    }

    /**
     * Looks a prediction up by id; the id's prefix names the predictor that owns it.
     *
     * @param predictionId {@code <predictor>:<id>}
     * @return its future
     * @throws JobNotFoundException if no configured predictor owns the id, or the predictor does not know it
     */
    public PredictionFuture predictionFuture(String predictionId) {
        return runtime.jobPredictor(owner(predictionId, ComponentKind.JOB_PREDICTOR)).getPredictionFuture(predictionId);
    }

    private String owner(String jobId, ComponentKind kind) {
        requireNonNull(jobId, "jobId is null");
        Set<String> names = runtime.instanceNames(kind);
        String owner = JobIds.owner(jobId).orElseThrow(() -> new JobNotFoundException(
                "'" + jobId + "' is not a job id: ids look like <" + kind.displayName() + ">:<id>"));
        if (!names.contains(owner)) {
            throw new JobNotFoundException("job '" + jobId + "' belongs to " + kind.displayName() + " '" + owner
                    + "', which is not configured. Configured " + kind.displayName() + "s: " + String.join(", ", names));
        }
        return owner;
    }

    /**
     * @param targetUri {@code local}, {@code mlflow}, {@code mlflow:/suffix}, …
     * @return the deployment client of that target (see {@link TangoRuntime#deploymentClient})
     */
    public DeploymentClient deploymentClient(String targetUri) {
        return runtime.deploymentClient(targetUri);
    }

    /**
     * Downloads a model from a registry and makes it runnable (the seed's {@code get_model}). The caller owns (and
     * closes) the model.
     *
     * @param registry the registry connector's instance name
     * @param key the model's key in the registry
     * @param downloadFolder where to download the artifacts
     * @param initializer the initializer's instance name
     * @return the model
     */
    public LoadedModel getModel(String registry, ModelKey key, Path downloadFolder, String initializer) {
        requireNonNull(registry, "registry is null");
        requireNonNull(key, "key is null");
        requireNonNull(downloadFolder, "downloadFolder is null");
        return initialize(runtime.registry(registry).downloadModel(key, downloadFolder), initializer);
    }

    void closeModels() {
        for (LoadKey key : Set.copyOf(loaded.keySet())) {
            CompletableFuture<LoadedModel> future = loaded.remove(key);
            if (future != null && future.isDone() && !future.isCompletedExceptionally()) {
                try {
                    future.join().close();
                } catch (RuntimeException e) {
                    log.warn("Closing model '{}' failed", key.key(), e);
                }
            }
        }
    }

    private record LoadKey(ModelKey key, String finder, String initializer) {}
}
