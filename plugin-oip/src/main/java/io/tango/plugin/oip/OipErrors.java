package io.tango.plugin.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tango.api.TangoException;
import io.tango.toolkit.http.RemoteErrorReader;
import io.tango.toolkit.oip.OipStatus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How OIP servers' error answers become TANGO's typed errors, one table for REST and gRPC (see {@link OipClient}).
 * The messages servers send are matched only where the status alone is ambiguous: a 400 / INVALID_ARGUMENT saying
 * "unknown model" or "not found" is a missing model, one saying "not ready" a model not ready (MLServer), and
 * MLServer's gRPC UNKNOWN wrapping its ModelNotFound is a missing model. 401 and 403 (PyTriton restricts its
 * repository API) are errors of the server's setup, not of the request. Stateless.
 */
final class OipErrors {
    /** Reads {@code {"error": "…"}} (OIP) and {@code {"detail": …}} (FastAPI's 422 in KServe and MLServer). */
    static final RemoteErrorReader READER = OipErrors::read;

    private static final Pattern UNKNOWN_MODEL = Pattern.compile(
            "unknown model|not found|does not exist|no such model|unknown version|versioning not supported",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NOT_READY = Pattern.compile("not ready|unavailable|is loading", Pattern.CASE_INSENSITIVE);

    private static final int GRPC_UNKNOWN = 2;

    private OipErrors() {}

    private static Optional<RemoteErrorReader.RemoteError> read(byte[] body, ObjectMapper json) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        JsonNode error = node.get("error");
        if (error != null && error.isTextual()) {
            return Optional.of(new RemoteErrorReader.RemoteError(null, error.textValue()));
        }
        JsonNode detail = node.get("detail");
        if (detail != null) {
            return Optional.of(new RemoteErrorReader.RemoteError(null, detail(detail)));
        }
        return Optional.empty();
    }

    /** Flattens FastAPI's {@code detail}: a text, or a list of {@code {"loc": [...], "msg": "..."}}. */
    private static String detail(JsonNode detail) {
        if (detail.isTextual()) {
            return detail.textValue();
        }
        if (!detail.isArray()) {
            return detail.toString();
        }
        List<String> problems = new ArrayList<>();
        for (JsonNode problem : detail) {
            JsonNode loc = problem.path("loc");
            List<String> where = new ArrayList<>();
            loc.forEach(part -> where.add(part.asText()));
            String msg = problem.path("msg").isTextual() ? problem.get("msg").textValue() : problem.toString();
            problems.add(where.isEmpty() ? msg : String.join(".", where) + ": " + msg);
        }
        return String.join("; ", problems);
    }

    /**
     * @param status an HTTP status that is not 2xx
     * @param message the server's message, empty when it sent none
     * @param versioned whether the call named a version
     * @return what the answer means: the servers' deviations recognised first, then the shared {@link OipStatus} table
     */
    static OipStatus ofHttp(int status, String message, boolean versioned) {
        if (status == 400 || status == 422) {
            return deviation(OipStatus.INVALID_REQUEST, message);
        }
        if (status == 501 && versioned) {
            return OipStatus.NOT_FOUND; // KServe: "Model versioning not supported yet."
        }
        if (status == 401 || status == 403) {
            return OipStatus.INTERNAL; // not the request's content: e.g. PyTriton's restricted repository API
        }
        return OipStatus.ofHttpStatus(status);
    }

    /**
     * @param code the number of a gRPC status code other than OK
     * @param message the server's description, empty when it sent none
     * @param versioned whether the call named a version
     * @return what the answer means, as {@link #ofHttp}
     */
    static OipStatus ofGrpc(int code, String message, boolean versioned) {
        OipStatus kind = OipStatus.ofGrpcCode(code);
        if (kind == OipStatus.INVALID_REQUEST) {
            return deviation(kind, message);
        }
        if (code == GRPC_UNKNOWN && UNKNOWN_MODEL.matcher(message).find()) {
            return OipStatus.NOT_FOUND; // MLServer's ModelReady: "Unexpected <class 'mlserver.errors.ModelNotFound'>"
        }
        return kind == OipStatus.UNSUPPORTED && versioned ? OipStatus.NOT_FOUND : kind;
    }

    /** Triton says "unknown model" and MLServer "not ready" with a 400 / INVALID_ARGUMENT. */
    private static OipStatus deviation(OipStatus kind, String message) {
        if (UNKNOWN_MODEL.matcher(message).find()) {
            return OipStatus.NOT_FOUND;
        }
        return NOT_READY.matcher(message).find() ? OipStatus.UNAVAILABLE : kind;
    }

    /**
     * @param kind what the answer means
     * @param service how messages name the server
     * @param status the HTTP status, or null over gRPC
     * @param code the gRPC status code's name, or null over REST
     * @param call the call, e.g. {@code POST /v2/models/m/infer} or {@code ModelInfer}
     * @param subject what it was about, e.g. {@code model 'm' version '2'}
     * @param message the server's message, masked and cut; empty when it sent none
     * @param cause the transport's view of the failure, or null
     * @return the typed error to throw, per {@link OipStatus#toException}
     */
    static TangoException toException(OipStatus kind, String service, Integer status, String code, String call,
            String subject, String message, Throwable cause) {
        String said = message.isEmpty() ? "no message" : message;
        String answered = (status != null ? "HTTP " + status : code) + " to " + call;
        String text = switch (kind) {
            case NOT_FOUND -> "no " + subject + " (" + answered + ": " + said + ")";
            case INVALID_REQUEST -> "refused the request for " + subject + " (" + answered + "): " + said;
            case UNSUPPORTED -> "cannot serve " + subject + " (" + answered + "): " + said;
            case UNAVAILABLE, TIMEOUT -> subject + " is not available now, try again later: " + said + " (" + call + ")";
            case INTERNAL -> said + " (" + call + ", " + subject + ")";
        };
        return kind.toException(service, status, code, text, cause);
    }

    /**
     * @param model a model's name
     * @param version its version, if one was named
     * @return how messages name it: {@code model 'm'} or {@code model 'm' version '2'}
     */
    static String subject(String model, Optional<String> version) {
        return "model '" + model + "'" + version.map(v -> " version '" + v + "'").orElse("");
    }
}
