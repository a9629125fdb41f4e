package io.tango.plugin.mlflow.client;

import io.tango.toolkit.http.CappedBodySubscriber;
import io.tango.toolkit.http.HttpTransport;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.ModelNotFoundException;
import io.tango.api.RemoteServiceException;
import io.tango.api.UnsupportedTangoOperationException;

import java.io.IOException;
import io.tango.api.TangoException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * The parts of MLflow's REST API this plugin uses: the model registry ({@code /api/2.0/mlflow/registered-models},
 * {@code /model-versions}), runs, logged models (MLflow 3) and the {@code mlflow-artifacts} proxy of a server started
 * with {@code --serve-artifacts}.
 *
 * <p>Every call has a timeout and every answer a size cap: a REST answer {@link MlflowConnection#maxResponseSize()},
 * an artifact the caller's. The read-only calls are retried on connection errors, 429, 500, 502, 503 and 504 (the
 * toolkit's {@link HttpTransport}). Errors are mapped by {@link MlflowErrors}. Thread-safe.
 */
public final class MlflowTrackingClient implements AutoCloseable {
    private static final String API = "/api/2.0/mlflow";
    private static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts";
    private static final String PROXY_SCHEME = "mlflow-artifacts";

    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final MlflowConnection connection;
    private final HttpTransport http;

    /** @param connection where the tracking server is and how to talk to it */
    public MlflowTrackingClient(MlflowConnection connection) {
        this.connection = requireNonNull(connection, "connection is null");
        this.http = connection.openTransport();
    }

    /** @return the connection */
    public MlflowConnection connection() {
        return connection;
    }

    /**
     * @param name a registered model's name
     * @return its {@code registered_model} object
     * @throws ModelNotFoundException if there is no such model
     */
    public JsonNode registeredModel(String name) {
        return get("/registered-models/get", Map.of("name", name)).path("registered_model");
    }

    /**
     * @param name a registered model's name
     * @param version a version number
     * @return its {@code model_version} object
     * @throws ModelNotFoundException if there is no such model or version
     */
    public JsonNode modelVersion(String name, String version) {
        return get("/model-versions/get", Map.of("name", name, "version", version)).path("model_version");
    }

    /**
     * @param name a registered model's name
     * @param alias an alias
     * @return the {@code model_version} object the alias points at
     * @throws ModelNotFoundException if there is no such model or alias
     */
    public JsonNode modelVersionByAlias(String name, String alias) {
        return get("/registered-models/alias", Map.of("name", name, "alias", alias)).path("model_version");
    }

    /**
     * @param name a registered model's name
     * @return the {@code model_version} object with the highest version number
     * @throws ModelNotFoundException if there is no such model, or it has no versions
     */
    public JsonNode latestModelVersion(String name) {
        JsonNode versions = get("/registered-models/get-latest-versions", Map.of("name", name)).path("model_versions");
        List<JsonNode> all = new ArrayList<>();
        versions.forEach(all::add);
        return all.stream()
                .max(Comparator.comparingLong(version -> Long.parseLong(version.path("version").asText("0"))))
                .orElseThrow(() -> new ModelNotFoundException(
                        connection.serviceName() + ": registered model '" + name + "' has no versions"));
    }

    /**
     * @param name a registered model's name
     * @param version a version number
     * @return where the version's artifacts are, e.g. {@code mlflow-artifacts:/1/models/m-…/artifacts}
     */
    public String downloadUri(String name, String version) {
        return get("/model-versions/get-download-uri", Map.of("name", name, "version", version))
                .path("artifact_uri").asText();
    }

    /**
     * @param runId a run's id
     * @return its {@code run} object ({@code info}, {@code data}, {@code inputs}, {@code outputs})
     * @throws ModelNotFoundException if there is no such run
     */
    public JsonNode run(String runId) {
        return get("/runs/get", Map.of("run_id", runId)).path("run");
    }

    /**
     * @param modelId a logged model's id ({@code m-…}, MLflow 3)
     * @return its {@code model} object ({@code info}, {@code data})
     * @throws ModelNotFoundException if there is no such logged model
     */
    public JsonNode loggedModel(String modelId) {
        return get("/logged-models/" + HttpTransport.encode(modelId), Map.of()).path("model");
    }

    /**
     * @param experimentId the run's experiment
     * @param runId the run
     * @return the {@code info} objects of the logged models the run produced (MLflow 3), in the server's order
     */
    public List<JsonNode> loggedModelsOfRun(String experimentId, String runId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experiment_ids", List.of(experimentId));
        body.put("filter", "source_run_id = '" + runId.replace("'", "") + "'");
        body.put("max_results", 100);
        // A search is read-only, so it is retried like a GET.
        JsonNode answer = call(() -> http.sendJson("POST", API + "/logged-models/search", body, true,
                connection.requestTimeout()));
        List<JsonNode> models = new ArrayList<>();
        answer.path("models").forEach(model -> models.add(model.path("info")));
        return models;
    }

    /**
     * @param artifactUri an artifact URI as MLflow returns it
     * @return the path below the artifacts proxy, without leading or trailing {@code /}
     * @throws UnsupportedTangoOperationException if the URI is not reachable through this server's proxy
     */
    public String proxyPath(String artifactUri) {
        requireNonNull(artifactUri, "artifactUri is null");
        URI uri;
        try {
            uri = URI.create(artifactUri);
        } catch (IllegalArgumentException e) {
            throw new RemoteServiceException(connection.serviceName(), null, null, false,
                    "sent an artifact URI that is not a URI: '" + artifactUri + "'", e);
        }
        if (!PROXY_SCHEME.equalsIgnoreCase(uri.getScheme())) {
            throw new UnsupportedTangoOperationException("artifact URI '" + artifactUri + "' of "
                    + connection.serviceName() + " is not served by its mlflow-artifacts proxy; start the server with "
                    + "--serve-artifacts so clients download artifacts over HTTP");
        }
        if (uri.getAuthority() != null && !uri.getAuthority().equalsIgnoreCase(connection.trackingUri().getAuthority())) {
            throw new UnsupportedTangoOperationException("artifact URI '" + artifactUri + "' names another server ("
                    + uri.getAuthority() + ") than " + connection.serviceName()
                    + "; credentials are only sent to the configured tracking server");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        return trimSlashes(path);
    }

    /**
     * Lists one folder of the artifacts proxy.
     *
     * @param path the folder, relative to the proxy's root
     * @return its entries; empty when the folder is empty or does not exist (MLflow answers both the same)
     */
    public List<ArtifactEntry> listArtifacts(String path) {
        JsonNode files = getAt(ARTIFACTS, path.isEmpty() ? Map.of() : Map.of("path", path)).path("files");
        List<ArtifactEntry> entries = new ArrayList<>();
        for (JsonNode file : files) {
            entries.add(new ArtifactEntry(
                    file.path("path").asText(""),
                    file.path("is_dir").asBoolean(false),
                    file.has("file_size") ? OptionalLong.of(file.get("file_size").asLong()) : OptionalLong.empty()));
        }
        return entries;
    }

    /**
     * Downloads one file of the artifacts proxy into {@code file}, which must not exist; the download timeout bounds
     * the whole transfer, retries included. A failed download leaves {@code file} partly written or absent.
     *
     * @param path the file, relative to the proxy's root
     * @param file the local file to create
     * @param maxBytes the most bytes the file may have
     * @param tooLarge the error when it has more
     * @return the number of bytes written
     * @throws ModelNotFoundException if there is no such file
     * @throws RemoteServiceException for any other error answer, or a broken connection
     * @throws io.tango.api.OperationTimeoutException if the file did not arrive within the download timeout
     */
    public long downloadArtifact(String path, Path file, long maxBytes, Supplier<TangoException> tooLarge) {
        List<CappedBodySubscriber<?>> opened = new CopyOnWriteArrayList<>();
        try {
            return (Long) fetchArtifact(path, status -> {
                try {
                    // A retried attempt starts the file again; a link planted there is removed, never followed.
                    Files.deleteIfExists(file);
                    return CappedBodySubscriber.toFile(file, maxBytes, tooLarge);
                } catch (IOException e) {
                    throw new TangoException("cannot create " + file + " for '" + path + "': " + e, e);
                }
            }, opened);
        } finally {
            opened.forEach(CappedBodySubscriber::close);
        }
    }

    /**
     * Reads one file of the artifacts proxy into memory; the download timeout bounds the whole transfer.
     *
     * @param path the file, relative to the proxy's root
     * @param maxBytes the most bytes it may have
     * @param tooLarge the error when it has more
     * @return its bytes
     * @throws ModelNotFoundException if there is no such file
     */
    public byte[] readArtifact(String path, long maxBytes, Supplier<TangoException> tooLarge) {
        return (byte[]) fetchArtifact(path, status -> CappedBodySubscriber.toBytes(maxBytes, tooLarge), new ArrayList<>());
    }

    private Object fetchArtifact(String path, java.util.function.IntFunction<CappedBodySubscriber<?>> onSuccess,
            List<CappedBodySubscriber<?>> opened) {
        URI uri = http.uri(ARTIFACTS + "/" + encodePath(path), Map.of());
        HttpRequest request = http.newRequest(uri, connection.downloadTimeout()).GET().build();
        String call = "GET " + ARTIFACTS + "/" + path;
        HttpResponse.BodyHandler<Object> handler = info -> {
            CappedBodySubscriber<?> subscriber = info.statusCode() == 200
                    ? onSuccess.apply(info.statusCode())
                    : CappedBodySubscriber.toBytes(MAX_ERROR_BODY, () -> new RemoteServiceException(
                            connection.serviceName(), info.statusCode(), null, HttpTransport.isRetriableStatus(
                                    info.statusCode()), "an error answer over " + MAX_ERROR_BODY + " bytes (" + call + ")"));
            opened.add(subscriber);
            return HttpResponse.BodySubscribers.mapping(subscriber, body -> (Object) body);
        };
        HttpResponse<Object> response = http.send(request, handler, true, connection.downloadTimeout());
        if (response.statusCode() != 200) {
            throw MlflowErrors.classify(http.error(call, response.statusCode(), (byte[]) response.body()));
        }
        return response.body();
    }

    private JsonNode get(String path, Map<String, ?> query) {
        return getAt(API + path, query);
    }

    private JsonNode getAt(String fullPath, Map<String, ?> query) {
        return call(() -> http.getJson(fullPath, query, connection.requestTimeout()));
    }

    private static JsonNode call(java.util.function.Supplier<JsonNode> call) {
        try {
            return call.get();
        } catch (RemoteServiceException e) {
            throw MlflowErrors.classify(e);
        }
    }

    static String encodePath(String path) {
        StringBuilder encoded = new StringBuilder();
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (encoded.length() > 0) {
                encoded.append('/');
            }
            encoded.append(HttpTransport.encode(segment));
        }
        return encoded.toString();
    }

    static String trimSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }

    /** Stops the HTTP client's threads. Idempotent. */
    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "MlflowTrackingClient[" + connection.serviceName() + "]";
    }
}
