package io.tango.plugin.devo;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.tango.api.ModelDescriptor;
import io.tango.api.ModelKey;
import io.tango.plugin.devo.client.DevoEngine;
import io.tango.plugin.devo.client.DevoModel;

/**
 * Describes a Devo model for TANGO. An ONNX model's descriptor has format {@code onnx} and, once downloaded, its
 * {@code .onnx} file as artifact path, so plugin-local can run it; other engines get {@code devo-<engine>} (e.g.
 * {@code devo-h2o}), which only Devo's query engine evaluates. The signature is left undeclared (the ONNX file
 * declares its own); the server's field list is kept in the metadata.
 */
final class DevoDescriptors {
    private DevoDescriptors() {}

    static ModelDescriptor describe(ModelKey key, DevoModel model, URI server, String origin) {
        ModelDescriptor.Builder builder = ModelDescriptor.builder(key, model.name(), format(model.engine()))
                .origin(origin)
                .metadata("devo.url", server.toString())
                .metadata("devo.name", model.name())
                .metadata("devo.engine", model.engine());
        model.id().ifPresent(id -> builder.metadata("devo.id", id));
        model.description().ifPresent(description -> builder.metadata("devo.description", description));
        model.text("category").ifPresent(category -> builder.metadata("devo.category", category));
        model.text("outputType").ifPresent(type -> builder.metadata("devo.output_type", type));
        fields(model).ifPresent(fields -> builder.metadata("devo.fields", fields));
        model.file().ifPresent(file -> {
            builder.artifactPath(file);
            builder.metadata("devo.file", file.getFileName().toString());
        });
        return builder.build();
    }

    /** @return {@code onnx} for ONNX, else {@code devo-<engine in lower case>} */
    static String format(String engine) {
        if (DevoEngine.fromCode(engine).filter(known -> known == DevoEngine.ONNX).isPresent()) {
            return "onnx";
        }
        String code = engine.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_");
        return code.isEmpty() ? "devo" : "devo-" + code;
    }

    /** {@code fields: [{name, type}, ...]} as {@code name:type,name:type}. */
    private static java.util.Optional<String> fields(DevoModel model) {
        if (!(model.record().get("fields") instanceof List<?> fields) || fields.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(fields.stream()
                .filter(Map.class::isInstance)
                .map(field -> (Map<?, ?>) field)
                .map(field -> field.get("name") + ":" + field.get("type"))
                .collect(Collectors.joining(",")));
    }
}
