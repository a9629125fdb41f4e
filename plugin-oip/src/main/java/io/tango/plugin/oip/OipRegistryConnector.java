package io.tango.plugin.oip;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.api.ModelNotFoundException;
import io.tango.api.ModelRegistryConnector;
import io.tango.api.TangoException;
import io.tango.toolkit.oip.OipServerMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * One OIP server seen as a model registry: its models' metadata documents, its health, and the repository extension
 * (index, load, unload) where the server has it.
 *
 * <p>Keys: {@code <model>}, {@code <model>/versions/<v>}, {@code oip:/<model>[/versions/<v>]}, or
 * {@code oip://…} / {@code oip+grpc://…} naming this server. An OIP model has no artifact to download; its "artifact"
 * is its metadata document, so {@link #downloadModel} writes {@value #METADATA} into
 * {@code <downloadFolder>/<model>/} and returns the model's {@code oip} descriptor (which the OIP initializer runs
 * against the server). Thread-safe; {@link #close()} closes its client.
 */
public final class OipRegistryConnector implements ModelRegistryConnector {
    /** Resource: the model's metadata document as the server sends it. */
    public static final String METADATA = "metadata.json";

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String instanceName;
    private final URI server;
    private final OipServers servers;
    private final OipClient client;

    /**
     * @param instanceName the instance's name in config
     * @param server the server's address
     * @param servers the clients, owned by this connector from now on
     */
    public OipRegistryConnector(String instanceName, URI server, OipServers servers) {
        this.instanceName = requireNonNull(instanceName, "instanceName is null");
        this.server = requireNonNull(server, "server is null");
        this.servers = requireNonNull(servers, "servers is null");
        this.client = servers.client(server);
    }

    @Override
    public URI registryUrl() {
        return server;
    }

    /** @return whether the server says it is live */
    public boolean serverLive() {
        return client.serverLive();
    }

    /** @return whether the server says it is ready */
    public boolean serverReady() {
        return client.serverReady();
    }

    /** @return the server's name, version and extensions */
    public OipServerMetadata serverMetadata() {
        return client.serverMetadata();
    }

    /**
     * @param key the model's key
     * @return whether the model is ready for inference
     * @throws ModelNotFoundException if the server has no such model or version
     */
    public boolean modelReady(ModelKey key) {
        OipModelRef ref = ref(key);
        return client.modelReady(ref.model(), ref.version());
    }

    /**
     * @param key the model's key
     * @return its descriptor, from the server's current metadata
     * @throws ModelNotFoundException if the server has no such model or version
     */
    public ModelDescriptor describe(ModelKey key) {
        OipModelRef ref = ref(key);
        return OipDescriber.describe(key, ref, client.modelMetadata(ref.model(), ref.version()).metadata(),
                "registry " + instanceName);
    }

    /** @return the repository extension's index, see {@link OipClient#repositoryIndex()} */
    public List<Map<String, Object>> repositoryIndex() {
        return client.repositoryIndex();
    }

    /** @param key the model to load through the repository extension, see {@link OipClient#load} */
    public void load(ModelKey key) {
        client.load(ref(key).model());
    }

    /** @param key the model to unload through the repository extension, see {@link OipClient#unload} */
    public void unload(ModelKey key) {
        client.unload(ref(key).model());
    }

    @Override
    public Map<String, Object> nativeMetadata(ModelKey key) {
        OipModelRef ref = ref(key);
        return client.modelMetadata(ref.model(), ref.version()).nativeMetadata();
    }

    @Override
    public ModelDescriptor downloadModel(ModelKey key, Path downloadFolder) {
        requireNonNull(downloadFolder, "downloadFolder is null");
        OipModelRef ref = ref(key);
        if (!SAFE_NAME.matcher(ref.model()).matches() || ref.version().filter(v -> !SAFE_NAME.matcher(v).matches()).isPresent()) {
            throw new TangoException("OIP model '" + ref.model() + "' cannot be downloaded: its name would be written"
                    + " outside " + downloadFolder);
        }
        OipModelDocument document = client.modelMetadata(ref.model(), ref.version());
        String folder = ref.model() + ref.version().map(v -> "-" + v).orElse("");
        Path target = downloadFolder.resolve(folder);
        Path staging = downloadFolder.resolve("." + folder + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            Files.writeString(staging.resolve(METADATA), pretty(document.nativeMetadata()), StandardCharsets.UTF_8);
            if (Files.exists(target)) {
                Files.delete(target.resolve(METADATA));
                Files.delete(target);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TangoException("cannot write OIP model '" + ref.model() + "' into " + downloadFolder + ": " + e, e);
        }
        return OipDescriber.describe(key, ref, document.metadata(), "registry " + instanceName).toBuilder()
                .artifactPath(target).build();
    }

    @Override
    public String getResource(ModelKey key, Path downloadFolder, String resourcePath) {
        requireNonNull(resourcePath, "resourcePath is null");
        OipModelRef ref = ref(key);
        if (!resourcePath.equals(METADATA)) {
            throw new ModelNotFoundException("OIP model '" + ref.model() + "' has no resource '" + resourcePath
                    + "'; resources: " + METADATA);
        }
        return pretty(client.modelMetadata(ref.model(), ref.version()).nativeMetadata());
    }

    private static String pretty(Map<String, Object> document) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private OipModelRef ref(ModelKey key) {
        requireNonNull(key, "key is null");
        ModelKey full = key.scheme().isEmpty() ? ModelKey.of(OipModelRef.SCHEME + ":/" + key.value()) : key;
        Optional<OipModelRef> ref = OipModelRef.parse(full, Optional.of(server));
        if (ref.isEmpty()) {
            throw new ModelNotFoundException("registry '" + instanceName + "' (" + client.service()
                    + ") does not understand key '" + key + "'; use <model>[/versions/<v>] or oip:/<model>");
        }
        if (!ref.get().server().equals(server)) {
            throw new ModelNotFoundException("key '" + key + "' names " + OipServerAddress.describe(ref.get().server())
                    + ", not registry '" + instanceName + "' (" + client.service() + ")");
        }
        return ref.get();
    }

    @Override
    public void close() {
        servers.close();
    }

    @Override
    public String toString() {
        return "OipRegistryConnector[" + instanceName + ", " + server + "]";
    }
}
