package io.tango.api;

import java.net.URI;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * What a finder or registry knows about a model, and all an initializer needs to make it runnable.
 *
 * <p>This is the only thing two plugins share: an MLflow finder that downloaded an ONNX model describes it with
 * format {@code onnx} and its local artifact folder, and plugin-local's initializer runs it without knowing MLflow.
 *
 * @param key the key the model was found by
 * @param name the model's name
 * @param version the model's version, when it has one
 * @param format what kind of artifact or service this is, as a lower-case identifier initializers match on:
 *     {@code onnx}, {@code mlflow-scoring-server}, {@code deepaas}, …
 * @param artifactPath the local file or folder holding the artifact, when there is one
 * @param endpoint the remote server that serves the model, when there is one
 * @param signature the declared inputs and outputs ({@link ModelSignature#UNKNOWN} when none are declared)
 * @param metadata everything else worth knowing, flat (e.g. {@code mlflow.run_id}, {@code onnx.file}), in order
 * @param origin who produced this descriptor, e.g. {@code finder mlflow} (an instance name, never a credential)
 */
public record ModelDescriptor(
        ModelKey key,
        String name,
        Optional<String> version,
        String format,
        Optional<Path> artifactPath,
        Optional<URI> endpoint,
        ModelSignature signature,
        Map<String, String> metadata,
        String origin) {

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9._-]*");

    public ModelDescriptor {
        requireNonNull(key, "key is null");
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        requireNonNull(format, "format is null");
        if (!FORMAT.matcher(format).matches()) {
            throw new IllegalArgumentException("format '" + format + "' must be a lower-case identifier, e.g. 'onnx'");
        }
        requireNonNull(artifactPath, "artifactPath is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(signature, "signature is null");
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(metadata, "metadata is null")));
        requireNonNull(origin, "origin is null");
    }

    /**
     * @param key the key the model is found by
     * @param name the model's name
     * @param format the artifact or service format, e.g. {@code onnx}
     * @return a builder with those fields set
     */
    public static Builder builder(ModelKey key, String name, String format) {
        return new Builder(key, name, format);
    }

    /** @return a builder holding this descriptor's fields, to derive a changed copy */
    public Builder toBuilder() {
        Builder builder = new Builder(key, name, format);
        builder.version = version.orElse(null);
        builder.artifactPath = artifactPath.orElse(null);
        builder.endpoint = endpoint.orElse(null);
        builder.signature = signature;
        builder.metadata.putAll(metadata);
        builder.origin = origin;
        return builder;
    }

    /** Builds a {@link ModelDescriptor}; not thread-safe. */
    public static final class Builder {
        private ModelKey key;
        private final String name;
        private final String format;
        private String version;
        private Path artifactPath;
        private URI endpoint;
        private ModelSignature signature = ModelSignature.UNKNOWN;
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private String origin = "";

        private Builder(ModelKey key, String name, String format) {
            this.key = requireNonNull(key, "key is null");
            this.name = requireNonNull(name, "name is null");
            this.format = requireNonNull(format, "format is null");
        }

        /** Sets the key. */
        public Builder key(ModelKey key) {
            this.key = requireNonNull(key, "key is null");
            return this;
        }

        /** Sets the version. */
        public Builder version(String version) {
            this.version = requireNonNull(version, "version is null");
            return this;
        }

        /** Sets the local artifact file or folder. */
        public Builder artifactPath(Path artifactPath) {
            this.artifactPath = requireNonNull(artifactPath, "artifactPath is null");
            return this;
        }

        /** Sets the remote endpoint. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = requireNonNull(endpoint, "endpoint is null");
            return this;
        }

        /** Sets the signature. */
        public Builder signature(ModelSignature signature) {
            this.signature = requireNonNull(signature, "signature is null");
            return this;
        }

        /** Adds (or replaces) a metadata entry. */
        public Builder metadata(String key, String value) {
            metadata.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
            return this;
        }

        /** Adds (or replaces) metadata entries. */
        public Builder metadata(Map<String, String> entries) {
            entries.forEach(this::metadata);
            return this;
        }

        /** Sets who produced the descriptor. */
        public Builder origin(String origin) {
            this.origin = requireNonNull(origin, "origin is null");
            return this;
        }

        /** @return the descriptor */
        public ModelDescriptor build() {
            return new ModelDescriptor(
                    key,
                    name,
                    Optional.ofNullable(version),
                    format,
                    Optional.ofNullable(artifactPath),
                    Optional.ofNullable(endpoint),
                    signature,
                    metadata,
                    origin);
        }
    }
}
