package io.tango.plugin.deepaas;

import com.fasterxml.jackson.databind.JsonNode;
import io.tango.api.Blob;
import io.tango.api.InvalidRequestException;
import io.tango.api.ModelDescriptor;
import io.tango.api.RemoteServiceException;
import io.tango.api.TangoModel;
import io.tango.api.TangoRequest;
import io.tango.api.TangoResponse;
import io.tango.api.WorkingSession;
import io.tango.plugin.deepaas.client.ArgumentChecker;
import io.tango.plugin.deepaas.client.DeepaasClient;
import io.tango.plugin.deepaas.client.DeepaasModelApi;
import io.tango.plugin.deepaas.client.Json;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.Objects.requireNonNull;

/**
 * A model served by a DEEPaaS server, run over HTTP.
 *
 * <p>{@link #mapRequest} takes the request's inputs and parameters together as the model's predict arguments (a
 * name given as both is an error) and {@link TangoRequest#accept()} (or an argument {@code accept}) as the
 * {@code Accept} header. Unless client-side checks are off, it checks them against the arguments the server's
 * OpenAPI description declares — unknown names, missing required arguments, types, choices, ranges — and throws
 * {@link InvalidRequestException} naming every offending argument and what it allows, before anything is sent (a
 * server that leaves the predict route out of its description, e.g. because the endpoint is disabled, gets the
 * arguments unchecked).
 * {@link Blob} arguments are sent as file parts, everything else as text fields of a {@code multipart/form-data}
 * body.
 *
 * <p>{@link #mapResponse} reads a JSON answer {@code {"status": ..., "predictions": ...}} (a model without a response
 * schema) as the output {@code predictions} with {@code status} in the metadata, any other JSON object (the model's
 * own schema) as one output per property (null properties are left out), other JSON as {@code predictions}; a
 * {@code text/*} answer as the string output {@code predictions}, anything else (e.g. {@code image/png}) as a
 * {@link Blob} output {@code predictions}. The response's content type is the answer's.
 *
 * <p>Thread-safe. {@link #close()} only marks the model closed: the HTTP pool belongs to the component that made it.
 */
public final class DeepaasModel implements TangoModel<DeepaasPredictRequest, Blob> {
    /** Response metadata key of the model's URL key. */
    public static final String MODEL_METADATA = "model";

    /** Response metadata key of DEEPaaS's {@code status} of a wrapped prediction. */
    public static final String STATUS_METADATA = "status";

    private final ModelDescriptor descriptor;
    private final DeepaasClient client;
    private final DeepaasModelApi api;
    private final boolean clientSideValidation;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param descriptor what the model is
     * @param client its server
     * @param api its arguments and response shape, from the server's OpenAPI description
     * @param clientSideValidation whether to check arguments before sending them
     */
    public DeepaasModel(ModelDescriptor descriptor, DeepaasClient client, DeepaasModelApi api, boolean clientSideValidation) {
        this.descriptor = requireNonNull(descriptor, "descriptor is null");
        this.client = requireNonNull(client, "client is null");
        this.api = requireNonNull(api, "api is null");
        this.clientSideValidation = clientSideValidation;
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    /** @return the model's URL key on its server */
    public String model() {
        return api.model();
    }

    /** @return the model's arguments and response shape */
    public DeepaasModelApi api() {
        return api;
    }

    @Override
    public DeepaasPredictRequest mapRequest(TangoRequest request, WorkingSession session) {
        requireNonNull(request, "request is null");
        requireNonNull(session, "session is null");
        checkOpen();
        Map<String, Object> arguments = new LinkedHashMap<>(request.inputs());
        for (Map.Entry<String, Object> parameter : request.parameters().entrySet()) {
            if (arguments.putIfAbsent(parameter.getKey(), parameter.getValue()) != null) {
                throw new InvalidRequestException("Invalid predict request for DEEPaaS model '" + model()
                        + "': argument '" + parameter.getKey() + "' is given both as an input and as a parameter");
            }
        }
        ArgumentChecker.Checked checked = clientSideValidation && api.predictDescribed()
                ? ArgumentChecker.check("predict request for DEEPaaS model '" + model() + "'",
                        api.predictArguments(), arguments, request.accept())
                : ArgumentChecker.passThrough(arguments, request.accept());
        return new DeepaasPredictRequest(checked.body(), checked.accept());
    }

    @Override
    public Blob invoke(DeepaasPredictRequest nativeRequest) {
        requireNonNull(nativeRequest, "nativeRequest is null");
        checkOpen();
        return DeepaasClient.toBlob(client.predict(model(), nativeRequest.body(), nativeRequest.accept()));
    }

    @Override
    public TangoResponse mapResponse(Blob nativeResponse) {
        requireNonNull(nativeResponse, "nativeResponse is null");
        String contentType = nativeResponse.contentType();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put(MODEL_METADATA, model());
        Map<String, Object> outputs = new LinkedHashMap<>();
        String mediaType = contentType.toLowerCase(Locale.ROOT);
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            JsonNode root;
            try {
                root = Json.parse(nativeResponse.bytes());
            } catch (IOException e) {
                throw new RemoteServiceException(client.service(), 200, null, false, "predict with model '" + model()
                        + "' answered " + contentType + " that is not JSON: " + abbreviate(client.forMessage(nativeResponse.asUtf8())),
                        e);
            }
            if (root.isObject() && root.size() == 2 && root.has("status") && root.has("predictions")) {
                putIfNotNull(outputs, TangoResponse.PREDICTIONS, Json.toJava(root.get("predictions")));
                putIfNotNull(metadata, STATUS_METADATA, Json.toJava(root.get("status")));
            } else if (root.isObject()) {
                root.properties().forEach(field -> putIfNotNull(outputs, field.getKey(), Json.toJava(field.getValue())));
            } else {
                putIfNotNull(outputs, TangoResponse.PREDICTIONS, Json.toJava(root));
            }
        } else if (mediaType.startsWith("text/")) {
            outputs.put(TangoResponse.PREDICTIONS, nativeResponse.asUtf8());
        } else {
            outputs.put(TangoResponse.PREDICTIONS, nativeResponse);
        }
        return new TangoResponse(outputs, contentType, metadata);
    }

    /** Marks the model closed. Idempotent. */
    @Override
    public void close() {
        closed.set(true);
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("DEEPaaS model '" + model() + "' at " + client.baseUrl() + " is closed");
        }
    }

    private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    @Override
    public String toString() {
        return "DeepaasModel[" + model() + " at " + client.baseUrl() + "]";
    }
}
