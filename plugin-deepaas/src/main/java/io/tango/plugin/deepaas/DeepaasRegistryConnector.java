package io.tango.plugin.deepaas;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.ModelRegistryConnector;
import io.tango.api.TangoException;
import io.tango.plugin.deepaas.client.DeepaasClient;
import io.tango.plugin.deepaas.client.DeepaasServers;
import io.tango.plugin.deepaas.client.Json;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * One DEEPaaS server seen as a model registry: its models, their native metadata ({@code get_metadata()} as the
 * server sends it) and their argument schemas from its OpenAPI description.
 *
 * <p>Keys: {@code deepaas://<host>:<port>/<model>} naming this server, {@code deepaas:/<model>}, or the bare URL key
 * {@code <model>}. A DEEPaaS model has no artifact to download; its "artifact" is what the server publishes about
 * it, so {@link #downloadModel} writes the resources {@value #METADATA}, {@value #PREDICT}, {@value #TRAIN} and
 * {@value #SWAGGER} into {@code <downloadFolder>/<model>/} and returns the model's {@code deepaas} descriptor (which
 * the DEEPAAS initializer runs against the server). Thread-safe; {@link #close()} closes its HTTP pool.
 */
public final class DeepaasRegistryConnector implements ModelRegistryConnector {
    /** Resource: the model's metadata as the server sends it. */
    public static final String METADATA = "metadata.json";
    /** Resource: the model's predict operation in the server's OpenAPI description. */
    public static final String PREDICT = "predict.json";
    /** Resource: the model's train operation in the server's OpenAPI description. */
    public static final String TRAIN = "train.json";
    /** Resource: the server's whole OpenAPI (Swagger 2.0) description. */
    public static final String SWAGGER = "swagger.json";

    private static final List<String> RESOURCES = List.of(METADATA, PREDICT, TRAIN, SWAGGER);
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    private final String instanceName;
    private final DeepaasClient client;
    private final DeepaasServers http;

    /**
     * @param instanceName the instance's name in config
     * @param baseUrl the server's base URL
     * @param http the HTTP pool, owned by this connector from now on
     */
    public DeepaasRegistryConnector(String instanceName, URI baseUrl, DeepaasServers http) {
        this.instanceName = requireNonNull(instanceName, "instanceName is null");
        this.http = requireNonNull(http, "http is null");
        this.client = http.client(requireNonNull(baseUrl, "baseUrl is null"));
    }

    @Override
    public URI registryUrl() {
        return client.baseUrl();
    }

    /**
     * @return a description of every model the server serves, in its order
     * @throws io.tango.api.RemoteServiceException if the server cannot be reached or fails
     */
    public List<DeepaasModelDescription> listModels() {
        return DeepaasDescriber.describeAll(client);
    }

    /**
     * @param key the model's key
     * @return its metadata and argument schemas
     * @throws ModelNotFoundException if the server has no such model
     */
    public DeepaasModelDescription describe(ModelKey key) {
        String model = model(key);
        return DeepaasDescriber.describe(client, model).orElseThrow(() -> notFound(key, model));
    }

    @Override
    public Map<String, Object> nativeMetadata(ModelKey key) {
        String model = model(key);
        return client.modelMetadata(model).orElseThrow(() -> notFound(key, model));
    }

    @Override
    public ModelDescriptor downloadModel(ModelKey key, Path downloadFolder) {
        requireNonNull(downloadFolder, "downloadFolder is null");
        String model = model(key);
        if (!SAFE_NAME.matcher(model).matches()) {
            throw new TangoException("DEEPaaS model '" + model + "' cannot be downloaded: its name would be written"
                    + " outside " + downloadFolder);
        }
        Map<String, Object> metadata = client.modelMetadata(model).orElseThrow(() -> notFound(key, model));
        JsonNode swagger = client.openApi();
        DeepaasModelDescription description = DeepaasDescriber.describe(client, model, metadata, swagger);
        Path target = downloadFolder.resolve(model);
        Path staging = downloadFolder.resolve("." + model + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(downloadFolder);
            Files.createDirectory(staging);
            for (String resource : RESOURCES) {
                Files.writeString(staging.resolve(resource), resourceText(resource, metadata, swagger, model),
                        StandardCharsets.UTF_8);
            }
            replace(staging, target);
        } catch (IOException e) {
            deleteQuietly(staging);
            throw new TangoException("cannot write DEEPaaS model '" + model + "' into " + downloadFolder + ": " + e, e);
        }
        return description.toDescriptor(key, "registry " + instanceName).toBuilder().artifactPath(target).build();
    }

    @Override
    public String getResource(ModelKey key, Path downloadFolder, String resourcePath) {
        requireNonNull(resourcePath, "resourcePath is null");
        String model = model(key);
        if (!RESOURCES.contains(resourcePath)) {
            throw new ModelNotFoundException("DEEPaaS model '" + model + "' has no resource '" + resourcePath
                    + "'; resources: " + String.join(", ", RESOURCES));
        }
        Map<String, Object> metadata = client.modelMetadata(model).orElseThrow(() -> notFound(key, model));
        JsonNode swagger = resourcePath.equals(METADATA) ? null : client.openApi();
        return resourceText(resourcePath, metadata, swagger, model);
    }

    private String resourceText(String resource, Map<String, Object> metadata, JsonNode swagger, String model) {
        String prefix = client.basePath() + "/v2/models/" + model;
        return switch (resource) {
            case METADATA -> Json.writePretty(metadata);
            case PREDICT -> Json.writePretty(swagger.path("paths").path(prefix + "/predict/").path("post"));
            case TRAIN -> Json.writePretty(swagger.path("paths").path(prefix + "/train/").path("post"));
            default -> Json.writePretty(swagger);
        };
    }

    private String model(ModelKey key) {
        requireNonNull(key, "key is null");
        if (key.scheme().isEmpty()) {
            return key.value();
        }
        Optional<DeepaasModelRef> ref = DeepaasModelRef.parse(key, Optional.of(client.baseUrl()));
        if (ref.isEmpty()) {
            throw new ModelNotFoundException("registry '" + instanceName + "' (" + client.service()
                    + ") does not understand key '" + key + "'; use deepaas:/<model> or <model>");
        }
        if (!ref.get().baseUrl().equals(client.baseUrl())) {
            throw new ModelNotFoundException("key '" + key + "' names " + ref.get().baseUrl() + ", not registry '"
                    + instanceName + "' (" + client.service() + ")");
        }
        return ref.get().model();
    }

    private ModelNotFoundException notFound(ModelKey key, String model) {
        return new ModelNotFoundException(client.service() + " has no model '" + model + "' (key " + key + ")");
    }

    private static void replace(Path staging, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + UUID.randomUUID());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
            deleteQuietly(old);
        }
    }

    private static void deleteQuietly(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover hidden staging folder does no harm
        }
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "DeepaasRegistryConnector[" + instanceName + ", " + client.baseUrl() + "]";
    }
}
