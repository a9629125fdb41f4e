package io.tango.plugin.devo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import io.tango.api.DeploymentAlreadyExistsException;
import io.tango.api.DeploymentNotFoundException;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelAlreadyExistsException;
import io.tango.api.ModelNotFoundException;
import io.tango.api.TangoException;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.api.deploy.Deployment;
import io.tango.api.deploy.DeploymentClient;
import io.tango.api.deploy.DeploymentState;
import io.tango.plugin.devo.client.DevoEngine;
import io.tango.plugin.devo.client.DevoModel;
import io.tango.plugin.devo.client.FileSystemDownloader;
import io.tango.plugin.devo.client.ModelManagerClient;

import static java.util.Objects.requireNonNull;

/**
 * Deploys models to Devo's ML Model Manager (target {@code devo}): a deployment is a Devo model of the same name,
 * which Devo's query engine evaluates with {@code mlevalmodel(...)}.
 *
 * <p>Create adds the model (its file is the model URI: a local path or {@code file:} URI; the engine is the flavor,
 * else config {@code engine}, else inferred from the file's extension when only one engine uses it), update adds it
 * again with force (engine, description and file change; without a new model URI the current file is uploaded again),
 * get and list read the models. Delete and predict are unsupported: the ML Model Manager API has no endpoint for
 * either. Devo does not record where a model came from: this client remembers the model URI of each deployment it
 * created or updated, for its lifetime; for any other model, get and list give {@code devo://<instance>/<name>}.
 * Thread-safe; {@link #close()} closes the client.
 */
public final class DevoDeploymentClient implements DeploymentClient {
    /** The target name. */
    public static final String TARGET = "devo";

    private static final Set<String> CONFIG_KEYS = Set.of("engine", "description");

    private final String instanceName;
    private final ModelManagerClient client;
    private final Map<String, String> modelUris = new ConcurrentHashMap<>();

    /**
     * @param instanceName this instance's name in config
     * @param client the client; closed with this deployment client
     */
    public DevoDeploymentClient(String instanceName, ModelManagerClient client) {
        this.instanceName = requireNonNull(instanceName, "instanceName is null");
        this.client = requireNonNull(client, "client is null");
    }

    @Override
    public String target() {
        return TARGET;
    }

    @Override
    public Deployment createDeployment(
            String name, String modelUri, Optional<String> flavor, Map<String, String> config) {
        requireNonNull(name, "name is null");
        requireNonNull(modelUri, "modelUri is null");
        requireNonNull(flavor, "flavor is null");
        checkConfig(config);
        Path file = modelFile(modelUri);
        String engine = engine(flavor, config, file).orElseThrow(() -> new InvalidRequestException(
                "Cannot tell the Devo engine of '" + file.getFileName() + "': give it as the flavor or config 'engine'"
                        + " (one of " + List.of(DevoEngine.values()) + ")"));
        try {
            client.addModel(name, engine, file, Optional.ofNullable(config.get("description")), false);
        }
        catch (ModelAlreadyExistsException e) {
            throw new DeploymentAlreadyExistsException("Deployment '" + name + "' already exists on target 'devo' ("
                    + instanceName + "): update it instead");
        }
        modelUris.put(name, modelUri);
        return deployment(client.getModel(name), modelUri);
    }

    @Override
    public Deployment updateDeployment(
            String name, Optional<String> modelUri, Optional<String> flavor, Map<String, String> config) {
        requireNonNull(name, "name is null");
        requireNonNull(modelUri, "modelUri is null");
        requireNonNull(flavor, "flavor is null");
        checkConfig(config);
        if (flavor.isPresent() && modelUri.isEmpty()) {
            throw new InvalidRequestException("A flavor (engine) can only be changed together with the model URI");
        }
        DevoModel current = find(name);
        Optional<String> description = Optional.ofNullable(config.get("description"));
        if (modelUri.isPresent()) {
            Path file = modelFile(modelUri.get());
            String engine = engine(flavor, config, file).orElse(current.engine());
            client.addModel(name, engine, file, description, true);
            modelUris.put(name, modelUri.get());
            return deployment(client.getModel(name), modelUri.get());
        }
        String engine = Optional.ofNullable(config.get("engine")).orElse(current.engine());
        Path folder = null;
        try {
            folder = Files.createTempDirectory("tango-devo-update-");
            Path file = client.getModel(name, new FileSystemDownloader(folder, client.maxDownloadSize())).file().orElseThrow();
            client.addModel(name, engine, file, description, true);
        }
        catch (IOException e) {
            throw new TangoException("Cannot create a temporary folder to upload model '" + name + "' again: " + e, e);
        }
        finally {
            deleteRecursively(folder);
        }
        return deployment(client.getModel(name), modelUri(name));
    }

    /** Unsupported: the ML Model Manager API (client 1.6.1) has no endpoint to delete a model. */
    @Override
    public void deleteDeployment(String name, Map<String, String> config) {
        throw new UnsupportedTangoOperationException("deployment target 'devo' does not support delete: Devo's ML Model"
                + " Manager API has no endpoint to delete a model; delete it in the Devo web application");
    }

    @Override
    public Deployment getDeployment(String name) {
        return deployment(find(name), modelUri(name));
    }

    @Override
    public List<Deployment> listDeployments() {
        return client.getModels().stream()
                .sorted(Comparator.comparing(DevoModel::name))
                .map(model -> deployment(model, modelUri(model.name())))
                .toList();
    }

    /** Unsupported: Devo evaluates models inside its query engine, not over an HTTP endpoint. */
    @Override
    public TangoResponse predict(String deploymentName, TangoRequest inputs) {
        throw new UnsupportedTangoOperationException("deployment target 'devo' does not support predict: Devo evaluates"
                + " models inside its query engine, with mlevalmodel(\"<domain>\", \"" + deploymentName + "\", ...) in a"
                + " LINQ query; the ML Model Manager offers no prediction endpoint");
    }

    @Override
    public String targetHelp() {
        return """
                Target 'devo': Devo's ML Model Manager. A deployment is a Devo model of the same name; Devo's query \
                engine evaluates it with mlevalmodel("<domain>", "<name>", ...).
                Model URI: the model's file, a local path or file: URI.
                Flavor: the Devo engine (%s); default: inferred from the file's extension (.onnx: ONNX).
                Config: engine (instead of the flavor), description.
                Create adds the model; update adds it again with force (engine, description, file); get and list read \
                models. Delete and predict are not supported by the ML Model Manager API.
                Target config (deployment_targets): url + token (+ auth_type), or profile (+ profile_path); domain \
                for servers older than 2.4.0; timeout."""
                .formatted(String.join(", ", Stream.of(DevoEngine.values()).map(Enum::name).toList()));
    }

    private DevoModel find(String name) {
        try {
            return client.getModel(name);
        }
        catch (ModelNotFoundException e) {
            throw new DeploymentNotFoundException("No deployment '" + name + "' on target 'devo' (" + instanceName
                    + " at " + client.url() + ")");
        }
    }

    private Deployment deployment(DevoModel model, String modelUri) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("server", client.url().toString());
        model.id().ifPresent(id -> details.put("id", id));
        details.put("engine", model.engine());
        model.description().ifPresent(description -> details.put("description", description));
        model.text("category").ifPresent(category -> details.put("category", category));
        model.text("outputType").ifPresent(type -> details.put("output_type", type));
        return new Deployment(model.name(), TARGET, modelUri, Optional.of(model.engine()), DeploymentState.READY,
                Optional.empty(), details);
    }

    private String modelUri(String name) {
        return modelUris.getOrDefault(name, "devo://" + instanceName + "/" + name);
    }

    private static void checkConfig(Map<String, String> config) {
        requireNonNull(config, "config is null");
        Set<String> unknown = new TreeSet<>(config.keySet());
        unknown.removeAll(CONFIG_KEYS);
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException("Unknown config of target 'devo': " + unknown + "; known: "
                    + new TreeSet<>(CONFIG_KEYS));
        }
    }

    private static Path modelFile(String modelUri) {
        Path file;
        try {
            file = modelUri.regionMatches(true, 0, "file:", 0, 5) ? Path.of(URI.create(modelUri)) : Path.of(modelUri);
        }
        catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new InvalidRequestException("Model URI '" + modelUri + "' of target 'devo' must be a local file path"
                    + " or file: URI of the model's file", e);
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelNotFoundException("Model file '" + file + "' does not exist or is not a file");
        }
        return file.toAbsolutePath();
    }

    /** The flavor, else config {@code engine}, else the only engine whose extension the file has. */
    private static Optional<String> engine(Optional<String> flavor, Map<String, String> config, Path file) {
        if (flavor.isPresent()) {
            return flavor;
        }
        if (config.containsKey("engine")) {
            return Optional.of(config.get("engine"));
        }
        String fileName = file.getFileName().toString().toLowerCase(Locale.ROOT);
        List<DevoEngine> matches = Stream.of(DevoEngine.values())
                .filter(engine -> engine.extensions().stream().anyMatch(fileName::endsWith))
                .toList();
        return matches.size() == 1 ? Optional.of(matches.get(0).name()) : Optional.empty();
    }

    private static void deleteRecursively(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException e) {
            // A leftover temporary folder is harmless.
        }
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "DevoDeploymentClient[" + instanceName + ", " + client + "]";
    }
}
