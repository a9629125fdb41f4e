package io.tango.plugin.oip;

import com.fasterxml.jackson.core.type.TypeReference;
import io.tango.api.Blob;
import io.tango.api.InvalidRequestException;
import io.tango.api.RemoteServiceException;
import io.tango.api.UnsupportedTangoOperationException;
import io.tango.toolkit.http.HttpAuth;
import io.tango.toolkit.http.HttpSettings;
import io.tango.toolkit.http.HttpTransport;
import io.tango.toolkit.oip.OipBinaryExtension;
import io.tango.toolkit.oip.OipInferenceRequest;
import io.tango.toolkit.oip.OipInferenceResponse;
import io.tango.toolkit.oip.OipJson;
import io.tango.toolkit.oip.OipModelMetadata;
import io.tango.toolkit.oip.OipRequestedOutput;
import io.tango.toolkit.oip.OipServerMetadata;
import io.tango.toolkit.oip.OipStatus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * {@link OipClient} over OIP's REST API, on the toolkit's {@link HttpTransport}: one deadline per call, GETs retried
 * on connection errors and 429/5xx, answers capped at {@code max_response_size}.
 *
 * <p>Inference requests go as JSON, or with the binary tensor data extension in both directions (every input binary,
 * {@code binary_data_output: true}) when the {@link OipBinaryMode} says so; FP16 and BF16 inputs always go binary,
 * and then the outputs are asked for as binary data too (a server cannot answer an FP16 output in JSON).
 * An answer carrying {@value OipBinaryExtension#HEADER} is read as binary, any other as JSON, whatever its
 * {@code Content-Type} says (servers add parameters such as {@code charset}). Readiness answers are read from the
 * status alone (some servers send an empty body, some {@code {"ready": true}}). Thread-safe.
 */
public final class OipRestClient implements OipClient {
    private static final String BINARY_DATA_OUTPUT = "binary_data_output";
    private static final String BINARY_DATA = "binary_data";
    /** The content-type parameter that carries the binary extension's header length in a {@link Blob}. */
    static final String HEADER_PARAMETER = OipBinaryExtension.HEADER.toLowerCase(Locale.ROOT);

    private final HttpTransport http;
    private final OipBinaryMode binaryMode;
    private volatile Boolean advertisesBinary;

    /**
     * @param server the server's base URL, normalized (the part before {@code /v2})
     * @param settings timeouts, retries and the answer size cap
     * @param auth how every request to this server authenticates (masked in anything the server sends back)
     * @param binaryMode when to use the binary tensor data extension
     * @param threadPrefix the name prefix of the transport's threads
     */
    public OipRestClient(URI server, HttpSettings settings, HttpAuth auth, OipBinaryMode binaryMode,
            String threadPrefix) {
        requireNonNull(server, "server is null");
        this.binaryMode = requireNonNull(binaryMode, "binaryMode is null");
        this.http = new HttpTransport(OipServerAddress.describe(server), server, requireNonNull(auth, "auth is null"),
                requireNonNull(settings, "settings is null"), OipErrors.READER, requireNonNull(threadPrefix, "threadPrefix is null"));
    }

    @Override
    public URI server() {
        return http.baseUri();
    }

    @Override
    public String service() {
        return http.serviceName();
    }

    @Override
    public boolean serverLive() {
        return status("/v2/health/live") / 100 == 2;
    }

    @Override
    public boolean serverReady() {
        return status("/v2/health/ready") / 100 == 2;
    }

    @Override
    public OipServerMetadata serverMetadata() {
        HttpResponse<byte[]> response = get("/v2", "the server", true);
        return decode("GET /v2", response, () -> OipJson.readServerMetadata(response.body()));
    }

    @Override
    public OipModelDocument modelMetadata(String model, Optional<String> version) {
        String path = modelPath(model, version);
        HttpResponse<byte[]> response = get(path, OipErrors.subject(model, version), version.isPresent());
        OipModelMetadata metadata = decode("GET " + path, response, () -> OipJson.readModelMetadata(response.body()));
        Map<String, Object> document;
        try {
            document = http.json().readValue(response.body(), new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
            throw notOip("GET " + path, response, e.getMessage(), e);
        }
        return new OipModelDocument(metadata, document);
    }

    @Override
    public boolean modelReady(String model, Optional<String> version) {
        String path = modelPath(model, version) + "/ready";
        HttpRequest request = http.newRequest(http.uri(path, Map.of()), timeout()).GET().build();
        HttpResponse<byte[]> response = http.exchange(request, false, timeout());
        int status = response.statusCode();
        if (status / 100 == 2) {
            return true;
        }
        OipStatus kind = OipErrors.ofHttp(status, message(response), version.isPresent());
        if (kind == OipStatus.INVALID_REQUEST || kind == OipStatus.UNAVAILABLE) {
            return false; // Triton and MLServer say "not ready" with 400, KServe with 503
        }
        throw fail(request, response, OipErrors.subject(model, version), version.isPresent());
    }

    @Override
    public OipInferenceResponse infer(String model, Optional<String> version, OipInferenceRequest request) {
        requireNonNull(request, "request is null");
        boolean binary = switch (binaryMode) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> advertisesBinary();
        };
        // FP16 and BF16 inputs go binary whatever the mode; their outputs then need binary too (KServe refuses FP16
        // output as JSON).
        boolean binaryOutputs = binary || request.inputs().stream().anyMatch(input -> !input.datatype().isJsonAllowed());
        OipInferenceRequest sent = binaryOutputs ? askBinaryOutputs(request) : request;
        OipBinaryExtension.Body body = OipBinaryExtension.writeRequest(sent, input -> binary);
        String path = modelPath(model, version) + "/infer";
        HttpRequest.Builder builder = http.newRequest(http.uri(path, Map.of()), timeout())
                .header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()));
        if (body.hasBinaryData()) {
            builder.header(OipBinaryExtension.HEADER, Integer.toString(body.headerLength()));
        }
        HttpRequest httpRequest = builder.build();
        HttpResponse<byte[]> response = http.exchange(httpRequest, false, timeout());
        if (response.statusCode() / 100 != 2) {
            throw fail(httpRequest, response, OipErrors.subject(model, version), version.isPresent());
        }
        String call = HttpTransport.call(httpRequest);
        Optional<String> headerLength = response.headers().firstValue(OipBinaryExtension.HEADER);
        if (headerLength.isEmpty()) {
            return decode(call, response, () -> OipJson.readResponse(response.body()));
        }
        long length;
        try {
            length = Long.parseLong(headerLength.get().trim());
        } catch (NumberFormatException e) {
            throw notOip(call, response, OipBinaryExtension.HEADER + " is '" + http.redact(headerLength.get())
                    + "', not a length", e);
        }
        return decode(call, response, () -> OipBinaryExtension.readResponse(response.body(), length));
    }

    /**
     * Sends an inference request body as it is, as a model-server proxy does: a JSON body, or a binary-extension body
     * whose content type carries the header length as a parameter ({@code application/octet-stream;
     * inference-header-content-length=<n>}); the answer comes back the same way.
     *
     * @param model the model's name
     * @param version the version; empty for the server's choice
     * @param payload the body and its content type
     * @return the server's answer and its content type
     * @throws RemoteServiceException if the server answered other than 2xx (retriable for 429 and 5xx but 501), or
     *     could not be reached
     */
    Blob forward(String model, Optional<String> version, Blob payload) {
        requireNonNull(payload, "payload is null");
        String path = modelPath(model, version) + "/infer";
        String[] contentType = payload.contentType().split(";");
        String headerLength = null;
        StringBuilder type = new StringBuilder(contentType[0].strip());
        for (int i = 1; i < contentType.length; i++) {
            String parameter = contentType[i].strip();
            if (parameter.toLowerCase(Locale.ROOT).startsWith(HEADER_PARAMETER + "=")) {
                headerLength = parameter.substring(HEADER_PARAMETER.length() + 1).strip();
            } else if (!parameter.isEmpty()) {
                type.append("; ").append(parameter);
            }
        }
        HttpRequest.Builder builder = http.newRequest(http.uri(path, Map.of()), timeout())
                .header("Content-Type", type.toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload.bytes()));
        if (headerLength != null) {
            builder.header(OipBinaryExtension.HEADER, headerLength);
        }
        HttpRequest request = builder.build();
        HttpResponse<byte[]> response = http.exchange(request, false, timeout());
        if (response.statusCode() / 100 != 2) {
            throw http.error(HttpTransport.call(request), response.statusCode(), response.body());
        }
        String answerType = response.headers().firstValue("Content-Type").orElse(OipBinaryExtension.JSON_CONTENT_TYPE);
        Optional<String> answerLength = response.headers().firstValue(OipBinaryExtension.HEADER);
        return Blob.of(answerLength.map(length -> answerType + "; " + HEADER_PARAMETER + "=" + length).orElse(answerType),
                response.body());
    }

    /** Asks for every output as binary data: on the request, and on each requested output. */
    private static OipInferenceRequest askBinaryOutputs(OipInferenceRequest request) {
        Map<String, Object> parameters = new LinkedHashMap<>(request.parameters());
        parameters.put(BINARY_DATA_OUTPUT, true);
        List<OipRequestedOutput> outputs = new ArrayList<>();
        for (OipRequestedOutput output : request.outputs()) {
            Map<String, Object> outputParameters = new LinkedHashMap<>(output.parameters());
            outputParameters.putIfAbsent(BINARY_DATA, true);
            outputs.add(new OipRequestedOutput(output.name(), outputParameters));
        }
        return new OipInferenceRequest(request.id(), parameters, request.inputs(), outputs);
    }

    private boolean advertisesBinary() {
        Boolean known = advertisesBinary;
        if (known == null) {
            known = serverMetadata().advertisesBinaryData();
            advertisesBinary = known;
        }
        return known;
    }

    @Override
    public List<Map<String, Object>> repositoryIndex() {
        String path = "/v2/repository/index";
        HttpRequest request = http.newRequest(http.uri(path, Map.of()), timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        HttpResponse<byte[]> response = http.exchange(request, true, timeout());
        int status = response.statusCode();
        if (status == 404 || status == 405 || status == 501) {
            throw new UnsupportedTangoOperationException(service() + " has no repository index (HTTP " + status
                    + " to " + HttpTransport.call(request) + ")");
        }
        if (status / 100 != 2) {
            throw fail(request, response, "the repository", false);
        }
        try {
            List<Map<String, Object>> index = http.json().readValue(response.body(),
                    new TypeReference<List<Map<String, Object>>>() {});
            return index == null ? List.of() : List.copyOf(index);
        } catch (IOException e) {
            throw notOip(HttpTransport.call(request), response, "not a JSON array of models", e);
        }
    }

    @Override
    public void load(String model) {
        repository(model, "load");
    }

    @Override
    public void unload(String model) {
        repository(model, "unload");
    }

    private void repository(String model, String action) {
        String path = "/v2/repository/models/" + HttpTransport.encode(requireNonNull(model, "model is null")) + "/" + action;
        HttpRequest request = http.newRequest(http.uri(path, Map.of()), timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        HttpResponse<byte[]> response = http.exchange(request, false, timeout());
        int status = response.statusCode();
        if (status == 405 || status == 501) {
            throw new UnsupportedTangoOperationException(service() + " cannot " + action + " models (HTTP " + status
                    + " to " + HttpTransport.call(request) + ")");
        }
        if (status / 100 != 2) {
            throw fail(request, response, OipErrors.subject(model, Optional.empty()), false);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "OipRestClient[" + http.baseUri() + ", binary " + binaryMode.optionValue() + "]";
    }

    // ---- plumbing -------------------------------------------------------------------------------------------------

    private Duration timeout() {
        return http.settings().requestTimeout();
    }

    private static String modelPath(String model, Optional<String> version) {
        requireNonNull(model, "model is null");
        requireNonNull(version, "version is null");
        return "/v2/models/" + HttpTransport.encode(model) + version.map(v -> "/versions/" + HttpTransport.encode(v)).orElse("");
    }

    private int status(String path) {
        HttpRequest request = http.newRequest(http.uri(path, Map.of()), timeout()).GET().build();
        return http.exchange(request, false, timeout()).statusCode();
    }

    private HttpResponse<byte[]> get(String path, String subject, boolean versioned) {
        HttpRequest request = http.newRequest(http.uri(path, Map.of()), timeout()).GET().build();
        HttpResponse<byte[]> response = http.exchange(request, true, timeout());
        if (response.statusCode() / 100 != 2) {
            throw fail(request, response, subject, versioned);
        }
        return response;
    }

    private RuntimeException fail(HttpRequest request, HttpResponse<byte[]> response, String subject, boolean versioned) {
        String message = message(response);
        OipStatus kind = OipErrors.ofHttp(response.statusCode(), message, versioned);
        return OipErrors.toException(kind, service(), response.statusCode(), null, HttpTransport.call(request), subject,
                message, null);
    }

    /** @return the server's message: its {@code error} or {@code detail}, else its body as text; masked and cut */
    private String message(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        Optional<String> said;
        try {
            said = OipErrors.READER.read(body, http.json()).map(error -> error.message());
        } catch (RuntimeException e) {
            said = Optional.empty();
        }
        String text = said.orElseGet(() -> new String(body, StandardCharsets.UTF_8)).strip();
        return http.redact(text.length() > HttpTransport.MAX_ERROR_TEXT
                ? text.substring(0, HttpTransport.MAX_ERROR_TEXT) + "…" : text);
    }

    private <T> T decode(String call, HttpResponse<byte[]> response, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (InvalidRequestException e) {
            // The codec says what was wrong with the document; here it is the server's answer that is wrong.
            throw notOip(call, response, e.getMessage(), e);
        }
    }

    private RemoteServiceException notOip(String call, HttpResponse<byte[]> response, String problem, Throwable cause) {
        return new RemoteServiceException(service(), response.statusCode(), null, false, "the answer to " + call
                + " is not valid OIP: " + http.redact(problem), cause);
    }

}
