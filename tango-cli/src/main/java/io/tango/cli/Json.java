package io.tango.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tango.api.Blob;
import io.tango.api.FieldSpec;
import io.tango.api.ModelDescriptor;
import io.tango.api.ModelSignature;
import io.tango.api.Tensor;
import io.tango.api.TangoResponse;
import io.tango.api.deploy.Deployment;
import io.tango.api.job.JobInfo;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON the command line reads and prints: TANGO values as plain maps and lists, in a stable key order.
 * Thread-safe.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {}

    /** @return the shared mapper (configured; do not change it) */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * @param value plain maps, lists and scalars (see {@link #plain})
     * @return indented JSON
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(plain(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param value plain maps, lists and scalars (see {@link #plain})
     * @return JSON on one line
     */
    public static String writeCompact(Object value) {
        try {
            return MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(plain(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Converts the values TANGO requests and responses carry to what JSON holds: a {@link Tensor} becomes nested
     * lists, a {@link Blob} its text (JSON or text content) or {@code {content_type, file_name, base64}}.
     *
     * @param value a scalar, list, map, tensor or blob
     * @return the JSON-ready value
     */
    public static Object plain(Object value) {
        if (value instanceof Tensor tensor) {
            return tensor.toNestedList();
        }
        if (value instanceof Blob blob) {
            if (blob.contentType().startsWith("text/") || blob.contentType().contains("json")) {
                return blob.asUtf8();
            }
            Map<String, Object> encoded = new LinkedHashMap<>();
            encoded.put("content_type", blob.contentType());
            blob.fileName().ifPresent(name -> encoded.put("file_name", name));
            encoded.put("base64", Base64.getEncoder().encodeToString(blob.bytes()));
            return encoded;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, element) -> copy.put(String.valueOf(key), plain(element)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(element -> copy.add(plain(element)));
            return copy;
        }
        return value;
    }

    /** @return a response's outputs, the JSON MLflow's scoring protocol answers ({@code {"predictions": …}}) */
    public static Map<String, Object> outputs(TangoResponse response) {
        @SuppressWarnings("unchecked")
        Map<String, Object> outputs = (Map<String, Object>) plain(response.outputs());
        return outputs;
    }

    /** @return a descriptor as JSON */
    public static Map<String, Object> descriptor(ModelDescriptor descriptor) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key", descriptor.key().value());
        json.put("name", descriptor.name());
        json.put("version", descriptor.version().orElse(null));
        json.put("format", descriptor.format());
        json.put("artifact_path", descriptor.artifactPath().map(Object::toString).orElse(null));
        json.put("endpoint", descriptor.endpoint().map(Object::toString).orElse(null));
        json.put("signature", signature(descriptor.signature()));
        json.put("metadata", descriptor.metadata());
        json.put("origin", descriptor.origin());
        return json;
    }

    private static Map<String, Object> signature(ModelSignature signature) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("inputs", signature.inputs().stream().map(Json::field).toList());
        json.put("outputs", signature.outputs().stream().map(Json::field).toList());
        return json;
    }

    private static Map<String, Object> field(FieldSpec field) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", field.name());
        json.put("type", field.type().name());
        json.put("shape", field.shape());
        json.put("required", field.required());
        if (!field.description().isEmpty()) {
            json.put("description", field.description());
        }
        field.defaultValue().ifPresent(value -> json.put("default", value));
        if (!field.choices().isEmpty()) {
            json.put("choices", field.choices());
        }
        return json;
    }

    /** @return a deployment as JSON */
    public static Map<String, Object> deployment(Deployment deployment) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", deployment.name());
        json.put("target", deployment.target());
        json.put("model_uri", deployment.modelUri());
        json.put("flavor", deployment.flavor().orElse(null));
        json.put("state", deployment.state().name());
        json.put("url", deployment.url().map(Object::toString).orElse(null));
        json.put("details", deployment.details());
        return json;
    }

    /** @return a job as JSON */
    public static Map<String, Object> job(JobInfo job) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", job.id());
        json.put("status", job.status().name());
        json.put("progress", job.progress().isPresent() ? job.progress().getAsDouble() : null);
        json.put("submitted", job.submitted().toString());
        json.put("started", job.started().map(Object::toString).orElse(null));
        json.put("completed", job.completed().map(Object::toString).orElse(null));
        json.put("errors", job.errors().stream().map(error -> Map.of("type", error.type(), "message", error.message())).toList());
        json.put("details", job.details());
        return json;
    }
}
