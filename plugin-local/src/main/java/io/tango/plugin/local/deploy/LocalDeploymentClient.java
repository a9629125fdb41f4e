package io.tango.plugin.local.deploy;

import io.tango.api.DeploymentAlreadyExistsException;
import io.tango.api.DeploymentNotFoundException;
import io.tango.api.ExplainableTangoModel;
import io.tango.api.InvalidRequestException;
import io.tango.api.LoadedModel;
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
import io.tango.plugin.local.batch.BatchingSettings;
import io.tango.plugin.local.store.AtomicFiles;
import io.tango.plugin.local.store.Json;
import io.tango.plugin.local.store.LocalModelStore;
import io.tango.plugin.local.store.StoreNames;
import io.tango.plugin.local.server.ModelNotReadyException;
import io.tango.plugin.local.server.ScoringServer;
import io.tango.plugin.local.server.ServedModel;
import io.tango.plugin.local.server.ServedModels;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * Deployment target {@code local}: deploys models of the local store (or any key the local finder resolves) into
 * this process, and optionally serves them over HTTP with MLflow's scoring protocol and the Open Inference Protocol.
 *
 * <p>Each deployment is recorded in {@code <root>/deployments/<name>.json}; a new client on the same store brings every
 * recorded deployment back (loaded, and served again if it was served; one whose model cannot be loaded comes back
 * FAILED with the reason). Config keys: {@code serve} ({@code true} to serve over HTTP; default {@code false}),
 * {@code port} (default 0: any free port; the URL is in the deployment's {@code url}), {@code grpc_port} (OIP over
 * gRPC on that port of the same host, 0 any free one, shown in the details; default {@code none}), {@code host}
 * (default the client's {@code host}, 127.0.0.1 unless configured otherwise), and dynamic batching of its served
 * requests: {@code max_batch_size} (rows per model call, default 1: off), {@code max_batch_delay} (microseconds a request
 * waits for others, default 0) and {@code preferred_batch_sizes} (see {@link io.tango.plugin.local.batch.DynamicBatcher}).
 *
 * <p>To serve every local deployment (what {@code tango serve} does), update each with {@code serve=true} (and a port):
 * {@code updateDeployment(name, empty, empty, Map.of("serve", "true", "port", "8080"))}. Deployments given the same
 * port share one server, which answers for each by name ({@code /invocations/<name>}, {@code /v2/models/<name>}) and
 * for the first of them at {@code /invocations}; port 0 gives a deployment a server of its own, which a later
 * deployment given the port it got shares too (with the same host and gRPC setting). An update that changes the
 * model loads the new model first, then swaps it in under the running server (no downtime), then closes the old one.
 *
 * <p>Models are loaded when a deployment is created or restored, or on first use when the serving settings say
 * {@link ServingSettings#lazyLoading() lazy}; beyond {@link ServingSettings#maxLoadedModels()} the least recently used
 * is unloaded (and loaded again when next used). OIP's repository extension unloads a deployment on request: it then
 * answers 503 until loaded again.
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
    /** The servers on a chosen port (not 0), which every deployment given that port shares. Guarded by the lock. */
    private final Map<Integer, Hub> sharedHubs = new HashMap<>();
    private final AtomicLong uses = new AtomicLong();
    private volatile boolean closed;

    /**
     * A deployment in this process: its record, model and server. Written under the client's lock (except the model
     * ref and the last use); what servers read without it (descriptor, failure, unloaded) is volatile.
     */
    private static final class Active {
        DeploymentRecord record;
        /** Volatile: servers read its batching settings on every request. */
        volatile DeploymentSettings settings;
        final AtomicReference<ExplainableTangoModel<?, ?>> model = new AtomicReference<>();
        volatile long lastUse;
        volatile ModelDescriptor descriptor;
        Hub hub;
        volatile String failure;
        /** Unloaded on request: not loaded again until asked. */
        volatile boolean unloaded;

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
                    if (!serving.lazyLoading()) {
                        install(active, loader.load(active.descriptor));
                    }
                    if (active.settings.serve()) {
                        active.hub = serve(active, active.settings);
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
        ExplainableTangoModel<?, ?> model = serving.lazyLoading() ? null : loader.load(descriptor);
        Active active = new Active(new DeploymentRecord(name, modelUri, flavor, settings.toConfig(), clock.instant(), clock.instant()),
                settings);
        active.descriptor = descriptor;
        deployments.put(name, active);
        try {
            if (model != null) {
                install(active, model);
            }
            if (settings.serve()) {
                active.hub = serve(active, settings);
            }
            writeRecord(active.record);
        } catch (RuntimeException e) {
            deployments.remove(name);
            stop(active);
            throw e;
        }
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
        if (modelUri.isPresent() || active.failure != null) {
            ModelDescriptor descriptor = resolve(uri);
            checkFlavor(modelUri.isPresent() ? flavor : active.record.flavor(), descriptor);
            ExplainableTangoModel<?, ?> replacement = loader.load(descriptor);
            active.descriptor = descriptor;
            active.failure = null;
            active.unloaded = false;
            install(active, replacement);
        }
        Hub current = active.hub;
        boolean portChanged = current != null && (settings.port() != 0 && settings.port() != current.server.port()
                || !settings.grpcPort().equals(active.settings.grpcPort())
                || !settings.host().orElse(serving.host()).equals(current.host));
        if (settings.serve() && (current == null || portChanged)) {
            active.hub = serve(active, settings);
            if (current != null) {
                leave(current, name);
            }
        } else if (!settings.serve() && current != null) {
            leave(current, name);
            active.hub = null;
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
        ExplainableTangoModel<?, ?> model = acquire(active);
        try {
            return model.predict(inputs);
        } catch (IllegalStateException e) {
            // Swapped by an update or unloaded between acquire and predict: run on what the deployment has now.
            ExplainableTangoModel<?, ?> current = acquire(active);
            if (current == model) {
                throw e;
            }
            return current.predict(inputs);
        }
    }

    @Override
    public TangoResponse explain(String deploymentName, TangoRequest inputs) {
        requireNonNull(inputs, "inputs is null");
        return acquire(get(deploymentName)).explainer(Map.of()).predict(inputs);
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
                  serve=true|false  serve the deployment over HTTP with MLflow's scoring protocol and the Open \
                Inference Protocol (default false)
                  port=N            the port to serve on (default 0: a free port of its own; deployments given the \
                same port share it, each at /invocations/<name> and /v2/models/<name>)
                  grpc_port=N|none  also serve the Open Inference Protocol over gRPC on this port of the same host \
                (0: any free port; see the deployment's details; default none)
                  host=ADDRESS      the address to serve on (default: the target's host option, 127.0.0.1 unless \
                configured otherwise)
                  max_batch_size=N  dynamic batching: join served requests of the same shape into model calls of up \
                to N rows (default 1: off)
                  max_batch_delay=US  the longest a request waits for others to join it, in microseconds (default 0: \
                join only what is already queued)
                  preferred_batch_sizes=N,M  row counts run at once when nothing else is queued (default none)
                Deployments are recorded in <root>/deployments and come back when the client starts again.
                run-local serves a model in the foreground (port default 5000, batching keys as above) until \
                interrupted.""";
    }

    /**
     * Serves a model over HTTP in the foreground until the calling thread is interrupted; nothing is recorded.
     *
     * @param name a name for the logs
     * @param modelUri the model
     * @param flavor the flavor, or empty
     * @param config {@code port} (default 5000) and the batching keys ({@code max_batch_size}, {@code max_batch_delay},
     *     {@code preferred_batch_sizes})
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
                ScoringServer server = ScoringServer.start(name, () -> model, settings.batching(), serving, settings.port())) {
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

    /** Serves a deployment: on the shared server of its port, or on a new one. Called with the lock held. */
    private Hub serve(Active active, DeploymentSettings settings) {
        String name = active.record.name();
        Hub shared = settings.port() == 0 ? null : sharedHubs.get(settings.port());
        if (shared == null && settings.port() != 0) {
            // A server another deployment was given any free port for, and which got this one: share it too.
            shared = deployments.values().stream().map(other -> other.hub)
                    .filter(hub -> hub != null && hub.server.port() == settings.port()).findFirst().orElse(null);
            if (shared != null) {
                sharedHubs.put(settings.port(), shared);
            }
        }
        if (shared != null) {
            checkSameHost(shared, settings, name);
            checkSameGrpc(shared, settings, name);
            shared.members.add(name);
            return shared;
        }
        Hub hub = new Hub();
        hub.grpcPort = settings.grpcPort();
        hub.host = settings.host().orElse(serving.host());
        hub.server = ScoringServer.start(name, hub, serving.withHost(hub.host), settings.port(), settings.grpcPort());
        hub.members.add(name);
        if (settings.port() != 0) {
            sharedHubs.put(settings.port(), hub);
        }
        return hub;
    }

    private void checkSameHost(Hub hub, DeploymentSettings settings, String name) {
        String host = settings.host().orElse(serving.host());
        if (!host.equals(hub.host)) {
            throw new InvalidRequestException("deployment '" + name + "' asks for port " + settings.port() + " on host "
                    + host + ", but the server on that port listens on " + hub.host + "; give host=" + hub.host
                    + " or another port");
        }
    }

    private static void checkSameGrpc(Hub hub, DeploymentSettings settings, String name) {
        boolean same = hub.grpcPort.isPresent() == settings.grpcPort().isPresent()
                && (settings.grpcPort().isEmpty() || settings.grpcPort().getAsInt() == 0
                        || settings.grpcPort().getAsInt() == hub.server.grpcPort().orElse(-1));
        if (!same) {
            throw new InvalidRequestException("deployment '" + name + "' asks for port " + settings.port() + " with "
                    + settings.grpcPort().stream().mapToObj(port -> "grpc_port " + port).findFirst().orElse("no gRPC")
                    + ", but the server on that port has " + hub.server.grpcPort().stream()
                            .mapToObj(port -> "gRPC on port " + port).findFirst().orElse("no gRPC")
                    + "; give the same grpc_port as the deployments it serves " + hub.members);
        }
    }

    /** Takes a deployment off a server, and stops the server when it serves nothing more. Called with the lock held. */
    private void leave(Hub hub, String name) {
        hub.members.remove(name);
        hub.server.stopBatching(name);
        if (hub.members.isEmpty()) {
            sharedHubs.values().removeIf(shared -> shared == hub);
            hub.server.close();
        }
    }

    /** The loaded model of a deployment, loading it first when it is not, and marking it as just used. */
    private ExplainableTangoModel<?, ?> acquire(Active active) {
        ExplainableTangoModel<?, ?> model = active.model.get();
        if (model == null) {
            return loadForUse(active);
        }
        active.lastUse = uses.incrementAndGet();
        return model;
    }

    private synchronized ExplainableTangoModel<?, ?> loadForUse(Active active) {
        ExplainableTangoModel<?, ?> model = active.model.get();
        if (model != null) {
            active.lastUse = uses.incrementAndGet();
            return model;
        }
        String name = active.record.name();
        if (active.failure != null) {
            throw new ModelNotReadyException("deployment '" + name + "' is FAILED: " + active.failure + "; update it to retry");
        }
        if (active.unloaded) {
            throw new ModelNotReadyException("deployment '" + name + "' is unloaded; load it again (POST /v2/repository/models/"
                    + name + "/load)");
        }
        if (closed || deployments.get(name) != active) {
            throw new ModelNotReadyException("deployment '" + name + "' is being deleted or the client is closed");
        }
        return load(active);
    }

    /** Loads a deployment's model and keeps the loaded count within the limit. Called with the lock held. */
    private ExplainableTangoModel<?, ?> load(Active active) {
        ExplainableTangoModel<?, ?> model;
        try {
            model = loader.load(active.descriptor);
        } catch (TangoException e) {
            throw new ModelNotReadyException("deployment '" + active.record.name() + "' cannot be loaded: " + e.getMessage());
        }
        install(active, model);
        return model;
    }

    /**
     * Puts a loaded model in a deployment (closing the one it replaces), marks it as just used and unloads the least
     * recently used others beyond the limit. Called with the lock held.
     */
    private void install(Active active, ExplainableTangoModel<?, ?> model) {
        active.lastUse = uses.incrementAndGet();
        ExplainableTangoModel<?, ?> previous = active.model.getAndSet(model);
        if (previous != null) {
            previous.close();
        }
        int limit = serving.maxLoadedModels();
        if (limit == 0) {
            return;
        }
        List<Active> loaded = new ArrayList<>(deployments.values().stream()
                .filter(other -> other != active && other.model.get() != null).toList());
        loaded.sort(Comparator.comparingLong(other -> other.lastUse));
        for (int i = 0; i < loaded.size() + 1 - limit; i++) {
            Active evicted = loaded.get(i);
            TangoModel<?, ?> old = evicted.model.getAndSet(null);
            if (old != null) {
                old.close();
                log.info("Unloaded deployment '{}': {} models may be loaded at once and '{}' was used least recently",
                        evicted.record.name(), limit, evicted.record.name());
            }
        }
    }

    /** OIP's repository load: loads a deployment (again), even one unloaded on request or FAILED. */
    private synchronized void loadOnRequest(Active active) {
        active.unloaded = false;
        if (active.model.get() != null) {
            active.lastUse = uses.incrementAndGet();
            return;
        }
        if (active.descriptor == null || active.failure != null) {
            try {
                active.descriptor = resolve(active.record.modelUri());
            } catch (TangoException e) {
                throw new ModelNotReadyException("deployment '" + active.record.name() + "' cannot be loaded: " + e.getMessage());
            }
        }
        load(active);
        active.failure = null;
    }

    /** OIP's repository unload: releases a deployment's model until it is loaded on request. */
    private synchronized void unloadOnRequest(Active active) {
        active.unloaded = true;
        TangoModel<?, ?> model = active.model.getAndSet(null);
        if (model != null) {
            model.close();
        }
    }

    private ServedModel served(Active active) {
        String reason = null;
        boolean loaded = active.model.get() != null;
        if (active.failure != null) {
            reason = "FAILED: " + active.failure;
        } else if (active.unloaded) {
            reason = "unloaded on request";
        } else if (!loaded) {
            reason = serving.maxLoadedModels() > 0 ? "not loaded yet, or unloaded to keep at most "
                    + serving.maxLoadedModels() + " models loaded; loaded on first use" : "not loaded yet; loaded on first use";
        }
        return new ServedModel(active.record.name(), Optional.ofNullable(active.descriptor), loaded, Optional.ofNullable(reason));
    }

    private void stop(Active active) {
        if (active.hub != null) {
            leave(active.hub, active.record.name());
            active.hub = null;
        }
        TangoModel<?, ?> model = active.model.getAndSet(null);
        if (model != null) {
            model.close();
        }
    }

    /** The deployments one server answers for: those that chose its port, in the order they joined. */
    private final class Hub implements ServedModels {
        final List<String> members = new CopyOnWriteArrayList<>();
        OptionalInt grpcPort = OptionalInt.empty();
        String host;
        ScoringServer server;

        @Override
        public Optional<String> defaultName() {
            return members.stream().findFirst();
        }

        @Override
        public List<ServedModel> models() {
            List<ServedModel> models = new ArrayList<>();
            for (String name : members) {
                Active active = deployments.get(name);
                if (active != null) {
                    models.add(served(active));
                }
            }
            models.sort(Comparator.comparing(ServedModel::name));
            return models;
        }

        @Override
        public ServedModel model(String name) {
            return served(member(name));
        }

        @Override
        public LoadedModel acquire(String name) {
            return LocalDeploymentClient.this.acquire(member(name));
        }

        @Override
        public BatchingSettings batching(String name) {
            return member(name).settings.batching();
        }

        @Override
        public void load(String name) {
            loadOnRequest(member(name));
        }

        @Override
        public void unload(String name) {
            unloadOnRequest(member(name));
        }

        private Active member(String name) {
            requireNonNull(name, "name is null");
            Active active = members.contains(name) ? deployments.get(name) : null;
            if (active == null) {
                throw new ModelNotFoundException("model '" + name + "' is not served here; this server serves "
                        + members.stream().sorted().toList());
            }
            return active;
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
            details.put("loaded", Boolean.toString(active.model.get() != null));
            Optional<URI> url = Optional.empty();
            if (active.hub != null) {
                details.put("port", Integer.toString(active.hub.server.port()));
                active.hub.server.grpcPort().ifPresent(port -> details.put("grpc_port", Integer.toString(port)));
                url = Optional.of(active.hub.server.url());
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
