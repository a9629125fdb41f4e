package io.tango.plugin.devo.client;

import java.io.FileNotFoundException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelAlreadyExistsException;
import io.tango.api.ModelNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static java.util.Objects.requireNonNull;

/**
 * A client of Devo's ML Model Manager, a Java port of the Python client {@code devo-mlmodelmanager} 1.6.1
 * ({@code BaseClient}): list, get, find and add models.
 *
 * <p>Two kinds exist, with the same operations: {@link DevoModelManagerClient} for servers 2.4.0 and later (the domain
 * comes from the token) and {@link DevoLegacyModelManagerClient} for older servers (the domain is given). Create
 * them with their builders or with {@link ModelManagerClients}. No TANGO runtime is needed.
 *
 * <p>Errors: {@link ModelNotFoundException} (the server answers 204 for a missing model),
 * {@link ModelAlreadyExistsException}, {@link TokenException} (code 5), {@link ModelManagerException} for any other
 * error answer or a connection failure, {@link io.tango.api.OperationTimeoutException} when the server does not answer
 * within the timeout, {@link ModelDownloadException} when a model's file cannot be written or is over the
 * {@linkplain Builder#maxDownloadSize download cap}. The token never appears in logs, messages or {@code toString()},
 * nor do credentials written into the URL (they are dropped: the token authenticates).
 *
 * <p>Every call ends within the {@linkplain Builder#timeout timeout}. Reads (GET) are retried with exponential backoff
 * and jitter when the connection fails or the server answers 429, 500, 502, 503 or 504 ({@link RetrySettings});
 * uploads and creations (POST) are retried only when the connection was refused, never once the server may have
 * received them.
 *
 * <p>Thread-safe. {@link #close()} releases the HTTP client's threads.
 */
public abstract sealed class ModelManagerClient implements AutoCloseable
        permits DevoModelManagerClient, DevoLegacyModelManagerClient {

    /** The Python client's default timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** The default cap on a downloaded model file: 512 MiB. */
    public static final long DEFAULT_MAX_DOWNLOAD_SIZE = 512L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(ModelManagerClient.class);
    private static final TypeReference<LinkedHashMap<String, Object>> RECORD = new TypeReference<>() {};

    private final URI url;
    private final AuthType authType;
    private final Duration timeout;
    private final long maxDownloadSize;
    private final ModelFileDownloader downloader;
    private final Endpoints endpoints;
    private final ObjectMapper mapper = new ObjectMapper();
    private final ModelManagerCalls http;

    ModelManagerClient(Builder<?, ?> builder, Endpoints endpoints, String notFoundHint) {
        this.url = builder.url;
        this.authType = builder.authType;
        this.timeout = builder.timeout;
        this.maxDownloadSize = builder.maxDownloadSize;
        this.downloader = builder.downloader.orElseGet(() -> FileSystemDownloader.inCurrentDirectory(maxDownloadSize));
        this.endpoints = endpoints;
        this.http = new ModelManagerCalls("Devo ML Model Manager at " + url, url, authType, builder.token, timeout,
                builder.retries, maxResponseSize(maxDownloadSize), notFoundHint, mapper);
    }

    /** The largest answer read: a model's file travels base64-encoded (4 bytes per 3) inside its JSON record. */
    private static long maxResponseSize(long maxDownloadSize) {
        long encoded = maxDownloadSize / 3 * 4 + 4;
        return encoded > Long.MAX_VALUE - (1 << 20) ? Long.MAX_VALUE : encoded + (1 << 20);
    }

    /** @return the server's URL, without a trailing {@code /} */
    public URI url() {
        return url;
    }

    /** @return the timeout of every call */
    public Duration timeout() {
        return timeout;
    }

    /** @return the largest model file this client downloads, in bytes */
    public long maxDownloadSize() {
        return maxDownloadSize;
    }

    /**
     * Lists the models of the domain (Python: {@code get_models}). Files are not downloaded.
     *
     * @return the models, their records exactly as the server lists them
     * @throws ModelManagerException if the server answers with an error (a 404 from a {@link DevoModelManagerClient}
     *     means the server is older than 2.4.0: use a {@link DevoLegacyModelManagerClient})
     */
    public List<DevoModel> getModels() {
        JsonNode models = http.get(endpoints.models());
        if (models == null) {
            return List.of();
        }
        if (!models.isArray()) {
            throw unexpected("GET " + endpoints.models(), "a list of models");
        }
        List<DevoModel> result = new ArrayList<>(models.size());
        for (JsonNode model : models) {
            result.add(new DevoModel(model.isObject() ? toMap(model) : Map.of(), Optional.empty()));
        }
        return List.copyOf(result);
    }

    /**
     * Gets a model without its file.
     *
     * @param name the model's name
     * @return the model
     * @throws ModelNotFoundException if the model does not exist
     */
    public DevoModel getModel(String name) {
        return getModel(name, false);
    }

    /**
     * Gets a model (Python: {@code get_model}); when {@code downloadFile}, asks the server for the file too
     * ({@code fast=False}) and stores it through the client's downloader ({@link Builder#downloader}).
     *
     * @param name the model's name, not empty
     * @param downloadFile whether to download the model's file
     * @return the model, with {@link DevoModel#file()} set when downloaded
     * @throws IllegalArgumentException if the name is empty
     * @throws ModelNotFoundException if the model does not exist
     * @throws ModelDownloadException if the file cannot be stored
     */
    public DevoModel getModel(String name, boolean downloadFile) {
        return fetch(name, downloadFile ? Optional.of(downloader) : Optional.empty());
    }

    /**
     * Gets a model and stores its file through the given downloader instead of the client's (e.g. into a folder chosen
     * per call).
     *
     * @param name the model's name, not empty
     * @param fileDownloader where to store the model's file
     * @return the model, with {@link DevoModel#file()} set
     * @throws ModelNotFoundException if the model does not exist
     * @throws ModelDownloadException if the file cannot be stored
     */
    public DevoModel getModel(String name, ModelFileDownloader fileDownloader) {
        return fetch(name, Optional.of(requireNonNull(fileDownloader, "fileDownloader is null")));
    }

    private DevoModel fetch(String name, Optional<ModelFileDownloader> fileDownloader) {
        requireNonNull(name, "name is null");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("Invalid name: ''");
        }
        boolean fast = fileDownloader.isEmpty();
        JsonNode model = http.get(endpoints.model(name, fast));
        if (isFalsy(model)) {
            throw new ModelNotFoundException("Model '" + name + "' not found in " + http.service());
        }
        if (!model.isObject()) {
            throw unexpected("GET " + endpoints.model(name, fast), "a model");
        }
        Map<String, Object> record = toMap(model);
        Optional<Path> file = fileDownloader.map(store -> store.download(record));
        record.remove("image");
        return new DevoModel(record, file);
    }

    /**
     * Finds a model without its file.
     *
     * @param name the model's name
     * @return the model, or empty if it does not exist
     */
    public Optional<DevoModel> findModel(String name) {
        return findModel(name, false);
    }

    /**
     * Like {@link #getModel(String, boolean)}, but empty instead of {@link ModelNotFoundException} (Python:
     * {@code find_model}).
     *
     * @param name the model's name, not empty
     * @param downloadFile whether to download the model's file
     * @return the model, or empty if it does not exist
     */
    public Optional<DevoModel> findModel(String name, boolean downloadFile) {
        try {
            return Optional.of(getModel(name, downloadFile));
        }
        catch (ModelNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Adds a model that must not exist yet, without description.
     *
     * @param name the model's name
     * @param engine the engine code, e.g. {@code ONNX} (see {@link DevoEngine})
     * @param modelFile the model's file
     * @throws ModelAlreadyExistsException if a model of that name exists
     */
    public void addModel(String name, String engine, Path modelFile) {
        addModel(name, engine, modelFile, Optional.empty(), false);
    }

    /**
     * Adds a model (Python: {@code add_model}): checks whether it exists, uploads the file
     * ({@code POST .../models/images/upload}, multipart fields {@code engine} and {@code fileName}), then creates the
     * model from the upload's metadata ({@code POST .../models}).
     *
     * <p>With {@code force}, an existing model is updated: its engine, its file and, when one is given, its
     * description (otherwise the existing description is kept); the other fields are computed by the server.
     *
     * @param name the model's name
     * @param engine the engine code; the caller makes sure it matches the file
     * @param modelFile the model's file
     * @param description the description, or empty (on update: keep the existing one)
     * @param force whether to update the model if it exists
     * @throws ModelAlreadyExistsException if the model exists and {@code force} is false
     * @throws InvalidRequestException if the model file does not exist
     * @throws ModelManagerException if the server refuses the file (code 0 with its error detail) or the model (its
     *     code, e.g. 500 for an unknown engine)
     */
    public void addModel(String name, String engine, Path modelFile, Optional<String> description, boolean force) {
        requireNonNull(name, "name is null");
        requireNonNull(engine, "engine is null");
        requireNonNull(modelFile, "modelFile is null");
        requireNonNull(description, "description is null");
        JsonNode existing = http.get(endpoints.model(name, true));
        boolean exists = !isFalsy(existing);
        if (exists && !force) {
            throw new ModelAlreadyExistsException("Model '" + name + "' already exists in " + http.service()
                    + "; add it with force to update its engine, description and file");
        }
        MultipartBody upload = new MultipartBody().textField("engine", engine);
        try {
            if (!Files.isRegularFile(modelFile)) {
                throw new FileNotFoundException(modelFile.toString());
            }
            upload.fileField("fileName", modelFile);
        }
        catch (FileNotFoundException e) {
            throw new InvalidRequestException("Model file '" + modelFile + "' does not exist or is not a file", e);
        }
        JsonNode image = http.postMultipart(endpoints.imageUpload(), upload);
        if (image == null || !image.isObject() || !image.path("valid").asBoolean(false)) {
            JsonNode detail = image == null ? null : image.get("errorDetail");
            String message = detail == null || detail.isNull() ? "the server found the model file invalid"
                    : detail.isTextual() ? detail.asText() : detail.toString();
            throw new ModelManagerException(http.service(), 200, 0, message,
                    "check that engine '" + engine + "' matches the file " + modelFile.getFileName(), null);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("engine", engine);
        body.put("description", description.orElse(null));
        Map<String, Object> imageRef = new LinkedHashMap<>();
        imageRef.put("id", image.get("imageId"));
        imageRef.put("size", image.get("size"));
        body.put("image", imageRef);
        body.put("outputType", image.get("outputType"));
        body.put("fields", image.get("fields"));
        body.put("clusters", image.get("clusters"));
        body.put("category", image.get("category"));
        body.put("runtimeSize", image.get("runtimeSize"));
        body.put("hidden", false);
        if (exists) {
            body.put("id", existing.get("id"));
            if (description.isEmpty()) {
                body.put("description", existing.get("description"));
            }
        }
        http.postJson(endpoints.models(), body);
        LOG.debug("{}: {} model '{}' (engine {})", http.service(), exists ? "updated" : "added", name, engine);
    }

    /** Releases the HTTP client's threads. Idempotent. */
    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + withoutUserInfo(url) + ", auth " + authType + "]";
    }

    private Map<String, Object> toMap(JsonNode node) {
        return mapper.convertValue(node, RECORD);
    }

    private ModelManagerException unexpected(String call, String expected) {
        return new ModelManagerException(
                http.service(), 200, 0, "Unexpected response to " + call + ": expected " + expected, "", null);
    }

    /** Python's truthiness of a decoded body: the client treats a falsy model as "not found". */
    private static boolean isFalsy(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return true;
        }
        if (node.isContainerNode()) {
            return node.isEmpty();
        }
        if (node.isTextual()) {
            return node.asText().isEmpty();
        }
        if (node.isBoolean()) {
            return !node.asBoolean();
        }
        if (node.isNumber()) {
            return node.asDouble() == 0;
        }
        return false;
    }

    /** A URL as configured, valid or not, without the {@code user:password@} it may carry. */
    static String withoutCredentials(String url) {
        return url.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*:)?//[^/?#]*@", "$1//");
    }

    static URI withoutUserInfo(URI url) {
        if (url.getUserInfo() == null) {
            return url;
        }
        try {
            return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), null, null);
        }
        catch (URISyntaxException e) {
            return URI.create(url.getScheme() + "://" + url.getHost());
        }
    }

    /**
     * Validates a server URL like the Python client does at construction: an absolute {@code http} or {@code https}
     * URL with a host; the trailing {@code /} is stripped.
     */
    static URI validateUrl(String url) {
        requireNonNull(url, "url is null");
        URI uri = null;
        if (!url.isEmpty() && url.chars().noneMatch(Character::isWhitespace)) {
            try {
                uri = new URI(url);
            }
            catch (URISyntaxException e) {
                uri = null;
            }
        }
        if (uri == null || uri.getScheme() == null || uri.getHost() == null
                || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("Invalid url: '" + withoutCredentials(url) + "'");
        }
        String text = uri.toString();
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '/') {
            end--;
        }
        return URI.create(text.substring(0, end));
    }

    /**
     * Builds a client. Not thread-safe.
     *
     * @param <B> the builder's own type
     * @param <C> the client it builds
     */
    public abstract static class Builder<B extends Builder<B, C>, C extends ModelManagerClient> {
        private final URI url;
        private final String token;
        private AuthType authType = AuthType.defaultType();
        private Duration timeout = DEFAULT_TIMEOUT;
        private RetrySettings retries = RetrySettings.DEFAULT;
        private long maxDownloadSize = DEFAULT_MAX_DOWNLOAD_SIZE;
        private Optional<ModelFileDownloader> downloader = Optional.empty();

        Builder(String url, String token) {
            // Credentials in the URL are never used (the token authenticates) and must never be shown.
            this.url = withoutUserInfo(validateUrl(url));
            this.token = requireNonNull(token, "token is null");
            // The JDK would reject such a header quoting its value, which must never show the token.
            if (token.chars().anyMatch(c -> c == '\r' || c == '\n' || (Character.isISOControl(c) && c != '\t'))) {
                throw new IllegalArgumentException("Invalid token: it contains a line break or a control character,"
                        + " which an HTTP header cannot carry");
            }
        }

        /** Sets how the token is sent; default {@link AuthType#STANDALONE}. */
        public B authType(AuthType authType) {
            this.authType = requireNonNull(authType, "authType is null");
            return self();
        }

        /**
         * Sets the timeout of every call: from connecting to the last byte of the answer, retries and the delays
         * between them included; default 30 s. Zero means the default, as in the Python client.
         */
        public B timeout(Duration timeout) {
            requireNonNull(timeout, "timeout is null");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
            }
            this.timeout = timeout.isZero() ? DEFAULT_TIMEOUT : timeout;
            return self();
        }

        /**
         * Sets where model files are stored; default: a {@link FileSystemDownloader} in the current directory, with
         * the {@link #maxDownloadSize} cap.
         */
        public B downloader(ModelFileDownloader downloader) {
            this.downloader = Optional.of(requireNonNull(downloader, "downloader is null"));
            return self();
        }

        /**
         * Sets how calls that are safe to retry (GETs; any call whose connection was refused) are retried; default
         * {@link RetrySettings#DEFAULT}. {@link RetrySettings#none()} attempts every call once, as the Python client.
         */
        public B retries(RetrySettings retries) {
            this.retries = requireNonNull(retries, "retries is null");
            return self();
        }

        /**
         * Sets the largest model file downloaded, in bytes (default {@value #DEFAULT_MAX_DOWNLOAD_SIZE}): an answer
         * carrying a larger file is refused before it is read whole, and nothing is written.
         */
        public B maxDownloadSize(long maxDownloadSize) {
            if (maxDownloadSize < 1) {
                throw new IllegalArgumentException("maxDownloadSize must be positive, got " + maxDownloadSize);
            }
            this.maxDownloadSize = maxDownloadSize;
            return self();
        }

        URI url() {
            return url;
        }

        /** @return the client */
        public abstract C build();

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }
    }
}
