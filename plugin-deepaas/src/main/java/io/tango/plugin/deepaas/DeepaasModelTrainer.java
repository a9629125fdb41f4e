package io.tango.plugin.deepaas;

import io.tango.api.InvalidRequestException;
import io.tango.api.JobNotFoundException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.api.job.JobIds;
import io.tango.api.job.JobInfo;
import io.tango.api.job.ModelTrainer;
import io.tango.api.job.TrainingFuture;
import io.tango.api.job.TrainingRequest;
import io.tango.plugin.deepaas.client.ArgumentChecker;
import io.tango.plugin.deepaas.client.DeepaasClient;
import io.tango.plugin.deepaas.client.DeepaasServers;
import io.tango.plugin.deepaas.client.DeepaasModelApi;
import io.tango.plugin.deepaas.client.DeepaasTraining;
import io.tango.plugin.deepaas.client.OpenApiReader;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Trains models on one DEEPaaS server: {@code POST .../train/} starts a training that runs on the server, and a
 * {@link DeepaasTrainingFuture} follows it by polling {@code GET .../train/{uuid}} ({@code running} → RUNNING,
 * {@code done}/{@code completed} → COMPLETED, {@code error} → ERRORED with the server's message, {@code cancelled} →
 * CANCELED) and cancels it with {@code DELETE}.
 *
 * <p>{@link TrainingRequest#modelName()} is the model's URL key ({@code demo}), or a key naming it on this server
 * ({@code deepaas:/demo}, {@code deepaas://host:port/demo}). Arguments are checked against the model's train
 * arguments before sending, unless {@code client_side_validation} is off (then the server's 422 becomes an
 * {@link InvalidRequestException}). Job ids are {@code <instance>:<DEEPaaS uuid>}, so
 * {@link #getTrainingFuture(String)} finds a training again on the server, also from another trainer instance of
 * the same name. DEEPaaS keeps trainings in memory only and forgets canceled ones, so this trainer keeps what it
 * learned of each training (the last state it saw; a terminal state never changes once reached): in memory
 * ({@value #REMEMBERED} trainings at most), and with a {@link TrainingRecords} folder ({@code state_dir}) on disk,
 * where every trainer of the same name and folder, in any process, finds it. DEEPaaS chooses training ids itself:
 * an external id is refused. A completed training's result is the model's descriptor, with the training's
 * {@code deepaas.training.*} metadata. Thread-safe; {@link #close()} closes its HTTP pool.
 */
public final class DeepaasModelTrainer implements ModelTrainer {
    static final int REMEMBERED = 1000;

    private final String instanceName;
    private final DeepaasServers http;
    private final DeepaasClient client;
    private final boolean clientSideValidation;
    private final Duration pollInterval;
    private final Optional<TrainingRecords> records;
    private final Map<String, String> modelsByUuid = boundedMap();
    private final Map<String, TrainingRecord> endedByUuid = boundedMap();

    /**
     * @param instanceName the instance's name in config; job ids start with it
     * @param baseUrl the server's base URL
     * @param pollInterval how often a waiting future asks the server for its training's status
     * @param clientSideValidation whether to check arguments before sending them
     * @param http the HTTP pool, owned by this trainer from now on
     * @param records where the trainer keeps what it learned of its trainings on disk, if anywhere
     */
    DeepaasModelTrainer(String instanceName, URI baseUrl, Duration pollInterval, boolean clientSideValidation,
            DeepaasServers http, Optional<TrainingRecords> records) {
        this.instanceName = requireNonNull(instanceName, "instanceName is null");
        this.http = requireNonNull(http, "http is null");
        this.records = requireNonNull(records, "records is null");
        this.client = http.client(requireNonNull(baseUrl, "baseUrl is null"));
        this.pollInterval = requireNonNull(pollInterval, "pollInterval is null");
        this.clientSideValidation = clientSideValidation;
    }

    @Override
    public TrainingFuture train(TrainingRequest request) {
        requireNonNull(request, "request is null");
        if (request.externalId().isPresent()) {
            throw new UnsupportedTangoOperationException("trainer '" + instanceName + "' cannot use external id '"
                    + request.externalId().get() + "': DEEPaaS chooses training ids itself");
        }
        String model = model(request.modelName());
        DeepaasModelApi api = api(model);
        ArgumentChecker.Checked checked = clientSideValidation && api.trainDescribed()
                ? ArgumentChecker.check("train request for DEEPaaS model '" + model + "'",
                        api.trainArguments(), request.arguments(), Optional.empty())
                : ArgumentChecker.passThrough(request.arguments(), Optional.empty());
        if (checked.accept().isPresent()) {
            throw new InvalidRequestException("Invalid train request for DEEPaaS model '" + model
                    + "': argument 'accept' is not a train argument");
        }
        DeepaasTraining training = client.startTraining(model, checked.body());
        return new DeepaasTrainingFuture(this, model, training, true);
    }

    @Override
    public TrainingFuture getTrainingFuture(String trainingId) {
        requireNonNull(trainingId, "trainingId is null");
        String uuid = uuid(trainingId);
        Optional<TrainingRecord> known = known(uuid);
        if (known.isPresent() && known.get().isTerminal()) {
            return new DeepaasTrainingFuture(this, known.get());
        }
        String knownModel = known.map(TrainingRecord::model).orElseGet(() -> modelsByUuid.get(uuid));
        List<String> candidates = knownModel != null ? List.of(knownModel) : models();
        for (String model : candidates) {
            Optional<DeepaasTraining> training = client.training(model, uuid);
            if (training.isPresent()) {
                modelsByUuid.put(uuid, model);
                return new DeepaasTrainingFuture(this, model, training.get(), false);
            }
        }
        if (known.isPresent()) {
            // seen running, now forgotten by the server: the future reports it as the server left it
            return new DeepaasTrainingFuture(this, known.get().model(), known.get().training(), false);
        }
        throw new JobNotFoundException("trainer '" + instanceName + "' (" + client.service() + ") has no training '"
                + trainingId + "'" + (knownModel != null
                        ? ": the server no longer knows it (it keeps trainings in memory only: it restarted, or"
                                + " another client canceled the training)"
                        : records.isEmpty()
                                ? " (without state_dir a trainer knows only the trainings the server still reports"
                                        + " and those it saw end itself; set state_dir to keep them on disk)"
                                : ""));
    }

    @Override
    public List<JobInfo> listTrainings() {
        Map<String, JobInfo> byUuid = new LinkedHashMap<>();
        Map<String, TrainingRecord> recorded = new LinkedHashMap<>();
        records.ifPresent(folder -> folder.readAll().forEach(record -> recorded.put(record.uuid(), record)));
        synchronized (endedByUuid) {
            endedByUuid.values().forEach(record -> recorded.putIfAbsent(record.uuid(), record));
        }
        for (String model : models()) {
            for (DeepaasTraining training : client.trainings(model)) {
                modelsByUuid.put(training.uuid(), model);
                TrainingRecord record = recorded.get(training.uuid());
                byUuid.put(training.uuid(), record != null && record.isTerminal()
                        ? record.info()
                        : TrainingStates.info(jobId(training.uuid()), model, training, Instant.now()));
            }
        }
        for (TrainingRecord record : recorded.values()) {
            if (!byUuid.containsKey(record.uuid())) {
                byUuid.put(record.uuid(), record.isTerminal()
                        ? record.info()
                        : TrainingStates.vanished(record.info(), client.service(), record.uuid(), record.model(),
                                Instant.now()));
            }
        }
        List<JobInfo> trainings = new ArrayList<>(byUuid.values());
        trainings.sort(Comparator.comparing(JobInfo::submitted));
        return List.copyOf(trainings);
    }

    /** @return the server's base URL */
    public URI serverUrl() {
        return client.baseUrl();
    }

    DeepaasClient client() {
        return client;
    }

    Duration pollInterval() {
        return pollInterval;
    }

    String jobId(String uuid) {
        return JobIds.of(instanceName, uuid);
    }

    /**
     * Keeps what a future learned of its training: in memory once it ended, and in the records folder, if any.
     *
     * @param record the training's state now
     * @return the record kept: {@code record}, or the terminal record another trainer of the folder kept first
     */
    TrainingRecord remember(TrainingRecord record) {
        modelsByUuid.put(record.uuid(), record.model());
        TrainingRecord kept = records.map(folder -> folder.write(record)).orElse(record);
        if (kept.isTerminal()) {
            TrainingRecord first = endedByUuid.putIfAbsent(kept.uuid(), kept);
            return first != null ? first : kept;
        }
        return kept;
    }

    /**
     * @param uuid a training's uuid
     * @return what this trainer, or another of its records folder, learned of it
     */
    Optional<TrainingRecord> known(String uuid) {
        TrainingRecord ended = endedByUuid.get(uuid);
        if (ended != null) {
            return Optional.of(ended);
        }
        return records.flatMap(folder -> folder.read(uuid));
    }

    ModelDescriptor describeTrained(String model, DeepaasTraining training) {
        ModelKey key = new DeepaasModelRef(client.baseUrl(), model).toKey();
        DeepaasModelDescription description = DeepaasDescriber.describe(client, model)
                .orElseThrow(() -> new ModelNotFoundException(client.service() + " no longer serves model '" + model
                        + "' trained by " + jobId(training.uuid())));
        ModelDescriptor.Builder builder = description.toDescriptor(key, "trainer " + instanceName).toBuilder()
                .metadata("deepaas.training.uuid", training.uuid());
        training.output().ifPresent(output -> builder.metadata("deepaas.training.output",
                io.tango.plugin.deepaas.client.Json.toText(output)));
        training.duration().ifPresent(duration -> builder.metadata("deepaas.training.duration", duration));
        return builder.build();
    }

    DeepaasModel load(ModelDescriptor descriptor) {
        return DeepaasModelInitializer.initialize(http, descriptor, clientSideValidation);
    }

    private DeepaasModelApi api(String model) {
        var swagger = client.openApi();
        if (!OpenApiReader.describes(swagger, client.basePath(), model) && client.modelMetadata(model).isEmpty()) {
            throw new ModelNotFoundException(client.service() + " has no model '" + model + "' to train");
        }
        return OpenApiReader.read(swagger, client.basePath(), model);
    }

    private String model(String modelName) {
        if (!modelName.contains(":")) {
            return modelName;
        }
        Optional<DeepaasModelRef> ref = DeepaasModelRef.parse(ModelKey.of(modelName), Optional.of(client.baseUrl()));
        if (ref.isEmpty() || !ref.get().baseUrl().equals(client.baseUrl())) {
            throw new InvalidRequestException("trainer '" + instanceName + "' trains models of " + client.service()
                    + " only; model name '" + modelName + "' is not one of them (use the model's URL key, e.g."
                    + " 'demo', or deepaas:/demo)");
        }
        return ref.get().model();
    }

    private String uuid(String trainingId) {
        Optional<String> owner = JobIds.owner(trainingId);
        if (owner.isEmpty() || !owner.get().equals(instanceName) || trainingId.length() <= instanceName.length() + 1) {
            throw new JobNotFoundException("trainer '" + instanceName + "' has no training '" + trainingId
                    + "': its ids are '" + instanceName + ":<DEEPaaS training uuid>'");
        }
        return trainingId.substring(instanceName.length() + 1);
    }

    private List<String> models() {
        return client.listModels().stream().map(DeepaasClient::urlKey).toList();
    }

    private static <V> Map<String, V> boundedMap() {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > REMEMBERED;
            }
        });
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "DeepaasModelTrainer[" + instanceName + ", " + client.baseUrl() + "]";
    }
}
