package io.tango.plugin.devo.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An ML Model Manager on 127.0.0.1 implementing exactly what the real client uses (the endpoints, headers, status
 * codes and bodies read from {@code devo-mlmodelmanager} 1.6.1's source and tests), strictly, so that a client that
 * sends anything else fails. Both the Python client and the Java client run against it in the fidelity test.
 *
 * <p>Installations (base paths), one server:
 * <ul>
 *   <li>{@value #LATEST} — a server 2.4.0 or later: {@code /models}, {@code /models/<name>?fast=True|False},
 *   {@code /models/images/upload}; the domain is the token's. {@code /domains/...} paths answer 404.</li>
 *   <li>{@value #LEGACY} — a server before 2.4.0: the same under {@code /domains/<domain>/}; {@code /models} answers
 *   404 {@code {"code":404,"msg":"HTTP 404 Not Found"}} as in the Python client's documentation.</li>
 *   <li>{@value #SILENT} — accepts connections and never answers (until the server closes).</li>
 *   <li>{@value #BROKEN} — answers 502 with an HTML body (no JSON error).</li>
 * </ul>
 *
 * <p>Behaviour, from the Python client's tests: an unknown or missing token gets 403
 * {@code {"code":5,"msg":"Token invalid or expired","cid":...}}; a missing model gets 204 with no body; an unknown
 * engine on upload gets 500 {@code {"code":500,"msg":"No enum constant ...EngineType.<ENGINE>","cid":...}}; an upload
 * is {@code multipart/form-data} with field {@code engine} and file part {@code fileName}, answered with the image
 * metadata ({@code valid, errorDetail, imageId, size, outputType, fields, clusters, category, runtimeSize, fileName});
 * an empty file is answered {@code valid:false}. Inferred (not in the client's source): 400 bodies for a malformed
 * {@code fast} or model body, and that a model record carries {@code image: {id, size}} plus the base64 file in
 * {@code image.image} when {@code fast=False}.
 *
 * <p>Ids of models and images count per domain, so two domains fed the same operations hold identical records.
 * Thread-safe.
 */
public final class FakeModelManagerServer implements AutoCloseable {
    public static final String LATEST = "/mlmodelmanager";
    public static final String LEGACY = "/legacy-mlmodelmanager";
    public static final String SILENT = "/silent";
    public static final String BROKEN = "/broken";

    /** The engines the server accepts (the Python client's list). */
    public static final Set<String> ENGINES =
            Set.of("ONNX", "H2O", "BIGML", "CATBOOST", "DT", "IDA", "MLSTATS", "MUA", "UNICODE", "WORKFLOWS");

    private static final Set<String> MODEL_BODY_KEYS = Set.of(
            "name", "engine", "description", "image", "outputType", "fields", "clusters", "category", "runtimeSize",
            "hidden");
    private static final Pattern LEGACY_PATH = Pattern.compile("/domains/([^/]+)(/.*)");
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fake-devo-server");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, Domain> domains = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    private FakeModelManagerServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext(LATEST, exchange -> handle(exchange, "latest"));
        server.createContext(LEGACY, exchange -> handle(exchange, "legacy"));
        server.createContext(SILENT, this::neverAnswer);
        server.createContext(BROKEN, exchange -> {
            record(exchange, "broken", exchange.getRequestURI().getRawPath().substring(BROKEN.length()), new byte[0]);
            send(exchange, 502, "text/html", "<html><body>Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8));
        });
        server.start();
    }

    /** @return a started server on 127.0.0.1 and a free port */
    public static FakeModelManagerServer start() {
        try {
            return new FakeModelManagerServer();
        }
        catch (IOException e) {
            throw new IllegalStateException("cannot start the fake ML Model Manager", e);
        }
    }

    /** @return the base URL of the installation at {@code basePath} */
    public URI url(String basePath) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + basePath);
    }

    /** Accepts {@code token}, for servers 2.4.0 and later meaning {@code domain}. */
    public void addToken(String token, String domain) {
        tokens.put(token, domain);
    }

    /** Empties a domain: no models, ids start again from 1. */
    public void resetDomain(String domain) {
        domains.put(domain, new Domain());
    }

    /**
     * Stores a model directly, as another client would have added it.
     *
     * @param domain the domain
     * @param lookupName the name it is found by ({@code /models/<lookupName>})
     * @param name the name its record says (a server under test may send a hostile one)
     * @param engine its engine
     * @param description its description, may be null
     * @param file its file
     */
    public void putModel(String domain, String lookupName, String name, String engine, String description, byte[] file) {
        Domain store = domain(domain);
        synchronized (store) {
            int imageId = store.nextImageId++;
            store.images.put(imageId, file.clone());
            ObjectNode record = mapper.createObjectNode();
            record.put("id", store.nextModelId++);
            record.put("name", name);
            record.put("engine", engine);
            record.put("description", description);
            record.put("category", "Regression");
            record.put("outputType", "float4");
            record.set("fields", fields());
            record.set("clusters", mapper.createArrayNode());
            record.put("runtimeSize", file.length * 2);
            record.put("hidden", false);
            ObjectNode image = record.putObject("image");
            image.put("id", imageId);
            image.put("size", file.length);
            store.models.put(lookupName, record);
        }
    }

    /** @return the names of the models of a domain, sorted */
    public List<String> modelNames(String domain) {
        Domain store = domain(domain);
        synchronized (store) {
            return store.models.keySet().stream().sorted().toList();
        }
    }

    /** @return the stored record of a model (with {@code image: {id, size}}), if any */
    public Optional<JsonNode> model(String domain, String name) {
        Domain store = domain(domain);
        synchronized (store) {
            return Optional.ofNullable(store.models.get(name)).map(JsonNode::deepCopy);
        }
    }

    /** @return the stored file of a model, if any */
    public Optional<byte[]> modelFile(String domain, String name) {
        Domain store = domain(domain);
        synchronized (store) {
            return Optional.ofNullable(store.models.get(name))
                    .map(record -> store.images.get(record.path("image").path("id").asInt()))
                    .map(byte[]::clone);
        }
    }

    /** @return every request received so far, in order */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Forgets the requests received so far. */
    public void clearRequests() {
        requests.clear();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private Domain domain(String name) {
        return domains.computeIfAbsent(name, ignored -> new Domain());
    }

    private void neverAnswer(HttpExchange exchange) throws IOException {
        record(exchange, "silent", exchange.getRequestURI().getRawPath().substring(SILENT.length()),
                exchange.getRequestBody().readAllBytes());
        try {
            closing.await(5, TimeUnit.MINUTES);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exchange.close();
    }

    private void handle(HttpExchange exchange, String installation) throws IOException {
        try {
            String base = installation.equals("latest") ? LATEST : LEGACY;
            String path = exchange.getRequestURI().getRawPath().substring(base.length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            RecordedRequest request = record(exchange, installation, path, body);
            Optional<String> token = request.token();
            if (token.isEmpty() || !tokens.containsKey(token.get())) {
                sendError(exchange, 403, 5, "Token invalid or expired");
                return;
            }
            String domain;
            String route;
            if (installation.equals("latest")) {
                domain = tokens.get(token.get());
                route = path;
            }
            else {
                Matcher legacy = LEGACY_PATH.matcher(path);
                if (!legacy.matches()) {
                    sendError(exchange, 404, 404, "HTTP 404 Not Found");
                    return;
                }
                domain = legacy.group(1);
                route = legacy.group(2);
            }
            route(exchange, request, domain(domain), route);
        }
        catch (RuntimeException e) {
            sendError(exchange, 500, 500, "fake server failure: " + e);
        }
    }

    private void route(HttpExchange exchange, RecordedRequest request, Domain domain, String route) throws IOException {
        String method = request.method();
        if (route.equals("/models")) {
            if (method.equals("GET")) {
                listModels(exchange, domain);
            }
            else if (method.equals("POST")) {
                saveModel(exchange, request, domain);
            }
            else {
                sendError(exchange, 405, 405, "HTTP 405 Method Not Allowed");
            }
        }
        else if (route.equals("/models/images/upload") && method.equals("POST")) {
            upload(exchange, request, domain);
        }
        else if (route.startsWith("/models/") && route.length() > "/models/".length() && method.equals("GET")) {
            getModel(exchange, request, domain, decode(route.substring("/models/".length())));
        }
        else {
            sendError(exchange, 404, 404, "HTTP 404 Not Found");
        }
    }

    private void listModels(HttpExchange exchange, Domain domain) throws IOException {
        ArrayNode list = mapper.createArrayNode();
        synchronized (domain) {
            domain.models.values().forEach(record -> list.add(record.deepCopy()));
        }
        sendJson(exchange, 200, list);
    }

    private void getModel(HttpExchange exchange, RecordedRequest request, Domain domain, String name)
            throws IOException {
        String fast = request.rawQuery().orElse("");
        if (!fast.equals("fast=True") && !fast.equals("fast=False")) {
            sendError(exchange, 400, 400, "Query parameter 'fast' must be True or False, got '" + fast + "'");
            return;
        }
        ObjectNode record;
        byte[] file;
        synchronized (domain) {
            ObjectNode stored = domain.models.get(name);
            record = stored == null ? null : stored.deepCopy();
            file = stored == null ? null : domain.images.get(stored.path("image").path("id").asInt());
        }
        if (record == null) {
            send(exchange, 204, null, new byte[0]);
            return;
        }
        if (fast.equals("fast=False")) {
            ((ObjectNode) record.get("image")).put("image", Base64.getEncoder().encodeToString(file));
        }
        sendJson(exchange, 200, record);
    }

    private void upload(HttpExchange exchange, RecordedRequest request, Domain domain) throws IOException {
        Map<String, MultipartPart> parts = new LinkedHashMap<>();
        request.parts().forEach(part -> parts.put(part.name(), part));
        MultipartPart engine = parts.get("engine");
        MultipartPart file = parts.get("fileName");
        if (engine == null || file == null || file.fileName().isEmpty() || parts.size() != 2) {
            sendError(exchange, 400, 400, "Expected multipart fields 'engine' and file 'fileName', got "
                    + parts.keySet());
            return;
        }
        String engineCode = new String(engine.content(), StandardCharsets.UTF_8);
        if (!ENGINES.contains(engineCode)) {
            sendError(exchange, 500, 500, "No enum constant com.devo.mlx.malevolo.common.enums.EngineType."
                    + engineCode);
            return;
        }
        byte[] content = file.content();
        ObjectNode metadata = mapper.createObjectNode();
        if (content.length == 0) {
            metadata.put("valid", false);
            metadata.put("errorDetail", "Invalid image: the file is empty");
            sendJson(exchange, 200, metadata);
            return;
        }
        int imageId;
        synchronized (domain) {
            imageId = domain.nextImageId++;
            domain.images.put(imageId, content);
        }
        metadata.put("valid", true);
        metadata.putNull("errorDetail");
        metadata.put("outputType", "float4");
        metadata.put("category", "Regression");
        metadata.put("imageId", imageId);
        metadata.set("fields", fields());
        metadata.set("clusters", mapper.createArrayNode());
        metadata.put("fileName", file.fileName().get());
        metadata.put("size", content.length);
        metadata.put("runtimeSize", content.length * 2);
        sendJson(exchange, 200, metadata);
    }

    private void saveModel(HttpExchange exchange, RecordedRequest request, Domain domain) throws IOException {
        Optional<JsonNode> json = request.json();
        if (json.isEmpty() || !json.get().isObject()) {
            sendError(exchange, 400, 400, "Expected a JSON model");
            return;
        }
        ObjectNode body = (ObjectNode) json.get();
        List<String> keys = new ArrayList<>();
        body.fieldNames().forEachRemaining(keys::add);
        List<String> expected = new ArrayList<>(MODEL_BODY_KEYS);
        if (body.has("id")) {
            expected.add("id");
        }
        if (!Set.copyOf(keys).equals(Set.copyOf(expected)) || keys.size() != expected.size()) {
            sendError(exchange, 400, 400, "Unexpected model fields " + keys);
            return;
        }
        String name = body.path("name").asText("");
        String engine = body.path("engine").asText("");
        JsonNode image = body.path("image");
        if (name.isEmpty() || !ENGINES.contains(engine) || !body.path("hidden").isBoolean()) {
            sendError(exchange, 400, 400, "Invalid model");
            return;
        }
        synchronized (domain) {
            int imageId = image.path("id").asInt(-1);
            if (!domain.images.containsKey(imageId)) {
                sendError(exchange, 400, 400, "Unknown image " + image.path("id"));
                return;
            }
            ObjectNode existing = domain.models.get(name);
            if (body.has("id") && (existing == null || !existing.get("id").equals(body.get("id")))) {
                sendError(exchange, 400, 400, "No model '" + name + "' with id " + body.get("id"));
                return;
            }
            if (!body.has("id") && existing != null) {
                sendError(exchange, 400, 400, "Model '" + name + "' already exists");
                return;
            }
            ObjectNode record = mapper.createObjectNode();
            record.set("id", existing == null ? mapper.getNodeFactory().numberNode(domain.nextModelId++)
                    : existing.get("id"));
            record.put("name", name);
            record.put("engine", engine);
            record.set("description", body.get("description"));
            record.set("category", body.get("category"));
            record.set("outputType", body.get("outputType"));
            record.set("fields", body.get("fields"));
            record.set("clusters", body.get("clusters"));
            record.set("runtimeSize", body.get("runtimeSize"));
            record.set("hidden", body.get("hidden"));
            ObjectNode storedImage = record.putObject("image");
            storedImage.put("id", imageId);
            storedImage.set("size", image.get("size"));
            domain.models.put(name, record);
            sendJson(exchange, 200, record);
        }
    }

    private ArrayNode fields() {
        ArrayNode fields = mapper.createArrayNode();
        ObjectNode field = fields.addObject();
        field.putNull("id");
        field.put("name", "input");
        field.put("description", "");
        field.put("type", "float4");
        return fields;
    }

    private RecordedRequest record(HttpExchange exchange, String installation, String path, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        Optional<JsonNode> json = Optional.empty();
        List<MultipartPart> parts = List.of();
        if (contentType != null && contentType.startsWith("application/json")) {
            try {
                json = Optional.ofNullable(mapper.readTree(body));
            }
            catch (IOException e) {
                json = Optional.empty();
            }
        }
        else if (contentType != null && contentType.startsWith("multipart/form-data")) {
            Matcher boundary = BOUNDARY.matcher(contentType);
            parts = boundary.find() ? parseMultipart(body, boundary.group(1)) : List.of();
        }
        RecordedRequest request = new RecordedRequest(installation, exchange.getRequestMethod(), path,
                Optional.ofNullable(exchange.getRequestURI().getRawQuery()), headers, json, parts);
        requests.add(request);
        return request;
    }

    /** A strict multipart/form-data parser: CRLF line ends, a closing delimiter, Content-Disposition on each part. */
    static List<MultipartPart> parseMultipart(byte[] body, String boundary) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        List<MultipartPart> parts = new ArrayList<>();
        int position = text.indexOf(delimiter);
        if (position != 0) {
            return List.of();
        }
        while (true) {
            int afterDelimiter = position + delimiter.length();
            if (text.startsWith("--", afterDelimiter)) {
                return parts;
            }
            if (!text.startsWith("\r\n", afterDelimiter)) {
                return List.of();
            }
            int headersEnd = text.indexOf("\r\n\r\n", afterDelimiter);
            int next = text.indexOf("\r\n" + delimiter, headersEnd);
            if (headersEnd < 0 || next < 0) {
                return List.of();
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line : text.substring(afterDelimiter + 2, headersEnd).split("\r\n")) {
                int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
            }
            String disposition = headers.getOrDefault("content-disposition", "");
            Matcher name = Pattern.compile("; name=\"([^\"]*)\"").matcher(disposition);
            Matcher fileName = Pattern.compile("; filename=\"([^\"]*)\"").matcher(disposition);
            byte[] content = text.substring(headersEnd + 4, next).getBytes(StandardCharsets.ISO_8859_1);
            parts.add(new MultipartPart(headers, name.find() ? name.group(1) : "",
                    fileName.find() ? Optional.of(fileName.group(1)) : Optional.empty(), content));
            position = next + 2;
        }
    }

    private static String decode(String rawSegment) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < rawSegment.length(); i++) {
            char c = rawSegment.charAt(i);
            if (c == '%' && i + 2 < rawSegment.length()) {
                bytes.write(Integer.parseInt(rawSegment.substring(i + 1, i + 3), 16));
                i += 2;
            }
            else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private void sendError(HttpExchange exchange, int status, int code, String message) throws IOException {
        ObjectNode error = mapper.createObjectNode();
        error.put("code", code);
        error.put("msg", message);
        error.put("cid", UUID.randomUUID().toString().substring(0, 8));
        sendJson(exchange, status, error);
    }

    private void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, status, "application/json", mapper.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        exchange.close();
    }

    /** One domain's models (by name) and uploaded images (by id). Guarded by its own monitor. */
    private static final class Domain {
        final Map<String, ObjectNode> models = new LinkedHashMap<>();
        final Map<Integer, byte[]> images = new LinkedHashMap<>();
        int nextModelId = 1;
        int nextImageId = 1;
    }
}
