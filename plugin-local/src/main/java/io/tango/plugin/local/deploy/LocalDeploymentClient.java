package io.tango.plugin.local.deploy;

import io.tango.api.DeploymentAlreadyExistsException;
import io.tango.api.DeploymentNotFoundException;
import io.tango.api.ExplainableTangoModel;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelFinder;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.TangoException;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.deploy.Deployment;
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.deploy.DeploymentState;
import io.tango.plugin.local.LocalModelLoader;
import io.tango.plugin.local.store.AtomicFiles;
import io.tango.plugin.local.store.Json;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.plugin.local.store.StoreNames;
import io.tango.plugin.local.server.ScoringServer;
import io.tango.plugin.local.server.ServingSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Deployment target {@code local}: deploys models of the local store (or any key the local finder resolves) into
 * this process, and optionally serves each over HTTP with MLflow's scoring protocol.
 *
 * <p>Each deployment is recorded in {@code <root>/deployments/<name>.json}; a new client on the same store brings every
 * recorded deployment back (loaded, and served again if it was served; one whose model cannot be loaded comes back
 * FAILED with the reason). Config keys: {@code serve} ({@code true} to serve over HTTP; default {@code false}) and
 * {@code port} (default 0: any free port; the URL is in the deployment's {@code url}). Serving binds the client's
 * {@code host}, 127.0.0.1 unless configured otherwise.
 *
 * <p>To serve every local deployment (what {@code tango serve} does), update each with {@code serve=true} (and a port):
 * {@code updateDeployment(name, empty, empty, Map.of("serve", "true", "port", "8080"))}. An update that changes the
 * model loads the new model first, then swaps it in under the running server (no downtime), then closes the old one.
 *
 * <p>The client owns every model it loaded and every server it started: {@link #close()} stops them (the records
 * stay). Thread-safe: changes are serialized, predictions run concurrently.
 */
public final class LocalDeploymentClient implements DeploymentClient {
    /** The target's name. */
    public static final String TARGET = "local";

    private static final Logger log = LoggerFactory.getLogger(LocalDeploymentClient.class);

    private final LocalModelStore store;
    private final ModelFinder finder;
    private final LocalModelLoader loader;
    private final ServingSettings serving;
    private final Clock clock;
    private final Path records;
    private final Map<String, Active> deployments = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** A deployment in this process: its record, model and server. Guarded by the client's lock except the model ref. */
    private static final class Active {
        DeploymentRecord record;
        DeploymentSettings settings;
        final AtomicReference<ExplainableTangoModel<?, ?>> model = new AtomicReference<>();
        ModelDescriptor descriptor;
        ScoringServer server;
        String failure;

        Active(DeploymentRecord record, DeploymentSettings settings) {
            this.record = record;
            this.settings = settings;
        }
    }

    /**
     * Brings back every deployment recorded in the store.
     *
     * @param store the store (models and deployment records)
     * @param finder resolves model URIs
     * @param loader loads models
     * @param serving how deployments are served over HTTP
     * @param clock the clock
     */
    public LocalDeploymentClient(LocalModelStore store, ModelFinder finder, LocalModelLoader loader, ServingSettings serving, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.finder = requireNonNull(finder, "finder is null");
        this.loader = requireNonNull(loader, "loader is null");
        this.serving = requireNonNull(serving, "serving is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.records = store.deploymentsDirectory();
        restore();
    }

    private void restore() {
        if (!Files.isDirectory(records)) {
            return;
        }
        try (Stream<Path> files = Files.list(records)) {
            for (Path file : files.filter(path -> path.getFileName().toString().endsWith(".json")
                    && !path.getFileName().toString().startsWith(".")).sorted().toList()) {
                DeploymentRecord record;
                try {
                    record = DeploymentRecord.fromJson(Json.MAPPER.readTree(Files.readAllBytes(file)));
                } catch (IOException | RuntimeException e) {
                    log.warn("Skipping unreadable deployment record {}: {}", file, e.getMessage());
                    continue;
                }
                Active active = new Active(record, DeploymentSettings.parse(record.config(), DeploymentSettings.defaults()));
                try {
                    active.descriptor = resolve(record.modelUri());
                    active.model.set(loader.load(active.descriptor));
                    if (active.settings.serve()) {
                        active.server = serve(active, active.settings.port());
                    }
                } catch (TangoException e) {
                    active.failure = e.getMessage();
                    ExplainableTangoModel<?, ?> model = active.model.getAndSet(null);
                    if (model != null) {
                        model.close();
                    }
                    log.warn("Deployment '{}' could not be restored: {}", record.name(), e.getMessage());
                }
                deployments.put(record.name(), active);
            }
        } catch (IOException e) {
            throw new TangoException("cannot read deployment records in " + records + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String target() {
        return TARGET;
    }

    @Override
    public synchronized Deployment createDeployment(String name, String modelUri, Optional<String> flavor, Map<String, String> config) {
        requireNonNull(name, "name is null");
        requireNonNull(modelUri, "modelUri is null");
        requireNonNull(flavor, "flavor is null");
        requireNonNull(config, "config is null");
        checkOpen();
        StoreNames.check("deployment name", name);
        DeploymentSettings settings = DeploymentSettings.parse(config, DeploymentSettings.defaults());
        if (deployments.containsKey(name) || Files.exists(recordFile(name))) {
            throw new DeploymentAlreadyExistsException("deployment '" + name + "' already exists on target 'local'; update it"
                    + " or delete it first");
        }
        ModelDescriptor descriptor = resolve(modelUri);
        checkFlavor(flavor, descriptor);
        ExplainableTangoModel<?, ?> model = loader.load(descriptor);
        Active active = new Active(new DeploymentRecord(name, modelUri, flavor, settings.toConfig(), clock.instant(), clock.instant()),
                settings);
        active.descriptor = descriptor;
        active.model.set(model);
        try {
            if (settings.serve()) {
                active.server = serve(active, settings.port());
            }
            writeRecord(active.record);
        } catch (RuntimeException e) {
            stop(active);
            throw e;
        }
        deployments.put(name, active);
        log.info("Deployed '{}' as '{}'", modelUri, name);
        return describe(active);
    }

    @Override
    public synchronized Deployment updateDeployment(
            String name, Optional<String> modelUri, Optional<String> flavor, Map<String, String> config) {
        requireNonNull(name, "name is null");
        requireNonNull(modelUri, "modelUri is null");
        requireNonNull(flavor, "flavor is null");
        requireNonNull(config, "config is null");
        checkOpen();
        if (flavor.isPresent() && modelUri.isEmpty()) {
            throw new InvalidRequestException("a flavor can only be changed together with the model URI");
        }
        Active active = get(name);
        DeploymentSettings settings = DeploymentSettings.parse(config, active.settings);
        String uri = modelUri.orElse(active.record.modelUri());
        if (modelUri.isPresent() || active.model.get() == null) {
            ModelDescriptor descriptor = resolve(uri);
            checkFlavor(modelUri.isPresent() ? flavor : active.record.flavor(), descriptor);
            ExplainableTangoModel<?, ?> replacement = loader.load(descriptor);
            ExplainableTangoModel<?, ?> previous = active.model.getAndSet(replacement);
            active.descriptor = descriptor;
            active.failure = null;
            if (previous != null) {
                previous.close();
            }
        }
        ScoringServer current = active.server;
        boolean portChanged = current != null && settings.port() != 0 && settings.port() != current.port();
        if (settings.serve() && (current == null || portChanged)) {
            active.server = serve(active, settings.port());
            if (current != null) {
                current.close();
            }
        } else if (!settings.serve() && current != null) {
            current.close();
            active.server = null;
        }
        active.settings = settings;
        active.record = new DeploymentRecord(name, uri, modelUri.isPresent() ? flavor : active.record.flavor(),
                settings.toConfig(), active.record.created(), clock.instant());
        writeRecord(active.record);
        return describe(active);
    }

    @Override
    public synchronized void deleteDeployment(String name, Map<String, String> config) {
        requireNonNull(name, "name is null");
        requireNonNull(config, "config is null");
        Active active = deployments.remove(name);
        if (active != null) {
            stop(active);
        }
        if (StoreNames.isValid(name)) {
            try {
                Files.deleteIfExists(recordFile(name));
            } catch (IOException e) {
                throw AtomicFiles.writeFailure(records, e);
            }
        }
    }

    @Override
    public Deployment getDeployment(String name) {
        requireNonNull(name, "name is null");
        return describe(get(name));
    }

    @Override
    public List<Deployment> listDeployments() {
        List<Deployment> list = new ArrayList<>();
        deployments.values().forEach(active -> list.add(describe(active)));
        list.sort(Comparator.comparing(Deployment::name));
        return list;
    }

    @Override
    public TangoResponse predict(String deploymentName, TangoRequest inputs) {
        requireNonNull(inputs, "inputs is null");
        Active active = get(deploymentName);
        ExplainableTangoModel<?, ?> model = model(active);
        try {
            return model.predict(inputs);
        } catch (IllegalStateException e) {
            ExplainableTangoModel<?, ?> current = model(active);
            if (current == model) {
                throw e;
            }
            return current.predict(inputs);
        }
    }

    @Override
    public TangoResponse explain(String deploymentName, TangoRequest inputs) {
        requireNonNull(inputs, "inputs is null");
        return model(get(deploymentName)).explainer(Map.of()).predict(inputs);
    }

    @Override
    public String targetHelp() {
        return """
                Target 'local': deploys models of the local store into this process (plugin-local).
                URI: local
                Model URIs: name, name/version, name@latest, or a path to a tango model folder, an MLflow model folder \
                with an onnx flavor, or an .onnx file.
                Flavor: onnx (or leave it out).
                Config:
                  serve=true|false  serve the deployment over HTTP with MLflow's scoring protocol (default false)
                  port=N            the port to serve on (default 0: any free port; see the deployment's url)
                Deployments are recorded in <root>/deployments and come back when the client starts again.
                run-local serves a model in the foreground (port default 5000) until interrupted.""";
    }

    /**
     * Serves a model over HTTP in the foreground until the calling thread is interrupted; nothing is recorded.
     *
     * @param name a name for the logs
     * @param modelUri the model
     * @param flavor the flavor, or empty
     * @param config {@code port} (default 5000)
     */
    @Override
    public void runLocal(String name, String modelUri, Optional<String> flavor, Map<String, String> config) {
        requireNonNull(name, "name is null");
        requireNonNull(modelUri, "modelUri is null");
        requireNonNull(flavor, "flavor is null");
        requireNonNull(config, "config is null");
        Map<String, String> withServe = new LinkedHashMap<>(config);
        withServe.putIfAbsent("port", "5000");
        withServe.putIfAbsent("serve", "true");
        DeploymentSettings settings = DeploymentSettings.parse(withServe, DeploymentSettings.defaults());
        ModelDescriptor descriptor = resolve(modelUri);
        checkFlavor(flavor, descriptor);
        try (ExplainableTangoModel<?, ?> model = loader.load(descriptor);
                ScoringServer server = ScoringServer.start(name, () -> model, serving, settings.port())) {
            log.info("run-local: serving '{}' at {} until interrupted", modelUri, server.url());
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every server and closes every model; the records stay for the next client. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        deployments.values().forEach(this::stop);
        deployments.clear();
    }

    private ScoringServer serve(Active active, int port) {
        String name = active.record.name();
        return ScoringServer.start(name, () -> model(active), serving, port);
    }

    private ExplainableTangoModel<?, ?> model(Active active) {
        ExplainableTangoModel<?, ?> model = active.model.get();
        if (model == null) {
            throw new TangoException("deployment '" + active.record.name() + "' is FAILED: " + active.failure
                    + "; update it to retry");
        }
        return model;
    }

    private void stop(Active active) {
        if (active.server != null) {
            active.server.close();
            active.server = null;
        }
        TangoModel<?, ?> model = active.model.getAndSet(null);
        if (model != null) {
            model.close();
        }
    }

    private Active get(String name) {
        Active active = name == null ? null : deployments.get(name);
        if (active == null) {
            throw new DeploymentNotFoundException("deployment '" + name + "' does not exist on target 'local'"
                    + " (store " + store.root() + "); deployments: " + deployments.keySet().stream().sorted().toList());
        }
        return active;
    }

    private ModelDescriptor resolve(String modelUri) {
        ModelKey key;
        try {
            key = ModelKey.of(modelUri);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("model URI '" + modelUri + "' is invalid: " + e.getMessage());
        }
        return finder.find(key).orElseThrow(() -> {
            List<String> names = store.modelNames();
            return new ModelNotFoundException("model '" + modelUri + "' is not in the local store at " + store.root()
                    + (names.isEmpty() ? " (the store is empty)" : " (its models: " + names + ")")
                    + " and is not a model folder or .onnx file");
        });
    }

    private static void checkFlavor(Optional<String> flavor, ModelDescriptor descriptor) {
        if (flavor.isPresent() && !flavor.get().equals(descriptor.format())) {
            throw new InvalidRequestException("flavor '" + flavor.get() + "' is not offered for model '" + descriptor.name()
                    + "'; target 'local' serves it with flavor '" + descriptor.format() + "'");
        }
    }

    private Deployment describe(Active active) {
        synchronized (this) {
            Map<String, String> details = new LinkedHashMap<>();
            ModelDescriptor descriptor = active.descriptor;
            if (descriptor != null) {
                details.put("model", descriptor.name());
                descriptor.version().ifPresent(version -> details.put("version", version));
                details.put("engine", descriptor.format());
            }
            details.put("created", active.record.created().toString());
            details.put("updated", active.record.updated().toString());
            details.put("serve", Boolean.toString(active.settings.serve()));
            Optional<URI> url = Optional.empty();
            if (active.server != null) {
                details.put("port", Integer.toString(active.server.port()));
                url = Optional.of(active.server.url());
            }
            DeploymentState state;
            if (active.failure != null) {
                state = DeploymentState.FAILED;
                details.put("error", active.failure);
            } else {
                state = DeploymentState.READY;
            }
            return new Deployment(active.record.name(), TARGET, active.record.modelUri(),
                    Optional.of(active.record.flavor().orElse(descriptor != null ? descriptor.format() : "onnx")),
                    state, url, details);
        }
    }

    private Path recordFile(String name) {
        return records.resolve(name + ".json");
    }

    private void writeRecord(DeploymentRecord record) {
        AtomicFiles.write(recordFile(record.name()), record.toJson());
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the local deployment client is closed");
        }
    }

    @Override
    public String toString() {
        return "LocalDeploymentClient[" + store.root() + "]";
    }
}
